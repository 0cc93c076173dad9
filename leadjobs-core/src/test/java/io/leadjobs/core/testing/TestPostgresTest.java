package io.leadjobs.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void aNamedServerIsAServerUrlWithoutADatabase() {
        assertThat(TestPostgres.external("jdbc:postgresql://127.0.0.1:5432")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/");
        assertThat(TestPostgres.external("jdbc:postgresql://db.example:6543/")).isEqualTo("jdbc:postgresql://db.example:6543/");
        assertThatThrownBy(() -> TestPostgres.external("jdbc:postgresql://127.0.0.1:5432/leadjobs"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("LEADJOBS_TEST_POSTGRES_URL must name a server only, as jdbc:postgresql://host:port/")
                .hasMessageEndingWith("was 'jdbc:postgresql://127.0.0.1:5432/leadjobs'");
        assertThatThrownBy(() -> TestPostgres.external("postgres://127.0.0.1:5432/"))
                .hasMessageContaining("LEADJOBS_TEST_POSTGRES_URL");
    }

    @Test
    void theTestsServerAnswersAsUserPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(TestPostgres.serverUrl() + "postgres", TestPostgres.user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(rs.getBoolean(2)).as("a superuser: the outage tests terminate other sessions").isTrue();
        }
        if (System.getenv(TestPostgres.URL_VARIABLE) == null) {
            assertThat(TestPostgres.embedded()).isTrue();
            assertThat(TestPostgres.serverUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/");
        }
    }
}

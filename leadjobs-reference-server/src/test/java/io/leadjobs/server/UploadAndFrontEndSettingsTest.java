package io.leadjobs.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadAndFrontEndSettingsTest {

    @TempDir
    Path dir;

    private static ServerSettings parse(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        values.put("LEADJOBS_JWT_SECRET", SettingsParserTest.SECRET);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ServerSettings.fromStrings(values);
    }

    @Test
    void defaultsToTenMebibyteUploadsThirtySubmissionsAMinuteAndTheDemoPage() {
        ServerSettings settings = parse();

        assertThat(settings.maxUploadBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(settings.submitRate()).isEqualTo(30);
        assertThat(settings.webRoot()).isEmpty();
        assertThat(settings.vueRoot()).isEmpty();
    }

    @Test
    void readsTheUploadLimitAndTheSubmitRate() {
        ServerSettings settings = parse("LEADJOBS_MAX_UPLOAD_BYTES", "65536", "LEADJOBS_SUBMIT_RATE", "0");

        assertThat(settings.maxUploadBytes()).isEqualTo(65536);
        assertThat(settings.submitRate()).isZero();
        assertThatThrownBy(() -> parse("LEADJOBS_MAX_UPLOAD_BYTES", "12"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_MAX_UPLOAD_BYTES (--max-upload-bytes)");
        assertThatThrownBy(() -> parse("LEADJOBS_SUBMIT_RATE", "-1"))
                .hasMessageContaining("LEADJOBS_SUBMIT_RATE (--submit-rate)");
    }

    @Test
    void readsTheLeadLimitAndHowManyUploadsAreReadAtOnce() {
        assertThat(parse().maxLeads()).isEqualTo(100_000);
        assertThat(parse().maxConcurrentUploads()).isEqualTo(4);

        ServerSettings settings = parse("LEADJOBS_MAX_LEADS", "2500", "LEADJOBS_MAX_CONCURRENT_UPLOADS", "2");

        assertThat(settings.maxLeads()).isEqualTo(2500);
        assertThat(settings.maxConcurrentUploads()).isEqualTo(2);
        assertThatThrownBy(() -> parse("LEADJOBS_MAX_LEADS", "0"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_MAX_LEADS (--max-leads) must be a whole number between 1 and 10000000");
        assertThatThrownBy(() -> parse("LEADJOBS_MAX_CONCURRENT_UPLOADS", "none"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_MAX_CONCURRENT_UPLOADS (--max-concurrent-uploads) must be a whole number");
    }

    @Test
    void readsTheHeapTheUploadsMayTakeTogether() {
        assertThat(parse().maxUploadsHeapBytes()).isEmpty();
        assertThat(parse("LEADJOBS_MAX_UPLOADS_HEAP_BYTES", "67108864").maxUploadsHeapBytes()).hasValue(64L * 1024 * 1024);
        assertThatThrownBy(() -> parse("LEADJOBS_MAX_UPLOADS_HEAP_BYTES", "1000"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_MAX_UPLOADS_HEAP_BYTES (--max-uploads-heap-bytes) must be a whole number "
                        + "between 1048576 and 2147483647, was '1000'");
        assertThatThrownBy(() -> parse("LEADJOBS_MAX_UPLOADS_HEAP_BYTES", "64m"))
                .hasMessageContaining("LEADJOBS_MAX_UPLOADS_HEAP_BYTES (--max-uploads-heap-bytes) must be a whole number");
    }

    @Test
    void acceptsAFrontEndDirectoryWithAnIndexOnly() throws Exception {
        Path built = Files.createDirectories(dir.resolve("dist"));
        Files.writeString(built.resolve("index.html"), "<!doctype html>");
        Path unbuilt = Files.createDirectories(dir.resolve("src"));

        assertThat(parse("LEADJOBS_WEB_ROOT", built.toString()).webRoot()).contains(built.toAbsolutePath().normalize());
        assertThatThrownBy(() -> parse("LEADJOBS_WEB_ROOT", unbuilt.toString()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_WEB_ROOT (--web-root)")
                .hasMessageContaining("no index.html");
        assertThatThrownBy(() -> parse("LEADJOBS_VUE_ROOT", dir.resolve("missing").toString()))
                .hasMessageContaining("LEADJOBS_VUE_ROOT (--vue-root)")
                .hasMessageContaining("not a directory");
    }
}

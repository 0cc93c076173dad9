package io.leadjobs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.store.jdbc.JdbcJobStore;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LeadJobsAutoConfigurationTest {

    private static final String SECRET = "auto-configuration-test-secret-of-at-least-32-bytes";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LeadJobsAutoConfiguration.class))
            .withPropertyValues("leadjobs.auth.secret=" + SECRET);

    @Test
    void withoutADataSourceJobsLiveInMemoryAndTheServiceRunsThemUntilTheContextCloses() {
        AtomicReference<JobService> service = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasSingleBean(JobService.class).hasSingleBean(TokenVerifier.class)
                    .hasSingleBean(JobEventsGateway.class).hasSingleBean(SocketIoServer.class);
            assertThat(context.getBean(JobStore.class)).isNotInstanceOf(JdbcJobStore.class);
            JobService jobs = context.getBean(JobService.class);
            service.set(jobs);
            Job job = jobs.submit("alice", JobRequest.of("memory", List.of(Lead.builder().email("a@example.com").build())));
            org.awaitility.Awaitility.await().until(() -> jobs.find("alice", job.id()).orElseThrow().status().isTerminal());
        });
        assertThat(leadjobsThreads()).as("threads after the context closed").isEmpty();
    }

    @Test
    void enrichmentNicenessLowersTheEnrichmentThreadsPriority() throws IOException {
        assumeThat(Files.isSymbolicLink(Path.of("/proc/thread-self")))
                .as("Linux").isTrue();
        int own = nice(Path.of("/proc/self/stat"));
        assumeThat(own).as("room to lower the priority").isLessThanOrEqualTo(9);
        for (int niceness : new int[] {10, 0}) {
            runner.withPropertyValues("leadjobs.jobs.enrichment-niceness=" + niceness).run(context -> {
                JobService jobs = context.getBean(JobService.class);
                Job job = jobs.submit("nina", JobRequest.of("nice", List.of(Lead.builder().email("n@example.com").build())));
                org.awaitility.Awaitility.await().until(() -> jobs.find("nina", job.id()).orElseThrow().status().isTerminal());
                assertThat(enrichmentThreadsNice()).as("niceness " + niceness).isNotEmpty().containsOnly(own + niceness);
            });
        }
    }

    /** The nice values of this JVM's threads named leadjobs-enrich-* (the kernel keeps 15 characters of a name). */
    private static List<Integer> enrichmentThreadsNice() throws IOException {
        List<Integer> nice = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals("leadjobs-enrich")) {
                        nice.add(nice(task.resolve("stat")));
                    }
                } catch (NoSuchFileException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return nice;
    }

    private static int nice(Path stat) throws IOException {
        String text = Files.readString(stat);
        return Integer.parseInt(text.substring(text.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void theApplicationsDataSourceCarriesTheJdbcStore() {
        runner.withBean(DataSource.class, LeadJobsAutoConfigurationTest::h2).run(context -> {
            assertThat(context.getBean(JobStore.class)).isInstanceOf(JdbcJobStore.class);
            JobService jobs = context.getBean(JobService.class);
            Job job = jobs.submit("bob", JobRequest.of("jdbc", List.of(Lead.builder().email("b@example.com").build())));
            try (var connection = context.getBean(DataSource.class).getConnection();
                 var statement = connection.prepareStatement("SELECT COUNT(*) FROM leadjobs_job WHERE id = ?")) {
                statement.setObject(1, job.id());
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                }
            }
        });
    }

    @Test
    void storeTypeMemoryIgnoresTheDataSource() {
        runner.withBean(DataSource.class, LeadJobsAutoConfigurationTest::h2)
                .withPropertyValues("leadjobs.store.type=memory")
                .run(context -> assertThat(context.getBean(JobStore.class)).isNotInstanceOf(JdbcJobStore.class));
    }

    @Test
    void storeTypeJdbcWithoutADataSourceRefusesToStartNamingTheSetting() {
        runner.withPropertyValues("leadjobs.store.type=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("leadjobs.store.type is jdbc")
                .hasMessageContaining("no single DataSource"));
    }

    @Test
    void aHostDefinedTokenVerifierReplacesTheJwtOneAndNoSecretIsNeeded() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LeadJobsAutoConfiguration.class))
                .withUserConfiguration(HostVerifier.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TokenVerifier.class).verify("anything").userId()).isEqualTo("host-user");
                });
    }

    @Test
    void theApplicationsJwtDecoderVerifiesTokensWhenNoKeyIsSet() throws Exception {
        javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(
                SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LeadJobsAutoConfiguration.class))
                .withBean(org.springframework.security.oauth2.jwt.JwtDecoder.class,
                        () -> org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withSecretKey(key).build())
                .run(context -> {
                    TokenVerifier verifier = context.getBean(TokenVerifier.class);
                    assertThat(verifier).isInstanceOf(JwtDecoderTokenVerifier.class);
                    assertThat(verifier.verify(hs256("carol", SECRET, 600)).userId()).isEqualTo("carol");
                    assertThatThrownBy(() -> verifier.verify(hs256("carol", SECRET, -600)))
                            .hasMessage("Authentication failed: token expired");
                    assertThatThrownBy(() -> verifier.verify(hs256("carol", "another-secret-that-is-also-at-least-32-bytes", 600)))
                            .hasMessage("Authentication failed: invalid signature");
                    assertThatThrownBy(() -> verifier.verify("not-a-jwt")).hasMessageStartingWith("Authentication failed: ")
                            .hasMessageNotContaining("not-a-jwt");
                });
        runner.withBean(org.springframework.security.oauth2.jwt.JwtDecoder.class,
                        () -> org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withSecretKey(key).build())
                .run(context -> assertThat(context.getBean(TokenVerifier.class)).as("leadjobs.auth.secret set: the JWT verifier")
                        .isNotInstanceOf(JwtDecoderTokenVerifier.class));
    }

    private static String hs256(String user, String secret, long expiresInSeconds) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(user).issueTime(java.util.Date.from(now.minusSeconds(1200)))
                        .expirationTime(java.util.Date.from(now.plusSeconds(expiresInSeconds))).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void withoutAnyTokenKeyTheApplicationDoesNotStartAndSaysWhatToSet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LeadJobsAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("leadjobs.auth.secret").hasMessageContaining("leadjobs.auth.jwks-url"));
    }

    @Test
    void aShortSecretIsRefusedWithTheBuildersSentence() {
        runner.withPropertyValues("leadjobs.auth.secret=short").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("32 bytes"));
    }

    @Test
    void aBadJobSettingStopsTheStartNamingIt() {
        runner.withPropertyValues("leadjobs.jobs.batch-size=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("batchSize"));
        runner.withPropertyValues("leadjobs.jobs.batch-size=7").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void healthIsUpWhileTheStoreAnswersAndDownWithTheReasonWhenItFails() {
        runner.run(context -> {
            LeadJobsHealthIndicator health = context.getBean(LeadJobsHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        });
        runner.withUserConfiguration(BrokenStore.class).run(context -> {
            Health health = context.getBean(LeadJobsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("store"))).contains("database unreachable");
        });
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static List<String> leadjobsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("leadjobs-")).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class HostVerifier {
        @Bean
        TokenVerifier hostVerifier() {
            return token -> new VerifiedToken("host-user", Instant.now().plusSeconds(60));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenStore {
        @Bean
        JobStore brokenStore() {
            JobStore memory = io.leadjobs.core.memory.InMemory.jobStore();
            return (JobStore) java.lang.reflect.Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                    new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("find")) {
                            throw new IllegalStateException("database unreachable");
                        }
                        try {
                            return method.invoke(memory, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}

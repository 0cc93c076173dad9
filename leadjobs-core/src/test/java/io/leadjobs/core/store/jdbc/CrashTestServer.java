package io.leadjobs.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link CrashRecoveryTest}: a job service on the JDBC store at {@code args[0]}
 * that works until it is killed. It prints {@code started} once its workers run and
 * {@code processed <n>} after each committed batch. It never gets past lead {@link #HELD_LEAD}: that lead's
 * enrichment waits until the process dies, so the test kills it in the middle of the job however fast this process
 * runs and however late the test looks (a fast run could otherwise finish all the leads before the kill).
 */
final class CrashTestServer {
    /** The row of the lead this process never finishes enriching; far beyond the 1,000 leads the test waits for. */
    static final int HELD_LEAD = 10_000;

    private CrashTestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        if (args[0].startsWith("jdbc:postgresql:")) {
            config.setUsername(TestDatabase.PG_USER);
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("crash-test-server");
        HikariDataSource ds = new HikariDataSource(config);
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(new HoldingEnricher(CrashRecoveryTest.lead(HELD_LEAD).email()));
        JobService service = JobService.builder()
                .enrichers(enrichers)
                .store(RetryingJobStore.wrap(JdbcJobStore.builder().dataSource(ds).build()))
                .lease(CrashRecoveryTest.LEASE)
                .pollInterval(Duration.ofMillis(50))
                .build();
        service.events().addListener(update -> {
            if (update instanceof ProgressUpdate progress) {
                System.out.println("processed " + progress.processedLeads());
            }
        });
        service.start();
        System.out.println("started");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Holds the one lead it names until the process is killed. */
    private record HoldingEnricher(String email) implements LeadEnricher {
        @Override
        public String name() {
            return "holding";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
            if (lead.email().equals(email)) {
                new CountDownLatch(1).await();
            }
        }
    }
}

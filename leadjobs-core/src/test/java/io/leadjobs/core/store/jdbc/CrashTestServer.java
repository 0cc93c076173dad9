package io.leadjobs.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.JobService;
import io.leadjobs.core.ProgressUpdate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link CrashRecoveryTest}: a job service on the JDBC store at {@code args[0]}
 * that works until it is killed. It prints {@code started} once its workers run and
 * {@code processed <n>} after each committed batch.
 */
final class CrashTestServer {
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
        JobService service = JobService.builder()
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
}

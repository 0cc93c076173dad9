package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Workers on two "servers" (two stores, each with its own connection pool) claim from one database at
 * the same moment: every job is claimed by exactly one of them.
 */
class ClaimConcurrencyTest {
    private static final int JOBS = 120;
    private static final int WORKERS_PER_SERVER = 3;

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void workersOnTwoServersNeverClaimTheSameJob(JdbcDialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.of(dialect);
             HikariDataSource serverA = db.newPool(WORKERS_PER_SERVER);
             HikariDataSource serverB = db.newPool(WORKERS_PER_SERVER)) {
            JdbcJobStore setup = db.storeBuilder().build();
            Set<UUID> created = new HashSet<>();
            for (int i = 0; i < JOBS; i++) {
                Job job = queuedJob("owner" + (i % 5), 1, T0.plusMillis(i % 10));
                setup.create(job, accepted(1), List.of());
                created.add(job.id());
            }
            List<JdbcJobStore> servers = List.of(JdbcJobStore.builder().dataSource(serverA).build(),
                    JdbcJobStore.builder().dataSource(serverB).build());
            Instant now = Instant.parse("2026-03-02T08:00:00Z");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2 * WORKERS_PER_SERVER);
            try {
                List<Future<List<UUID>>> claims = new ArrayList<>();
                for (int s = 0; s < servers.size(); s++) {
                    for (int w = 0; w < WORKERS_PER_SERVER; w++) {
                        JdbcJobStore store = servers.get(s);
                        String worker = "server" + s + "-worker" + w;
                        claims.add(pool.submit((Callable<List<UUID>>) () -> {
                            start.await();
                            List<UUID> mine = new ArrayList<>();
                            for (Optional<Job> j = store.claimNext(worker, Duration.ofMinutes(5), now); j.isPresent();
                                 j = store.claimNext(worker, Duration.ofMinutes(5), now)) {
                                mine.add(j.get().id());
                                assertThat(leaseOwner(db, j.get().id())).isEqualTo(worker);
                            }
                            return mine;
                        }));
                    }
                }
                start.countDown();
                List<UUID> all = new ArrayList<>();
                int workersThatClaimed = 0;
                for (Future<List<UUID>> f : claims) {
                    List<UUID> mine = f.get(60, TimeUnit.SECONDS);
                    all.addAll(mine);
                    workersThatClaimed += mine.isEmpty() ? 0 : 1;
                }
                assertThat(all).doesNotHaveDuplicates();
                assertThat(new HashSet<>(all)).isEqualTo(created);
                assertThat(workersThatClaimed).as("workers that won at least one job").isGreaterThan(1);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static String leaseOwner(TestDatabase db, UUID jobId) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT lease_owner FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

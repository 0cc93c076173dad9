package io.leadjobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.Lead;
import io.leadjobs.core.store.jdbc.JdbcJobStore;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two job services on one PostgreSQL database, each with its own pool and PostgreSQL publisher, as two
 * servers have: a listener on the server that only accepted the job hears every update of it, in order,
 * from the server whose workers process it.
 */
class JobsAcrossServersTest {
    private final PgTestDatabase db = new PgTestDatabase();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        db.close();
    }

    private JobService server(boolean workers) {
        DataSource pool = db.newPool(4);
        JobEventPublisher events = PostgresEventPublisher.builder().dataSource(pool).channel(db.channel()).build();
        opened.add(events);
        JobService service = JobService.builder().store(JdbcJobStore.builder().dataSource(pool).build())
                .publisher(events).batchSize(10).updateInterval(Duration.ZERO).build(); // a report per batch
        opened.add(service);
        if (workers) {
            service.start();
        }
        return service;
    }

    @Test
    void aJobSubmittedOnOneServerAndProcessedOnAnotherIsHeardInFullOnTheFirst() {
        JobService a = server(false);
        server(true);
        List<JobUpdate> heardOnA = new CopyOnWriteArrayList<>();
        a.events().addListener(new JobUpdateListener() {
            @Override
            public void onUpdate(JobUpdate update) {
                heardOnA.add(update);
            }
        });
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            leads.add(Lead.builder().email("person" + i + "@acme" + i + ".com").firstName("P" + i).lastName("Q")
                    .company("Acme " + i).title(i % 2 == 0 ? "VP Sales" : "Engineer").build());
        }

        Job job = a.submit("alice", JobRequest.of("across servers", leads));

        await().atMost(Duration.ofSeconds(60)).until(() -> heardOnA.stream().anyMatch(u -> u instanceof CompleteUpdate));
        List<Long> seqs = heardOnA.stream().filter(u -> u.jobId().equals(job.id())).map(JobUpdate::seq).toList();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= seqs.size(); s++) {
            expected.add(s);
        }
        assertThat(seqs).containsExactlyElementsOf(expected);
        CompleteUpdate complete = (CompleteUpdate) heardOnA.get(heardOnA.size() - 1);
        assertThat(complete.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(complete.results().processedLeads()).isEqualTo(95);
        assertThat(heardOnA).filteredOn(u -> u.type().equals("progress")).hasSize(10);
    }
}

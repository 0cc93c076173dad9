package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.spi.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline has the store prepare each batch's results on the enrichment pool, and hands the forms back
 * with the commit that carries those results.
 */
class PreparedResultsTest extends ServiceFixture {

    @Test
    void everyCommitCarriesTheStoresFormsOfExactlyItsResultsPreparedOnTheEnrichmentPool() {
        PreparingStore store = new PreparingStore(-1);
        JobService service = started(JobService.builder().batchSize(5).store(store));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("50 leads", leads(50)));

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.finished(job.id()));
        assertThat(listener.of(job.id()).get(listener.of(job.id()).size() - 1)).isInstanceOf(CompleteUpdate.class);
        List<JobStore.BatchCommit> withResults = store.commits.stream().filter(c -> !c.results().isEmpty()).toList();
        assertThat(withResults).isNotEmpty();
        for (JobStore.BatchCommit commit : withResults) {
            assertThat(commit.prepared()).isNotEmpty();
            List<LeadResult> formed = new ArrayList<>();
            for (JobStore.PreparedResults p : commit.prepared()) {
                assertThat(p).isInstanceOf(Form.class);
                assertThat(((Form) p).jobId).isEqualTo(job.id());
                formed.addAll(p.results());
            }
            assertThat(formed).hasSameSizeAs(commit.results());
            for (int i = 0; i < formed.size(); i++) {
                assertThat(formed.get(i)).as("result %d of a commit", i).isSameAs(commit.results().get(i));
            }
        }
        assertThat(store.preparedOn).allSatisfy(thread -> assertThat(thread).startsWith("leadjobs-enrich-"));
        assertThat(service.results("alice", job.id(), 0, 100)).extracting(LeadResult::index)
                .containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void aCommitWithABatchTheStoreCouldNotPrepareCarriesNoFormsAndStoresEverything() {
        PreparingStore store = new PreparingStore(12);
        JobService service = started(JobService.builder().batchSize(5).batchesAhead(1).store(store));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("30 leads", leads(30)));

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.finished(job.id()));
        assertThat(listener.of(job.id()).get(listener.of(job.id()).size() - 1)).isInstanceOf(CompleteUpdate.class);
        JobStore.BatchCommit withLead12 = store.commits.stream()
                .filter(c -> c.results().stream().anyMatch(r -> r.index() == 12)).findFirst().orElseThrow();
        assertThat(withLead12.prepared()).isEmpty();
        assertThat(store.commits).filteredOn(c -> c.results().stream().noneMatch(r -> r.index() == 12))
                .filteredOn(c -> !c.results().isEmpty()).allSatisfy(c -> assertThat(c.prepared()).isNotEmpty());
        assertThat(service.results("alice", job.id(), 0, 100)).hasSize(30);
    }

    @Test
    void aStoreWhosePreparingThrowsAnErrorDoesNotStallTheJob() {
        PreparingStore store = new PreparingStore(7, new AssertionError("a broken encoder"));
        JobService service = started(JobService.builder().batchSize(5).batchesAhead(1).store(store));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("20 leads", leads(20)));

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.finished(job.id()));
        assertThat(listener.of(job.id()).get(listener.of(job.id()).size() - 1)).isInstanceOf(CompleteUpdate.class);
        assertThat(service.results("alice", job.id(), 0, 100)).hasSize(20);
    }

    /** The store's own prepared form: the results and the job they belong to. */
    private record Form(UUID jobId, List<LeadResult> results) implements JobStore.PreparedResults {
    }

    /** An in-memory store that prepares {@link Form}s (throwing for the batch holding lead {@code failAt}) and records every commit. */
    private static final class PreparingStore extends ForwardingJobStore {
        final List<JobStore.BatchCommit> commits = new CopyOnWriteArrayList<>();
        final Set<String> preparedOn = ConcurrentHashMap.newKeySet();
        private final int failAt;
        private final Throwable failure;

        PreparingStore(int failAt) {
            this(failAt, new IllegalStateException("cannot prepare lead " + failAt));
        }

        PreparingStore(int failAt, Throwable failure) {
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
            preparedOn.add(Thread.currentThread().getName());
            if (results.stream().anyMatch(r -> r.index() == failAt)) {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
            return Optional.of(new Form(jobId, List.copyOf(results)));
        }

        @Override
        public Job commitBatch(UUID jobId, BatchCommit batch) {
            commits.add(batch);
            return super.commitBatch(jobId, batch);
        }
    }
}

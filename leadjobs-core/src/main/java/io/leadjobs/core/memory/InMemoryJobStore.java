package io.leadjobs.core.memory;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs in a map, each entry guarded by its own monitor; claiming takes a store-wide lock so that no two
 * workers get the same job.
 */
final class InMemoryJobStore implements JobStore {
    private final Map<UUID, Entry> jobs = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final Object claimLock = new Object();
    private final int logsPerJob;
    private final Clock clock;

    InMemoryJobStore(Clock clock, int logsPerJob) {
        this.clock = clock;
        this.logsPerJob = logsPerJob;
    }

    private static final class Entry {
        /** The order of creation: breaks ties between jobs created at the same instant, as job_seq does in SQL. */
        final long seq;
        Job job;
        final List<AcceptedLead> leads;
        final List<RejectedRow> rejected;
        final LeadResult[] results;
        final ArrayDeque<LogEntry> logs = new ArrayDeque<>();
        Optional<String> leaseOwner = Optional.empty();
        Instant leaseUntil = Instant.MIN;
        boolean cancelRequested;

        Entry(long seq, Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
            this.seq = seq;
            this.job = job;
            this.leads = leads;
            this.rejected = rejected;
            this.results = new LeadResult[leads.size()];
        }
    }

    @Override
    public void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
        Objects.requireNonNull(job, "job");
        JobStore.checkNewJob(job, leads);
        Entry e = new Entry(created.incrementAndGet(), job, List.copyOf(leads), List.copyOf(rejected));
        if (jobs.putIfAbsent(job.id(), e) != null) {
            throw LeadJobsException.storeFailure("create job " + job.id(),
                    new IllegalStateException("a job with this id already exists"));
        }
    }

    private Entry entry(UUID jobId) {
        Entry e = jobs.get(jobId);
        if (e == null) {
            throw LeadJobsException.jobNotFound(jobId);
        }
        return e;
    }

    @Override
    public Optional<Job> find(UUID jobId) {
        Entry e = jobs.get(jobId);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.of(e.job);
        }
    }

    @Override
    public List<Job> listByOwner(String owner) {
        record Owned(Job job, long seq) {
        }
        List<Owned> out = new ArrayList<>();
        for (Entry e : jobs.values()) {
            synchronized (e) {
                if (e.job.owner().equals(owner)) {
                    out.add(new Owned(e.job, e.seq));
                }
            }
        }
        // newest first; jobs created at the same instant, the last created first
        out.sort(Comparator.comparing((Owned o) -> o.job().createdAt()).thenComparingLong(Owned::seq).reversed());
        return out.stream().map(Owned::job).toList();
    }

    @Override
    public List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        Entry e = entry(jobId);
        int from = Math.min(Math.max(0, fromIndex), e.leads.size());
        int to = (int) Math.min(e.leads.size(), (long) from + Math.max(0, count));
        return e.leads.subList(from, to);
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        Entry e = entry(jobId);
        synchronized (e) {
            if (!batch.mayFollow(e.job)) {
                if (batch.isLastCommitOf(e.job)) {
                    return e.job;
                }
                throw LeadJobsException.staleBatch(jobId, e.job.lastSeq(), batch.lastSeq());
            }
            for (LeadResult r : batch.results()) {
                if (r.index() < 0 || r.index() >= e.results.length) {
                    throw LeadJobsException.storeFailure("commit a batch of job " + jobId,
                            new IllegalArgumentException("lead index " + r.index() + " is outside 0-" + (e.results.length - 1)));
                }
            }
            for (LeadResult r : batch.results()) {
                e.results[r.index()] = r;
            }
            e.job = e.job.withCounters(batch.processedLeads(), batch.enrichedLeads(), batch.highScoreLeads())
                    .withLastSeq(batch.lastSeq());
            appendLogs(e, batch.logs());
            return e.job;
        }
    }

    private void appendLogs(Entry e, List<LogEntry> logs) {
        for (LogEntry l : logs) {
            if (e.logs.size() == logsPerJob) {
                e.logs.removeFirst();
            }
            e.logs.addLast(l);
        }
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        Entry e = entry(jobId);
        synchronized (e) {
            if (lastSeq <= e.job.lastSeq()) {
                throw LeadJobsException.illegalTransition(jobId, e.job.status(), next);
            }
            e.job = e.job.withStatus(next, errorMessage, clock.instant()).withLastSeq(lastSeq);
            if (next.isTerminal() || next == JobStatus.QUEUED) {
                e.leaseOwner = Optional.empty();
                e.leaseUntil = Instant.MIN;
            }
            appendLogs(e, logs);
            return e.job;
        }
    }

    @Override
    public List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        Entry e = entry(jobId);
        synchronized (e) {
            int from = Math.min(Math.max(0, fromIndex), e.results.length);
            int to = (int) Math.min(e.results.length, (long) from + Math.max(0, count));
            List<LeadResult> out = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                if (e.results[i] != null) {
                    out.add(e.results[i]);
                }
            }
            return out;
        }
    }

    @Override
    public List<RejectedRow> rejected(UUID jobId) {
        return entry(jobId).rejected;
    }

    @Override
    public List<LogEntry> recentLogs(UUID jobId, int limit) {
        Entry e = entry(jobId);
        synchronized (e) {
            int skip = Math.max(0, e.logs.size() - Math.max(0, limit));
            List<LogEntry> out = new ArrayList<>(e.logs.size() - skip);
            Iterator<LogEntry> it = e.logs.iterator();
            for (int i = 0; it.hasNext(); i++) {
                LogEntry l = it.next();
                if (i >= skip) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    @Override
    public Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        synchronized (claimLock) {
            Entry best = null;
            for (Entry e : jobs.values()) {
                synchronized (e) {
                    boolean claimable = (e.job.status() == JobStatus.QUEUED || e.job.status() == JobStatus.PROCESSING)
                            && (e.leaseOwner.isEmpty() || !e.leaseUntil.isAfter(now));
                    if (claimable && (best == null || e.job.createdAt().isBefore(best.job.createdAt())
                            || (e.job.createdAt().equals(best.job.createdAt()) && e.seq < best.seq))) {
                        best = e;
                    }
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            synchronized (best) {
                best.leaseOwner = Optional.of(workerId);
                best.leaseUntil = now.plus(lease);
                return Optional.of(best.job);
            }
        }
    }

    @Override
    public boolean requestCancel(UUID jobId) {
        Entry e = entry(jobId);
        synchronized (e) {
            if (e.job.status().isTerminal()) {
                return false;
            }
            e.cancelRequested = true;
            return true;
        }
    }

    @Override
    public boolean cancelRequested(UUID jobId) {
        Entry e = entry(jobId);
        synchronized (e) {
            return e.cancelRequested;
        }
    }

    @Override
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        Entry e = jobs.get(jobId);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            if (!e.leaseOwner.equals(Optional.of(workerId)) || e.job.status().isTerminal()) {
                return false;
            }
            // an expired lease that nobody claimed meanwhile (the owner check above) is still ours
            e.leaseUntil = now.plus(lease);
            return true;
        }
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        int n = 0;
        for (Iterator<Entry> it = jobs.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            synchronized (e) {
                Optional<Instant> finished = e.job.finishedAt();
                if (e.job.status().isTerminal() && finished.isPresent() && finished.get().isBefore(cutoff)) {
                    it.remove();
                    n++;
                }
            }
        }
        return n;
    }
}

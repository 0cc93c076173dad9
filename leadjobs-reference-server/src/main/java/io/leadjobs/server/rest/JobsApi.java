package io.leadjobs.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.JobService;
import io.leadjobs.websocket.auth.TokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The REST jobs API of the reference server, under {@code /api/*}: submit a CSV or JSON upload, list the caller's
 * jobs, read one job's status and results, cancel it. Every request carries {@code Authorization: Bearer <token>},
 * checked by the same {@link TokenVerifier} as the Socket.IO connections; another user's job answers 404 like a
 * missing one.
 *
 * <pre>{@code
 * JobsApi api = JobsApi.builder().jobService(jobs).tokenVerifier(verifier).build();
 * host.servlet("api", api.servlet(), "/api/*").filter("cors", api.corsFilter(), "/api/*");
 * }</pre>
 */
public final class JobsApi implements AutoCloseable {

    /** Results downloads that may run at once; more answer 503 until one ends. */
    static final int DOWNLOAD_THREADS = 16;
    /** How long a download waits for a client that takes no bytes before it gives the client up. */
    static final Duration DOWNLOAD_STALL_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AsyncDownload.Pool downloads = new AsyncDownload.Pool(DOWNLOAD_THREADS, DOWNLOAD_STALL_TIMEOUT);

    private JobsApi(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The servlet to map at {@code /api/*}. */
    public HttpServlet servlet() {
        return new JobsServlet(settings, accepting::get, downloads);
    }

    /** Stops the download threads; downloads still running are cut off. Call after the host has stopped. */
    @Override
    public void close() {
        downloads.close();
    }

    /** From now on every request answers 503: the server is stopping. */
    public void stopAccepting() {
        accepting.set(false);
    }

    /**
     * A filter answering CORS preflights and adding the CORS headers for the allowed origins; without allowed
     * origins, browsers are let through from the page's own origin only.
     */
    public Filter corsFilter() {
        return new CorsFilter(settings.allowedOrigins());
    }

    record Settings(JobService jobs, TokenVerifier verifier, long maxUploadBytes, int submitsPerMinute,
                    List<String> allowedOrigins, Clock clock, ObjectMapper mapper, int maxConcurrentUploads,
                    UploadLimits limits, UploadMemory uploadMemory) {
    }

    /** Builds a {@link JobsApi}; setters check their argument at once. */
    public static final class Builder {
        private JobService jobs;
        private TokenVerifier verifier;
        private long maxUploadBytes = 10L * 1024 * 1024;
        private int maxLeads = 100_000;
        private int maxConcurrentUploads = 4;
        private long maxUploadsHeapBytes;
        private int submitsPerMinute = 30;
        private List<String> allowedOrigins = List.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder jobService(JobService jobs) {
            this.jobs = Objects.requireNonNull(jobs, "jobs");
            return this;
        }

        public Builder tokenVerifier(TokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** The largest request body accepted (default 10 MiB); larger ones answer 413. */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadBytes must be at least 1, was " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * Data rows one upload may have (default 100,000, the job service's default); give the job service's
         * {@code maxLeads}. Checked while the upload is read: the row past it answers 413.
         */
        public Builder maxLeads(int maxLeads) {
            if (maxLeads < 1) {
                throw new IllegalArgumentException("maxLeads must be at least 1, was " + maxLeads);
            }
            this.maxLeads = maxLeads;
            return this;
        }

        /** Uploads read at the same time (default 4); one more answers 503 with {@code Retry-After}. */
        public Builder maxConcurrentUploads(int uploads) {
            if (uploads < 1) {
                throw new IllegalArgumentException("maxConcurrentUploads must be at least 1, was " + uploads);
            }
            this.maxConcurrentUploads = uploads;
            return this;
        }

        /**
         * Heap the uploads being read may take together, by the estimate that also bounds one upload (default 40 %
         * of the JVM's maximum heap). An upload that would take more while others are read answers 503 with
         * {@code Retry-After}; an upload alone is held only to its own limits.
         */
        public Builder maxUploadsHeapBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadsHeapBytes must be at least 1, was " + bytes);
            }
            this.maxUploadsHeapBytes = bytes;
            return this;
        }

        /** Jobs one user may submit per minute (default 30); 0 for no limit; more answer 429. */
        public Builder submitsPerMinute(int perMinute) {
            if (perMinute < 0) {
                throw new IllegalArgumentException("submitsPerMinute must not be negative, was " + perMinute);
            }
            this.submitsPerMinute = perMinute;
            return this;
        }

        /** Browser origins allowed to call the API, such as {@code https://app.example.com}, or {@code *}. */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        /** The clock that decides token expiry (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JobsApi build() {
            if (jobs == null || verifier == null) {
                throw new IllegalStateException("JobsApi needs a jobService and a tokenVerifier");
            }
            return new JobsApi(new Settings(jobs, verifier, maxUploadBytes, submitsPerMinute, allowedOrigins, clock,
                    new ObjectMapper(), maxConcurrentUploads, UploadLimits.of(maxUploadBytes, maxLeads),
                    maxUploadsHeapBytes > 0 ? new UploadMemory(maxUploadsHeapBytes) : UploadMemory.ofHeap()));
        }
    }
}

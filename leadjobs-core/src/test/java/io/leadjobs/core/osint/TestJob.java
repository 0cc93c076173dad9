package io.leadjobs.core.osint;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One job's view for enricher tests: a context per lead, and the job log with logOnce's once-per-key rule. */
final class TestJob {

    record LogLine(String key, LogLevel level, String message) {
    }

    private final UUID jobId = UUID.randomUUID();
    private final Map<String, Boolean> loggedKeys = new ConcurrentHashMap<>();
    private final List<LogLine> log = new CopyOnWriteArrayList<>();

    UUID jobId() {
        return jobId;
    }

    List<LogLine> log() {
        return new ArrayList<>(log);
    }

    Context contextFor() {
        return new Context();
    }

    /** Runs the enrichers over one lead, as the pipeline does, and returns what they learnt. */
    Enrichment enrich(Lead lead, LeadEnricher... enrichers) throws Exception {
        Context c = contextFor();
        for (LeadEnricher e : enrichers) {
            e.enrich(lead, c);
        }
        return c.enrichment();
    }

    final class Context implements EnrichmentContext {
        private final Map<String, Object> signals = new LinkedHashMap<>();

        @Override
        public UUID jobId() {
            return jobId;
        }

        @Override
        public synchronized <T> void put(Enrichment.Signal<T> signal, T value) {
            signals.put(signal.name(), value);
        }

        @Override
        public synchronized <T> Optional<T> get(Enrichment.Signal<T> signal) {
            return new Enrichment(signals).get(signal);
        }

        @Override
        public void logOnce(String key, LogLevel level, String message) {
            if (loggedKeys.putIfAbsent(key, Boolean.TRUE) == null) {
                log.add(new LogLine(key, level, message));
            }
        }

        synchronized Enrichment enrichment() {
            return new Enrichment(signals);
        }
    }
}

package io.leadjobs.core.enrich;

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

/** A plain enrichment context for enricher and scorer tests and the pipeline benchmark. */
public final class MapContext implements EnrichmentContext {
    final Map<String, Object> signals = new LinkedHashMap<>();
    final List<String> logged = new ArrayList<>();

    @Override
    public UUID jobId() {
        return new UUID(0, 1);
    }

    @Override
    public <T> void put(Enrichment.Signal<T> signal, T value) {
        signals.put(signal.name(), value);
    }

    @Override
    public <T> Optional<T> get(Enrichment.Signal<T> signal) {
        Object v = signals.get(signal.name());
        return signal.type().isInstance(v) ? Optional.of(signal.type().cast(v)) : Optional.empty();
    }

    @Override
    public void logOnce(String key, LogLevel level, String message) {
        logged.add(message);
    }

    /** The signals {@link Enrichers#defaults()} give the lead. */
    public static Map<String, Object> enrich(Lead lead) throws Exception {
        return enrich(lead, Enrichers.defaults());
    }

    /** The signals the enrichers give the lead, run in order as the pipeline runs them. */
    public static Map<String, Object> enrich(Lead lead, List<? extends LeadEnricher> enrichers) throws Exception {
        MapContext ctx = new MapContext();
        for (LeadEnricher e : enrichers) {
            e.enrich(lead, ctx);
        }
        return ctx.signals;
    }
}

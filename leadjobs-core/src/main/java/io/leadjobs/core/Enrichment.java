package io.leadjobs.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the enrichers learnt about one lead: named signals with simple values (String, Boolean, Integer,
 * Long, Double, or a List of Strings). Names are snake_case and reach clients as keys of the
 * {@code enrichment} object; {@link Signal} gives them types.
 */
public record Enrichment(Map<String, Object> signals) {
    public Enrichment {
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    }

    public static Enrichment empty() {
        return new Enrichment(Map.of());
    }

    public <T> Optional<T> get(Signal<T> signal) {
        Object v = signals.get(signal.name());
        return signal.type().isInstance(v) ? Optional.of(signal.type().cast(v)) : Optional.empty();
    }

    public boolean is(Signal<Boolean> signal) {
        return get(signal).orElse(Boolean.FALSE);
    }

    /** A typed signal name. */
    public record Signal<T>(String name, Class<T> type) {
        public Signal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        public static <T> Signal<T> of(String name, Class<T> type) {
            return new Signal<>(name, type);
        }
    }
}

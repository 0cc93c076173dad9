package io.leadjobs.socketio;

import java.util.Objects;

/**
 * A typed key for per-socket attributes; keys are compared by identity, so keep them in constants.
 *
 * <pre>{@code static final AttributeKey<String> USER_ID = AttributeKey.of("userId", String.class);}</pre>
 */
public final class AttributeKey<T> {

    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + ": " + type.getSimpleName() + "]";
    }
}

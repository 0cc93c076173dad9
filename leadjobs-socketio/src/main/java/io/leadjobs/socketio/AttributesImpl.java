package io.leadjobs.socketio;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Attribute storage, created on first write so idle sockets pay nothing for it. */
final class AttributesImpl implements SocketAttributes {

    private volatile ConcurrentHashMap<AttributeKey<?>, Object> values;

    private ConcurrentHashMap<AttributeKey<?>, Object> map() {
        ConcurrentHashMap<AttributeKey<?>, Object> map = values;
        if (map == null) {
            synchronized (this) {
                map = values;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    values = map;
                }
            }
        }
        return map;
    }

    @Override
    public <T> void put(AttributeKey<T> key, T value) {
        map().put(Objects.requireNonNull(key, "key"), key.type().cast(Objects.requireNonNull(value, "value")));
    }

    @Override
    public <T> Optional<T> get(AttributeKey<T> key) {
        ConcurrentHashMap<AttributeKey<?>, Object> map = values;
        return map == null ? Optional.empty() : Optional.ofNullable(map.get(key)).map(key.type()::cast);
    }

    @Override
    public <T> T putIfAbsent(AttributeKey<T> key, T value) {
        Object previous = map().putIfAbsent(Objects.requireNonNull(key, "key"),
                key.type().cast(Objects.requireNonNull(value, "value")));
        return previous == null ? value : key.type().cast(previous);
    }

    @Override
    public <T> Optional<T> remove(AttributeKey<T> key) {
        ConcurrentHashMap<AttributeKey<?>, Object> map = values;
        return map == null ? Optional.empty() : Optional.ofNullable(map.remove(key)).map(key.type()::cast);
    }
}

package io.leadjobs.socketio;

import java.util.Optional;

/** Per-socket storage for the application (the authenticated user, subscriptions). Thread-safe. */
public interface SocketAttributes {

    <T> void put(AttributeKey<T> key, T value);

    <T> Optional<T> get(AttributeKey<T> key);

    /** Stores the value unless one is present; returns the value now stored. */
    <T> T putIfAbsent(AttributeKey<T> key, T value);

    <T> Optional<T> remove(AttributeKey<T> key);
}

package io.leadjobs.core.osint;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A global limit on network requests in flight and a limit per key (a domain or host). Acquire the key's
 * permit first so that a caller waiting on a busy domain holds no global permit. Per-key semaphores are
 * dropped when nobody holds or waits for them, so the map stays as small as the work in flight.
 */
final class ConcurrencyLimits {

    private final Semaphore global;
    private final int perKey;
    private final ConcurrentHashMap<String, KeyPermits> keys = new ConcurrentHashMap<>();

    ConcurrencyLimits(int global, int perKey) {
        this.global = new Semaphore(global, true);
        this.perKey = perKey;
    }

    /** Blocks until both permits are held; the returned handle releases them once. */
    Lease acquire(String key) throws InterruptedException {
        KeyPermits k = keys.compute(key, (name, existing) -> {
            KeyPermits p = existing == null ? new KeyPermits(perKey) : existing;
            p.users++;
            return p;
        });
        boolean keyHeld = false;
        try {
            k.semaphore.acquire();
            keyHeld = true;
            global.acquire();
            return new Lease(key, k);
        } catch (InterruptedException e) {
            if (keyHeld) {
                k.semaphore.release();
            }
            leave(key, k);
            throw e;
        }
    }

    private void leave(String key, KeyPermits k) {
        keys.computeIfPresent(key, (name, p) -> {
            if (p != k) {
                return p;
            }
            p.users--;
            return p.users == 0 ? null : p;
        });
    }

    int trackedKeys() {
        return keys.size();
    }

    private static final class KeyPermits {
        final Semaphore semaphore;
        int users;

        KeyPermits(int permits) {
            this.semaphore = new Semaphore(permits, true);
        }
    }

    /** Both permits; {@link #close()} is idempotent. */
    final class Lease implements AutoCloseable {
        private final String key;
        private final KeyPermits permits;
        private boolean released;

        private Lease(String key, KeyPermits permits) {
            this.key = key;
            this.permits = permits;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            global.release();
            permits.semaphore.release();
            leave(key, permits);
        }
    }
}

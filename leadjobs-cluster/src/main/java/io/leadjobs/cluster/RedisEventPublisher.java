package io.leadjobs.cluster;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobEventPublisher;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link JobEventPublisher} over Redis pub/sub (Lettuce), for deployments whose update rate is more than
 * one PostgreSQL should carry beside its job store work. Same promises as {@link PostgresEventPublisher}:
 * each server publishes what its workers produce and delivers to its own listeners what any server
 * published, its own updates included, each exactly once and each job's in {@code seq} order (all of a
 * server's publishes go down one connection, in order). Redis messages have no small size limit, so
 * every update travels inline.
 *
 * <p>Lettuce reconnects a lost connection by itself and subscribes again; what was published meanwhile is
 * lost (Redis pub/sub keeps nothing), so every listener then gets {@code onPossibleGap()}, as it does when a
 * job's {@code seq} jumps ahead.
 *
 * <pre>{@code
 * JobEventPublisher events = RedisEventPublisher.builder().uri("redis://127.0.0.1:6379").build();
 * }</pre>
 *
 * Needs {@code io.lettuce:lettuce-core} on the class path (an optional dependency of this module).
 */
public final class RedisEventPublisher {
    /** Channel used when none is set. */
    public static final String DEFAULT_CHANNEL = "leadjobs:events";

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_:.-]{1,200}");

    private RedisEventPublisher() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of the Redis publisher; setters validate at once. Not thread-safe. The options it shares
     * with the PostgreSQL publisher are {@link PublisherBuilder}'s.
     */
    public static final class Builder extends PublisherBuilder<Builder> {
        String uri;
        String channel = DEFAULT_CHANNEL;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The Redis server, as a Lettuce URI: {@code redis://[password@]host[:port][/database]} (required). */
        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !uri.startsWith("redis-sentinel://")) {
                throw LeadJobsException.invalidSetting("uri", "a redis://, rediss:// or redis-sentinel:// URI", "'" + redacted(uri) + "'");
            }
            this.uri = uri;
            return this;
        }

        /** The pub/sub channel; servers that should hear each other use the same one. */
        public Builder channel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (!CHANNEL.matcher(channel).matches()) {
                throw LeadJobsException.invalidSetting("channel", "1 to 200 characters of letters, digits and _ : . -", "'" + channel + "'");
            }
            this.channel = channel;
            return this;
        }

        /**
         * How many published updates may wait to be sent (default 10000); when it is full, {@code publish} waits
         * for room as long as {@link #publishQueue(int, Duration)} says (default 5 s), then drops the update and
         * tells this server's listeners of a gap.
         */
        public Builder publishQueue(int publishQueue) {
            this.publishQueue = queueCapacity("publishQueue", publishQueue);
            return this;
        }

        /**
         * Connects, subscribes and returns the publisher.
         *
         * @throws LeadJobsException if no URI was set or Redis could not be reached in time
         */
        public JobEventPublisher build() {
            if (uri == null) {
                throw new LeadJobsException("RedisEventPublisher needs a uri: call uri(\"redis://host:6379\") before build()");
            }
            return LettucePublisher.start(this);
        }

        static String redacted(String uri) {
            int at = uri.indexOf('@');
            int scheme = uri.indexOf("://");
            return at < 0 || scheme < 0 ? uri : uri.substring(0, scheme + 3) + "***" + uri.substring(at);
        }
    }
}

package io.leadjobs.cluster;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobEventPublisher;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link JobEventPublisher} that carries job updates between servers over PostgreSQL
 * {@code LISTEN/NOTIFY}, on the database the JDBC job store already uses.
 *
 * <p>Each server publishes what its workers produce with {@code pg_notify} (from one named thread, in
 * batches, one transaction each, so a job's updates keep their order) and delivers to its own listeners
 * what any server published, its own updates included, each exactly once: everything a listener gets has
 * come back through the database. An update whose text exceeds {@link Builder#inlineLimitBytes} (a
 * {@code NOTIFY} payload must stay under 8000 bytes) is stored as a row of the event table and the
 * notification carries only the row's id; such rows are purged after {@link Builder#eventRetention}.
 *
 * <p>The listening connection is held for the publisher's whole life (so a pool shared with the job store
 * has one connection fewer for it). When it is lost the publisher reconnects with exponential backoff,
 * listens again and calls {@code onPossibleGap()} on every listener, so that clients get a fresh
 * {@code job-status} rather than silently missing what was sent meanwhile.
 *
 * <pre>{@code
 * JobEventPublisher events = PostgresEventPublisher.builder().dataSource(pool).build();
 * }</pre>
 *
 * {@code build()} returns once the publisher is listening; {@code close()} sends what is still queued,
 * stops its threads ({@code leadjobs-pg-publish-1}, {@code leadjobs-pg-listen-1},
 * {@code leadjobs-pg-deliver-N}) and returns the listening connection.
 */
public final class PostgresEventPublisher {
    /** Channel used when none is set. */
    public static final String DEFAULT_CHANNEL = "leadjobs_events";
    /** Event table used when none is set. */
    public static final String DEFAULT_EVENT_TABLE = "leadjobs_event";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
    public static final int MAX_INLINE_BYTES = 7_900;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PostgresEventPublisher() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of the PostgreSQL publisher; setters validate at once. Not thread-safe. The options it shares
     * with the Redis publisher are {@link PublisherBuilder}'s.
     */
    public static final class Builder extends PublisherBuilder<Builder> {
        DataSource dataSource;
        String channel = DEFAULT_CHANNEL;
        String eventTable = DEFAULT_EVENT_TABLE;
        boolean manageSchema = true;
        int inlineLimitBytes = 7_000;
        Duration reconnectMin = Duration.ofMillis(100);
        Duration reconnectMax = Duration.ofSeconds(10);
        Duration keepAlive = Duration.ofSeconds(10);
        Duration eventRetention = Duration.ofMinutes(15);

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The PostgreSQL database (required); usually the job store's pool. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The NOTIFY channel; servers that should hear each other use the same one. */
        public Builder channel(String channel) {
            this.channel = identifier("channel", channel);
            return this;
        }

        /** The table that holds updates too large for a notification. */
        public Builder eventTable(String eventTable) {
            this.eventTable = identifier("eventTable", eventTable);
            return this;
        }

        /** Whether to create the event table if it is missing (default true). */
        public Builder manageSchema(boolean manageSchema) {
            this.manageSchema = manageSchema;
            return this;
        }

        /** Updates whose UTF-8 text is longer travel by reference to a row of the event table (default 7000). */
        public Builder inlineLimitBytes(int inlineLimitBytes) {
            if (inlineLimitBytes < 1 || inlineLimitBytes > MAX_INLINE_BYTES) {
                throw LeadJobsException.invalidSetting("inlineLimitBytes", "between 1 and " + MAX_INLINE_BYTES, inlineLimitBytes);
            }
            this.inlineLimitBytes = inlineLimitBytes;
            return this;
        }

        /** First and longest wait between attempts to reconnect (default 100 ms, doubling up to 10 s). */
        public Builder reconnectBackoff(Duration min, Duration max) {
            LeadJobsException.requirePositive("reconnectBackoff min", min);
            LeadJobsException.requirePositive("reconnectBackoff max", max);
            if (max.compareTo(min) < 0) {
                throw LeadJobsException.invalidSetting("reconnectBackoff max", "at least min (" + min + ")", max);
            }
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /** How often an idle listening connection is checked with a query, to notice one that died silently (default 10 s). */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = LeadJobsException.requirePositive("keepAlive", keepAlive);
            return this;
        }

        /** How long stored large updates are kept before they are purged (default 15 min). */
        public Builder eventRetention(Duration eventRetention) {
            this.eventRetention = LeadJobsException.requirePositive("eventRetention", eventRetention);
            return this;
        }

        /**
         * Starts the publisher and returns once it listens.
         *
         * @throws LeadJobsException if no data source was set or the database could not be reached in time
         */
        public JobEventPublisher build() {
            if (dataSource == null) {
                throw new LeadJobsException("PostgresEventPublisher needs a dataSource: call dataSource(...) before build()");
            }
            return PgNotifyPublisher.start(this);
        }

        private static String identifier(String name, String value) {
            Objects.requireNonNull(value, name);
            if (!IDENTIFIER.matcher(value).matches()) {
                throw LeadJobsException.invalidSetting(name, "a lower-case SQL identifier of at most 63 characters ([a-z_][a-z0-9_]*)",
                        "'" + value + "'");
            }
            return value;
        }
    }
}

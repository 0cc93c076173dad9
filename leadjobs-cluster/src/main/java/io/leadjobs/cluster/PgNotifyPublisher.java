package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.ListenerDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publisher that {@link PostgresEventPublisher#builder()} builds; see there for what it promises. */
final class PgNotifyPublisher extends ClusterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifyPublisher.class);
    static final String REFERENCE = "r1|";
    private static final int MAX_BATCH = 500;
    private static final int POLL_MILLIS = 250;
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(5);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /** Why updates of a job might be missing when a later one arrives, for the warning. */
    private static final String LIKELY_CAUSE = " (a server stopped between storing and sending them?)";

    private final DataSource dataSource;
    private final String channel;
    private final PgEventTable eventTable;
    private final int inlineLimitBytes;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final long keepAliveNanos;
    private final String applicationName;

    private final Thread publishThread;
    private final Thread listenThread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile long closeDeadline;
    private volatile Exception lastListenError;

    private PgNotifyPublisher(PostgresEventPublisher.Builder b, PgEventTable eventTable) {
        super(new Outbox(b.publishQueue, b.publishWait),
                ListenerDelivery.create("leadjobs-pg-deliver", b.deliveryThreads, b.listenerQueue), LOG);
        this.dataSource = b.dataSource;
        this.channel = b.channel;
        this.eventTable = eventTable;
        this.inlineLimitBytes = b.inlineLimitBytes;
        this.reconnectMin = b.reconnectMin;
        this.reconnectMax = b.reconnectMax;
        this.keepAliveNanos = b.keepAlive.toNanos();
        String app = "leadjobs-listen " + channel;
        this.applicationName = app.length() > 63 ? app.substring(0, 63) : app;
        this.publishThread = LeadJobsExecutors.threadFactory("leadjobs-pg-publish").newThread(this::publishLoop);
        this.listenThread = LeadJobsExecutors.threadFactory("leadjobs-pg-listen").newThread(this::listenLoop);
    }

    static JobEventPublisher start(PostgresEventPublisher.Builder b) {
        PgEventTable eventTable = new PgEventTable(b.dataSource, b.eventTable, b.eventRetention);
        if (b.manageSchema) {
            eventTable.create();
        }
        PgNotifyPublisher p = new PgNotifyPublisher(b, eventTable);
        p.listenThread.start();
        p.publishThread.start();
        boolean ready;
        try {
            ready = p.listening.await(b.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        if (!ready) {
            Exception cause = p.lastListenError;
            p.close();
            throw new LeadJobsException("PostgreSQL event publisher could not LISTEN on channel " + b.channel + " within "
                    + b.startTimeout + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
        LOG.info("Job updates travel through PostgreSQL channel {} (large ones through table {})", b.channel, b.eventTable);
        return p;
    }

    // ---- JobEventPublisher ------------------------------------------------------------------------

    @Override
    void dropped(JobUpdate update) {
        LOG.warn("Job {}: update {} is dropped, PostgreSQL did not take the {} updates before it within {};"
                + " this server's listeners are told of a gap", update.jobId(), update.seq(), outbox.size(), outbox.waitLimit());
        delivery.possibleGap();
    }

    @Override
    public void close() {
        if (!markClosed(() -> closeDeadline = System.nanoTime() + CLOSE_FLUSH.toNanos())) {
            return;
        }
        stop.countDown();
        join(publishThread, CLOSE_FLUSH.plusSeconds(5));
        join(listenThread, Duration.ofSeconds(10));
        delivery.close();
        LOG.info("Stopped listening on PostgreSQL channel {}", channel);
    }

    private static void join(Thread t, Duration timeout) {
        if (!t.isAlive()) {
            return;
        }
        try {
            t.join(timeout.toMillis());
            if (t.isAlive()) {
                LOG.warn("Thread {} did not stop within {}", t.getName(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- sending ----------------------------------------------------------------------------------

    private void publishLoop() {
        List<JobUpdate> batch = new ArrayList<>(MAX_BATCH);
        long nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
        boolean storedAny = false;
        while (true) {
            if (!outbox.nextBatch(batch, POLL_MILLIS, MAX_BATCH)) {
                if (closed) {
                    return;
                }
                if (storedAny && System.nanoTime() - nextPurge >= 0) {
                    eventTable.purge();
                    nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
                }
                continue;
            }
            storedAny |= sendUntilDone(batch);
            batch.clear();
        }
    }

    /** Sends the batch, retrying with backoff while the database is unreachable; true if a row was stored. */
    private boolean sendUntilDone(List<JobUpdate> batch) {
        List<JobUpdate> updates = new ArrayList<>(batch.size());
        List<String> texts = new ArrayList<>(batch.size());
        for (JobUpdate u : batch) {
            try {
                texts.add(UpdateCodec.encode(u));
                updates.add(u);
            } catch (RuntimeException e) {
                LOG.error("Job {}: update {} cannot be encoded and is dropped", u.jobId(), u.seq(), e);
            }
        }
        Duration backoff = reconnectMin;
        while (true) {
            try {
                return send(updates, texts);
            } catch (SQLException | RuntimeException e) {
                if (closed && System.nanoTime() - closeDeadline >= 0) {
                    LOG.warn("Job {}: {} updates from seq {} are dropped at close, PostgreSQL is unreachable: {}",
                            updates.get(0).jobId(), updates.size(), updates.get(0).seq(), e.getMessage());
                    return false;
                }
                LOG.warn("Job {}: sending {} updates from seq {} to PostgreSQL channel {} failed ({}); retrying in {}",
                        updates.get(0).jobId(), updates.size(), updates.get(0).seq(), channel, e.getMessage(), backoff);
                LockSupport.parkNanos(jitter(backoff).toNanos());
                backoff = next(backoff);
            }
        }
    }

    private boolean send(List<JobUpdate> updates, List<String> texts) throws SQLException {
        boolean large = false;
        for (String t : texts) {
            large |= utf8Length(t) > inlineLimitBytes;
        }
        try (Connection c = dataSource.getConnection()) {
            if (large) {
                c.setAutoCommit(false);
            }
            try {
                List<String> payloads = new ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    String t = texts.get(i);
                    payloads.add(utf8Length(t) > inlineLimitBytes ? REFERENCE + eventTable.store(c, updates.get(i), t) : t);
                }
                // one round trip, one transaction: notifications of a transaction arrive in the order they were sent
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
                    ps.setString(1, channel);
                    ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // pg_notify returns void; reading the rows completes the statement
                        }
                    }
                }
                if (large) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (large) {
                    rollbackQuietly(c);
                }
                throw e;
            } finally {
                if (large) {
                    resetAutoCommit(c);
                }
            }
        }
        return large;
    }

    // ---- listening --------------------------------------------------------------------------------

    private void listenLoop() {
        Duration backoff = reconnectMin;
        boolean lost = false;
        while (!closed) {
            Connection c = null;
            boolean listened = false;
            try {
                c = dataSource.getConnection();
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement st = c.createStatement()) {
                    st.execute("SET application_name = '" + applicationName + "'");
                    st.execute("LISTEN " + channel);
                }
                listened = true;
                if (lost) {
                    LOG.info("Listening again on PostgreSQL channel {}; {} listeners are told they may have missed updates",
                            channel, delivery.listenerCount());
                    delivery.possibleGap();
                }
                lost = false;
                backoff = reconnectMin;
                listening.countDown();
                receive(c, pg);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                lost = true;
                lastListenError = e;
                LOG.warn("Listening on PostgreSQL channel {} failed ({}); reconnecting in about {}", channel, e.getMessage(), backoff);
            } finally {
                release(c, listened);
            }
            if (closed) {
                break;
            }
            try {
                stop.await(jitter(backoff).toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = next(backoff);
        }
    }

    private void receive(Connection c, PGConnection pg) throws SQLException {
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                // what arrived together (a batch is sent in one transaction) reaches the listeners together
                List<JobUpdate> arrived = new ArrayList<>(notifications.length);
                for (PGNotification n : notifications) {
                    handle(c, n, arrived);
                }
                receivedAll(arrived, LIKELY_CAUSE);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= keepAliveNanos) {
                // a connection that died without a word (a network partition) is noticed here
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Adds the update a notification carries to {@code arrived}; a purged one hands those over, then tells of a gap. */
    private void handle(Connection c, PGNotification n, List<JobUpdate> arrived) throws SQLException {
        if (!channel.equals(n.getName())) {
            return;
        }
        String payload = n.getParameter();
        Optional<JobUpdate> update;
        try {
            update = payload.startsWith(REFERENCE) ? eventTable.load(c, Long.parseLong(payload.substring(REFERENCE.length())))
                    : Optional.of(UpdateCodec.decode(payload));
        } catch (IllegalArgumentException e) {
            String shown = payload.length() > 120 ? payload.substring(0, 120) + "..." : payload;
            LOG.warn("Ignoring a notification on channel {} that is not a job update ('{}'): {}", channel, shown, e.getMessage());
            return;
        }
        if (update.isPresent()) {
            arrived.add(update.get());
        } else {
            receivedAll(arrived, LIKELY_CAUSE);
            arrived.clear();
            LOG.warn("A stored update on channel {} was purged before it was read ({}); listeners are told of a gap", channel, payload);
            delivery.possibleGap();
        }
    }

    /** Stops listening before the connection goes back to its pool, so the pool never holds a listening connection. */
    private void release(Connection c, boolean listened) {
        if (c == null) {
            return;
        }
        if (listened) {
            try (Statement st = c.createStatement()) {
                st.execute("UNLISTEN *");
                st.execute("RESET application_name");
            } catch (SQLException e) {
                LOG.debug("Could not UNLISTEN on a connection that is probably broken: {}", e.getMessage());
            }
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing the listening connection failed: {}", e.getMessage());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(reconnectMax) > 0 ? reconnectMax : doubled;
    }

    private static Duration jitter(Duration d) {
        long nanos = d.toNanos();
        return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", e.getMessage());
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("Could not restore auto-commit: {}", e.getMessage());
        }
    }
}

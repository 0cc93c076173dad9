package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.ListenerDelivery;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publisher that {@link RedisEventPublisher#builder()} builds; see there for what it promises. */
final class LettucePublisher extends ClusterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(LettucePublisher.class);
    private static final int MAX_BATCH = 500;
    private static final int POLL_MILLIS = 250;

    private final String channel;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Thread publishThread;
    /** Every thread Lettuce and Netty started for this publisher: close() returns once they have ended. */
    private final Queue<Thread> clientThreads = new ConcurrentLinkedQueue<>();
    private StatefulRedisConnection<String, String> pub;
    private StatefulRedisPubSubConnection<String, String> sub;

    private LettucePublisher(RedisEventPublisher.Builder b) {
        super(new Outbox(b.publishQueue, b.publishWait),
                ListenerDelivery.create("leadjobs-redis-deliver", b.deliveryThreads, b.listenerQueue), LOG);
        this.channel = b.channel;
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(pool -> {
                    ThreadFactory factory = LeadJobsExecutors.threadFactory("leadjobs-redis-" + pool);
                    return task -> {
                        Thread t = factory.newThread(task);
                        clientThreads.add(t);
                        return t;
                    };
                })
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder().autoReconnect(true).requestQueueSize(b.publishQueue).build());
        this.publishThread = LeadJobsExecutors.threadFactory("leadjobs-redis-publish").newThread(this::publishLoop);
    }

    static JobEventPublisher start(RedisEventPublisher.Builder b) {
        LettucePublisher p = new LettucePublisher(b);
        try {
            RedisURI uri = RedisURI.create(b.uri);
            uri.setTimeout(b.startTimeout);
            p.sub = p.client.connectPubSub(StringCodec.UTF8, uri);
            p.sub.addListener(p.new Receiver());
            p.sub.async().subscribe(b.channel).get(b.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            p.pub = p.client.connect(StringCodec.UTF8, uri);
            // only the publish thread uses this connection: it writes a batch of PUBLISH commands, then flushes once
            p.pub.setAutoFlushCommands(false);
            p.publishThread.start();
        } catch (RedisException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.close();
            throw new LeadJobsException("Redis event publisher could not subscribe to channel " + b.channel + " at "
                    + RedisEventPublisher.Builder.redacted(b.uri) + " within " + b.startTimeout + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.close();
            throw new LeadJobsException("Interrupted while subscribing to Redis channel " + b.channel, e);
        }
        LOG.info("Job updates travel through Redis channel {}", b.channel);
        return p;
    }

    /** How long {@code publish} waits for room in the queue; for tests. */
    Duration publishWait() {
        return outbox.waitLimit();
    }

    @Override
    void dropped(JobUpdate update) {
        failed(update, new IllegalStateException(outbox.size() + " updates are waiting for Redis"));
    }

    private void publishLoop() {
        List<JobUpdate> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            if (!outbox.nextBatch(batch, POLL_MILLIS, MAX_BATCH)) {
                if (closed) {
                    return;
                }
                continue;
            }
            // one connection, written in order: a job's updates stay in order
            for (JobUpdate update : batch) {
                try {
                    pub.async().publish(channel, UpdateCodec.encode(update)).whenComplete((receivers, error) -> {
                        if (error != null) {
                            failed(update, error);
                        } else if (failing.compareAndSet(true, false)) {
                            LOG.info("Job {}: publishing to Redis channel {} works again", update.jobId(), channel);
                        }
                    });
                } catch (RuntimeException e) {
                    failed(update, e);
                }
            }
            pub.flushCommands();
            batch.clear();
        }
    }

    private void failed(JobUpdate update, Throwable error) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("Job {}: update {} could not be published to Redis channel {} ({}); this server's listeners are told of a gap",
                    update.jobId(), update.seq(), channel, error.getMessage());
        }
        delivery.possibleGap();
    }

    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        if (publishThread.isAlive()) {
            try {
                publishThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sub != null) {
            sub.close();
        }
        if (pub != null) {
            pub.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Redis client threads did not stop cleanly: {}", e.getMessage());
        }
        // the event loops report termination just before their threads exit: wait for the threads themselves
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : clientThreads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        delivery.close();
        LOG.info("Stopped listening on Redis channel {}", channel);
    }

    /** Runs on a Lettuce I/O thread: hands over and returns at once. */
    private final class Receiver extends RedisPubSubAdapter<String, String> {
        @Override
        public void subscribed(String subscribedChannel, long count) {
            if (channel.equals(subscribedChannel) && subscriptions.incrementAndGet() > 1) {
                // Lettuce subscribed again after a reconnect: whatever was published meanwhile is gone
                LOG.info("Subscribed again to Redis channel {}; {} listeners are told they may have missed updates",
                        channel, delivery.listenerCount());
                delivery.possibleGap();
            }
        }

        @Override
        public void message(String fromChannel, String text) {
            if (!channel.equals(fromChannel)) {
                return;
            }
            JobUpdate u;
            try {
                u = UpdateCodec.decode(text);
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring a message on Redis channel {} that is not a job update: {}", channel, e.getMessage());
                return;
            }
            received(u, "");
        }
    }
}

package io.leadjobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.RecordingListener;
import io.leadjobs.core.spi.JobEventPublisher;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two "servers" (two Redis publishers) on one Redis and channel. */
class RedisEventPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String channel = "leadjobs:test:" + UUID.randomUUID();
    private final String clientName = "leadjobs-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<JobEventPublisher> publishers = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        publishers.forEach(JobEventPublisher::close);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith("leadjobs-redis-"));
    }

    private JobEventPublisher server(String name) {
        JobEventPublisher p = RedisEventPublisher.builder().uri(TestRedis.url() + "?clientName=" + name).channel(channel).build();
        publishers.add(p);
        return p;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static ProgressUpdate progress(UUID job, long seq) {
        return new ProgressUpdate(job, seq, (int) Math.min(100, seq), (int) seq, 100);
    }

    /**
     * A log update, for the tests that count every update of a burst: a listener whose delivery thread a busy
     * machine holds up for half a second may have waiting progress updates coalesced (as it should), so a burst
     * of progress updates does not always arrive whole.
     */
    private static LogUpdate line(UUID job, long seq) {
        return new LogUpdate(job, seq, LogEntry.of(LogLevel.INFO, "line " + seq, Instant.parse("2026-01-05T09:00:00Z")));
    }

    @Test
    void eachServerDeliversWhatAnyServerPublishesExactlyOnceInSeqOrder() {
        JobEventPublisher a = server(clientName + "-a");
        JobEventPublisher b = server(clientName + "-b");
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        a.addListener(onA);
        b.addListener(onB);
        UUID jobOnA = UUID.randomUUID();
        UUID jobOnB = UUID.randomUUID();
        String longLine = "x".repeat(100_000);

        for (long s = 1; s <= 200; s++) {
            a.publish(line(jobOnA, s));
            b.publish(line(jobOnB, s));
        }
        b.publish(new LogUpdate(jobOnB, 201, LogEntry.of(LogLevel.INFO, longLine, Instant.parse("2026-01-05T09:00:00Z"))));

        await().atMost(WAIT).until(() -> onA.updates.size() == 401 && onB.updates.size() == 401);
        for (RecordingListener r : List.of(onA, onB)) {
            assertThat(r.seqs(jobOnA)).containsExactlyElementsOf(range(1, 200));
            assertThat(r.seqs(jobOnB)).containsExactlyElementsOf(range(1, 201));
        }
        // the two publishers' streams interleave on A in no fixed order, so look the log update up by job and seq
        assertThat(onA.updates).filteredOn(u -> u.jobId().equals(jobOnB) && u.seq() == 201)
                .singleElement()
                .isInstanceOfSatisfying(LogUpdate.class, log -> assertThat(log.log().message()).isEqualTo(longLine));
        assertThat(onA.gaps).hasValue(0);
    }

    @Test
    void killedSubscriberConnectionIsReplacedListenersHearOfAGapAndLaterUpdatesArrive() {
        JobEventPublisher a = server(clientName + "-a");
        JobEventPublisher b = server(clientName + "-b");
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();
        b.publish(progress(job, 1));
        await().atMost(WAIT).until(() -> onA.updates.size() == 1);

        RedisClient admin = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            long killed = 0;
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + clientName + "-a ") && line.contains("sub=1")) {
                    long id = Long.parseLong(line.substring(line.indexOf("id=") + 3, line.indexOf(' ')));
                    killed += c.sync().clientKill(KillArgs.Builder.id(id));
                }
            }
            assertThat(killed).isEqualTo(1);
        } finally {
            admin.shutdown();
        }

        await().atMost(WAIT).until(() -> onA.gaps.get() == 1);
        for (long s = 2; s <= 20; s++) {
            b.publish(line(job, s));
        }
        await().atMost(WAIT).until(() -> onA.updates.size() == 20);
        assertThat(onA.seqs(job)).containsExactlyElementsOf(range(1, 20));
        assertThat(onA.gaps).hasValue(1);
    }

    @Test
    void buildFailsClearlyWhenRedisCannotBeReached() {
        assertThatThrownBy(() -> RedisEventPublisher.builder().uri("redis://127.0.0.1:1").startTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("could not subscribe to channel leadjobs:events at redis://127.0.0.1:1");
        assertThatThrownBy(() -> RedisEventPublisher.builder().uri("http://127.0.0.1:6379"))
                .hasMessage("uri must be a redis://, rediss:// or redis-sentinel:// URI, was 'http://127.0.0.1:6379'");
        assertThatThrownBy(() -> RedisEventPublisher.builder().channel("a b"))
                .hasMessageContaining("channel must be 1 to 200 characters");
    }

    @Test
    void publishQueueTakesTheSameWaitAsThePostgresPublisher() {
        JobEventPublisher noWait = RedisEventPublisher.builder().uri(TestRedis.url()).channel(channel)
                .publishQueue(100, Duration.ZERO).build();
        publishers.add(noWait);
        JobEventPublisher byDefault = server(clientName + "-default");
        assertThat(((LettucePublisher) noWait).publishWait()).isEqualTo(Duration.ZERO);
        assertThat(((LettucePublisher) byDefault).publishWait()).isEqualTo(Duration.ofSeconds(5));

        RecordingListener heard = new RecordingListener();
        byDefault.addListener(heard);
        UUID job = UUID.randomUUID();
        noWait.publish(progress(job, 1));
        await().atMost(WAIT).until(() -> heard.updates.size() == 1);

        assertThatThrownBy(() -> RedisEventPublisher.builder().publishQueue(100, Duration.ofMillis(-1)))
                .hasMessage("publishQueue wait must be zero or positive, was PT-0.001S");
        assertThatThrownBy(() -> RedisEventPublisher.builder().publishQueue(0, Duration.ZERO))
                .hasMessage("publishQueue capacity must be between 1 and 1000000, was 0");
    }
}

package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.websocket.auth.TestTokens;
import io.socket.client.Ack;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A crowd of one user's clients opening the same job at once: the store is asked for its state far fewer times than
 * there are clients, and every client still gets the job's whole state; another user is still asked about on his own.
 */
class SharedSnapshotTest {

    private static final int CLIENTS = 24;

    @Test
    void aCrowdOpeningAJobSharesTheStoresAnswerAndEachClientGetsTheWholeState() throws Exception {
        Set<UUID> counted = ConcurrentHashMap.newKeySet();
        AtomicInteger reads = new AtomicInteger();
        JobStore store = counting(InMemory.jobStore(), counted, reads);
        try (GatewayHarness server = GatewayHarness.start(s -> s.store(store),
                g -> g.connectRate(RateLimit.off()).eventsPerSecond(RateLimit.off()), io -> { })) {
            server.startWorkers();
            Job job = server.submit("ana", 6);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.jobs.find("ana", job.id()).orElseThrow().status().isTerminal());
            long lastSeq = server.jobs.find("ana", job.id()).orElseThrow().lastSeq();

            List<TestClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(server.client(TestTokens.hs256("ana", Duration.ofMinutes(10))).awaitConnected());
            }
            counted.add(job.id());
            CountDownLatch acked = new CountDownLatch(CLIENTS);
            for (TestClient client : clients) { // all at once, as a team's dashboards open when the job starts
                client.socket().emit("subscribe-job", new Object[] {job.id().toString()}, (Ack) args -> acked.countDown());
            }
            assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();

            for (TestClient client : clients) {
                JsonNode status = client.awaitEvent("job-status").json();
                assertThat(status.get("status").asText()).isEqualTo("completed");
                assertThat(status.get("seq").asLong()).isEqualTo(lastSeq);
                assertThat(status.get("recentLogs").size()).isPositive();
            }
            // one read is enough; a slow machine may let a snapshot age past its second between two clients
            assertThat(reads.get()).isBetween(1, CLIENTS / 4);

            // another user: asked about on his own, and told what he is told of a job he may not see
            TestClient bob = server.client(TestTokens.hs256("bob", Duration.ofMinutes(10))).awaitConnected();
            int before = reads.get();
            assertThat(bob.emitWithAck("subscribe-job", job.id().toString()).toString())
                    .isEqualTo("{\"error\":\"Job not found\"}");
            assertThat(reads.get()).isEqualTo(before + 1);
        }
    }

    /** {@code store}, counting its {@code find} calls for the jobs in {@code counted}. */
    private static JobStore counting(JobStore store, Set<UUID> counted, AtomicInteger reads) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find") && args != null && args.length == 1 && counted.contains(args[0])) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

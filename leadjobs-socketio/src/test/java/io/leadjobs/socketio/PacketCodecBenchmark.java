package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.engineio.OutboundMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of typical Socket.IO packets (JMH; public because JMH requires it).
 * Run: {@code mvn -q -pl leadjobs-socketio -am -Pbenchmarks -DskipTests verify}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketCodecBenchmark {

    /** A job-update the way the job-events layer sends it. */
    public record Progress(String type, String jobId, long seq, int progress, int processedLeads, int totalLeads) {
    }

    private final PacketCodec codec = new PacketCodec(new ObjectMapper(), 10);
    private final Progress progress = new Progress("progress", "5f0c1a8e-8a43-4bb0-9d47-0e6c1c3c2f11", 42, 45, 45, 100);
    private final Map<String, Object> status = Map.of("jobId", "5f0c1a8e-8a43-4bb0-9d47-0e6c1c3c2f11",
            "status", "processing", "progress", 45, "total_leads", 100, "processed_leads", 45,
            "enriched_leads", 40, "high_score_leads", 12, "recentLogs", List.of(
                    Map.of("level", "info", "message", "Processing lead 45", "timestamp", "2026-11-26T12:00:00Z")));
    private final String subscribe = "42[\"subscribe-job\",{\"jobId\":\"5f0c1a8e-8a43-4bb0-9d47-0e6c1c3c2f11\",\"lastSeq\":3}]";
    private final String subscribeWithAck = "4217[\"subscribe-job\",\"5f0c1a8e-8a43-4bb0-9d47-0e6c1c3c2f11\"]";

    @Benchmark
    public OutboundMessage encodeJobUpdateEvent() {
        return codec.encode(Packet.EVENT, "/", Packet.NO_ID, Optional.of(codec.eventArray("job-update", new Object[] {progress})));
    }

    @Benchmark
    public OutboundMessage encodeJobStatusEvent() {
        return codec.encode(Packet.EVENT, "/", Packet.NO_ID, Optional.of(codec.eventArray("job-status", new Object[] {status})));
    }

    @Benchmark
    public Packet decodeSubscribeEvent() {
        return codec.decode(subscribe.substring(1));
    }

    @Benchmark
    public Packet decodeSubscribeWithAck() {
        return codec.decode(subscribeWithAck.substring(1));
    }
}

package io.leadjobs.benchmarks;

import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.testing.EmbeddedTomcat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures the heap held by idle connected sockets: a Socket.IO server on embedded Tomcat, N clients
 * (npm socket.io-client in a separate Node process, so they do not share this heap) connected over
 * WebSocket and idle; used heap after full GCs, before and after, divided by N.
 * Run: {@code mvn -q -pl leadjobs-socketio -am -Pbenchmarks -DskipTests verify} (needs node; src/test/node installed).
 */
public final class IdleSocketMemory {

    private IdleSocketMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String transport = args.length > 1 ? args[1] : "websocket";
        try (SocketIoServer io = SocketIoServer.builder().build();
                EmbeddedTomcat tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping())) {
            io.mainNamespace().onConnection(socket -> socket.on("ping-me", (s, e) -> e.acknowledge("pong")));
            runClients(tomcat, 20, transport, false);
            long before = usedHeapAfterGc();
            Process clients = runClients(tomcat, count, transport, true);
            long waitUntil = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (io.mainNamespace().sockets().size() < count && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            int connected = io.mainNamespace().sockets().size();
            long after = usedHeapAfterGc();
            if (args.length > 2 && args[2].equals("histogram")) {
                Process jcmd = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                        .redirectErrorStream(true).start();
                String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor();
                histogram.lines().limit(25).forEach(System.out::println);
                histogram.lines().filter(l -> l.contains("io.leadjobs") || l.contains("Total")).limit(40)
                        .forEach(System.out::println);
            }
            clients.destroy();
            clients.waitFor();
            System.out.printf("idle sockets: %d (%s), heap before: %d B, after: %d B, per socket: %d B%n",
                    connected, transport, before, after, (after - before) / Math.max(1, connected));
        }
    }

    private static Process runClients(EmbeddedTomcat tomcat, int count, String transport, boolean keep) throws Exception {
        Process process = new ProcessBuilder("node", "idle-clients.mjs", tomcat.httpUrl(), String.valueOf(count), transport)
                .directory(Path.of("src", "test", "node").toFile())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY")) {
            System.out.println("clients: " + line);
        }
        if (!keep) {
            process.destroy();
            process.waitFor();
        }
        return process;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

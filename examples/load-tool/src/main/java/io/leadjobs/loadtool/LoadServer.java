package io.leadjobs.loadtool;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.RateLimit;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The server side of a load run, in its own JVM so that its heap is measured alone: embedded Tomcat 11 with
 * the job-events gateway on a Socket.IO server, a job service with {@code jobs} queued jobs, and a driver
 * loop that publishes their updates through the job service's publisher. Commands arrive on stdin, one a line:
 * {@code HEAP}, {@code STREAM <seconds> <updatesPerSecondPerJob>}, {@code EXIT}; answers go to stdout.
 */
public final class LoadServer {

    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        int jobCount = Integer.parseInt(args[0]);
        String secret = args[1];
        JobService jobs = JobService.builder().keepFinishedJobs().build();
        JobEventsGateway gateway = JobEventsGateway.builder()
                .jobService(jobs)
                .tokenVerifier(TokenVerifier.jwt().hmacSecret(secret).build())
                .connectRate(RateLimit.off())
                .maxConnectionsPerUser(0)
                .build();
        SocketIoServer io = gateway.configure(SocketIoServer.builder()).build();
        gateway.attach(io.mainNamespace());

        File baseDir = Files.createTempDirectory("leadjobs-load").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("acceptCount", "1000");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.getAbsolutePath());
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, ctx) -> io.install(ctx), null);
        tomcat.start();

        List<Job> created = new ArrayList<>();
        for (int j = 0; j < jobCount; j++) {
            Lead lead = Lead.builder().email("load" + j + "@example.com").company("Load " + j).build();
            created.add(jobs.submit("user-" + j, JobRequest.of("load job " + j, List.of(lead))));
        }
        StringBuilder ids = new StringBuilder();
        for (Job job : created) {
            ids.append(ids.length() == 0 ? "" : ",").append(job.id());
        }
        System.out.println("READY " + connector.getLocalPort() + " " + ids);
        System.out.flush();

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        long[] seqs = new long[created.size()];
        while ((line = commands.readLine()) != null) {
            String[] parts = line.trim().split("\\s+");
            switch (parts[0]) {
                case "HEAP" -> System.out.println("HEAP " + usedHeapAfterGc() + " " + gateway.connectedClients());
                case "STREAM" -> {
                    long published = stream(jobs.events(), created, seqs, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
                    System.out.println("STREAMED " + published);
                }
                case "EXIT" -> {
                    gateway.close();
                    io.close();
                    tomcat.stop();
                    tomcat.destroy();
                    jobs.close();
                    System.out.println("BYE");
                    System.out.flush();
                    return;
                }
                default -> System.out.println("ERROR unknown command " + parts[0]);
            }
            System.out.flush();
        }
    }

    /**
     * Publishes, for every job, one log update and one progress update each {@code 1/rate} seconds for
     * {@code seconds}; jobs are spread evenly over the interval (real jobs do not publish in lockstep). The log
     * message carries the publish instant in microseconds since the epoch.
     */
    private static long stream(JobEventPublisher events, List<Job> jobs, long[] seqs, double seconds, double rate) {
        long intervalNanos = (long) (1_000_000_000L / rate);
        long slotNanos = Math.max(1, intervalNanos / jobs.size());
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1_000_000_000L);
        long published = 0;
        for (long slot = 0; ; slot++) {
            long due = start + slot * slotNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int j = (int) (slot % jobs.size());
            Job job = jobs.get(j);
            Instant now = Instant.now();
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
            events.publish(new LogUpdate(job.id(), ++seqs[j], LogEntry.of(LogLevel.INFO, "t=" + micros, now)));
            int percent = (int) Math.min(99, (slot / jobs.size()) % 100);
            events.publish(new ProgressUpdate(job.id(), ++seqs[j], percent, percent, 100));
            published += 2;
        }
        return published;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            LockSupport.parkNanos(200_000_000L);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}

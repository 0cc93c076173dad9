package io.leadjobs.examples.jetty;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.enrich.Enrichers;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the example: reads {@code LEADJOBS_JWT_SECRET} (required) and {@code PORT} (default 8080), starts the app on
 * Jetty with the library's offline enrichers, scores a demo job for the user {@code demo} and prints its leads,
 * then serves Socket.IO clients until stopped with Ctrl-C. Standard output carries only that report (the README shows
 * it); the log goes to standard error.
 */
public final class Main {

    /** Two leads scored in milliseconds by the offline enrichers; the wait only guards against a stuck service. */
    static final long DEMO_TIMEOUT_SECONDS = 60;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String secret = System.getenv().getOrDefault("LEADJOBS_JWT_SECRET", "");
        if (secret.isBlank()) {
            throw new IllegalStateException(
                    "Set LEADJOBS_JWT_SECRET to the HS256 secret (at least 32 bytes) that client tokens are signed with");
        }
        String portSetting = System.getenv().getOrDefault("PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(portSetting.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("PORT must be a number from 0 to 65535, was '" + portSetting + "'", e);
        }

        EmbeddedJettyApp app = EmbeddedJettyApp.start(port, secret, Enrichers.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "leadjobs-example-shutdown"));
        runDemo(app, System.out);
        stopped.await();
    }

    /**
     * Prints where the app listens, submits the demo job for the user {@code demo}, waits for it to complete (at most
     * {@value #DEMO_TIMEOUT_SECONDS} s) and prints each lead's score, grade and the rules that applied, then how to
     * subscribe to the job. The README shows what this prints.
     */
    static void runDemo(EmbeddedJettyApp app, PrintStream out) throws InterruptedException {
        out.printf("Socket.IO on http://localhost:%d/socket.io/ (Jetty, polling and WebSocket)%n", app.port());

        CountDownLatch scored = new CountDownLatch(1);
        app.jobs().events().addListener(update -> {
            if (update instanceof CompleteUpdate) {   // the demo job is the only job this host submits
                scored.countDown();
            }
        });
        Job demo = app.jobs().submit("demo", JobRequest.of("Demo leads", List.of(
                Lead.builder().email("jane.doe@acme.com").title("CTO").company("Acme Corp").build(),
                Lead.builder().email("sam.smith@gmail.com").title("Marketing Manager").build())));
        if (!scored.await(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Demo job " + demo.id() + " did not complete within " + DEMO_TIMEOUT_SECONDS
                    + " s; the job service's log on standard error says where it stands");
        }
        out.printf("Demo job %s (user demo) completed:%n", demo.id());
        for (LeadResult lead : app.jobs().results("demo", demo.id(), 0, 10)) {
            String rules = lead.score().reasons().stream().map(ScoreReason::rule).collect(Collectors.joining(", "));
            out.printf("  %-22s %3d %s [%s]%n", lead.lead().email(), lead.score().score(), lead.score().grade(), rules);
        }
        out.println("Subscribe with a Socket.IO client: auth {token: <HS256 JWT, sub=demo>}, "
                + "emit subscribe-job " + demo.id() + ". Ctrl-C stops.");
    }
}

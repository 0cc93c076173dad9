package io.leadjobs.examples.tomcat;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.ScoreReason;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the example: reads {@code LEADJOBS_JWT_SECRET} (required), {@code PORT} (default 8080) and
 * {@code LEADJOBS_CUSTOMERS} (comma-separated company names or domains, default {@code Acme Corp,initech.com}),
 * starts the app, scores a demo job for the user {@code demo} and prints its leads, then serves
 * Socket.IO clients until stopped with Ctrl-C. Standard output carries only that report (the README shows
 * it); the log goes to standard error.
 */
public final class Main {

    static final String DEFAULT_CUSTOMERS = "Acme Corp,initech.com";

    /** Three leads scored in milliseconds by the offline enrichers; the wait only guards against a stuck service. */
    private static final long DEMO_TIMEOUT_SECONDS = 60;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String secret = env("LEADJOBS_JWT_SECRET").orElseThrow(() -> new IllegalStateException(
                "Set LEADJOBS_JWT_SECRET to the HS256 secret (at least 32 bytes) that client tokens are signed with"));
        int port = Integer.parseInt(env("PORT").orElse("8080"));
        List<String> customers = customers(env("LEADJOBS_CUSTOMERS").orElse(DEFAULT_CUSTOMERS));

        EmbeddedTomcatApp app = EmbeddedTomcatApp.start(port, secret, CustomerDirectory.of(customers));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stop.countDown();
        }, "leadjobs-example-shutdown"));
        runDemo(app, customers, System.out);
        stop.await();
    }

    static List<String> customers(String commaSeparated) {
        return Arrays.asList(commaSeparated.split(","));
    }

    /**
     * Prints where the app listens, submits the demo job for the user {@code demo}, waits for it to complete
     * and prints each lead's score, grade and the rules that applied, then how to subscribe to the job.
     */
    static void runDemo(EmbeddedTomcatApp app, List<String> customers, PrintStream out) throws InterruptedException {
        out.printf("Socket.IO on http://localhost:%d/socket.io/ (customers: %s)%n", app.port(), customers);

        CountDownLatch done = new CountDownLatch(1);
        app.jobs().events().addListener(update -> {
            if (update instanceof CompleteUpdate) {   // the demo job is the only job this host submits
                done.countDown();
            }
        });
        Job demo = app.jobs().submit("demo", JobRequest.of("Demo leads", List.of(
                Lead.builder().email("jane.doe@acme.com").title("CTO").company("Acme Corp").build(),
                Lead.builder().email("bob@initech.com").title("Sales Manager").build(),
                Lead.builder().email("sam.smith@gmail.com").title("Marketing Manager").build())));
        if (!done.await(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Demo job " + demo.id() + " did not complete within "
                    + DEMO_TIMEOUT_SECONDS + " s; see the job service's log on standard error");
        }
        out.printf("Demo job %s (user demo) completed:%n", demo.id());
        for (LeadResult result : app.jobs().results("demo", demo.id(), 0, 10)) {
            out.printf("  %-22s %3d %s %s%n", result.lead().email(), result.score().score(),
                    result.score().grade(), result.score().reasons().stream().map(ScoreReason::rule).toList());
        }
        out.println("Subscribe with a Socket.IO client: auth {token: <HS256 JWT, sub=demo>}, "
                + "emit subscribe-job " + demo.id() + ". Ctrl-C stops.");
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}

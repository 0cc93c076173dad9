package io.leadjobs.examples.tomcat;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the example: reads {@code LEADJOBS_JWT_SECRET} (required), {@code PORT} (default 8080) and
 * {@code LEADJOBS_CUSTOMERS} (comma-separated company names or domains, default {@code Acme Corp,initech.com}),
 * starts the app, scores a demo job for the user {@code demo} and prints its leads, then serves
 * Socket.IO clients until stopped with Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String secret = env("LEADJOBS_JWT_SECRET").orElseThrow(() -> new IllegalStateException(
                "Set LEADJOBS_JWT_SECRET to the HS256 secret (at least 32 bytes) that client tokens are signed with"));
        int port = Integer.parseInt(env("PORT").orElse("8080"));
        List<String> customers = Arrays.asList(env("LEADJOBS_CUSTOMERS").orElse("Acme Corp,initech.com").split(","));

        EmbeddedTomcatApp app = EmbeddedTomcatApp.start(port, secret, CustomerDirectory.of(customers));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stop.countDown();
        }, "leadjobs-example-shutdown"));
        System.out.printf("Socket.IO on http://localhost:%d/socket.io/ (customers: %s)%n", app.port(), customers);

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
        done.await();
        System.out.printf("Demo job %s (user demo) completed:%n", demo.id());
        for (LeadResult result : app.jobs().results("demo", demo.id(), 0, 10)) {
            System.out.printf("  %-22s %3d %s %s%n", result.lead().email(), result.score().score(),
                    result.score().grade(), result.score().reasons().stream().map(r -> r.rule()).toList());
        }
        System.out.println("Subscribe with a Socket.IO client: auth {token: <HS256 JWT, sub=demo>}, "
                + "emit subscribe-job " + demo.id() + ". Ctrl-C stops.");
        stop.await();
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}

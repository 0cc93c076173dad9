package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Log lines about a job carry its id in the MDC ({@code jobId}), on the threads that do the job's work. */
class JobIdInLogsTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger leadjobs = (Logger) LoggerFactory.getLogger("io.leadjobs");
    private RunningServer running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        leadjobs.detachAppender(appender);
        appender.stop();
    }

    @Test
    void theLogLineOfAFailingEnricherCarriesTheJobIdInTheMdc() throws Exception {
        appender.start();
        leadjobs.addAppender(appender);
        running = RunningServer.start(Map.of(), s -> {
            List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
            enrichers.add(new LeadEnricher() {
                @Override
                public String name() {
                    return "crm_lookup";
                }

                @Override
                public void enrich(Lead lead, EnrichmentContext context) {
                    throw new IllegalStateException("CRM answered 503");
                }
            });
            return enrichers;
        });
        String jobId = running.submitCsv("alice", "email,title\njane@acme.com,CTO\nsam@globex.com,Engineer\n");

        ILoggingEvent failure = await().atMost(Duration.ofSeconds(20)).until(() -> appender.list.stream()
                .filter(e -> e.getFormattedMessage().contains("enricher crm_lookup failed")).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(failure.getLevel().toString()).isEqualTo("WARN");
        assertThat(failure.getFormattedMessage()).contains("CRM answered 503");
        assertThat(failure.getMDCPropertyMap()).containsEntry("jobId", jobId);
        assertThat(failure.getThreadName()).matches("leadjobs-(enrich|worker)-\\d+");
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("enricher crm_lookup failed"))
                .as("logged once per job and enricher").hasSize(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> appender.list.stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("Job " + jobId + " completed")));
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().startsWith("Job " + jobId + " "))
                .filteredOn(e -> e.getThreadName().startsWith("leadjobs-worker"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("jobId", jobId));
    }
}

package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Jobs, leads and results for the JDBC store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private Fixtures() {
    }

    static Job queuedJob(String owner, int leads, Instant createdAt) {
        return Job.queued(UUID.randomUUID(), owner, "upload of " + owner, leads, 0, createdAt);
    }

    static Lead lead(int i) {
        return Lead.builder()
                .email("person" + i + "@example" + (i % 7) + ".com")
                .firstName("First" + i)
                .lastName("Last; \"quoted\" = " + i)
                .company("Company " + i)
                .title(i % 2 == 0 ? "VP of Sales" : "Engineer")
                .website("https://example" + (i % 7) + ".com")
                .phone("+1 415 555 " + String.format("%04d", i))
                .country("US")
                .extra("industry", "Software, SaaS")
                .extra("notes", "line one\nline two; with = and : and \\ backslash")
                .build();
    }

    static List<AcceptedLead> accepted(int count) {
        List<AcceptedLead> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new AcceptedLead(i, i + 2, lead(i)));
        }
        return out;
    }

    static Enrichment richEnrichment(int i) {
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("mx_host", "mx" + i + ".example.com");
        signals.put("free_email", i % 2 == 0);
        signals.put("employees", 120 + i);
        signals.put("revenue", 9_000_000_000L + i);
        signals.put("confidence", 0.75 + i / 1000.0);
        signals.put("tags", List.of("saas", "b2b;eu", ""));
        signals.put("empty_tags", List.of());
        return new Enrichment(signals);
    }

    static LeadResult result(AcceptedLead accepted, int score) {
        LeadScore s = new LeadScore(score, score >= 70 ? Grade.A : Grade.C, score >= 70, List.of(
                new ScoreReason("title_seniority", 20, "VP of Sales, senior"),
                new ScoreReason("free_email", -10, "gmail.com; free provider")));
        return new LeadResult(accepted.index(), accepted.row(), accepted.lead(), richEnrichment(accepted.index()), s, score % 3 != 0);
    }

    static List<LeadResult> results(List<AcceptedLead> leads, int from, int to, int score) {
        List<LeadResult> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(result(leads.get(i), score));
        }
        return out;
    }

    static LogEntry log(String message, int second) {
        return LogEntry.of(LogLevel.INFO, message, T0.plusSeconds(second).plusNanos(7));
    }
}

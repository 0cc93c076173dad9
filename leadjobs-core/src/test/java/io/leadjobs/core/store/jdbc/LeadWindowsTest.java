package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadWindowsTest {
    private final List<AcceptedLead> leads = accepted(100);

    @Test
    void servesWhatAWindowCoversAndNothingElse() {
        LeadWindows windows = new LeadWindows(4, 1000);
        UUID job = UUID.randomUUID();
        windows.put(job, 20, 50, leads.subList(20, 70));

        assertThat(windows.get(job, 20, 50)).contains(leads.subList(20, 70));
        assertThat(windows.get(job, 30, 5)).contains(leads.subList(30, 35));
        assertThat(windows.get(job, 10, 15)).isEmpty();
        assertThat(windows.get(job, 60, 20)).isEmpty();
        assertThat(windows.get(UUID.randomUUID(), 20, 5)).isEmpty();
    }

    @Test
    void dropsTheLeastRecentlyUsedWindowsBeyondItsJobsOrItsLeads() {
        LeadWindows windows = new LeadWindows(2, 100);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        windows.put(a, 0, 30, leads.subList(0, 30));
        windows.put(b, 0, 30, leads.subList(0, 30));
        windows.get(a, 0, 1);
        windows.put(c, 0, 30, leads.subList(0, 30));

        assertThat(windows.get(b, 0, 1)).as("least recently used of three, two allowed").isEmpty();
        assertThat(windows.get(a, 0, 1)).isPresent();
        assertThat(windows.get(c, 0, 1)).isPresent();
        assertThat(windows.held()).isEqualTo(60);

        windows.put(b, 0, 80, leads.subList(0, 80));
        assertThat(windows.held()).as("80 + 30 is over 100 leads: the eldest goes").isEqualTo(80);
        assertThat(windows.get(b, 0, 80)).isPresent();
        assertThat(windows.get(a, 0, 1)).isEmpty();
        assertThat(windows.get(c, 0, 1)).isEmpty();

        windows.put(a, 0, 101, accepted(101));
        assertThat(windows.get(a, 0, 1)).as("a window over the whole bound is not kept").isEmpty();
        assertThat(windows.held()).isEqualTo(80);

        windows.put(b, 0, 10, leads.subList(0, 10));
        assertThat(windows.held()).as("a job's new window replaces its old one").isEqualTo(10);
    }
}

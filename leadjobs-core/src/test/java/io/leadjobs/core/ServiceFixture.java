package io.leadjobs.core;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Builds services for a test and closes them after it. */
abstract class ServiceFixture {
    private final List<JobService> services = new ArrayList<>();

    @AfterEach
    void closeServices() {
        services.forEach(JobService::close);
    }

    JobService built(JobService.Builder builder) {
        JobService s = builder.build();
        services.add(s);
        return s;
    }

    JobService started(JobService.Builder builder) {
        JobService s = built(builder);
        s.start();
        return s;
    }

    static Lead lead(int i) {
        return Lead.builder().email("person" + i + "@acme" + i + ".com").firstName("P" + i).lastName("Q")
                .company("Acme " + i).title(i % 2 == 0 ? "VP Sales" : "Engineer").build();
    }

    static List<Lead> leads(int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(lead(i));
        }
        return out;
    }
}

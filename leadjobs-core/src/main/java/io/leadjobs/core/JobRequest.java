package io.leadjobs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a host submits: a job name, the leads with their 1-based data row in the upload, and the rows an
 * upstream parser already rejected (they are reported with the job's results, not scored).
 */
public record JobRequest(String name, List<Row> rows, List<RejectedRow> rejected) {

    public JobRequest {
        Objects.requireNonNull(name, "name");
        rows = List.copyOf(rows);
        rejected = List.copyOf(rejected);
    }

    /** A request whose leads are numbered as rows 1, 2, 3 ... in list order. */
    public static JobRequest of(String name, List<Lead> leads) {
        Builder b = builder().name(name);
        for (int i = 0; i < leads.size(); i++) {
            b.row(i + 1, leads.get(i));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One input lead and its 1-based data row in the upload (the header is not a data row). */
    public record Row(int row, Lead lead) {
        public Row {
            Objects.requireNonNull(lead, "lead");
        }
    }

    /** Builds a {@link JobRequest}; row numbers are checked by the job service at submit. */
    public static final class Builder {
        private String name = "";
        private final List<Row> rows = new ArrayList<>();
        private final List<RejectedRow> rejected = new ArrayList<>();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder row(int row, Lead lead) {
            rows.add(new Row(row, lead));
            return this;
        }

        public Builder rejected(int row, String reason) {
            rejected.add(new RejectedRow(row, reason));
            return this;
        }

        /** A row the host could not turn into a lead, with the fields it did read from it. */
        public Builder rejected(int row, String reason, Lead input) {
            rejected.add(new RejectedRow(row, reason, input));
            return this;
        }

        public JobRequest build() {
            return new JobRequest(name, rows, rejected);
        }
    }
}

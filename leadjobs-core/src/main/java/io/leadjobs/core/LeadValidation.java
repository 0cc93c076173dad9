package io.leadjobs.core;

import io.leadjobs.core.enrich.Domains;
import io.leadjobs.core.enrich.EmailAddress;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a job request at submit: row numbers, counts, and whether each lead can be scored at all. */
final class LeadValidation {
    private static final int MAX_ECHO = 80;

    private LeadValidation() {
    }

    record Validated(String name, List<AcceptedLead> accepted, List<RejectedRow> rejected) {
    }

    static Validated validate(JobRequest request, int maxLeads) {
        List<JobRequest.Row> rows = request.rows();
        if (rows.isEmpty() && request.rejected().isEmpty()) {
            throw new JobValidationException("A job needs at least one lead, but the request has none.");
        }
        if (rows.size() > maxLeads) {
            throw new JobValidationException("The request has " + rows.size()
                    + " leads, more than the maximum of " + maxLeads + " a job may have.");
        }
        List<JobValidationException.Detail> badNumbers = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JobRequest.Row r : rows) {
            checkRowNumber(r.row(), seen, badNumbers);
        }
        for (RejectedRow r : request.rejected()) {
            checkRowNumber(r.row(), seen, badNumbers);
        }
        if (!badNumbers.isEmpty()) {
            badNumbers.sort(Comparator.comparingInt(JobValidationException.Detail::row));
            throw new JobValidationException(badNumbers.size() == 1
                    ? "One row has an invalid row number; rows are numbered from 1 and each number is used once."
                    : badNumbers.size() + " rows have invalid row numbers; rows are numbered from 1 and each number is used once.",
                    badNumbers);
        }

        List<AcceptedLead> accepted = new ArrayList<>(rows.size());
        List<RejectedRow> rejected = new ArrayList<>(request.rejected());
        for (JobRequest.Row r : rows) {
            String problem = unusable(r.lead());
            if (problem == null) {
                accepted.add(new AcceptedLead(accepted.size(), r.row(), r.lead()));
            } else {
                rejected.add(new RejectedRow(r.row(), problem, r.lead()));
            }
        }
        rejected.sort(Comparator.comparingInt(RejectedRow::row));
        if (accepted.isEmpty()) {
            List<JobValidationException.Detail> details = rejected.stream()
                    .map(r -> new JobValidationException.Detail(r.row(), r.reason())).toList();
            throw new JobValidationException(rejected.size() == 1
                    ? "The only row cannot be scored; see the reason given for it."
                    : "None of the " + rejected.size() + " rows can be scored; see the reason given for each row.",
                    details);
        }
        String name = request.name().strip();
        return new Validated(name.isEmpty() ? "Untitled job" : name, accepted, rejected);
    }

    private static void checkRowNumber(int row, Set<Integer> seen, List<JobValidationException.Detail> bad) {
        if (row < 1) {
            bad.add(new JobValidationException.Detail(row, "row number " + row + " is not 1 or more"));
        } else if (!seen.add(row)) {
            bad.add(new JobValidationException.Detail(row, "row number " + row + " is used more than once"));
        }
    }

    /** Why the lead cannot be scored, or null if it has a valid email or a website or company domain. */
    private static String unusable(Lead lead) {
        if (EmailAddress.parse(lead.email()).isPresent()
                || Domains.hostOf(lead.website()).isPresent()
                || Domains.hostOf(lead.company()).filter(h -> h.indexOf('.') > 0 && !lead.company().contains(" ")).isPresent()) {
            return null;
        }
        StringBuilder why = new StringBuilder();
        if (lead.email().isEmpty()) {
            why.append("no email address");
        } else {
            why.append("email \"").append(echo(lead.email())).append("\" is not a valid address");
        }
        if (lead.website().isEmpty()) {
            why.append(", and no website or company domain");
        } else {
            why.append(", and website \"").append(echo(lead.website())).append("\" has no valid domain");
        }
        return why.toString();
    }

    private static String echo(String s) {
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }
}

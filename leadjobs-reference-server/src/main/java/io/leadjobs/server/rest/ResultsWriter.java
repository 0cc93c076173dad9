package io.leadjobs.server.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.ScoreReason;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a job's results as they are read, one page of leads at a time, so that a job of any size is never held
 * in memory whole: JSON ({@code { jobId, leads: [...], rejected: [...] }}) or CSV (one line per lead, then one per
 * rejected row, one column per signal, cells safe to open in a spreadsheet).
 */
final class ResultsWriter {

    /** Leads read from the job service at a time. */
    static final int PAGE = 500;

    /** The keys of a lead object besides its input fields; an extra input field of the same name is written as {@code input_<name>}. */
    private static final Set<String> RESERVED = Set.of("index", "row", "score", "grade", "high_score", "reasons",
            "enrichment", "rejected_reason");

    private final JobService jobs;
    private final ObjectMapper mapper;

    ResultsWriter(JobService jobs, ObjectMapper mapper) {
        this.jobs = jobs;
        this.mapper = mapper;
    }

    void json(String user, UUID jobId, OutputStream out) throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jobId", jobId.toString());
            g.writeArrayFieldStart("leads");
            int from = 0;
            while (true) {
                List<LeadResult> page = jobs.results(user, jobId, from, PAGE);
                for (LeadResult result : page) {
                    lead(g, result);
                }
                if (page.size() < PAGE) {
                    break;
                }
                from += page.size();
                g.flush();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rejected");
            for (RejectedRow rejected : jobs.rejected(user, jobId)) {
                g.writeStartObject();
                g.writeNumberField("row", rejected.row());
                g.writeStringField("reason", rejected.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void lead(JsonGenerator g, LeadResult result) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", result.index());
        g.writeNumberField("row", result.row());
        for (Map.Entry<String, String> field : inputFields(result.lead()).entrySet()) {
            g.writeStringField(field.getKey(), field.getValue());
        }
        g.writeNumberField("score", result.score().score());
        g.writeStringField("grade", result.score().grade().name());
        g.writeBooleanField("high_score", result.score().highScore());
        g.writeArrayFieldStart("reasons");
        for (ScoreReason reason : result.score().reasons()) {
            g.writeStartObject();
            g.writeStringField("rule", reason.rule());
            g.writeNumberField("points", reason.points());
            g.writeStringField("detail", reason.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("enrichment");
        mapper.writeValue(g, result.enrichment().signals());
        g.writeEndObject();
    }

    /** The lead's input fields in upload order: the known columns, then the extra ones. */
    static Map<String, String> inputFields(Lead lead) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("email", lead.email());
        fields.put("first_name", lead.firstName());
        fields.put("last_name", lead.lastName());
        fields.put("company", lead.company());
        fields.put("title", lead.title());
        fields.put("website", lead.website());
        fields.put("phone", lead.phone());
        fields.put("country", lead.country());
        for (Map.Entry<String, String> extra : lead.extra().entrySet()) {
            String key = extra.getKey();
            fields.put(RESERVED.contains(key) || CsvLeads.KNOWN_COLUMNS.contains(key) ? "input_" + key : key,
                    extra.getValue());
        }
        return fields;
    }

    /**
     * The enrichment signals that get a column of their own in the CSV, in this order; a signal not listed
     * here (from a host's own enricher) gets a column after them, in the order first seen.
     */
    static final List<String> MAIN_SIGNALS = List.of("email_valid", "email_domain", "free_email", "disposable_email",
            "role_account", "seniority", "department", "company_domain", "company_domain_source",
            "email_matches_website", "phone_valid", "phone_e164", "phone_country", "phone_type", "dns_status", "has_mx",
            "mx_hosts", "mail_provider", "domain_resolves", "has_spf", "has_dmarc", "dmarc_policy", "website_reachable",
            "website_http_status", "website_final_url", "website_https", "website_title", "website_description",
            "website_error");

    /** What a cell may not start with, or a spreadsheet reads it as a formula (OWASP CSV injection). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    /**
     * CSV: {@code index,row,<input fields>,score,grade,high_score,reasons,<one column per signal>,rejected_reason};
     * rejected rows come last with their row, the input fields they had and {@code rejected_reason}. The extra
     * input columns and the signals beyond {@link #MAIN_SIGNALS} are found by a first pass over the pages that
     * keeps their names only. Every cell that starts with {@code = + - @}, a tab or a carriage return is written
     * with a leading {@code '} so that a spreadsheet shows it as text instead of running it. With {@code bom} the
     * file starts with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
     */
    void csv(String user, UUID jobId, boolean bom, OutputStream out) throws IOException {
        Set<String> extraColumns = new LinkedHashSet<>();
        Set<String> signalColumns = new LinkedHashSet<>(MAIN_SIGNALS);
        int from = 0;
        while (true) {
            List<LeadResult> page = jobs.results(user, jobId, from, PAGE);
            for (LeadResult result : page) {
                for (String key : inputFields(result.lead()).keySet()) {
                    if (!CsvLeads.KNOWN_COLUMNS.contains(key)) {
                        extraColumns.add(key);
                    }
                }
                signalColumns.addAll(result.enrichment().signals().keySet());
            }
            if (page.size() < PAGE) {
                break;
            }
            from += page.size();
        }
        List<RejectedRow> rejectedRows = jobs.rejected(user, jobId);
        for (RejectedRow rejected : rejectedRows) {
            for (String key : inputFields(rejected.input()).keySet()) {
                if (!CsvLeads.KNOWN_COLUMNS.contains(key)) {
                    extraColumns.add(key);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("index", "row"));
        header.addAll(CsvLeads.KNOWN_COLUMNS);
        header.addAll(extraColumns);
        header.addAll(List.of("score", "grade", "high_score", "reasons"));
        header.addAll(signalColumns);
        header.add("rejected_reason");

        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (bom) {
            writer.write('\uFEFF');
        }
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
            csv.printRecord(neutralised(header));
            from = 0;
            while (true) {
                List<LeadResult> page = jobs.results(user, jobId, from, PAGE);
                for (LeadResult result : page) {
                    Map<String, String> fields = inputFields(result.lead());
                    List<String> line = new ArrayList<>(header.size());
                    line.add(Integer.toString(result.index()));
                    line.add(Integer.toString(result.row()));
                    for (String column : CsvLeads.KNOWN_COLUMNS) {
                        line.add(fields.get(column));
                    }
                    for (String column : extraColumns) {
                        line.add(fields.getOrDefault(column, ""));
                    }
                    line.add(Integer.toString(result.score().score()));
                    line.add(result.score().grade().name());
                    line.add(Boolean.toString(result.score().highScore()));
                    line.add(reasons(result.score().reasons()));
                    Map<String, Object> signals = result.enrichment().signals();
                    for (String column : signalColumns) {
                        line.add(signalText(signals.get(column)));
                    }
                    line.add("");
                    csv.printRecord(neutralised(line));
                }
                if (page.size() < PAGE) {
                    break;
                }
                from += page.size();
                csv.flush();
            }
            for (RejectedRow rejected : rejectedRows) {
                Map<String, String> fields = inputFields(rejected.input());
                List<String> line = new ArrayList<>(header.size());
                line.add("");
                line.add(Integer.toString(rejected.row()));
                for (String column : CsvLeads.KNOWN_COLUMNS) {
                    line.add(fields.get(column));
                }
                for (String column : extraColumns) {
                    line.add(fields.getOrDefault(column, ""));
                }
                while (line.size() < header.size() - 1) {
                    line.add("");
                }
                line.add(rejected.reason());
                csv.printRecord(neutralised(line));
            }
        }
    }

    /** A signal's value as a cell: lists joined by spaces, nothing for an absent signal. */
    private static String signalText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder();
            for (Object item : list) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(item);
            }
            return text.toString();
        }
        return value.toString();
    }

    private static List<String> neutralised(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String cell : cells) {
            out.add(neutralise(cell));
        }
        return out;
    }

    /** OWASP's rule for CSV injection: a cell that a spreadsheet would read as a formula gets a leading {@code '}. */
    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    /** {@code detail (+points); ...}: the readable sentence of each reason (its rule id where it has none). */
    private static String reasons(List<ScoreReason> reasons) {
        StringBuilder text = new StringBuilder();
        for (ScoreReason reason : reasons) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(reason.detail().isEmpty() ? reason.rule() : reason.detail())
                    .append(" (").append(reason.points() >= 0 ? "+" : "").append(reason.points()).append(')');
        }
        return text.toString();
    }
}

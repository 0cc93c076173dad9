package io.leadjobs.server.rest;

import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.server.rest.ApiException.Detail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Turns the rows of a table (a CSV or the first sheet of an .xlsx) into a {@link JobRequest}, one row at a time,
 * checking every {@link UploadLimits limit} as each row arrives: the header's columns, each field's length, the
 * number of rows (blank ones included) and leads, and the heap the leads read so far take. Data rows are numbered
 * from 1 after the header; blank rows are skipped and not numbered.
 */
final class LeadTable {

    static final List<String> KNOWN_COLUMNS =
            List.of("email", "first_name", "last_name", "company", "title", "website", "phone", "country");

    /** Rough heap of one held lead: the lead, its map of extra fields, its row entry. */
    private static final long LEAD_BYTES = 200;
    /** Rough heap of one field besides its characters: the string and its map entry. */
    private static final long FIELD_BYTES = 40;

    private final UploadLimits limits;
    private final LongSupplier inputBytes;
    private final String source;
    private final JobRequest.Builder request;
    private List<String> header;
    private int row;
    private int lines;
    private long heldBytes;

    /**
     * @param source how messages name the table: {@code "CSV"} or {@code "sheet"}
     * @param inputBytes the bytes of the file read so far (for a workbook, the bytes it unpacks to)
     */
    LeadTable(UploadLimits limits, String source, String jobName, LongSupplier inputBytes) {
        this.limits = limits;
        this.inputBytes = inputBytes;
        this.source = source;
        this.request = JobRequest.builder().name(jobName);
    }

    boolean hasHeader() {
        return header != null;
    }

    /** The header's names, normalized; an empty list before the header. */
    List<String> columns() {
        return header == null ? List.of() : header;
    }

    /** The number of the data row that comes next. */
    int nextRow() {
        return row + 1;
    }

    /** A blank line or row: not numbered, but counted against the line limit. */
    void blank() {
        countLine();
    }

    /** The header row: checks its names and the number of columns. */
    void header(List<String> raw) {
        countLine();
        if (raw.size() > limits.maxColumns()) {
            throw ApiException.badRequest("The " + source + " header row has " + raw.size()
                    + " columns, more than the limit of " + limits.maxColumns() + ".", Detail.at(Detail.NO_ROW,
                    "column " + (limits.maxColumns() + 1), "An upload may have at most " + limits.maxColumns()
                            + " columns; remove the columns you do not need."));
        }
        List<String> names = new ArrayList<>(raw.size());
        List<Detail> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String text = raw.get(i).strip();
            if (i == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1).strip();
            }
            if (text.length() > limits.maxFieldChars()) {
                throw ApiException.badRequest("Column " + (i + 1) + " of the " + source + " header row is longer than "
                        + limits.maxFieldChars() + " characters.", Detail.at(Detail.NO_ROW, "column " + (i + 1),
                        "A column name may have at most " + limits.maxFieldChars() + " characters."));
            }
            String name = normalize(text);
            if (name.isEmpty()) {
                problems.add(Detail.at(Detail.NO_ROW, "column " + (i + 1),
                        "Column " + (i + 1) + " of the header row has no name."));
                names.add("");
                continue;
            }
            String key = KNOWN_COLUMNS.contains(name) ? name : text;
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                problems.add(Detail.at(Detail.NO_ROW, text, "Column '" + text + "' appears twice in the header row."));
            }
            names.add(key);
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "The " + source + " header row is not usable.", problems);
        }
        if (!names.contains("email") && !names.contains("website")) {
            throw new ApiException(400, "The " + source + " header row names neither an email nor a website column.",
                    List.of(Detail.of("Found columns " + names + "; expected some of " + KNOWN_COLUMNS + ".")));
        }
        header = List.copyOf(names);
    }

    static String normalize(String headerName) {
        return headerName.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    /**
     * One data row after the header. Fields beyond the header are refused; missing trailing fields are empty.
     *
     * @param fields the row's fields in column order
     * @param overflowAdvice what to tell the user when the row has more fields than the header
     */
    void row(List<String> fields, String overflowAdvice) {
        countLine();
        int number = row + 1;
        if (number > limits.maxLeads()) {
            throw new ApiException(413, "The upload has more than " + limits.maxLeads() + " rows, the most a job may "
                    + "have.", List.of(Detail.row(number, "Row " + number + " is one more than the limit of "
                    + limits.maxLeads() + " rows; split the file into smaller ones.")));
        }
        if (fields.size() > header.size()) {
            int column = header.size() + 1;
            throw ApiException.badRequest("Row " + number + " has more fields than the header row.",
                    Detail.at(number, "column " + column, "Row " + number + " has " + fields.size()
                            + " fields but the header names " + header.size() + " columns; field " + column
                            + " has no column." + overflowAdvice));
        }
        row = number;
        long bytes = LEAD_BYTES + FIELD_BYTES * header.size();
        Lead.Builder lead = Lead.builder();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String value = i < fields.size() ? fields.get(i) : "";
            String name = header.get(i);
            if (value.length() > limits.maxFieldChars()) {
                throw ApiException.badRequest("Row " + number + ", column '" + name + "' is longer than "
                        + limits.maxFieldChars() + " characters.", Detail.at(number, name, "Row " + number
                        + ", column '" + name + "' has " + value.length() + " characters; a field may have at most "
                        + limits.maxFieldChars() + "."));
            }
            bytes += value.length();
            switch (name) {
                case "email" -> lead.email(value);
                case "first_name" -> lead.firstName(value);
                case "last_name" -> lead.lastName(value);
                case "company" -> lead.company(value);
                case "title" -> lead.title(value);
                case "website" -> lead.website(value);
                case "phone" -> lead.phone(value);
                case "country" -> lead.country(value);
                default -> extra.put(name, value);
            }
        }
        heldBytes += bytes;
        if (heldBytes > limits.maxHeldBytes()) {
            throw new ApiException(413, "The upload needs more memory than the server allows for one upload.",
                    List.of(Detail.row(number, "By row " + number + " the leads read take about "
                            + heldBytes / (1024 * 1024) + " MiB, over the limit of "
                            + limits.maxHeldBytes() / (1024 * 1024) + " MiB (" + header.size()
                            + " columns a row); remove empty columns or split the file.")));
        }
        long read = inputBytes.getAsLong();
        if (heldBytes > limits.heldAllowed(read)) {
            throw new ApiException(413, "The upload needs far more memory than a file of its size should.",
                    List.of(Detail.row(number, "By row " + number + " the leads read take about "
                            + heldBytes / 1024 + " KiB for " + read / 1024 + " KiB of file: " + header.size()
                            + " columns a row, most of them empty; remove the empty columns.")));
        }
        limits.memory().take(bytes, number);
        extra.forEach(lead::extra);
        request.row(number, lead.build());
    }

    private void countLine() {
        lines++;
        if (lines > limits.maxLines()) {
            throw new ApiException(413, "The " + source + " has more than " + limits.maxLines()
                    + " lines, blank ones included.", List.of(Detail.row(Math.max(row, 1), "Reading stopped after row "
                    + row + "; remove the blank lines or split the file.")));
        }
    }

    /** The request, once every row has been read; refuses a table without a header or data rows. */
    JobRequest build() {
        if (header == null) {
            throw ApiException.badRequest("The " + source + " is empty: it needs a header row naming the columns, "
                    + "such as email,first_name,last_name,company,title,website,phone,country.");
        }
        if (row == 0) {
            throw ApiException.badRequest("The " + source + " has a header row but no data rows.");
        }
        return request.build();
    }
}

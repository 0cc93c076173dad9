package io.leadjobs.server.rest;

import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.server.rest.ApiException.Detail;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an uploaded CSV (RFC 4180 with a header row; quoted fields, CRLF or LF, a byte-order mark) into a
 * {@link JobRequest}, streaming: one record at a time, never the whole text. Columns are matched by header name,
 * case- and spacing-insensitively ({@code First Name} is {@code first_name}); other columns become the lead's
 * extra fields. Rows numbered from 1 after the header; blank lines are skipped and not counted.
 *
 * <p>Problems that make the file unreadable answer 400 naming the row and the column: an unterminated quote, a
 * character after a closing quote, text that is not valid in the declared charset, a row with more fields than
 * the header, a header without a name, a duplicate column, no {@code email} or {@code website} column, no rows.
 * A row with fewer fields than the header has its missing trailing fields empty.
 */
final class CsvLeads {

    static final List<String> KNOWN_COLUMNS =
            List.of("email", "first_name", "last_name", "company", "title", "website", "phone", "country");

    private CsvLeads() {
    }

    static JobRequest read(InputStream body, Charset declared, boolean charsetDeclared, String jobName) {
        try {
            PushbackInputStream in = new PushbackInputStream(body, 3);
            Charset charset = skipByteOrderMark(in, declared, charsetDeclared);
            TrackingReader reader = new TrackingReader(new InputStreamReader(in, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
            return parse(reader, charset, jobName);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed: " + e.getMessage(), e);
        }
    }

    /** Skips a UTF-8 BOM; a UTF-16 BOM decides the charset when none was declared. */
    private static Charset skipByteOrderMark(PushbackInputStream in, Charset declared, boolean charsetDeclared)
            throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        if (n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return charsetDeclared ? declared : StandardCharsets.UTF_8;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF && !charsetDeclared) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE && !charsetDeclared) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16LE;
        }
        in.unread(head, 0, n);
        return declared;
    }

    private static JobRequest parse(TrackingReader reader, Charset charset, String jobName) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .get();
        JobRequest.Builder request = JobRequest.builder().name(jobName);
        int row = 0;
        List<String> header = null;
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw unreadable(e, header == null ? 0 : row + 1, header, reader, charset);
                }
                reader.recordStartsAt(record.getCharacterPosition());
                if (header == null) {
                    header = header(record);
                    continue;
                }
                row++;
                request.row(row, lead(record, header, row));
            }
        }
        if (header == null) {
            throw ApiException.badRequest("The CSV is empty: it needs a header row naming the columns, such as "
                    + "email,first_name,last_name,company,title,website,phone,country.");
        }
        if (row == 0) {
            throw ApiException.badRequest("The CSV has a header row but no data rows.");
        }
        return request.build();
    }

    /** The header's names, normalized; checks them. */
    private static List<String> header(CSVRecord record) {
        List<String> names = new ArrayList<>(record.size());
        List<Detail> problems = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < record.size(); i++) {
            String raw = record.get(i).strip();
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1).strip();
            }
            String name = normalize(raw);
            if (name.isEmpty()) {
                problems.add(Detail.at(Detail.NO_ROW, "column " + (i + 1),
                        "Column " + (i + 1) + " of the header row has no name."));
                names.add("");
                continue;
            }
            String key = KNOWN_COLUMNS.contains(name) ? name : raw;
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                problems.add(Detail.at(Detail.NO_ROW, raw, "Column '" + raw + "' appears twice in the header row."));
            }
            names.add(key);
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "The CSV header row is not usable.", problems);
        }
        if (!names.contains("email") && !names.contains("website")) {
            throw new ApiException(400, "The CSV header row names neither an email nor a website column.",
                    List.of(Detail.of("Found columns " + names + "; expected some of " + KNOWN_COLUMNS + ".")));
        }
        return List.copyOf(names);
    }

    static String normalize(String headerName) {
        return headerName.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    private static Lead lead(CSVRecord record, List<String> header, int row) {
        if (record.size() > header.size()) {
            int column = header.size() + 1;
            throw ApiException.badRequest("Row " + row + " has more fields than the header row.",
                    Detail.at(row, "column " + column, "Row " + row + " has " + record.size() + " fields but the header "
                            + "names " + header.size() + " columns; field " + column + " has no column. Quote fields "
                            + "that contain commas."));
        }
        Lead.Builder lead = Lead.builder();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String value = i < record.size() ? record.get(i) : "";
            String name = header.get(i);
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
        extra.forEach(lead::extra);
        return lead.build();
    }

    private static ApiException unreadable(RuntimeException e, int row, List<String> header, TrackingReader reader,
                                           Charset charset) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CharacterCodingException) {
                String where = row == 0 ? "the header row" : "row " + row;
                return new ApiException(400, "The CSV is not valid " + charset.name() + " text.", List.of(
                        Detail.at(Math.max(row, Detail.NO_ROW), "", "Bytes in " + where + " are not valid " + charset.name()
                                + "; send UTF-8, or name the file's charset in the Content-Type, such as "
                                + "text/csv; charset=windows-1252.")));
            }
            cause = cause.getCause();
        }
        int field = reader.failingField();
        String column = header != null && field >= 1 && field <= header.size() ? header.get(field - 1)
                : "column " + Math.max(field, 1);
        String where = row == 0 ? "The header row" : "Row " + row;
        String what = reader.unterminatedQuote()
                ? "has a quoted field that is never closed: a double quote inside a quoted field must be doubled (\"\")"
                : "has text after the closing quote of a field: quote the whole field and double the quotes inside it";
        return new ApiException(400, where + " of the CSV cannot be read.",
                List.of(Detail.at(row, column, where + ", column '" + column + "' " + what + ".")));
    }

    /**
     * Keeps the text read since the start of the current record, so that a record the parser cannot read can be
     * scanned again to tell which field is at fault. Holds one record and the parser's read-ahead at most.
     */
    private static final class TrackingReader extends Reader {
        private final Reader in;
        private final StringBuilder pending = new StringBuilder();
        private long pendingStart;
        private long lastRecordStart = -1;
        private boolean unterminated;

        TrackingReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                pending.append(buffer, offset, n);
            }
            return n;
        }

        /** A record was read whole: the text before its start is no longer needed. */
        void recordStartsAt(long position) {
            if (position > pendingStart) {
                int drop = (int) Math.min(pending.length(), position - pendingStart);
                pending.delete(0, drop);
                pendingStart += drop;
            }
            lastRecordStart = position;
        }

        boolean unterminatedQuote() {
            return unterminated;
        }

        /**
         * The 1-based field of the record after the last good one where quoting goes wrong: scans the last good
         * record to find where the failing one starts, then the failing one.
         */
        int failingField() {
            int i = 0;
            if (lastRecordStart >= 0) {
                i = skipRecord(0);
            }
            // skip blank lines, as the parser does
            while (i < pending.length() && (pending.charAt(i) == '\r' || pending.charAt(i) == '\n')) {
                i++;
            }
            int field = 1;
            boolean atFieldStart = true;
            while (i < pending.length()) {
                char c = pending.charAt(i);
                if (atFieldStart && c == '"') {
                    int close = closingQuote(i + 1);
                    if (close < 0) {
                        unterminated = true;
                        return field;
                    }
                    i = close + 1;
                    if (i < pending.length()) {
                        char next = pending.charAt(i);
                        if (next != ',' && next != '\r' && next != '\n') {
                            return field;
                        }
                    }
                    atFieldStart = false;
                    continue;
                }
                if (c == ',') {
                    field++;
                    atFieldStart = true;
                } else if (c == '\r' || c == '\n') {
                    return field;
                } else {
                    atFieldStart = false;
                }
                i++;
            }
            return field;
        }

        /** Index just after the record starting at {@code from} (after its line break). */
        private int skipRecord(int from) {
            int i = from;
            boolean atFieldStart = true;
            while (i < pending.length()) {
                char c = pending.charAt(i);
                if (atFieldStart && c == '"') {
                    int close = closingQuote(i + 1);
                    if (close < 0) {
                        return pending.length();
                    }
                    i = close + 1;
                    atFieldStart = false;
                    continue;
                }
                if (c == '\n') {
                    return i + 1;
                }
                if (c == '\r') {
                    return i + 1 < pending.length() && pending.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                }
                atFieldStart = c == ',';
                i++;
            }
            return i;
        }

        /** Index of the quote that closes a quoted field whose text starts at {@code from}, or -1. */
        private int closingQuote(int from) {
            int i = from;
            while (i < pending.length()) {
                if (pending.charAt(i) == '"') {
                    if (i + 1 < pending.length() && pending.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    return i;
                }
                i++;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

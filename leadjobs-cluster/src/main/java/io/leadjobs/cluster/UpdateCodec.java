package io.leadjobs.cluster;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import io.leadjobs.core.spi.EscapedText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The text form in which job updates travel between servers, without a JSON library: fields separated by
 * {@code |}, the first four always {@code u1|jobId|seq|type}, then the type's own fields:
 *
 * <pre>
 * u1|5f0e...|7|progress|40|400|1000
 * u1|5f0e...|1|status|processing|Job started
 * u1|5f0e...|2|log|info|2026-01-05T09:00:00Z|Processing 1000 leads
 * u1|5f0e...|9|complete|completed|1000|1000|990|120|3|61.5|A=120,B=300,C=400,D=100,E=50,F=20
 * u1|5f0e...|9|error|failed|Database unavailable
 * </pre>
 *
 * Inside a field, {@code \} and {@code |} are escaped with a backslash and newline, carriage return and
 * NUL (which a PostgreSQL NOTIFY payload cannot hold) become {@code \n}, {@code \r} and {@code \0}: the
 * {@link EscapedText} rules, which the JDBC store's text follows too.
 * Decoding gives back an equal record.
 */
final class UpdateCodec {
    static final String VERSION = "u1";
    private static final char SEP = '|';
    private static final char ESCAPE = EscapedText.ESCAPE;
    private static final EscapedText ESCAPING = EscapedText.separators(SEP);

    private UpdateCodec() {
    }

    static String encode(JobUpdate update) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(VERSION).append(SEP).append(update.jobId()).append(SEP).append(update.seq()).append(SEP).append(update.type());
        if (update instanceof ProgressUpdate p) {
            fields(sb, Integer.toString(p.progress()), Integer.toString(p.processedLeads()), Integer.toString(p.totalLeads()));
        } else if (update instanceof StatusUpdate s) {
            fields(sb, s.status().wireName(), s.message());
        } else if (update instanceof LogUpdate l) {
            fields(sb, l.log().level().wireName(), l.log().timestamp().toString(), l.log().message());
        } else if (update instanceof ErrorUpdate e) {
            fields(sb, e.status().wireName(), e.error());
        } else if (update instanceof CompleteUpdate c) {
            JobSummary r = c.results();
            fields(sb, c.status().wireName(), Integer.toString(r.totalLeads()), Integer.toString(r.processedLeads()),
                    Integer.toString(r.enrichedLeads()), Integer.toString(r.highScoreLeads()),
                    Integer.toString(r.rejectedLeads()), Double.toString(r.averageScore()), grades(r.gradeCounts()));
        } else {
            throw new IllegalArgumentException("Job " + update.jobId() + ": unknown update type " + update.getClass().getName());
        }
        return sb.toString();
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @throws IllegalArgumentException naming the field that is malformed
     */
    static JobUpdate decode(String text) {
        List<String> f = split(text);
        if (f.size() < 4 || !VERSION.equals(f.get(0))) {
            throw malformed(text, "it does not start with '" + VERSION + "|jobId|seq|type'");
        }
        UUID jobId = uuid(f.get(1), text);
        long seq = parseLong(f.get(2), "seq", text);
        String type = f.get(3);
        return switch (type) {
            case "progress" -> {
                expect(f, 7, type, text);
                yield new ProgressUpdate(jobId, seq, parseInt(f.get(4), "progress", text), parseInt(f.get(5), "processedLeads", text),
                        parseInt(f.get(6), "totalLeads", text));
            }
            case "status" -> {
                expect(f, 6, type, text);
                yield new StatusUpdate(jobId, seq, status(f.get(4), text), f.get(5));
            }
            case "log" -> {
                expect(f, 7, type, text);
                yield new LogUpdate(jobId, seq, LogEntry.of(level(f.get(4), text), f.get(6), instant(f.get(5), text)));
            }
            case "error" -> {
                expect(f, 6, type, text);
                yield new ErrorUpdate(jobId, seq, status(f.get(4), text), f.get(5));
            }
            case "complete" -> {
                expect(f, 12, type, text);
                JobSummary summary = new JobSummary(parseInt(f.get(5), "totalLeads", text), parseInt(f.get(6), "processedLeads", text),
                        parseInt(f.get(7), "enrichedLeads", text), parseInt(f.get(8), "highScoreLeads", text),
                        parseInt(f.get(9), "rejectedLeads", text), parseDouble(f.get(10), "averageScore", text),
                        grades(f.get(11), text));
                yield new CompleteUpdate(jobId, seq, status(f.get(4), text), summary);
            }
            default -> throw malformed(text, "unknown update type '" + type + "'");
        };
    }

    // ---- fields -----------------------------------------------------------------------------------

    private static void fields(StringBuilder sb, String... values) {
        for (String v : values) {
            ESCAPING.escape(v, sb.append(SEP));
        }
    }

    private static String grades(Map<Grade, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        for (Grade g : Grade.values()) {
            Integer n = counts.get(g);
            if (n != null) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(g.name()).append('=').append(n.intValue());
            }
        }
        return sb.toString();
    }

    private static Map<Grade, Integer> grades(String field, String text) {
        Map<Grade, Integer> out = new EnumMap<>(Grade.class);
        if (field.isEmpty()) {
            return out;
        }
        for (String entry : field.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq < 1) {
                throw malformed(text, "grade count '" + entry + "' is not GRADE=COUNT");
            }
            Grade grade;
            try {
                grade = Grade.valueOf(entry.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw malformed(text, "'" + entry.substring(0, eq) + "' is not a grade");
            }
            out.put(grade, parseInt(entry.substring(eq + 1), "count of grade " + grade, text));
        }
        return out;
    }

    private static JobStatus status(String field, String text) {
        return JobStatus.fromWireName(field).orElseThrow(() -> malformed(text, "'" + field + "' is not a job status"));
    }

    private static LogLevel level(String field, String text) {
        for (LogLevel l : LogLevel.values()) {
            if (l.wireName().equals(field)) {
                return l;
            }
        }
        throw malformed(text, "'" + field + "' is not a log level");
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(field);
        } catch (DateTimeParseException e) {
            throw malformed(text, "'" + field + "' is not an ISO-8601 instant");
        }
    }

    private static UUID uuid(String field, String text) {
        try {
            UUID id = UUID.fromString(field);
            if (!id.toString().equals(field.toLowerCase(Locale.ROOT))) {
                throw malformed(text, "'" + field + "' is not a job id");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw malformed(text, "'" + field + "' is not a job id");
        }
    }

    private static void expect(List<String> fields, int n, String type, String text) {
        if (fields.size() != n) {
            throw malformed(text, "a " + type + " update has " + n + " fields, this one " + fields.size());
        }
    }

    private static int parseInt(String s, String what, String text) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw malformed(text, what + " '" + s + "' is not an integer");
        }
    }

    private static long parseLong(String s, String what, String text) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw malformed(text, what + " '" + s + "' is not an integer");
        }
    }

    private static double parseDouble(String s, String what, String text) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw malformed(text, what + " '" + s + "' is not a number");
        }
    }

    // ---- escaping ---------------------------------------------------------------------------------

    /** Splits at unescaped separators and unescapes each field. */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>(12);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE) {
                if (++i == text.length()) {
                    throw malformed(text, "it ends in a lone '\\'");
                }
                field.append(EscapedText.unescaped(text.charAt(i)));
            } else if (c == SEP) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    private static IllegalArgumentException malformed(String text, String detail) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return new IllegalArgumentException("Malformed job update '" + shown + "': " + detail);
    }
}

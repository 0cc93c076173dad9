package io.leadjobs.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.leadjobs.core.Grade;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.score.ScoringModel;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A {@link ScoringModel} as a YAML or JSON file ({@code LEADJOBS_SCORING_MODEL}): reads one, checking every value
 * where it stands so that an error names the file, the line and the field, and writes the default one (the
 * {@code scoring-model} command). A file names only what it changes; the rest keeps the default.
 *
 * <pre>
 * base_score: 20
 * thresholds: {high_score: 70, domain_new_days: 90, domain_established_days: 1826}
 * grades: {A: 80, B: 65, C: 50, D: 35, E: 20}
 * weights: {email_valid: 10, free_email: -10, ...}
 * </pre>
 */
final class ScoringModelFile {

    /** Largest model file read; the default one is about 2 KiB. */
    static final long MAX_BYTES = 1024 * 1024;

    private static final String FIELDS = "base_score, thresholds, grades and weights";
    private static final String THRESHOLDS = "high_score, domain_new_days and domain_established_days";

    private static final String HEADER = """
            # The leadjobs scoring model. Every lead starts at base_score; each rule that applies adds its weight
            # (negative weights subtract, 0 switches a rule off); the total is clamped to 0-100.
            # thresholds: high_score marks a lead as high-score; a company domain younger than domain_new_days is new
            # (rule domain_new), one at least domain_established_days old is established (rule domain_established).
            # grades: the lowest score of grades A to E, strictly falling; below E is F.
            # Leave out what you do not change. Load it with LEADJOBS_SCORING_MODEL=<file> or --scoring-model <file>.
            """;

    private ScoringModelFile() {
    }

    /**
     * Reads the model in {@code file}: JSON when its name ends in {@code .json}, YAML otherwise.
     *
     * @throws InvalidSettingException naming the file, and the line and field of the first wrong value
     */
    static ScoringModel read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw fail(file + " does not exist");
        } catch (IOException e) {
            throw fail(file + " cannot be read: " + e.getMessage());
        }
        if (size > MAX_BYTES) {
            throw fail(file + " is " + size + " bytes; a scoring model is at most " + MAX_BYTES + " bytes");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        JsonFactory factory = json ? JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                : YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = factory.createParser(in)) {
            return new Reader(file, parser).model();
        } catch (JsonProcessingException e) {
            String at = where(e.getLocation());
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
                // the YAML parser's own words: what is wrong ("expected <block end>, but found ...") and where
                message = yaml.getProblem();
                if (yaml.getProblemMark() != null) {
                    at = where(yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1);
                }
            }
            throw fail(file + at + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + message.lines().findFirst().orElse(message).strip());
        } catch (IOException e) {
            throw fail(file + " cannot be read: " + e.getMessage());
        }
    }

    /** Reads the model named by the setting's text. */
    static ScoringModel read(String fileName) {
        try {
            return read(Path.of(fileName));
        } catch (InvalidPathException e) {
            throw fail(fileName + " is not a valid file name: " + e.getMessage());
        }
    }

    /** The model as YAML (with a comment saying what each part does) or JSON, every field written out. */
    static String write(ScoringModel model, boolean json) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("base_score", model.baseScore());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("high_score", model.highScoreThreshold());
        thresholds.put("domain_new_days", model.newDomainDays());
        thresholds.put("domain_established_days", model.establishedDomainDays());
        tree.put("thresholds", thresholds);
        Map<String, Object> grades = new LinkedHashMap<>();
        model.gradeFloors().forEach((grade, floor) -> grades.put(grade.name(), floor));
        tree.put("grades", grades);
        tree.put("weights", model.weights());
        try {
            if (json) {
                return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree)
                        + System.lineSeparator();
            }
            YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
            return HEADER + new ObjectMapper(yaml).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidSettingException fail(String message) {
        return Setting.SCORING_MODEL.conflict(Setting.SCORING_MODEL.label() + ": " + message);
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : where(location.getLineNr(), location.getColumnNr());
    }

    private static String where(int line, int column) {
        if (line < 1) {
            return "";
        }
        return ", line " + line + (column > 0 ? ", column " + column : "");
    }

    /** Walks the parser's tokens, handing each value to the model's builder where it stands. */
    private static final class Reader {
        private final Path file;
        private final JsonParser parser;
        private final ScoringModel.Builder builder = ScoringModel.builder();

        Reader(Path file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
        }

        ScoringModel model() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw fail(file + " is empty; write at least one of " + FIELDS + " (the scoring-model command prints them all)");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error("", "the model must be a mapping of " + FIELDS + ", was " + describe(first));
            }
            JsonLocation gradesAt = null;
            JsonLocation thresholdsAt = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                switch (field) {
                    case "base_score" -> number(field, builder::baseScore);
                    case "thresholds" -> {
                        thresholdsAt = parser.currentTokenLocation();
                        section(field, THRESHOLDS, (name, path) -> {
                            switch (name) {
                                case "high_score" -> number(path, builder::highScoreThreshold);
                                case "domain_new_days" -> number(path, builder::newDomainDays);
                                case "domain_established_days" -> number(path, builder::establishedDomainDays);
                                default -> throw error(path, "unknown threshold " + name + "; the thresholds are "
                                        + THRESHOLDS);
                            }
                        });
                    }
                    case "grades" -> {
                        gradesAt = parser.currentTokenLocation();
                        section(field, "A, B, C, D and E", (name, path) -> {
                            Grade grade = grade(name, path);
                            number(path, floor -> builder.gradeFloor(grade, floor));
                        });
                    }
                    case "weights" -> section(field, "rule names", (name, path) -> number(path, w -> builder.weight(name, w)));
                    default -> throw error(field, "unknown field " + field + "; a scoring model has " + FIELDS);
                }
            }
            try {
                return builder.build();
            } catch (LeadJobsException e) {
                boolean aboutGrades = e.getMessage().contains("grade");
                JsonLocation at = aboutGrades ? gradesAt : thresholdsAt;
                throw fail(file + where(at) + " (" + (aboutGrades ? "grades" : "thresholds") + "): " + e.getMessage());
            }
        }

        private interface Entry {
            void read(String name, String path) throws IOException;
        }

        private void section(String field, String expected, Entry entry) throws IOException {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw error(field, field + " must be a mapping of " + expected + ", was " + describe(token));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                entry.read(name, field + "." + name);
            }
        }

        private Grade grade(String name, String path) {
            return switch (name) {
                case "A" -> Grade.A;
                case "B" -> Grade.B;
                case "C" -> Grade.C;
                case "D" -> Grade.D;
                case "E" -> Grade.E;
                default -> throw error(path, "unknown grade " + name + "; grades A, B, C, D and E have a lowest score"
                        + " (F is every score below E's)");
            };
        }

        /** Reads the next value as a whole number and hands it to {@code setter}, whose refusal names this place. */
        private void number(String path, IntConsumer setter) throws IOException {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                throw error(path, path + " must be a whole number, was " + describe(token));
            }
            int value = parser.getIntValue();
            try {
                setter.accept(value);
            } catch (LeadJobsException e) {
                throw error(path, e.getMessage());
            }
        }

        private InvalidSettingException error(String path, String message) {
            return fail(file + where(parser.currentTokenLocation()) + (path.isEmpty() ? "" : " (" + path + ")") + ": "
                    + message);
        }

        private String describe(JsonToken token) throws IOException {
            if (token == null) {
                return "nothing";
            }
            return switch (token) {
                case START_OBJECT -> "a mapping";
                case START_ARRAY -> "a list";
                case VALUE_NULL -> "empty";
                case VALUE_STRING -> "the text \"" + abbreviate(parser.getText()) + "\"";
                default -> abbreviate(parser.getText());
            };
        }

        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }
    }
}

package io.leadjobs.server.rest;

import io.leadjobs.core.JobRequest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a spreadsheet upload from a request body, whatever its {@code Content-Type} claims: the first bytes tell a
 * ZIP (read as an .xlsx workbook, {@link XlsxLeads}) from text (read as CSV, {@link CsvLeads}), and other binary
 * files (PDF, old Excel, images, gzip) are refused with one sentence naming what they look like. Nothing here
 * reads more than the body's first bytes ahead of the parser, except an .xlsx, which is read whole (its size
 * bounded by the body limit) because a ZIP's directory is at its end.
 */
final class Uploads {

    /** Bytes looked at to tell binary from text. */
    private static final int SNIFF_BYTES = 4096;

    private Uploads() {
    }

    /**
     * What was read.
     *
     * @param format    {@code csv} or {@code xlsx}
     * @param delimiter the CSV's delimiter; empty for an .xlsx
     */
    record Upload(JobRequest request, String format, Optional<String> delimiter) {
    }

    /**
     * @param declared the charset the {@code Content-Type} names, if any (text only)
     */
    static Upload read(InputStream body, Optional<Charset> declared, String jobName, UploadLimits limits) {
        try {
            BufferedInputStream in = new BufferedInputStream(body, SNIFF_BYTES);
            in.mark(SNIFF_BYTES);
            byte[] head = in.readNBytes(SNIFF_BYTES);
            in.reset();
            if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
                return new Upload(XlsxLeads.read(in.readAllBytes(), limits, jobName), "xlsx", Optional.empty());
            }
            Optional<String> binary = binaryKind(head, declared);
            if (binary.isPresent()) {
                throw refused(binary.get());
            }
            CsvLeads.Parsed csv = CsvLeads.read(in, declared.orElse(StandardCharsets.UTF_8), declared.isPresent(),
                    jobName, limits);
            return new Upload(csv.request(), "csv", Optional.of(String.valueOf(csv.delimiter())));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed: " + e.getMessage(), e);
        }
    }

    /** The one-sentence answer to a file that is neither CSV nor XLSX. */
    static ApiException refused(String kind) {
        return new ApiException(415, "This looks like " + kind + "; upload CSV or XLSX.", List.of());
    }

    /** What a binary file looks like, or empty when it may be text. */
    private static Optional<String> binaryKind(byte[] head, Optional<Charset> declared) {
        if (startsWith(head, '%', 'P', 'D', 'F', '-')) {
            return Optional.of("a PDF file");
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            return Optional.of("an old Excel (.xls) or other Office 97-2003 file");
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return Optional.of("a gzip-compressed file");
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G') || startsWith(head, 0xFF, 0xD8, 0xFF)
                || startsWith(head, 'G', 'I', 'F', '8')) {
            return Optional.of("an image");
        }
        if (startsWith(head, '7', 'z', 0xBC, 0xAF) || startsWith(head, 'R', 'a', 'r', '!')) {
            return Optional.of("a compressed archive");
        }
        boolean wide = startsWith(head, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE)
                || declared.map(c -> c.name().toUpperCase(Locale.ROOT).startsWith("UTF-16")
                        || c.name().toUpperCase(Locale.ROOT).startsWith("UTF-32")).orElse(false);
        if (!wide) {
            for (byte b : head) {
                if (b == 0) {
                    return Optional.of("a binary file, not text");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

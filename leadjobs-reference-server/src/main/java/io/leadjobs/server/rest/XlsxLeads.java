package io.leadjobs.server.rest;

import io.leadjobs.core.JobRequest;
import io.leadjobs.server.rest.ApiException.Detail;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the first sheet of an uploaded ZIP file that is an Excel workbook (.xlsx) into a {@link JobRequest}: the
 * first non-empty row is the header, each later row a lead, through the same {@link LeadTable} as a CSV, so the
 * same limits and the same row and column messages apply. The archive is checked before the workbook is read:
 * its parts together may unpack to at most {@link UploadLimits#maxUnpackedBytes()} (counted while unpacking, not
 * taken from the sizes the archive declares), so a file that packs gigabytes into a few megabytes is refused
 * after reading no more than that. A ZIP that is not a workbook is answered with one sentence naming what it
 * looks like.
 */
final class XlsxLeads {

    private XlsxLeads() {
    }

    static JobRequest read(byte[] zipBytes, UploadLimits limits, String jobName) {
        long unpacked;
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zipBytes)).get()) {
            if (zip.getEntry("xl/workbook.xml") == null) {
                throw notAWorkbook(zip);
            }
            unpacked = unpackedSize(zip, limits.maxUnpackedBytes());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(400, "This looks like a ZIP file, but it cannot be read as one.",
                    List.of(Detail.of("Unpacking it failed: " + e.getMessage() + ". Upload CSV or XLSX.")));
        }
        LeadTable table = new LeadTable(limits, "sheet", jobName, () -> unpacked);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(zipBytes));
             Stream<Row> rows = workbook.getFirstSheet().openStream()) {
            Iterator<Row> it = rows.iterator();
            while (it.hasNext()) {
                List<String> fields = fields(it.next());
                if (fields.isEmpty()) {
                    table.blank();
                } else if (!table.hasHeader()) {
                    table.header(fields);
                } else {
                    table.row(fields, "");
                }
            }
        } catch (IOException | ExcelReaderException | UncheckedIOException e) {
            String where = table.hasHeader() ? "row " + table.nextRow() : "the header row";
            throw new ApiException(400, "The XLSX file cannot be read.", List.of(Detail.row(
                    table.hasHeader() ? table.nextRow() : Detail.NO_ROW, "Reading the first sheet failed at " + where
                            + ": " + e.getMessage() + ". Save it again from Excel, or export it as CSV.")));
        }
        return table.build();
    }

    /** The cells' text up to the last non-empty one; empty for a blank row. */
    private static List<String> fields(Row row) {
        int last = -1;
        for (int i = row.getCellCount() - 1; i >= 0; i--) {
            if (!text(row.getCell(i)).isEmpty()) {
                last = i;
                break;
            }
        }
        List<String> fields = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            fields.add(text(row.getCell(i)));
        }
        return fields;
    }

    /** A cell as text: numbers as written, without an exponent or trailing zeros ({@code 14155550100}, {@code 2.5}). */
    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER && cell.getValue() != null) {
            return cell.asNumber().stripTrailingZeros().toPlainString();
        }
        return cell.getText();
    }

    /** Unpacks every part, counting, and stops as soon as they come to more than {@code max} bytes. */
    private static long unpackedSize(ZipFile zip, long max) throws IOException {
        byte[] buffer = new byte[65_536];
        long total = 0;
        for (ZipArchiveEntry entry : (Iterable<ZipArchiveEntry>) () -> zip.getEntries().asIterator()) {
            if (entry.isDirectory()) {
                continue;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > max) {
                        throw new ApiException(413, "The XLSX file unpacks to more than " + max + " bytes, the most an "
                                + "upload may unpack to.", List.of(Detail.of("Its part " + entry.getName() + " alone "
                                + "declares " + Math.max(entry.getSize(), 0) + " bytes. Split the sheet into smaller "
                                + "files, or export it as CSV.")));
                    }
                }
            }
        }
        return total;
    }

    private static ApiException notAWorkbook(ZipFile zip) {
        String kind = zip.getEntry("word/document.xml") != null ? "a Word document"
                : zip.getEntry("ppt/presentation.xml") != null ? "a PowerPoint presentation"
                : zip.getEntry("content.xml") != null ? "an OpenDocument file"
                : "a ZIP file";
        return Uploads.refused(kind);
    }

}

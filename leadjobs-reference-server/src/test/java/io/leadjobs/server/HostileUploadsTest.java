package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads as attackers make them, to running servers over HTTP: every limit is checked while the upload is read,
 * and the answer names the limit and the row or column that broke it. {@code LEADJOBS_MAX_LEADS},
 * {@code LEADJOBS_MAX_CONCURRENT_UPLOADS} and {@code LEADJOBS_MAX_UPLOAD_BYTES} (which also bounds an upload's
 * memory) and {@code LEADJOBS_MAX_UPLOADS_HEAP_BYTES} are shown changing what the server does.
 */
class HostileUploadsTest {

    /** At most five leads and one upload at a time. */
    private static RunningServer small;
    /** 64 KiB bodies, so at most 512 KiB of leads held. */
    private static RunningServer tight;
    /** 1 MiB of heap for the uploads being read, together. */
    private static RunningServer lean;

    @BeforeAll
    static void start() {
        small = RunningServer.start(Map.of("LEADJOBS_MAX_LEADS", "5", "LEADJOBS_MAX_CONCURRENT_UPLOADS", "1",
                "LEADJOBS_SUBMIT_RATE", "0"));
        tight = RunningServer.start(Map.of("LEADJOBS_MAX_UPLOAD_BYTES", "65536", "LEADJOBS_SUBMIT_RATE", "0"));
        lean = RunningServer.start(Map.of("LEADJOBS_MAX_UPLOADS_HEAP_BYTES", "1048576", "LEADJOBS_SUBMIT_RATE", "0"));
    }

    @AfterAll
    static void stop() {
        small.close();
        tight.close();
        lean.close();
    }

    private static HttpResponse<String> upload(RunningServer server, String csv) throws Exception {
        return server.post("/api/jobs", server.token("mallory"), "text/csv", csv);
    }

    private static JsonNode detail(HttpResponse<String> response) throws IOException {
        JsonNode details = RunningServer.json(response).get("details");
        assertThat(details).as(response.body()).isNotEmpty();
        return details.get(0);
    }

    private static String rows(String header, String row, int count) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (int i = 0; i < count; i++) {
            csv.append(row.replace("#", Integer.toString(i))).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aHeaderWithThousandsOfColumnsIsRefusedNamingTheFirstColumnPastTheLimit() throws Exception {
        StringBuilder header = new StringBuilder("email");
        for (int i = 2; i <= 2000; i++) {
            header.append(",c").append(i);
        }

        HttpResponse<String> response = upload(tight, rows(header.toString(), "a@acme-industries.com", 10));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("The CSV header row has 2000 columns, more than the limit of 500.");
        assertThat(detail(response).get("column").asText()).isEqualTo("column 501");
    }

    @Test
    void theRowPastMaxLeadsIsRefusedWhileReadingAndAJobOfExactlyThatManyIsTaken() throws Exception {
        HttpResponse<String> five = upload(small, rows("email", "lead#@acme-industries.com", 5));
        assertThat(five.statusCode()).as(five.body()).isEqualTo(202);
        assertThat(RunningServer.json(five).get("total_leads").asInt()).isEqualTo(5);

        HttpResponse<String> many = upload(small, rows("email", "lead#@acme-industries.com", 100_000));

        assertThat(many.statusCode()).isEqualTo(413);
        assertThat(RunningServer.json(many).get("error").asText())
                .isEqualTo("The upload has more than 5 rows, the most a job may have.");
        assertThat(detail(many).get("row").asInt()).isEqualTo(6);
    }

    @Test
    void rowsThatWillBeRejectedCountAgainstTheLimitToo() throws Exception {
        HttpResponse<String> response = upload(small, rows("email,company", "not-an-email,Acme", 6));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(detail(response).get("row").asInt()).isEqualTo(6);
    }

    @Test
    void aFloodOfBlankLinesIsRefused() throws Exception {
        String csv = "email\nada@acme-industries.com\n" + "\n".repeat(5000) + "grace@globex.io\n";

        HttpResponse<String> response = upload(small, csv);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("The CSV has more than 1010 lines, blank ones included.");
    }

    @Test
    void aFieldLongerThanTheLimitIsNamedByRowAndColumn() throws Exception {
        String csv = "email,company\nada@acme-industries.com,Acme\ngrace@globex.io," + "x".repeat(10_001) + "\n";

        HttpResponse<String> response = upload(small, csv);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("Row 2, column 'company' is longer than 10000 characters.");
        assertThat(detail(response).get("row").asInt()).isEqualTo(2);
        assertThat(detail(response).get("column").asText()).isEqualTo("company");
    }

    @Test
    void aQuoteThatNeverClosesCannotSwallowTheWholeFileIntoOneRow() throws Exception {
        String csv = "email,notes\nada@acme-industries.com,fine\ngrace@globex.io,\"" + "x,".repeat(600_000) + "\n";

        HttpResponse<String> response = upload(small, csv);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("Row 2 of the CSV is longer than 1048576 characters.");
        assertThat(detail(response).get("row").asInt()).isEqualTo(2);
    }

    @Test
    void aWideSparseFileIsRefusedOnceItsLeadsWouldTakeMoreMemoryThanTheUploadLimitAllows() throws Exception {
        StringBuilder header = new StringBuilder("email");
        for (int i = 2; i <= 500; i++) {
            header.append(",c").append(i);
        }
        String csv = rows(header.toString(), "a#@b.co", 2000);
        assertThat(csv.length()).isLessThan(65536);

        HttpResponse<String> response = upload(tight, csv);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(RunningServer.json(response).get("error").asText())
                .isEqualTo("The upload needs more memory than the server allows for one upload.");
        // 500 columns a row are estimated at about 20 KB of heap: 512 KiB is reached at row 26
        assertThat(detail(response).get("row").asInt()).isEqualTo(26);
        assertThat(detail(response).get("message").asText()).contains("500 columns a row");
    }

    @Test
    void aSmallFileOfManyEmptyColumnsIsRefusedForTakingFarMoreMemoryThanItsSize() throws Exception {
        StringBuilder header = new StringBuilder("email");
        for (int i = 2; i <= 500; i++) {
            header.append(",c").append(i);
        }
        String csv = rows(header.toString(), "a#@b.co", 2000);
        String wellFormed = rows("email,first_name,last_name,company,title,website,phone,country,source",
                "lead#@acme-industries.com,Ada,Lovelace,Acme Industries,VP Engineering,https://acme-industries.com,"
                        + "+1 415 555 0100,US,webinar", 30_000);
        try (RunningServer defaults = RunningServer.start(Map.of("LEADJOBS_SUBMIT_RATE", "0"))) {
            HttpResponse<String> response = upload(defaults, csv);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(RunningServer.json(response).get("error").asText())
                    .isEqualTo("The upload needs far more memory than a file of its size should.");
            // about 20 KB a row for 10 bytes of text: past the first 4 MiB of allowance near row 200
            assertThat(detail(response).get("row").asInt()).isBetween(150, 250);
            assertThat(detail(response).get("message").asText()).contains("500 columns a row");

            // an ordinary lead list of 30,000 rows takes about 20 MiB, far past the first 4 MiB, and is taken
            HttpResponse<String> ordinary = upload(defaults, wellFormed);
            assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(202);
            assertThat(RunningServer.json(ordinary).get("total_leads").asInt()).isEqualTo(30_000);
        }
    }

    @Test
    void jsonUploadsHaveTheSameLimits() throws Exception {
        StringBuilder leads = new StringBuilder("{\"leads\":[");
        for (int i = 0; i < 6; i++) {
            leads.append(i == 0 ? "" : ",").append("{\"email\":\"lead").append(i).append("@acme-industries.com\"}");
        }
        HttpResponse<String> response = small.post("/api/jobs", small.token("mallory"), "application/json",
                leads.append("]}").toString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(detail(response).get("row").asInt()).isEqualTo(6);

        HttpResponse<String> longField = small.post("/api/jobs", small.token("mallory"), "application/json",
                "{\"leads\":[{\"email\":\"ada@acme-industries.com\",\"notes\":\"" + "x".repeat(10_001) + "\"}]}");
        assertThat(longField.statusCode()).isEqualTo(400);
        assertThat(detail(longField).get("column").asText()).isEqualTo("notes");
    }

    @Test
    void anUploadOverTheConcurrentLimitIsToldToRetryAndTheNextOneAfterItIsTaken() throws Exception {
        byte[] head = "email\nada@acme-industries.com\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "grace@globex.io\n".getBytes(StandardCharsets.UTF_8);
        try (Socket slow = new Socket("127.0.0.1", small.server.port())) {
            slow.setSoTimeout(20_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + small.token("mallory")
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (head.length + tail.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.flush();

            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(20))
                    .until(() -> upload(small, "email\nlin@initech.com\n"), r -> r.statusCode() == 503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(RunningServer.json(refused).get("error").asText())
                    .isEqualTo("The server is reading as many uploads as it allows at once; try again in a few seconds.");

            out.write(tail);
            out.flush();
            String answer = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 202");
        }
        assertThat(upload(small, "email\nlin@initech.com\n").statusCode()).isEqualTo(202);
    }

    @Test
    void anUploadThatWouldTakeTheUploadsPastTheirHeapWhileAnotherIsReadIsToldToRetry() throws Exception {
        String csv = rows("email,first_name,last_name,company,title,website",
                "lead#@acme-industries.com,Ada,Lovelace,Acme Industries,VP Engineering,https://acme-industries.com", 1500);
        byte[] head = "email\nada@acme-industries.com\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "grace@globex.io\n".getBytes(StandardCharsets.UTF_8);
        int declared = 160 * 1024; // the body a slow upload declares is counted from its first byte
        try (Socket slow = new Socket("127.0.0.1", lean.server.port())) {
            slow.setSoTimeout(20_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + lean.token("mallory")
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.flush();

            // 1,500 leads and their text take about 0.9 MiB by the estimate: with the slow upload's 160 KiB, past 1 MiB
            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(20))
                    .until(() -> upload(lean, csv), r -> r.statusCode() != 202);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(RunningServer.json(refused).get("error").asText()).isEqualTo("The server is reading other uploads "
                    + "and has no memory left for this one; try again in a few seconds.");
            assertThat(detail(refused).get("message").asText()).endsWith(" would take the uploads being read past "
                    + "1 MiB of heap, the most they may hold together; nothing of it was kept.");
            assertThat(upload(lean, "email\nlin@initech.com\n").statusCode()).isEqualTo(202);

            out.write(tail);
            out.write("\n".repeat(declared - head.length - tail.length).getBytes(StandardCharsets.US_ASCII)); // blank lines
            out.flush();
            String answer = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 202");
        }
        HttpResponse<String> alone = upload(lean, csv);
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(202);
        assertThat(RunningServer.json(alone).get("total_leads").asInt()).isEqualTo(1500);
    }
}

package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CsvUploadTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(Map.of("LEADJOBS_MAX_UPLOAD_BYTES", "4096"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> upload(String csv) throws Exception {
        return server.post("/api/jobs", server.token("csv-user"), "text/csv", csv);
    }

    private static JsonNode firstDetail(HttpResponse<String> response) throws Exception {
        JsonNode body = RunningServer.json(response);
        assertThat(body.get("details")).as(response.body()).isNotEmpty();
        return body.get("details").get(0);
    }

    private static JsonNode results(String jobId) throws Exception {
        String token = server.token("csv-user");
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));
        return RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));
    }

    @Test
    void readsQuotedFieldsCrlfAByteOrderMarkAndHeadersInAnyCase() throws Exception {
        String csv = "\uFEFFEmail,First Name,Company,Notes\r\n"
                + "\"ada@acme-industries.com\",Ada,\"Acme, Inc.\",\"said \"\"call me\"\"\r\nnext week\"\r\n"
                + "\r\n"
                + "grace@globex.io,Grace,Globex,\r\n";

        HttpResponse<String> response = upload(csv);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode leads = results(RunningServer.json(response).get("jobId").asText()).get("leads");
        assertThat(leads).hasSize(2);
        assertThat(leads.get(0).get("email").asText()).isEqualTo("ada@acme-industries.com");
        assertThat(leads.get(0).get("first_name").asText()).isEqualTo("Ada");
        assertThat(leads.get(0).get("company").asText()).isEqualTo("Acme, Inc.");
        assertThat(leads.get(0).get("Notes").asText()).isEqualTo("said \"call me\"\r\nnext week");
        assertThat(leads.get(1).get("row").asInt()).isEqualTo(2);
    }

    @Test
    void leavesTheMissingTrailingFieldsOfAShortRowEmpty() throws Exception {
        HttpResponse<String> response = upload("email,company,country\nada@acme-industries.com,Acme\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode lead = results(RunningServer.json(response).get("jobId").asText()).get("leads").get(0);
        assertThat(lead.get("company").asText()).isEqualTo("Acme");
        assertThat(lead.get("country").asText()).isEmpty();
    }

    @Test
    void readsADeclaredCharset() throws Exception {
        byte[] body = "email,company\nzoe@muller.de,Müller Straße GmbH\n".getBytes(Charset.forName("windows-1252"));

        HttpResponse<String> response = server.postBytes("/api/jobs", server.token("csv-user"),
                "text/csv; charset=windows-1252", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode lead = results(RunningServer.json(response).get("jobId").asText()).get("leads").get(0);
        assertThat(lead.get("company").asText()).isEqualTo("Müller Straße GmbH");
    }

    @Test
    void namesTheRowAndColumnOfAnUnterminatedQuote() throws Exception {
        HttpResponse<String> response = upload("email,company,title\n"
                + "ada@acme-industries.com,Acme,CTO\n"
                + "grace@globex.io,\"Globex,CEO\n");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = firstDetail(response);
        assertThat(detail.get("row").asInt()).isEqualTo(2);
        assertThat(detail.get("column").asText()).isEqualTo("company");
        assertThat(detail.get("message").asText()).contains("never closed");
    }

    @Test
    void namesTheRowAndColumnOfTextAfterAClosingQuote() throws Exception {
        HttpResponse<String> response = upload("email,company,title\n"
                + "ada@acme-industries.com,Acme,CTO\n"
                + "lin@initech.com,Initech,CEO\n"
                + "grace@globex.io,Globex,\"Chief\" Officer\n");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = firstDetail(response);
        assertThat(detail.get("row").asInt()).isEqualTo(3);
        assertThat(detail.get("column").asText()).isEqualTo("title");
    }

    @Test
    void namesTheRowAndColumnOfAFieldBeyondTheHeader() throws Exception {
        HttpResponse<String> response = upload("email,company\n"
                + "ada@acme-industries.com,Acme\n"
                + "grace@globex.io,Globex, Inc.\n");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = firstDetail(response);
        assertThat(detail.get("row").asInt()).isEqualTo(2);
        assertThat(detail.get("column").asText()).isEqualTo("column 3");
        assertThat(RunningServer.json(response).get("error").asText()).isEqualTo("Row 2 has more fields than the header row.");
    }

    @Test
    void refusesAHeaderWithoutEmailOrWebsite() throws Exception {
        HttpResponse<String> response = upload("name,company\nAda,Acme\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText()).contains("neither an email nor a website");
    }

    @Test
    void refusesADuplicateOrUnnamedColumn() throws Exception {
        HttpResponse<String> duplicate = upload("email,Email\nada@acme-industries.com,x\n");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(firstDetail(duplicate).get("column").asText()).isEqualTo("Email");

        HttpResponse<String> unnamed = upload("email,,company\nada@acme-industries.com,x,Acme\n");
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(firstDetail(unnamed).get("column").asText()).isEqualTo("column 2");
    }

    @Test
    void refusesAnEmptyFileAndAHeaderWithoutRows() throws Exception {
        assertThat(upload("").statusCode()).isEqualTo(400);
        HttpResponse<String> headerOnly = upload("email,company\n");
        assertThat(headerOnly.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(headerOnly).get("error").asText()).contains("no data rows");
    }

    @Test
    void refusesBytesThatAreNotValidUtf8() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("email,company\nada@acme-industries.com,Acme\ngrace@globex.io,Glob".getBytes(StandardCharsets.UTF_8));
        body.write(0xC3);
        body.write(0x28);
        body.writeBytes("x\n".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = server.postBytes("/api/jobs", server.token("csv-user"), "text/csv",
                body.toByteArray());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText()).isEqualTo("The CSV is not valid UTF-8 text.");
        assertThat(firstDetail(response).get("message").asText()).contains("charset");
    }

    @Test
    void refusesRowsThatCannotBeScoredWithTheirRowNumbers() throws Exception {
        HttpResponse<String> response = upload("email,company\nnot-an-email,Acme\n,Globex\n");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode details = RunningServer.json(response).get("details");
        assertThat(details).hasSize(2);
        assertThat(details.get(0).get("row").asInt()).isEqualTo(1);
        assertThat(details.get(1).get("row").asInt()).isEqualTo(2);
    }

    @Test
    void answers413ForABodyOverTheLimitWithOrWithoutItsLength() throws Exception {
        StringBuilder csv = new StringBuilder("email,company\n");
        while (csv.length() < 10_000) {
            csv.append("someone").append(csv.length()).append("@acme-industries.com,Acme\n");
        }
        HttpResponse<String> declared = upload(csv.toString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(RunningServer.json(declared).get("error").asText()).contains("4096 bytes");

        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> streamed = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs"))
                .header("Authorization", "Bearer " + server.token("csv-user"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.request().headers().firstValue("Content-Length")).isEmpty();
        assertThat(streamed.statusCode()).isEqualTo(413);
    }
}

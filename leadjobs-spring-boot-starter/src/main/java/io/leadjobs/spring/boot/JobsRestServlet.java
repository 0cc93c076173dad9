package io.leadjobs.spring.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobValidationException;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.json.JobJson;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST jobs API of the starter, with the reference server's shapes: {@code POST} (a JSON body
 * {@code { "name", "leads": [ { "email", "first_name", ... } ] }}, answered {@code 202}), {@code GET} (the
 * caller's jobs), {@code GET /{jobId}} (the {@code job-status} shape) and {@code GET /{jobId}/results}. Callers
 * authenticate with {@code Authorization: Bearer <JWT>}, checked by the same {@link TokenVerifier} as Socket.IO
 * clients. Errors are {@code { "error": "<sentence>", "details": [ ... ] }}.
 */
final class JobsRestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JobsRestServlet.class);

    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final int RESULTS_PAGE = 1_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Map<String, String> COLUMNS = Map.of("email", "email", "first_name", "firstName",
            "last_name", "lastName", "company", "company", "title", "title", "website", "website", "phone", "phone",
            "country", "country");

    private final transient JobService jobs;
    private final transient TokenVerifier tokens;
    private final transient ObjectMapper mapper = new ObjectMapper();

    JobsRestServlet(JobService jobs, TokenVerifier tokens) {
        this.jobs = jobs;
        this.tokens = tokens;
    }

    /** A refusal with its HTTP status. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient List<String> details;

        ApiError(int status, String message, List<String> details) {
            super(message, null, false, false);
            this.status = status;
            this.details = details;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String user = authenticate(request);
            String[] parts = subPath(request);
            if (parts.length == 0) {
                ObjectNode body = NODES.objectNode();
                ArrayNode list = body.putArray("jobs");
                jobs.list(user).forEach(job -> list.add(JobJson.jobStatus(job)));
                json(response, 200, body);
            } else if (parts.length == 1) {
                UUID id = jobId(parts[0]);
                JobSnapshot snapshot = jobs.snapshot(user, id).orElseThrow(JobsRestServlet::notFound);
                json(response, 200, JobJson.jobStatus(snapshot));
            } else if (parts.length == 2 && parts[1].equals("results")) {
                json(response, 200, results(user, jobId(parts[0])));
            } else {
                throw new ApiError(404, "No such resource", List.of("GET serves the job list, /{jobId} and /{jobId}/results."));
            }
        } catch (ApiError e) {
            error(response, e);
        } catch (LeadJobsException.JobNotFoundException e) {
            error(response, notFound());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String user = authenticate(request);
            if (subPath(request).length != 0) {
                throw new ApiError(404, "No such resource", List.of("Jobs are submitted by a POST to the API's path itself."));
            }
            JobRequest jobRequest = readRequest(request);
            Job job = jobs.submit(user, jobRequest);
            LOG.info("Job {} submitted over REST with {} leads", job.id(), job.totalLeads());
            ObjectNode body = NODES.objectNode();
            body.put("jobId", job.id().toString());
            body.put("status", job.status().wireName());
            body.put("total_leads", job.totalLeads());
            json(response, 202, body);
        } catch (ApiError e) {
            error(response, e);
        } catch (JobValidationException e) {
            List<String> details = new ArrayList<>();
            e.details().forEach(d -> details.add("Row " + d.row() + ": " + d.reason()));
            error(response, new ApiError(400, e.getMessage(), details));
        }
    }

    private String authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiError(401, "Authentication failed: missing token",
                    List.of("Send the JWT in the Authorization header: Bearer <token>."));
        }
        try {
            return tokens.verify(header.substring(7).strip()).userId();
        } catch (AuthenticationException e) {
            throw new ApiError(401, e.getMessage(), List.of());
        }
    }

    private static String[] subPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return new String[0];
        }
        return info.substring(1).split("/", -1);
    }

    private static UUID jobId(String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new ApiError(400, "Invalid job id", List.of("A job id is a UUID such as 3f2b8c1e-0d4a-4c55-9a57-1b2c3d4e5f60."));
        }
        return UUID.fromString(text);
    }

    private static ApiError notFound() {
        return new ApiError(404, "Job not found", List.of());
    }

    private JobRequest readRequest(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiError(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.", List.of());
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.", List.of());
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiError(400, "The request body is not valid JSON" + where + ".", List.of(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject() || !root.path("leads").isArray()) {
            throw new ApiError(400, "The body must be a JSON object { \"name\": ..., \"leads\": [ ... ] }.", List.of());
        }
        JsonNode name = root.path("name");
        if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
            throw new ApiError(400, "\"name\" must be a string.", List.of());
        }
        JobRequest.Builder builder = JobRequest.builder().name(name.isTextual() ? name.asText().strip() : "REST upload");
        int row = 0;
        for (JsonNode item : root.path("leads")) {
            row++;
            if (!item.isObject()) {
                throw new ApiError(400, "Lead " + row + " must be a JSON object of fields.", List.of("Row " + row + ": not an object"));
            }
            builder.row(row, lead(item, row));
        }
        return builder.build();
    }

    private static Lead lead(JsonNode item, int row) {
        Lead.Builder lead = Lead.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new ApiError(400, "Lead " + row + ": \"" + field.getKey() + "\" must be a string, number or boolean.",
                        List.of("Row " + row + ", field " + field.getKey()));
            }
            String text = value.isNull() ? "" : value.asText();
            switch (COLUMNS.getOrDefault(field.getKey(), "")) {
                case "email" -> lead.email(text);
                case "firstName" -> lead.firstName(text);
                case "lastName" -> lead.lastName(text);
                case "company" -> lead.company(text);
                case "title" -> lead.title(text);
                case "website" -> lead.website(text);
                case "phone" -> lead.phone(text);
                case "country" -> lead.country(text);
                default -> lead.extra(field.getKey(), text);
            }
        }
        return lead.build();
    }

    private ObjectNode results(String user, UUID id) {
        ObjectNode body = NODES.objectNode();
        body.put("jobId", id.toString());
        ArrayNode leads = body.putArray("leads");
        int from = 0;
        List<LeadResult> page;
        do {
            page = jobs.results(user, id, from, RESULTS_PAGE);
            for (LeadResult result : page) {
                leads.add(result(result));
            }
            from += RESULTS_PAGE;
        } while (page.size() == RESULTS_PAGE);
        ArrayNode rejected = body.putArray("rejected");
        for (RejectedRow r : jobs.rejected(user, id)) {
            rejected.addObject().put("row", r.row()).put("reason", r.reason());
        }
        return body;
    }

    private ObjectNode result(LeadResult result) {
        ObjectNode node = NODES.objectNode();
        node.put("index", result.index());
        node.put("row", result.row());
        Lead lead = result.lead();
        node.put("email", lead.email());
        node.put("first_name", lead.firstName());
        node.put("last_name", lead.lastName());
        node.put("company", lead.company());
        node.put("title", lead.title());
        node.put("website", lead.website());
        node.put("phone", lead.phone());
        node.put("country", lead.country());
        lead.extra().forEach((key, value) -> {
            if (!node.has(key)) {
                node.put(key, value);
            }
        });
        node.put("score", result.score().score());
        node.put("grade", result.score().grade().name());
        node.put("high_score", result.score().highScore());
        ArrayNode reasons = node.putArray("reasons");
        for (ScoreReason reason : result.score().reasons()) {
            reasons.addObject().put("rule", reason.rule()).put("points", reason.points()).put("detail", reason.detail());
        }
        node.set("enrichment", mapper.valueToTree(result.enrichment().signals()));
        return node;
    }

    private void json(HttpServletResponse response, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void error(HttpServletResponse response, ApiError e) throws IOException {
        ObjectNode body = NODES.objectNode();
        body.put("error", e.getMessage());
        ArrayNode details = body.putArray("details");
        e.details.forEach(message -> details.addObject().put("message", message));
        if (e.status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        Optional.of(e.status).filter(s -> s == 413).ifPresent(s -> response.setHeader("Connection", "close"));
        json(response, e.status, body);
    }
}

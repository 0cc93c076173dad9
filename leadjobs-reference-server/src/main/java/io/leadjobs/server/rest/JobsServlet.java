package io.leadjobs.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobId;
import io.leadjobs.core.JobValidationException;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.engineio.RequestBodies;
import io.leadjobs.json.JobJson;
import io.leadjobs.server.rest.ApiException.Detail;
import io.leadjobs.websocket.RateLimit;
import io.leadjobs.websocket.RateLimiter;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.VerifiedToken;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes {@code /api/*}; see {@link JobsApi}. */
final class JobsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JobsServlet.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The slowest average rate an upload may arrive at: 64 KiB/s, about half a megabit per second. */
    static final int UPLOAD_MIN_BYTES_PER_SECOND = 64 * 1024;
    /** Users whose submissions are counted at once; beyond, new users share one allowance. */
    private static final int MAX_TRACKED_USERS = 1_000_000;
    private static final Pattern JOB_PATH = Pattern.compile("/jobs/([^/]+)(/results|/cancel)?/?");
    /** Content types read as a spreadsheet: CSV or .xlsx, told apart by the body's first bytes. */
    private static final Set<String> SPREADSHEET_TYPES = Set.of("text/csv", "application/csv",
            "text/tab-separated-values", "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream");

    private final transient JobsApi.Settings settings;
    private final transient RateLimiter submitLimiter;
    private final transient ResultsWriter results;
    private final transient BooleanSupplier accepting;
    private final transient AsyncDownload.Pool downloads;
    private final transient Semaphore uploads;

    JobsServlet(JobsApi.Settings settings, BooleanSupplier accepting, AsyncDownload.Pool downloads) {
        this.settings = settings;
        this.accepting = accepting;
        this.downloads = downloads;
        // a minute's worth per user, refilled continuously
        this.submitLimiter = RateLimiter.perKey(RateLimit.of(settings.submitsPerMinute() / 60.0,
                settings.submitsPerMinute()), MAX_TRACKED_USERS);
        this.results = new ResultsWriter(settings.jobs(), settings.mapper());
        this.uploads = new Semaphore(settings.maxConcurrentUploads());
    }

    /** What a path names, and the methods it answers. */
    private enum Route {
        JOBS("GET, HEAD, POST"), JOB("GET, HEAD"), RESULTS("GET, HEAD"), CANCEL("POST");

        final String allow;

        Route(String allow) {
            this.allow = allow;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> handle(request, response));
    }

    private interface Action {
        void run() throws IOException;
    }

    /** Runs the action and answers its failures as API errors. */
    private void answer(HttpServletRequest request, HttpServletResponse response, Action action) throws IOException {
        try {
            action.run();
        } catch (ApiException e) {
            if (e.retryAfterSeconds() > 0 && !response.isCommitted()) {
                response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            error(response, e.status(), e.getMessage(), e.details());
        } catch (JobValidationException e) {
            List<Detail> details = new ArrayList<>();
            for (JobValidationException.Detail d : e.details()) {
                details.add(Detail.row(d.row(), "Row " + d.row() + ": " + d.reason()));
            }
            error(response, 400, e.getMessage(), details);
        } catch (LeadJobsException.QuotaExceededException e) {
            error(response, 403, e.getMessage(), List.of());
        } catch (LeadJobsException.JobNotFoundException e) {
            error(response, 404, "Job not found", List.of());
        } catch (LeadJobsException.IllegalTransitionException e) {
            error(response, 409, e.getMessage(), List.of());
        } catch (LeadJobsException.StoreException e) {
            LOG.warn("The job store failed during {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            error(response, 503, "The job store is unavailable; try again shortly.", List.of());
        } catch (UncheckedIOException e) {
            LOG.debug("Reading a request body failed: {}", e.getMessage());
            error(response, 400, "The request body could not be read.", List.of(Detail.of(e.getMessage())));
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!accepting.getAsBoolean()) {
            response.setHeader("Retry-After", "5");
            throw new ApiException(503, "The server is stopping; try again shortly.");
        }
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        Route route;
        Optional<String> jobId = Optional.empty();
        if (path.equals("/jobs") || path.equals("/jobs/")) {
            route = Route.JOBS;
        } else {
            Matcher m = JOB_PATH.matcher(path);
            if (!m.matches()) {
                throw new ApiException(404, "No such API path: " + request.getRequestURI(),
                        List.of(Detail.of("The API serves /api/jobs, /api/jobs/{jobId}, /api/jobs/{jobId}/results and "
                                + "/api/jobs/{jobId}/cancel.")));
            }
            jobId = Optional.of(m.group(1));
            route = m.group(2) == null ? Route.JOB : m.group(2).equals("/results") ? Route.RESULTS : Route.CANCEL;
        }
        String method = request.getMethod();
        if (!List.of(route.allow.split(", ")).contains(method)) {
            response.setHeader("Allow", route.allow);
            throw new ApiException(405, method + " is not allowed on " + request.getRequestURI() + "; use "
                    + route.allow + ".");
        }
        if (method.equals("HEAD")) {
            method = "GET"; // answered as GET; the container sends the status and headers only
        }
        String user = authenticate(request, response);
        switch (route) {
            case JOBS -> {
                if (method.equals("POST")) {
                    submit(user, request, response);
                } else {
                    list(user, response);
                }
            }
            case JOB -> status(user, jobId(jobId.get()), response);
            case RESULTS -> results(user, jobId(jobId.get()), request, response);
            case CANCEL -> cancel(user, jobId(jobId.get()), response);
        }
    }

    /** The user the bearer token was issued to; 401 otherwise. The token itself is never logged. */
    private String authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        String token = "";
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        try {
            if (token.isEmpty()) {
                throw new AuthenticationException(AuthFailure.MISSING_TOKEN);
            }
            VerifiedToken verified = settings.verifier().verify(token);
            if (!settings.clock().instant().isBefore(verified.expiresAt())) {
                throw new AuthenticationException(AuthFailure.TOKEN_EXPIRED);
            }
            return verified.userId();
        } catch (AuthenticationException e) {
            LOG.debug("Refused an API request: {}", e.failure().reason());
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, e.getMessage(), List.of(Detail.of(
                    "Send Authorization: Bearer <token> with a valid, unexpired token.")));
        }
    }

    private static UUID jobId(String text) {
        return JobId.parse(text).orElseThrow(() -> new ApiException(400, "Invalid job id", List.of(Detail.of(
                "A job id is a UUID such as 3f1c2b9e-8a4d-4c1e-9b7a-2d5e6f708192."))));
    }

    private void submit(String user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!submitLimiter.tryAcquire(user)) {
            response.setHeader("Retry-After", "60");
            throw new ApiException(429, "Rate limit exceeded", List.of(Detail.of("At most "
                    + settings.submitsPerMinute() + " jobs may be submitted per user per minute.")));
        }
        MediaType type = MediaType.parse(request.getContentType());
        boolean json = type.is("application/json");
        if (!json && !SPREADSHEET_TYPES.contains(type.type())) {
            throw new ApiException(415, "Unsupported content type " + (type.value().isEmpty() ? "(none)" : "'" + type.value() + "'")
                    + "; send text/csv with a header row, an .xlsx workbook, or application/json.", List.of());
        }
        Optional<Charset> charset = type.charset().map(JobsServlet::charset);
        long length = request.getContentLengthLong();
        if (length > settings.maxUploadBytes()) {
            throw BoundedInputStream.tooLarge(settings.maxUploadBytes());
        }
        String name = Optional.ofNullable(request.getParameter("name")).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(json ? "API upload" : "CSV upload");
        if (!uploads.tryAcquire()) {
            response.setHeader("Retry-After", "5");
            throw new ApiException(503, "The server is reading as many uploads as it allows at once; try again in a "
                    + "few seconds.", List.of(Detail.of("At most " + settings.maxConcurrentUploads()
                    + " uploads are read at the same time.")));
        }
        // the upload's slot and its share of the uploads' memory are held from here until its job is stored or it
        // is refused
        UploadMemory.Claim memory = settings.uploadMemory().claim();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                memory.close();
                uploads.release();
            }
        };
        try {
            memory.take(length, 0); // the body itself, when its length is declared
        } catch (ApiException e) {
            release.run();
            throw e;
        }
        try {
            // the body arrives without holding a worker thread, within a deadline for the whole body; the slot is given
        // back before each answer is written, so a client that has its answer can upload again at once
            RequestBodies.read(request, response, (int) settings.maxUploadBytes(), UPLOAD_MIN_BYTES_PER_SECOND,
                    new RequestBodies.Outcome() {
                        @Override
                        public void body(byte[] bytes) throws IOException {
                            try {
                                answer(request, response,
                                        () -> accept(user, json, charset, name, bytes, memory, release, response));
                            } finally {
                                release.run();
                            }
                        }

                        @Override
                        public void tooLarge() throws IOException {
                            release.run();
                            answer(request, response, () -> {
                                throw BoundedInputStream.tooLarge(settings.maxUploadBytes());
                            });
                        }

                        @Override
                        public void tooSlow() throws IOException {
                            LOG.info("Refused an upload whose body did not arrive within its deadline");
                            release.run();
                            answer(request, response, () -> {
                                throw new ApiException(408, "The request body did not arrive in time.", List.of(
                                        Detail.of("An upload must arrive at " + UPLOAD_MIN_BYTES_PER_SECOND / 1024
                                                + " KiB/s or faster, after " + RequestBodies.GRACE.toSeconds()
                                                + " s to start.")));
                            });
                        }

                        @Override
                        public void failed(Throwable error) {
                            release.run();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /**
     * Parses a whole body (every limit checked row by row) and submits its job. The upload's slot is given back
     * before any answer is written, so that a client that has read its answer finds the slot free for its next one.
     */
    private void accept(String user, boolean json, Optional<Charset> charset, String name, byte[] bytes,
                        UploadMemory.Claim memory, Runnable release, HttpServletResponse response) throws IOException {
        Uploads.Upload upload;
        Job job;
        try (InputStream body = new BoundedInputStream(new ByteArrayInputStream(bytes), settings.maxUploadBytes())) {
            memory.take(bytes.length - memory.taken(), 0); // a body sent without a declared length
            UploadLimits limits = settings.limits().drawingOn(memory);
            upload = json ? new Uploads.Upload(JsonLeads.read(body, settings.mapper(), name, limits), "json", Optional.empty())
                    : Uploads.read(body, charset, name, limits);
            job = settings.jobs().submit(user, upload.request());
        } finally {
            release.run();
        }
        LOG.info("Job {} submitted over REST: {} leads accepted, {} rows rejected", job.id(), job.totalLeads(),
                job.rejectedLeads());
        ObjectNode body = NODES.objectNode();
        body.put("jobId", job.id().toString());
        body.put("status", "queued");
        body.put("total_leads", job.totalLeads());
        body.put("format", upload.format());
        upload.delimiter().ifPresent(d -> body.put("delimiter", d));
        response.setHeader("Location", "/api/jobs/" + job.id());
        json(response, 202, body);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ApiException(415, "Unsupported charset '" + name + "'; send UTF-8 or a charset the server knows, "
                    + "such as windows-1252 or ISO-8859-1.", List.of());
        }
    }

    private void list(String user, HttpServletResponse response) throws IOException {
        ObjectNode body = NODES.objectNode();
        ArrayNode jobs = body.putArray("jobs");
        for (Job job : settings.jobs().list(user)) {
            jobs.add(JobJson.jobStatus(job));
        }
        json(response, 200, body);
    }

    private void status(String user, UUID jobId, HttpServletResponse response) throws IOException {
        var snapshot = settings.jobs().snapshot(user, jobId)
                .orElseThrow(() -> new ApiException(404, "Job not found"));
        json(response, 200, JobJson.jobStatus(snapshot));
    }

    private void cancel(String user, UUID jobId, HttpServletResponse response) throws IOException {
        Job job = settings.jobs().cancel(user, jobId);
        LOG.info("Job {} cancelled over REST", job.id());
        json(response, 200, JobJson.jobStatus(job));
    }

    private void results(String user, UUID jobId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // the job must exist for this user before the status line is written
        settings.jobs().find(user, jobId).orElseThrow(() -> new ApiException(404, "Job not found"));
        boolean csv = "csv".equalsIgnoreCase(request.getParameter("format"))
                || (request.getParameter("format") == null && acceptsCsv(request.getHeader("Accept")));
        if (request.getParameter("format") != null && !csv && !"json".equalsIgnoreCase(request.getParameter("format"))) {
            throw new ApiException(400, "Unknown format '" + request.getParameter("format") + "'; use json or csv.");
        }
        String bom = request.getParameter("bom");
        if (bom != null && !bom.equalsIgnoreCase("true") && !bom.equalsIgnoreCase("false")) {
            throw new ApiException(400, "Unknown bom value '" + bom + "'; use true (the default: the CSV starts with a"
                    + " UTF-8 byte-order mark, as Excel needs) or false.");
        }
        boolean withBom = !"false".equalsIgnoreCase(bom);
        AsyncDownload.Body body = csv ? out -> results.csv(user, jobId, withBom, out) : out -> results.json(user, jobId, out);
        Runnable headers = () -> {
            response.setStatus(200);
            response.setHeader("Cache-Control", "no-store");
            if (csv) {
                response.setContentType("text/csv; charset=UTF-8");
                response.setHeader("Content-Disposition", "attachment; filename=\"leadjobs-" + jobId + ".csv\"");
            } else {
                response.setContentType("application/json; charset=UTF-8");
            }
        };
        // written by a download thread as fast as the client reads, never by a worker waiting on the client
        if (!downloads.start(request, "the results of job " + jobId, headers, body)) {
            response.setHeader("Retry-After", "5");
            throw new ApiException(503, "Too many downloads are in progress; try again shortly.");
        }
    }

    private static boolean acceptsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            MediaType type = MediaType.parse(part);
            if (type.is("text/csv")) {
                return true;
            }
            if (type.is("application/json")) {
                return false;
            }
        }
        return false;
    }

    private void json(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = settings.mapper().writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void error(HttpServletResponse response, int status, String message, List<Detail> details)
            throws IOException {
        if (response.isCommitted()) {
            LOG.warn("An API answer failed after it had started: {}", message);
            return;
        }
        ObjectNode body = NODES.objectNode();
        body.put("error", message);
        ArrayNode list = body.putArray("details");
        for (Detail d : details) {
            ObjectNode item = list.addObject();
            if (d.row() > Detail.NO_ROW) {
                item.put("row", d.row());
            }
            if (!d.column().isEmpty()) {
                item.put("column", d.column());
            }
            item.put("message", d.message());
        }
        if (status == 413) {
            // the rest of an oversized body is not read: close the connection rather than drain it
            response.setHeader("Connection", "close");
        }
        json(response, status, body);
    }

    /** A parsed {@code Content-Type} or {@code Accept} entry. */
    record MediaType(String value, String type, Optional<String> charset) {
        private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);

        static MediaType parse(String header) {
            if (header == null) {
                return new MediaType("", "", Optional.empty());
            }
            String value = header.strip();
            int semicolon = value.indexOf(';');
            String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            Matcher m = CHARSET.matcher(value);
            return new MediaType(value, type, m.find() ? Optional.of(m.group(1)) : Optional.empty());
        }

        boolean is(String mediaType) {
            return type.equals(mediaType);
        }
    }

}

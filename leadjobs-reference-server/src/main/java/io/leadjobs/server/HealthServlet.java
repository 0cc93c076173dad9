package io.leadjobs.server;

import io.leadjobs.core.ReadinessProbe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health} and {@code GET /health/live}: {@code {"status":"UP"}} while the server runs.
 * {@code GET /health/ready}: {@code 200 {"status":"UP"}} while the server accepts work and its job store answers
 * within the probe's timeout; {@code 503 {"status":"DOWN","reason":"..."}} while it drains and stops, or when
 * the store does not answer in time or fails.
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private final transient BooleanSupplier accepting;
    private final transient Optional<ReadinessProbe> store;

    /**
     * @param accepting false once the server has begun to stop
     * @param store the probe of the job store; empty for the in-memory store, which is always there
     */
    HealthServlet(BooleanSupplier accepting, Optional<ReadinessProbe> store) {
        this.accepting = accepting;
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "", "/", "/live" -> write(response, HttpServletResponse.SC_OK, UP);
            case "/ready" -> ready(response);
            default -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode()
                        .put("error", "No such health check: /health" + path + "; there are /health/live and /health/ready.");
                write(response, HttpServletResponse.SC_NOT_FOUND, body.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void ready(HttpServletResponse response) throws IOException {
        Optional<String> problem = accepting.getAsBoolean()
                ? store.flatMap(ReadinessProbe::check)
                : Optional.of("The server is stopping.");
        if (problem.isEmpty()) {
            write(response, HttpServletResponse.SC_OK, UP);
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", "DOWN").put("reason", problem.get());
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

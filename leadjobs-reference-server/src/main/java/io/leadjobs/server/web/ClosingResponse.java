package io.leadjobs.server.web;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * The answer a filter gives in place of the host's handlers, to a request it refuses: written whole in one go, then
 * the connection is closed, so nothing the client sends after it is read.
 */
final class ClosingResponse {

    private ClosingResponse() {
    }

    /**
     * Writes {@code response}, whose status and headers are set, with {@code body} as its content; drops the
     * request's content and closes the connection.
     */
    static void send(FilterChainContext ctx, HttpContent request, HttpResponsePacket response, String contentType,
                     byte[] body) {
        response.setContentType(contentType);
        response.setContentLength(body.length);
        Buffer buffer = ctx.getMemoryManager().allocate(body.length);
        buffer.put(body);
        buffer.flip();
        request.recycle();
        ctx.write(HttpContent.builder(response).content(buffer).last(true).build());
        ctx.getConnection().closeSilently();
    }
}

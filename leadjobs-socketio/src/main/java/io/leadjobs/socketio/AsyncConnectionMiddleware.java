package io.leadjobs.socketio;

import java.util.concurrent.CompletionStage;

/** A {@link ConnectionMiddleware} whose decision completes later (a database lookup, a remote call). */
@FunctionalInterface
public interface AsyncConnectionMiddleware {

    CompletionStage<Admission> admit(SocketIoSocket socket);
}

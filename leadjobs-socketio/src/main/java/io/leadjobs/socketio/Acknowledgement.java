package io.leadjobs.socketio;

/** The callback a client passed with an event; the first {@link #send} answers it, later ones are ignored. */
public interface Acknowledgement {

    /** Sends the ACK packet with these arguments (converted to JSON; byte[] become binary attachments). */
    void send(Object... args);

    boolean isSent();
}

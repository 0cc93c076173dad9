package io.leadjobs.websocket;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.socketio.PreparedEvent;

/** A job update with its {@code job-update} packet, encoded once for every client that gets it. */
record PreparedUpdate(JobUpdate update, PreparedEvent packet) {
}

package io.leadjobs.loadtool;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The server a run measures: the leadjobs reference server, or the Node socket.io server replaying its streams. */
interface Target {

    /** How the report names it. */
    String name();

    /** Where the clients connect. */
    URI url();

    /** Its process, where known, for CPU and memory. */
    OptionalLong pid();

    /** Bytes of heap in use after a full collection, where it can be measured. */
    OptionalLong heapAfterGc();

    /** The server's own fan-out counters so far, where it keeps them; figures come from two readings' difference. */
    default Optional<RunResult.FanOutFigures> fanOutCounters() {
        return Optional.empty();
    }

    /** How {@link #heapAfterGc()} is measured, for the report. */
    String heapMethod();

    /** Starts every job at once and returns them as soon as the server has accepted them. */
    List<JobRun> startJobs();

    /** Brings the jobs' state up to date (which have ended, and when); cheap enough to call a few times a second. */
    void refresh(List<JobRun> jobs);

    /** Fails with what is known (e.g. the server's log tail) if the server process has died. */
    void checkAlive();

    /** Stops the server if the run started it. */
    void close();
}

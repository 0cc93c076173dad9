package io.leadjobs.core.spi;

import io.leadjobs.core.Job;

/**
 * Runs one claimed job to its end (completed, failed or cancelled), storing results and publishing
 * updates as it goes. The default is the batch scoring pipeline.
 */
public interface JobProcessor {

    void process(Job job, JobControl control);

    /** What a processor may ask of the worker running it. */
    interface JobControl {
        /** Whether cancellation was requested; processors check it between batches. */
        boolean cancelRequested();

        /** Whether the worker is stopping (shutdown): finish and store the current batch, then return. */
        boolean stopRequested();

        /** Renews the worker's lease on the job; false if it was lost (another worker owns it now). */
        boolean renewLease();
    }
}

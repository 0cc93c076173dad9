package io.leadjobs.core;

import java.util.Objects;

import java.time.Duration;

import java.util.UUID;

/**
 * The one unchecked exception of leadjobs-core. Messages are full sentences that say what was wrong
 * and where; none of them carries a token or a whole lead record.
 */
public class LeadJobsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeadJobsException(String message) {
        super(message);
    }

    public LeadJobsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A setting or builder argument outside its allowed range. */
    public static LeadJobsException invalidSetting(String name, String expectation, Object actual) {
        return new LeadJobsException(name + " must be " + expectation + ", was " + actual);
    }

    /**
     * Checks a builder argument against its allowed range, for builders' setters.
     *
     * @return {@code value}, when it lies between {@code min} and {@code max} inclusive
     * @throws LeadJobsException otherwise, as {@link #invalidSetting} names it
     */
    public static int requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalidSetting(name, "between " + min + " and " + max, value);
        }
        return value;
    }

    /**
     * Checks a builder's duration argument: greater than zero.
     *
     * @return {@code value}, when it is positive
     * @throws NullPointerException when it is null
     * @throws LeadJobsException otherwise, as {@link #invalidSetting} names it
     */
    public static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw invalidSetting(name, "positive", value);
        }
        return value;
    }

    /**
     * Checks a builder's duration argument: zero or more.
     *
     * @return {@code value}, when it is not negative
     * @throws NullPointerException when it is null
     * @throws LeadJobsException otherwise, as {@link #invalidSetting} names it
     */
    public static Duration requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw invalidSetting(name, "zero or positive", value);
        }
        return value;
    }

    /** A job that does not exist, or that the caller may not see (the two are never told apart). */
    public static LeadJobsException jobNotFound(UUID jobId) {
        return new JobNotFoundException(jobId);
    }

    /** A status change the lifecycle does not allow. */
    public static LeadJobsException illegalTransition(UUID jobId, JobStatus from, JobStatus to) {
        return new IllegalTransitionException(jobId, from, to);
    }

    /**
     * A batch whose last update number is not beyond the job's stored one, and that is not the batch the
     * store last committed: another worker has moved the job on since (this one lost its lease).
     */
    public static LeadJobsException staleBatch(UUID jobId, long storedSeq, long batchSeq) {
        return new IllegalTransitionException("Job " + jobId + " has moved on to update " + storedSeq
                + " since this worker's batch (up to update " + batchSeq + ") was scored; another worker owns it now");
    }

    /** The job store refused or failed an operation. */
    public static LeadJobsException storeFailure(String what, Throwable cause) {
        return new StoreException(what, cause);
    }

    /** Thrown when a job is missing or hidden from the caller by the access policy. */
    public static final class JobNotFoundException extends LeadJobsException {
        private static final long serialVersionUID = 1L;
        private final transient UUID jobId;

        JobNotFoundException(UUID jobId) {
            super("Job not found: " + jobId);
            this.jobId = jobId;
        }

        public UUID jobId() {
            return jobId;
        }
    }

    /**
     * Thrown when a status change is not allowed by {@link JobStatus#canMoveTo(JobStatus)}, or when a write
     * comes from a worker that another one has overtaken (see {@link #staleBatch}).
     */
    public static final class IllegalTransitionException extends LeadJobsException {
        private static final long serialVersionUID = 1L;

        IllegalTransitionException(UUID jobId, JobStatus from, JobStatus to) {
            super("Job " + jobId + " cannot move from " + from.wireName() + " to " + to.wireName());
        }

        IllegalTransitionException(String message) {
            super(message);
        }
    }

    /** Thrown when the job store cannot complete an operation. */
    public static final class StoreException extends LeadJobsException {
        private static final long serialVersionUID = 1L;

        StoreException(String what, Throwable cause) {
            super("Job store failed to " + what + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    /** A user's stored jobs would hold more rows than the job service allows one user. */
    public static final class QuotaExceededException extends LeadJobsException {
        private final long stored;
        private final long requested;
        private final long max;

        public QuotaExceededException(long stored, long requested, long max) {
            super("This upload has " + requested + " rows, and your stored jobs already hold " + stored + " of the "
                    + max + " rows one user may keep; older jobs are removed after the retention period.");
            this.stored = stored;
            this.requested = requested;
            this.max = max;
        }

        public long stored() {
            return stored;
        }

        public long requested() {
            return requested;
        }

        public long max() {
            return max;
        }
    }
}

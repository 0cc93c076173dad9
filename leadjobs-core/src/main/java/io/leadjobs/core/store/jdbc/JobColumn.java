package io.leadjobs.core.store.jdbc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The columns of {@code leadjobs_job} that make up a {@link io.leadjobs.core.Job} plus its log counter,
 * in the order {@link #LIST} names them: a statement that selects, returns or inserts {@link #LIST} finds
 * each column (and its parameter, in an insert) at {@link #at()}.
 */
enum JobColumn {
    ID, OWNER, NAME, STATUS, TOTAL_LEADS, PROCESSED_LEADS, ENRICHED_LEADS, HIGH_SCORE_LEADS, REJECTED_LEADS,
    ERROR_MESSAGE, CREATED_AT, STARTED_AT, FINISHED_AT, LAST_SEQ, LOG_COUNT;

    /** The column names, comma-separated, in declaration order. */
    static final String LIST = Arrays.stream(values()).map(JobColumn::sql).collect(Collectors.joining(", "));

    /** The first position after {@link #LIST}, for a column a statement selects after it. */
    static final int NEXT = values().length + 1;

    /** The column's 1-based position in {@link #LIST}. */
    int at() {
        return ordinal() + 1;
    }

    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.leadjobs.core.store.jdbc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The columns of {@code leadjobs_lead} that make up an accepted lead, in the order {@link #LIST} names
 * them; {@link #at(int)} is a column's position in a statement that selects {@link #LIST} from {@code first}
 * on.
 */
enum LeadColumn {
    LEAD_INDEX, SOURCE_ROW, EMAIL, FIRST_NAME, LAST_NAME, COMPANY, TITLE, WEBSITE, PHONE, COUNTRY, EXTRA;

    /** The column names, comma-separated, in declaration order. */
    static final String LIST = Arrays.stream(values()).map(LeadColumn::sql).collect(Collectors.joining(", "));

    /** How many columns hold the lead's own fields, {@link #EMAIL} to {@link #EXTRA}, all text. */
    static final int FIELDS = values().length - EMAIL.ordinal();

    /** The lead's own fields, {@link #EMAIL} to {@link #EXTRA}, each qualified with {@code alias}. */
    static String fields(String alias) {
        return Arrays.stream(values()).skip(EMAIL.ordinal()).map(c -> alias + "." + c.sql()).collect(Collectors.joining(", "));
    }

    /** The column's position when {@link #LIST} starts at position 1. */
    int at() {
        return ordinal() + 1;
    }

    /** The column's position when the lead's fields ({@link #fields}) start at position {@code first}. */
    int at(int first) {
        return first + ordinal() - EMAIL.ordinal();
    }

    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.leadjobs.core;

import java.util.Locale;

/** Level of a job log entry; clients see the lower-case name ({@code "info"}). */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.leadjobs.server.web;

import jakarta.servlet.Filter;

import java.util.List;
import java.util.Objects;

/** A servlet filter and the URL patterns it applies to. */
record FilterMapping(String name, Filter filter, List<String> urlPatterns) {

    FilterMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        if (name.isBlank()) {
            throw new IllegalArgumentException("filter name must not be blank");
        }
        if (urlPatterns.isEmpty()) {
            throw new IllegalArgumentException("filter " + name + " needs at least one URL pattern");
        }
        for (String pattern : urlPatterns) {
            if (!(pattern.startsWith("/") || pattern.startsWith("*."))) {
                throw new IllegalArgumentException("filter " + name + ": URL pattern must start with '/' or '*.', was '"
                        + pattern + "'");
            }
        }
        urlPatterns = List.copyOf(urlPatterns);
    }
}

package io.leadjobs.server.web;

import jakarta.servlet.Servlet;

import java.util.List;
import java.util.Objects;

/** A servlet and the URL patterns it is mapped to. */
record ServletMapping(String name, Servlet servlet, List<String> urlPatterns) {

    ServletMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(servlet, "servlet");
        if (name.isBlank()) {
            throw new IllegalArgumentException("servlet name must not be blank");
        }
        if (urlPatterns.isEmpty()) {
            throw new IllegalArgumentException("servlet " + name + " needs at least one URL pattern");
        }
        for (String pattern : urlPatterns) {
            if (!(pattern.startsWith("/") || pattern.startsWith("*.") || pattern.isEmpty())) {
                throw new IllegalArgumentException("servlet " + name + ": URL pattern must start with '/' or '*.', was '"
                        + pattern + "'");
            }
        }
        urlPatterns = List.copyOf(urlPatterns);
    }
}

package io.leadjobs.server.web;

import java.util.Objects;

/** Static files served at a URL prefix, from the class path or from a directory. */
record StaticMapping(String urlPrefix, Source source, String location) {

    enum Source { CLASSPATH, DIRECTORY }

    StaticMapping {
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        if (!urlPrefix.startsWith("/")) {
            throw new IllegalArgumentException("static URL prefix must start with '/', was '" + urlPrefix + "'");
        }
        urlPrefix = urlPrefix.length() > 1 ? urlPrefix.replaceAll("/+$", "") : urlPrefix;
    }
}

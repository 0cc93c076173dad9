package io.leadjobs.loadtool;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The settings of a {@code jobs} run, checked by {@link JobsCommand}.
 *
 * @param serverUrl  a running server to measure instead of starting one (then {@code secret} is its secret)
 * @param serverPid  that server's pid, for its CPU, memory and heap
 * @param serverHeap {@code -Xmx} of the started server; empty: the JVM's default
 * @param warmupRounds rounds of the same jobs each leadjobs server runs, unwatched, before it is measured
 */
record JobsOptions(
        int clients,
        int jobs,
        int leads,
        int clientProcesses,
        String transport,
        int connectRate,
        int completeWaitSeconds,
        int jobTimeoutSeconds,
        Path serverJar,
        Optional<String> serverHeap,
        List<String> serverJavaOptions,
        Map<String, String> serverEnv,
        Optional<URI> serverUrl,
        Optional<String> secret,
        OptionalLong serverPid,
        String user,
        int companies,
        long seed,
        int clientHeapMb,
        Optional<Path> json,
        boolean compareNode,
        int warmupRounds,
        boolean keepTemp) {

    /** The server's upload limit the generated files must stay under: the server's default unless --server-env sets it. */
    long maxUploadBytes() {
        String given = serverEnv.get("LEADJOBS_MAX_UPLOAD_BYTES");
        try {
            return given == null ? 10L * 1024 * 1024 : Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            return 10L * 1024 * 1024;
        }
    }
}

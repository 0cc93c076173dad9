package io.leadjobs.spring.boot;

import io.leadjobs.core.LeadJobsException;
import java.util.regex.Pattern;

/** Checks {@code leadjobs.rest.path}. */
final class RestPaths {

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private RestPaths() {
    }

    static String check(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw LeadJobsException.invalidSetting("leadjobs.rest.path",
                    "a path of one or more /segments (letters, digits, . _ ~ -) not ending with /", path);
        }
        return path;
    }
}

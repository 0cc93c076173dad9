package io.leadjobs.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the reference server keeps jobs. */
public sealed interface Storage {

    /** In memory only ({@code --in-memory}): everything is lost when the server stops. */
    record InMemory() implements Storage {
    }

    /** An embedded database in the data directory ({@code LEADJOBS_DATA_DIR}, the default). */
    record DataDirectory(Path directory) implements Storage {
        public DataDirectory {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** An external database ({@code LEADJOBS_DB_URL}, {@code LEADJOBS_DB_USER}, {@code LEADJOBS_DB_PASSWORD}). */
    record Database(String jdbcUrl, Optional<String> user, Optional<Secret> password) implements Storage {
        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }
}

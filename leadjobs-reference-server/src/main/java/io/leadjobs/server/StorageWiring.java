package io.leadjobs.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.store.jdbc.JdbcJobStore;
import io.leadjobs.core.store.jdbc.RetryingJobStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the job store the settings ask for: nothing (the job service's in-memory store), an embedded H2 file
 * database under the data directory, or an external database; both databases through a HikariCP pool. A
 * database that cannot be reached stops start-up with an {@link InvalidSettingException} naming the setting.
 */
final class StorageWiring {

    private static final int POOL_SIZE = 10;

    private StorageWiring() {
    }

    /** The store (empty for in-memory) and the pool behind it, closed after the job service. */
    record OpenedStore(Optional<JobStore> store, Optional<HikariDataSource> pool, String description)
            implements AutoCloseable {
        @Override
        public void close() {
            pool.ifPresent(HikariDataSource::close);
        }
    }

    static OpenedStore open(ServerSettings settings) {
        Storage storage = settings.storage();
        if (storage instanceof Storage.InMemory) {
            return new OpenedStore(Optional.empty(), Optional.empty(), "in memory");
        }
        if (storage instanceof Storage.DataDirectory dir) {
            Path directory = dir.directory();
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw Setting.DATA_DIR.conflict(Setting.DATA_DIR.label() + " is " + directory
                        + ", which cannot be created: " + e.getMessage());
            }
            HikariConfig config = config(JdbcJobStore.h2FileUrl(directory));
            config.setUsername("sa");
            return jdbc(config, Setting.DATA_DIR, "H2 database in " + directory.toAbsolutePath().normalize());
        }
        Storage.Database db = (Storage.Database) storage;
        HikariConfig config = config(db.jdbcUrl());
        db.user().ifPresent(config::setUsername);
        db.password().ifPresent(p -> config.setPassword(p.value()));
        return jdbc(config, Setting.DB_URL, "database " + redacted(db.jdbcUrl()));
    }

    private static HikariConfig config(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("leadjobs-db");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(5_000);
        // fail at once, with the driver's reason, when the database cannot be reached at start
        config.setInitializationFailTimeout(1);
        return config;
    }

    private static OpenedStore jdbc(HikariConfig config, Setting setting, String description) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException | IllegalStateException e) {
            throw setting.conflict("Cannot open the " + description + " named by " + setting.label() + ": "
                    + rootMessage(e));
        }
        try {
            JobStore store = RetryingJobStore.wrap(JdbcJobStore.builder().dataSource(pool).build());
            return new OpenedStore(Optional.of(store), Optional.of(pool), description);
        } catch (LeadJobsException e) {
            pool.close();
            throw setting.conflict("Cannot prepare the job tables in the " + description + " named by "
                    + setting.label() + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A JDBC URL may carry a password in its query; never repeat that part. */
    static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}

package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStoreContractTest;

/**
 * The job store contract against PostgreSQL without the driver's copy API: leads and results go in from
 * arrays, as they do when a host's PostgreSQL connections do not unwrap to the PostgreSQL JDBC driver.
 */
class PostgresArraysJobStoreContractTest extends JobStoreContractTest {
    private TestDatabase db;

    @Override
    protected JobStore createStore() {
        db = TestDatabase.postgres();
        return JdbcJobStore.builder().dataSource(db.dataSource()).copy(false).build();
    }

    @Override
    protected void cleanUp(JobStore store) {
        db.close();
    }
}

package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStoreContractTest;

/** The job store contract against the JDBC store on the local PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresJobStoreContractTest extends JobStoreContractTest {
    private TestDatabase db;

    @Override
    protected JobStore createStore() {
        db = TestDatabase.postgres();
        return JdbcJobStore.builder().dataSource(db.dataSource()).build();
    }

    @Override
    protected void cleanUp(JobStore store) {
        db.close();
    }
}

package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStoreContractTest;

/** The job store contract against the JDBC store on an H2 in-memory database of its own. */
class H2JobStoreContractTest extends JobStoreContractTest {
    private TestDatabase db;

    @Override
    protected JobStore createStore() {
        db = TestDatabase.h2();
        return JdbcJobStore.builder().dataSource(db.dataSource()).build();
    }

    @Override
    protected void cleanUp(JobStore store) {
        db.close();
    }
}

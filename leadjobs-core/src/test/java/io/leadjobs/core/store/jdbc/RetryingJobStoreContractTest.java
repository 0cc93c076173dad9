package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStoreContractTest;

/** The decorator keeps the contract: the retrying store over the PostgreSQL store. */
class RetryingJobStoreContractTest extends JobStoreContractTest {
    private TestDatabase db;

    @Override
    protected JobStore createStore() {
        db = TestDatabase.postgres();
        return RetryingJobStore.wrap(JdbcJobStore.builder().dataSource(db.dataSource()).build());
    }

    @Override
    protected void cleanUp(JobStore store) {
        db.close();
    }
}

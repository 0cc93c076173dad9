package io.leadjobs.cluster;

import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobEventPublisherContractTest;

/** The event publisher contract over PostgreSQL LISTEN/NOTIFY, in a schema and on a channel of its own. */
class PostgresEventPublisherContractTest extends JobEventPublisherContractTest {
    private PgTestDatabase db;

    @Override
    protected JobEventPublisher createPublisher() {
        db = new PgTestDatabase();
        return PostgresEventPublisher.builder().dataSource(db.newPool(4)).channel(db.channel()).build();
    }

    @Override
    protected void cleanUp(JobEventPublisher publisher) {
        publisher.close();
        db.close();
    }
}

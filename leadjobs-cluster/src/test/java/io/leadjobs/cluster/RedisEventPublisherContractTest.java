package io.leadjobs.cluster;

import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobEventPublisherContractTest;
import java.util.UUID;

/** The event publisher contract over Redis pub/sub on the tests' Redis ({@link TestRedis}), on a channel of its own. */
class RedisEventPublisherContractTest extends JobEventPublisherContractTest {
    @Override
    protected JobEventPublisher createPublisher() {
        return RedisEventPublisher.builder().uri(TestRedis.url()).channel("leadjobs:test:" + UUID.randomUUID()).build();
    }
}

package io.leadjobs.cluster;

import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobEventPublisherContractTest;
import java.util.UUID;

/** The event publisher contract over Redis pub/sub on 127.0.0.1:6379, on a channel of its own. */
class RedisEventPublisherContractTest extends JobEventPublisherContractTest {
    @Override
    protected JobEventPublisher createPublisher() {
        return RedisEventPublisher.builder().uri(RedisEventPublisherTest.REDIS).channel("leadjobs:test:" + UUID.randomUUID()).build();
    }
}

package io.leadjobs.core.memory;

import io.leadjobs.core.spi.SubscriptionRegistry;
import io.leadjobs.core.spi.SubscriptionRegistryContractTest;

class InMemorySubscriptionRegistryTest extends SubscriptionRegistryContractTest {
    @Override
    protected SubscriptionRegistry createRegistry() {
        return InMemory.subscriptionRegistry();
    }
}

package io.leadjobs.core.store.jdbc;

class H2JdbcJobStoreTest extends JdbcJobStoreBehaviourTest {
    @Override
    JdbcDialect dialect() {
        return JdbcDialect.H2;
    }
}

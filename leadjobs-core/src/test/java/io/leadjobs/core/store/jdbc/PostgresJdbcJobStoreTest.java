package io.leadjobs.core.store.jdbc;

class PostgresJdbcJobStoreTest extends JdbcJobStoreBehaviourTest {
    @Override
    JdbcDialect dialect() {
        return JdbcDialect.POSTGRESQL;
    }
}

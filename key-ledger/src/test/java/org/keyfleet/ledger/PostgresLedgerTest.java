package org.keyfleet.ledger;

import javax.sql.DataSource;

class PostgresLedgerTest extends LedgerContractTest {

    @Override
    DataSource newDatabase() {
        return TestDatabases.postgres();
    }
}

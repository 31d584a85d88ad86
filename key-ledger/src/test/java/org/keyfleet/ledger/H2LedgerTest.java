package org.keyfleet.ledger;

import javax.sql.DataSource;

class H2LedgerTest extends LedgerContractTest {

    @Override
    DataSource newDatabase() {
        return TestDatabases.h2();
    }
}

import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct SchemaTests {
    let folder = TemporaryDirectory("schema")

    func makeDatabase() throws -> Connection {
        let connection = try Connection(path: folder.file("crm.sqlite"), mode: .create)
        try Migrator().migrate(connection, name: "test")
        return connection
    }

    @Test func everyDesignTableExistsStrictWithAnExplicitPrimaryKey() throws {
        let connection = try makeDatabase()
        let tables = try connection.rows(
            "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' "
                + "AND name NOT LIKE 'sqlite_%'")
        let names = Set(tables.compactMap { $0["name"].stringValue })
        #expect(names == Set(Schema.crmTables + Schema.bookkeepingTables))
        for table in tables {
            let name = try #require(table["name"].stringValue)
            #expect(table["strict"] == 1, "\(name) is not STRICT")
            let keyColumns = try connection.integer(
                "SELECT count(*) FROM pragma_table_info(?) WHERE pk > 0", [.text(name)])
            #expect(keyColumns > 0, "\(name) has no explicit primary key")
        }
    }

    @Test func theVersionAndApplicationIDAreRecorded() throws {
        let connection = try makeDatabase()
        #expect(try connection.userVersion == 1)
        #expect(try connection.integer("PRAGMA application_id") == Int64(Schema.applicationID))
        #expect(try Migrator().state(of: connection) == .crmenv(version: 1))
    }

    @Test func migratingTwiceDoesNothingTheSecondTime() throws {
        let connection = try makeDatabase()
        #expect(try Migrator().migrate(connection, name: "test").isEmpty)
    }

    @Test func aForeignDatabaseIsNotMigrated() throws {
        let connection = try Connection(path: folder.file("other.sqlite"), mode: .create)
        try connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        #expect(throws: CRMEnvError.unknownSchema(path: connection.path)) {
            try Migrator().migrate(connection, name: "x")
        }
        #expect(try connection.userVersion == 0)
    }

    @Test func aNewerVersionIsRefused() throws {
        let connection = try makeDatabase()
        try connection.setUserVersion(7)
        #expect(
            throws: CRMEnvError.schemaTooNew(path: connection.path, version: 7, supported: 1)
        ) {
            try Migrator().migrate(connection, name: "x")
        }
    }

    @Test func aFailedStepLeavesTheOldVersion() throws {
        let connection = try Connection(path: folder.file("m.sqlite"), mode: .create)
        let broken = Migrator(
            steps: Migrator.standardSteps + [
                Migrator.Step(version: 2, summary: "broken") { connection in
                    try connection.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT")
                    try connection.execute("INSERT INTO nowhere VALUES (1)")
                }
            ])
        #expect(throws: SQLiteError.self) {
            try broken.migrate(connection, name: "m")
        }
        #expect(try connection.userVersion == 1)
        #expect(
            try connection.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'") == 0)
    }

    /// Each statement must be refused by the database itself, with the constraint named.
    @Test(arguments: [
        ("INSERT INTO lead_status VALUES ('', 'Empty', 1)", "CHECK"),
        ("INSERT INTO lead_status VALUES ('ABCDEFGHIJKLMNOP', 'Sixteen', 1)", "CHECK"),
        ("INSERT INTO lead_status VALUES (' NEW', 'Padded', 1)", "CHECK"),
        ("INSERT INTO lead_status VALUES ('NEW', 'New', 2)", "CHECK"),
        ("INSERT INTO lead_status VALUES ('NEW', NULL, 1)", "NOT NULL"),
        ("INSERT INTO opportunity_status VALUES ('X', 'X', 1, 'maybe')", "CHECK"),
        ("INSERT INTO opportunity_stage VALUES ('X', 'X', 1, 101, 1)", "CHECK"),
        ("INSERT INTO opportunity_stage VALUES ('X', 'X', 1, 'high', 1)", "cannot store TEXT"),
        (
            "INSERT INTO customer (cust_num, name, territory) VALUES ('C2', 'A', 'NOWHERE')",
            "FOREIGN KEY"
        ),
        (
            "INSERT INTO lead (topic, cust_num, prospect_id, status) VALUES ('t', 'C1', 1, 'NEW')",
            "CHECK"
        ),
        ("INSERT INTO lead (topic, status, cust_num) VALUES ('t', 'NEW', NULL)", "CHECK"),
        (
            "INSERT INTO opportunity (description, cust_num, status, chance_to_close) "
                + "VALUES ('o', 'C1', 'OPEN', 120)", "CHECK"
        ),
        (
            "INSERT INTO opportunity (description, cust_num, status, projected_close) "
                + "VALUES ('o', 'C1', 'OPEN', '2026-02-31')", "CHECK"
        ),
        (
            "INSERT INTO opportunity (description, cust_num, status, won_reason, lost_reason) "
                + "VALUES ('o', 'C1', 'OPEN', 'PRICE', 'PRICE')", "CHECK"
        ),
        ("INSERT INTO sales_contact (company, match_key) VALUES ('Acme', 'k')", "CHECK"),
        ("INSERT INTO quote_line VALUES (1, 1, 'PUMP', NULL, 0, 10, 0, NULL)", "CHECK"),
        (
            "INSERT INTO opportunity_task (opportunity_id, description) VALUES (999, 'x')",
            "FOREIGN KEY"
        ),
    ])
    func constraintsRejectBadRows(statement: String, constraint: String) throws {
        let connection = try makeDatabase()
        try connection.execute(
            """
            INSERT INTO lead_status VALUES ('NEW', 'New', 1);
            INSERT INTO opportunity_status VALUES ('OPEN', 'Open', 1, 'open');
            INSERT INTO won_reason VALUES ('PRICE', 'Price', 1);
            INSERT INTO lost_reason VALUES ('PRICE', 'Price', 1);
            INSERT INTO customer (cust_num, name) VALUES ('C1', 'Acme');
            INSERT INTO prospect (id, name) VALUES (1, 'Prospect');
            """)
        do {
            try connection.execute(statement)
            Issue.record("accepted: \(statement)")
        } catch let error as SQLiteError {
            #expect(error.message.contains(constraint), "\(error.message)")
        }
    }

    @Test func aValidRecordChainIsAccepted() throws {
        let connection = try makeDatabase()
        try connection.execute(
            """
            INSERT INTO lead_status VALUES ('NEW', 'New', 1);
            INSERT INTO opportunity_status VALUES ('WON', 'Won', 1, 'won');
            INSERT INTO won_reason VALUES ('PRICE', 'Best price', 1);
            INSERT INTO customer (cust_num, name) VALUES ('C1', 'Acme');
            INSERT INTO lead (id, topic, cust_num, status) VALUES (1, 'Pumps', 'C1', 'NEW');
            INSERT INTO opportunity (id, description, cust_num, lead_id, status, won_reason,
                chance_to_close, projected_close, estimated_value)
                VALUES (1, 'Pumps', 'C1', 1, 'WON', 'PRICE', 100, '2027-01-31', 1200);
            INSERT INTO quote (id, cust_num, opportunity_id, quote_date) VALUES (1, 'C1', 1, '2026-12-01');
            INSERT INTO quote_line VALUES (1, 1, 'CP-4', 'Pump', 2, 600, 0, NULL);
            """)
        #expect(try connection.integer("SELECT count(*) FROM quote_line") == 1)
        #expect(try connection.scalar("SELECT estimated_value FROM opportunity") == .real(1200))
    }
}

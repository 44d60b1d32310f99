import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct ConnectionTests {
    let folder = TemporaryDirectory("connection")

    func makeConnection() throws -> Connection {
        let connection = try Connection(path: folder.file("db.sqlite"), mode: .create)
        try connection.execute(
            "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL) STRICT"
        )
        return connection
    }

    @Test func aTextFileIsRejectedWhenOpened() throws {
        let path = try folder.write("Name,Email\nAda,ada@example.com\n", to: "contacts.sqlite")
        #expect {
            _ = try Connection(path: path, mode: .readWrite)
        } throws: { error in
            (error as? SQLiteError)?.isNotADatabase == true
        }
    }

    @Test func aMissingFileIsNotCreatedUnlessAsked() throws {
        let path = folder.file("missing.sqlite")
        #expect(throws: SQLiteError.self) {
            _ = try Connection(path: path, mode: .readWrite)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func valuesRoundTripThroughBoundParameters() throws {
        let connection = try makeConnection()
        let name = "O'Brien; DROP TABLE item; --"
        try connection.execute("INSERT INTO item (name, price) VALUES (?, ?)", [.text(name), 12.5])
        try connection.execute("INSERT INTO item (name, price) VALUES (?, ?)", ["plain", .null])
        let rows = try connection.rows("SELECT name, price FROM item ORDER BY id")
        #expect(rows.map { $0["name"] } == [.text(name), .text("plain")])
        #expect(rows.map { $0["price"] } == [.real(12.5), .null])
        #expect(try connection.integer("SELECT count(*) FROM item") == 2)
    }

    @Test func blobsAndLargeIntegersKeepTheirValue() throws {
        let connection = try Connection(path: folder.file("b.sqlite"), mode: .create)
        try connection.execute("CREATE TABLE b (k INTEGER PRIMARY KEY, v BLOB) STRICT")
        try connection.execute(
            "INSERT INTO b VALUES (?, ?)", [.integer(8_999_999_999_999_999), .blob([0, 1, 255])])
        let row = try #require(try connection.rows("SELECT k, v FROM b").first)
        #expect(row["k"] == .integer(8_999_999_999_999_999))
        #expect(row["v"] == .blob([0, 1, 255]))
    }

    @Test func anErrorCarriesSQLitesCodeMessageAndTheSQL() throws {
        let connection = try makeConnection()
        try connection.execute("INSERT INTO item (name) VALUES ('a')")
        do {
            try connection.execute("INSERT INTO item (name) VALUES (?)", ["a"])
            Issue.record("a duplicate name was accepted")
        } catch let error as SQLiteError {
            #expect(error.isConstraintViolation)
            #expect(error.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
            #expect(error.message.contains("UNIQUE constraint failed: item.name"))
            #expect(error.sql == "INSERT INTO item (name) VALUES (?)")
        }
    }

    @Test func aTransactionRollsBackAndRethrowsTheFirstError() throws {
        let connection = try makeConnection()
        struct Marker: Error, Equatable {}
        #expect(throws: Marker.self) {
            try connection.inTransaction {
                try connection.execute("INSERT INTO item (name) VALUES ('kept?')")
                throw Marker()
            }
        }
        #expect(try connection.integer("SELECT count(*) FROM item") == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func aFailingStatementInsideATransactionUndoesEarlierOnes() throws {
        let connection = try makeConnection()
        #expect(throws: SQLiteError.self) {
            try connection.inTransaction {
                try connection.execute("INSERT INTO item (name) VALUES ('one')")
                try connection.execute("INSERT INTO item (name) VALUES (NULL)")
            }
        }
        #expect(try connection.integer("SELECT count(*) FROM item") == 0)
    }

    @Test func aSavepointRollsBackOnlyItsOwnWork() throws {
        let connection = try makeConnection()
        try connection.inTransaction {
            try connection.execute("INSERT INTO item (name) VALUES ('outer')")
            _ = try? connection.inSavepoint {
                try connection.execute("INSERT INTO item (name) VALUES ('inner')")
                try connection.execute("INSERT INTO item (name) VALUES ('inner')")
            }
        }
        let names = try connection.rows("SELECT name FROM item").map { $0["name"] }
        #expect(names == ["outer"])
    }

    @Test func aScriptStopsAtTheFailingStatementAndNamesIt() throws {
        let connection = try makeConnection()
        do {
            try connection.execute(
                "INSERT INTO item (name) VALUES ('x'); INSERT INTO nowhere VALUES (1); "
                    + "INSERT INTO item (name) VALUES ('y');")
            Issue.record("the script did not fail")
        } catch let error as SQLiteError {
            #expect(error.message == "no such table: nowhere")
            #expect(error.sql?.contains("nowhere") == true)
        }
        #expect(try connection.rows("SELECT name FROM item").map { $0["name"] } == ["x"])
    }

    @Test func foreignKeysAreEnforced() throws {
        let connection = try Connection(path: folder.file("fk.sqlite"), mode: .create)
        try connection.execute(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY) STRICT;
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id)) STRICT;
            """)
        #expect(throws: SQLiteError.self) {
            try connection.execute("INSERT INTO child VALUES (1, 42)")
        }
    }

    @Test func backupCopiesEveryRow() throws {
        let connection = try makeConnection()
        try connection.execute("INSERT INTO item (name, price) VALUES ('a', 1), ('b', 2)")
        let copy = try Connection(path: folder.file("copy.sqlite"), mode: .create)
        try connection.backup(into: copy)
        #expect(
            try copy.rows("SELECT name, price FROM item ORDER BY id").map(\.values)
                == [["a", 1.0], ["b", 2.0]])
    }

    @Test func aBackupStoppedBeforeItsLastStepLeavesTheDestinationAsItWas() throws {
        let connection = try makeConnection()
        let names = (1...2000).map { "item \($0) " + String(repeating: "x", count: 100) }
        try connection.inTransaction {
            for name in names {
                try connection.execute("INSERT INTO item (name) VALUES (?)", [.text(name)])
            }
        }
        let copy = try Connection(path: folder.file("copy.sqlite"), mode: .create)
        try copy.execute("CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('before')")
        struct Stop: Error {}
        var steps = 0
        #expect(throws: Stop.self) {
            try connection.backup(
                into: copy, pagesPerStep: 4, beforeLastStep: { throw Stop() },
                afterStep: { steps += 1 })
        }
        #expect(steps > 10)
        #expect(try copy.rows("SELECT note FROM kept").map(\.values) == [["before"]])
        var announced = 0
        try connection.backup(into: copy, pagesPerStep: 4, beforeLastStep: { announced += 1 })
        #expect(announced == 1)
        #expect(try copy.integer("SELECT count(*) FROM item") == 2000)
    }

    /// The digest the differ compares rows by: equal exactly when SQL's `IS` says the values
    /// are the same, column by column.
    func rowHash(_ values: String, on connection: Connection) throws -> [UInt8] {
        guard case .blob(let bytes)? = try connection.scalar("SELECT crmenv_row_hash(\(values))")
        else {
            Issue.record("crmenv_row_hash(\(values)) gave no blob")
            return []
        }
        return Array(bytes)
    }

    @Test func theRowHashTellsRowsApartAsSQLDoes() throws {
        let connection = try makeConnection()
        try connection.prepareForScanning()
        let long = String(repeating: "Sales contact notes, ", count: 40)
        let same: [(String, String)] = [
            ("1, 'Ada', NULL", "1, 'Ada', NULL"),
            ("2.0, 'x'", "2, 'x'"),
            ("'\(long)'", "'\(long)'"),
            ("''", "''"),
        ]
        for (left, right) in same {
            let digest = try rowHash(left, on: connection)
            #expect(digest.count == 16)
            #expect(digest == (try rowHash(right, on: connection)), "\(left) vs \(right)")
        }
        let different: [(String, String)] = [
            ("'abc'", "x'616263'"),
            ("NULL", "''"),
            ("'ab', 'c'", "'a', 'bc'"),
            ("1", "'1'"),
            ("2.5", "2"),
            ("'Ada', NULL", "NULL, 'Ada'"),
            ("'\(long)'", "'\(long.dropLast())!'"),
            ("'0123456789abcdef0'", "'0123456789abcdef1'"),
            ("'0123456789abcdef'", "'0123456789abcdeF'"),
            ("'01234567'", "'01234568'"),
        ]
        for (left, right) in different {
            #expect(
                (try rowHash(left, on: connection)) != (try rowHash(right, on: connection)),
                "\(left) vs \(right)")
        }
    }
}

import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct DifferTests {
    let folder = TemporaryDirectory("differ")

    /// Base, LIVE and TEST databases that start equal.
    func makeTriple(_ setup: String) throws -> (
        base: Connection, live: Connection, test: Connection
    ) {
        let base = try Connection(path: folder.file("base.sqlite"), mode: .create)
        try Migrator().migrate(base, name: "base")
        try base.execute(setup)
        for name in ["live", "test"] {
            try base.backup(
                into: try Connection(path: folder.file("\(name).sqlite"), mode: .create))
        }
        return (
            base, try Connection(path: folder.file("live.sqlite"), mode: .readWrite),
            try Connection(path: folder.file("test.sqlite"), mode: .readWrite)
        )
    }

    func diff(threeWay: Bool = true) throws -> DiffResult {
        var differ = Differ(
            livePath: folder.file("live.sqlite"), testPath: folder.file("test.sqlite"),
            basePath: threeWay ? folder.file("base.sqlite") : nil)
        differ.tables = ["customer", "territory"]
        return try differ.run()
    }

    let setup = """
        INSERT INTO territory VALUES ('NE', 'Northeast', 1), ('SE', 'Southeast', 1);
        INSERT INTO customer (cust_num, name, city, territory) VALUES
            ('C1', 'One', 'Boston', 'NE'), ('C2', 'Two', 'Miami', 'SE'), ('C3', 'Three', 'Hartford', 'NE'),
            ('C4', 'Four', 'Tampa', 'SE'), ('C5', 'Five', 'Salem', 'NE');
        """

    @Test func eachRowIsClassifiedByWhoChangedIt() throws {
        let (_, live, test) = try makeTriple(setup)
        try test.execute(
            """
            UPDATE customer SET name = 'One Inc.' WHERE cust_num = 'C1';       -- TEST only
            UPDATE customer SET city = 'Orlando' WHERE cust_num = 'C2';        -- both, same
            UPDATE customer SET name = 'Three Ltd' WHERE cust_num = 'C3';      -- both, other columns
            UPDATE customer SET name = 'Four A' WHERE cust_num = 'C4';         -- both, same column
            DELETE FROM customer WHERE cust_num = 'C5';                        -- TEST removes, LIVE changes
            INSERT INTO customer (cust_num, name) VALUES ('C6', 'Six');        -- TEST adds
            INSERT INTO territory VALUES ('W', 'West', 1);
            """)
        try live.execute(
            """
            UPDATE customer SET city = 'Orlando' WHERE cust_num = 'C2';
            UPDATE customer SET city = 'New Haven' WHERE cust_num = 'C3';
            UPDATE customer SET name = 'Four B' WHERE cust_num = 'C4';
            UPDATE customer SET city = 'Lowell' WHERE cust_num = 'C5';
            INSERT INTO customer (cust_num, name) VALUES ('C7', 'Seven');      -- LIVE adds
            """)
        let result = try diff()
        #expect(result.isThreeWay)
        let customers = try #require(result.tables.first { $0.table == "customer" })
        let byKey = Dictionary(uniqueKeysWithValues: customers.changes.map { ($0.keyText, $0) })
        #expect(Set(byKey.keys) == ["C1", "C3", "C4", "C5", "C6", "C7"])
        let columns = customers.shape.columns
        #expect(byKey["C1"]?.origin == .test)
        #expect(byKey["C1"]?.changedColumns.map { columns[$0] } == ["name"])
        #expect(byKey["C3"]?.origin == .both)
        #expect(byKey["C3"]?.changedColumns.map { columns[$0] } == ["name"])
        #expect(byKey["C4"]?.origin == .conflict)
        #expect(byKey["C4"]?.conflictColumns.map { columns[$0] } == ["name"])
        #expect(byKey["C5"]?.origin == .conflict)
        #expect(byKey["C5"]?.kind == .removed)
        #expect(byKey["C6"]?.origin == .test && byKey["C6"]?.kind == .added)
        #expect(byKey["C7"]?.origin == .live && byKey["C7"]?.kind == .added)
        #expect(
            customers.counts == DiffCounts(added: 1, changed: 2, removed: 0, drift: 1, conflicts: 2)
        )
        let territories = try #require(result.tables.first { $0.table == "territory" })
        #expect(territories.counts == DiffCounts(added: 1))
    }

    @Test func withoutABaseEveryDifferenceIsTESTs() throws {
        let (_, live, test) = try makeTriple(setup)
        try test.execute("UPDATE customer SET name = 'One Inc.' WHERE cust_num = 'C1'")
        try live.execute("INSERT INTO customer (cust_num, name) VALUES ('C7', 'Seven')")
        let result = try diff(threeWay: false)
        #expect(!result.isThreeWay)
        let customers = try #require(result.tables.first { $0.table == "customer" })
        #expect(customers.counts == DiffCounts(changed: 1, removed: 1))
        #expect(customers.changes.map(\.keyText) == ["C1", "C7"])
        #expect(customers.changes.map(\.origin) == [.test, .test])
    }

    @Test func aDifferentShapeIsASchemaDifferenceNotARowDiff() throws {
        let (_, _, test) = try makeTriple(setup)
        try test.execute("ALTER TABLE customer ADD COLUMN fax TEXT")
        let result = try diff()
        #expect(
            result.schemaDifferences == [
                SchemaDifference(table: "customer", detail: "columns only in TEST: fax")
            ])
        #expect(result.tables.map(\.table) == ["territory"])
    }

    @Test func theRenderersShowMarkersCellsAndSides() throws {
        let (_, live, test) = try makeTriple(setup)
        try test.execute(
            """
            UPDATE customer SET name = 'One Inc.' WHERE cust_num = 'C1';
            UPDATE customer SET name = 'Four A' WHERE cust_num = 'C4';
            INSERT INTO customer (cust_num, name) VALUES ('C6', 'Six');
            DELETE FROM customer WHERE cust_num = 'C2';
            """)
        try live.execute(
            """
            UPDATE customer SET name = 'Four B' WHERE cust_num = 'C4';
            UPDATE customer SET city = 'Lowell' WHERE cust_num = 'C5';
            """)
        let result = try diff()
        let text = DiffRenderer.text(result, stat: false)
        #expect(
            Array(text.dropFirst()) == [
                "",
                "customer: 1 added, 1 changed, 1 removed, 1 drift in LIVE, 1 conflict",
                "~ C1  name: 'One' → 'One Inc.'",
                "- C2",
                "! C4",
                "    name: base 'Four', TEST 'Four A', LIVE 'Four B'",
                "~ [LIVE] C5  city: 'Salem' → 'Lowell'",
                "+ C6  name 'Six'",
            ])
        let json = DiffRenderer.json(result, stat: false)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "live")
        #expect(object["to"] as? String == "test")
        let tables = try #require(object["tables"] as? [[String: Any]])
        let rows = try #require(
            tables.first { $0["table"] as? String == "customer" }?["rows"] as? [[String: Any]])
        #expect(rows.count == 5)
        #expect((rows[0]["test"] as? [String: Any])?["name"] as? String == "One Inc.")
        #expect(rows[2]["conflicts"] as? [String] == ["name"])
        let html = DiffRenderer.html(result, generated: "now")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(
            !html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(
            html.contains("<td class=\"conflict\">&#39;Four A&#39;</td>")
                || html.contains("<td class=\"conflict\">'Four A'</td>"))
        #expect(html.contains("<td class=\"changed\">'One Inc.'</td>"))
    }
}

/// Reports written from the differ's spool files equal those made from rows kept in memory.
@Suite struct SpooledReportTests {
    let folder = TemporaryDirectory("spool")

    @Test func spooledTextJSONAndHTMLEqualTheInMemoryReports() throws {
        var random = SeededRandom(seed: 7)
        let live = folder.file("live.sqlite")
        let test = folder.file("test.sqlite")
        let connection = try Connection(path: live, mode: .create)
        try Migrator().migrate(connection, name: "live")
        try RandomPair.fill(connection, scale: 600, random: &random)
        try connection.backup(into: try Connection(path: test, mode: .create))
        try RandomPair.mutate(
            try Connection(path: test, mode: .readWrite), fraction: 0.2, random: &random)
        // Multi-byte characters, so chunk boundaries can cut one in two.
        try Connection(path: test, mode: .readWrite).execute(
            "UPDATE customer SET name = name || ' — Zoë Müller ✓' WHERE cust_num LIKE '%3'")
        func run(_ spool: RowSpool?) throws -> DiffResult {
            var differ = Differ(livePath: live, testPath: test)
            differ.splitThreshold = 100
            differ.spool = spool
            return try differ.run()
        }
        let kept = try run(nil)
        var spooledJSON = ""
        DiffRenderer.json(try run(DiffRenderer.jsonSpool(directory: folder.path)), stat: false) {
            spooledJSON += $0
        }
        #expect(spooledJSON == DiffRenderer.json(kept, stat: false))
        var spooledText = ""
        DiffRenderer.text(try run(DiffRenderer.textSpool(directory: folder.path)), stat: false) {
            spooledText += $0
        }
        #expect(spooledText == DiffRenderer.text(kept, stat: false).map { $0 + "\n" }.joined())
        var spooledHTML = ""
        DiffRenderer.html(try run(DiffRenderer.htmlSpool(directory: folder.path)), generated: "now")
        {
            spooledHTML += $0
        }
        #expect(spooledHTML == DiffRenderer.html(kept, generated: "now"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix(".diff-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aCharacterCutByAChunkIsHeldBack() {
        let bytes = Array("ab✓".utf8)
        #expect(TableDiff.completeLength(of: bytes) == bytes.count)
        #expect(TableDiff.completeLength(of: Array(bytes.dropLast())) == 2)
        #expect(TableDiff.completeLength(of: Array(bytes.dropLast(2))) == 2)
    }
}

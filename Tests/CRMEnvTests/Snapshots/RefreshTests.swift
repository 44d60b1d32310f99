import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct RefreshTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("refresh")
        try ws.seedLive()
        ws.test.close()
    }

    @Test func testBecomesACopyOfLiveWithItsBaseRecorded() throws {
        let report = try ws.workspace.refresh(force: false, by: "dana")
        #expect(report.base.reason == .base)
        #expect(report.discarded.isEmpty)
        let test = try ws.workspace.open(.test, access: .read)
        for table in Schema.crmTables {
            #expect(
                try test.connection.rows("SELECT * FROM \(table) ORDER BY 1, 2").map(\.values)
                    == ws.erpConnection().rows("SELECT * FROM \(table) ORDER BY 1, 2").map(\.values),
                "\(table)")
        }
        #expect(
            try test.connection.scalar("SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")
                == .text(report.base.id))
        let base = try Connection(path: ws.workspace.baseImagePath, mode: .readOnly)
        #expect(try base.integer("SELECT count(*) FROM customer") == 20)
        let entry = try #require(try ws.workspace.auditLog.entries().last)
        #expect(
            entry.action == "refresh" && entry.who == "dana" && entry.snapshots == [report.base.id])
    }

    @Test func unpromotedWorkIsListedAndKeptUnlessForced() throws {
        let test = try ws.workspace.open(.test, access: .write(holder: "t"))
        try ValueStore(environment: test).add(
            DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try Importer(environment: test).run(
            ImportRequest(
                kind: .contacts,
                path: try ws.write("email1,first_name\nnew@example.com,New\n", to: "c.csv"),
                displayName: "c.csv", by: "t"))
        test.close()
        let before = try ws.testContent()
        #expect(
            throws: CRMEnvError.unpromotedWork(items: [
                "batch 1 (contacts, c.csv)", "lead-status values HOT",
            ])
        ) {
            _ = try ws.workspace.refresh(force: false, by: "dana")
        }
        #expect(try ws.testContent() == before)
        let forced = try ws.workspace.refresh(force: true, by: "dana")
        #expect(forced.discarded == ["batch 1 (contacts, c.csv)", "lead-status values HOT"])
        #expect(
            try ws.connection.integer("SELECT count(*) FROM lead_status WHERE code = 'HOT'") == 0)
    }

    @Test func idsAndBatchNumbersAreNeverReusedAfterARefresh() throws {
        let test = try ws.workspace.open(.test, access: .write(holder: "t"))
        let file = try ws.write("email1,first_name\nnew@example.com,New\n", to: "c.csv")
        try Importer(environment: test).run(
            ImportRequest(kind: .contacts, path: file, displayName: "c.csv", by: "t"))
        let firstID = try test.connection.integer("SELECT min(id) FROM sales_contact")
        test.close()
        _ = try ws.workspace.refresh(force: true, by: "dana")
        let again = try ws.workspace.open(.test, access: .write(holder: "t"))
        let report = try Importer(environment: again).run(
            ImportRequest(kind: .contacts, path: file, displayName: "c.csv", by: "t"))
        #expect(report.batchID == 2)
        #expect(
            try again.connection.integer("SELECT min(id) FROM sales_contact WHERE batch_id = 2")
                == firstID - 1)
    }
}

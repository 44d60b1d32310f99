import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

/// A crash at each stage of snapshot, rollback and refresh (the process dies at a named point,
/// as with a power cut), then the next command: everything is as it was or as it should be,
/// leftovers are cleaned up and reported, and LIVE passes `integrity_check`.
@Suite struct CrashTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("crash")
        try ws.seedLive(customers: 100, contacts: 3000)
        // The commands run in other processes and need TEST's lock.
        ws.test.close()
    }

    func crash(at point: String, _ arguments: [String]) throws {
        let result = try Executable.run(
            arguments, in: ws.folder.path, environment: ["CRMENV_CRASH_AT": point])
        #expect(result.status == CrashPoint.exitStatus, "\(point): \(result.error)")
    }

    /// The next command, which cleans up; returns its standard error.
    func nextCommand() throws -> String {
        let result = try Executable.run(["snapshot", "list"], in: ws.folder.path)
        #expect(result.status == 0)
        return result.error
    }

    func liveIsSound() throws {
        let live = try ws.erpConnection()
        #expect(try live.rows("PRAGMA integrity_check").map { $0.values[0] } == ["ok"])
        #expect(try live.rows("PRAGMA foreign_key_check").isEmpty)
    }

    @Test(arguments: ["snapshot.image-written", "snapshot.before-manifest"])
    func aSnapshotInterruptedLeavesNoSnapshot(point: String) throws {
        let before = try ws.snapshotFiles()
        try crash(at: point, ["snapshot", "create"])
        #expect(try ws.snapshotFiles().count > before.count)
        let notes = try nextCommand()
        #expect(notes.contains("Note: removed the partial files of snapshot '"))
        #expect(try ws.snapshotFiles() == before)
        #expect(try ws.workspace.snapshotStore.list().damaged.isEmpty)
    }

    @Test(arguments: ["rollback.verified", "rollback.pre-snapshot-taken", "rollback.mid-restore"])
    func aRollbackInterruptedBeforeItsCopyLeavesLiveAsItWas(point: String) throws {
        let target = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
        try ws.erpConnection().execute("DELETE FROM sales_contact WHERE id % 2 = 0")
        let before = try ws.liveContent()
        try crash(at: point, ["rollback", target.id, "--by", "tester"])
        let notes = try nextCommand()
        if point == "rollback.verified" || point == "rollback.mid-restore" {
            #expect(notes.contains("a temporary image left by an interrupted command"))
        }
        try liveIsSound()
        #expect(try ws.liveContent() == before)
        // And the rollback can simply be run again.
        let result = try Executable.run(
            ["rollback", target.id, "--by", "tester"], in: ws.folder.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(try ws.erpConnection().integer("SELECT count(*) FROM sales_contact") == 3000)
    }

    @Test func aRollbackInterruptedAfterItsCopyLeavesLiveRestored() throws {
        let target = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
        let restored = try ws.liveContent()
        try ws.erpConnection().execute("DELETE FROM customer WHERE cust_num > 'C150'")
        try crash(at: "rollback.restored", ["rollback", target.id, "--by", "tester"])
        _ = try nextCommand()
        try liveIsSound()
        #expect(try ws.liveContent() == restored)
    }

    @Test(arguments: ["refresh.base-taken", "refresh.base-image-written"])
    func aRefreshInterruptedBeforeTheCopyLeavesTestAsItWas(point: String) throws {
        let before = try ws.testContent()
        try crash(at: point, ["refresh"])
        _ = try nextCommand()
        #expect(try ws.testContent() == before)
        let result = try Executable.run(["refresh"], in: ws.folder.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(try ws.connection.integer("SELECT count(*) FROM customer") == 100)
    }

    @Test func aRefreshInterruptedAfterTheCopyLeavesTestACopyOfLive() throws {
        try crash(at: "refresh.test-replaced", ["refresh"])
        _ = try nextCommand()
        #expect(try ws.connection.integer("SELECT count(*) FROM customer") == 100)
        let check = try ws.connection.rows("PRAGMA integrity_check").map { $0.values[0] }
        #expect(check == ["ok"])
    }
}

import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

/// The process dies at each stage of a promotion and of an undo; LIVE is afterwards exactly its
/// state before or after, passes `integrity_check`, and the next command tidies up.
@Suite struct PromotionCrashTests {
    let fixture: PromotionFixture
    var folder: String { fixture.ws.folder.path }

    init() throws {
        fixture = try PromotionFixture("promote-crash")
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        _ = try fixture.importLeads("lead_id,topic,cust_num,status\nL-1,Pumps,C101,HOT\n")
        try fixture.workspace.vet(["values", "batches"], allValues: false, by: "dana")
    }

    func crash(at point: String, _ arguments: [String]) throws {
        let result = try Executable.run(
            arguments, in: folder, environment: ["CRMENV_CRASH_AT": point])
        #expect(result.status == CrashPoint.exitStatus, "\(point): \(result.error)")
    }

    func liveIsSound() throws {
        let live = try fixture.ws.erpConnection()
        #expect(try live.rows("PRAGMA integrity_check").map { $0.values[0] } == ["ok"])
        #expect(try live.rows("PRAGMA foreign_key_check").isEmpty)
    }

    @Test(arguments: ["promote.snapshot-taken", "promote.applied", "promote.bundle-written"])
    func aPromotionInterruptedBeforeItsCommitLeavesLiveAsItWas(point: String) throws {
        let before = try fixture.live()
        try crash(at: point, ["promote", "--by", "dana"])
        let next = try Executable.run(["changes"], in: folder)
        #expect(next.status == 0)
        if point == "promote.bundle-written" {
            #expect(next.error.contains("which never reached LIVE"))
        }
        try liveIsSound()
        #expect(try fixture.live() == before)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: fixture.workspace.snapshotsDirectory)
        #expect(!names.contains { $0.hasPrefix("promotion-") })
        // The promotion can simply run again.
        let again = try Executable.run(["promote", "--by", "dana"], in: folder)
        #expect(again.status == 0, "\(again.error)")
        #expect(try fixture.ws.erpConnection().integer("SELECT count(*) FROM lead") == 1)
    }

    @Test func aPromotionInterruptedAfterItsCommitIsCompletedByTheNextCommand() throws {
        try crash(at: "promote.committed", ["promote", "--by", "dana"])
        try liveIsSound()
        #expect(try fixture.ws.erpConnection().integer("SELECT count(*) FROM lead") == 1)
        let next = try Executable.run(["changes"], in: folder)
        #expect(next.error.contains("recorded promotion '"))
        #expect(next.output == "No changes in TEST that LIVE lacks\n")
        let entry = try #require(try fixture.workspace.auditLog.entries().last)
        #expect(entry.action == "promote" && entry.outcome.hasPrefix("ok (entry recovered"))
    }

    @Test(arguments: ["undo.snapshot-taken", "undo.applied"])
    func anUndoInterruptedLeavesLiveAsItWas(point: String) throws {
        let promoted = try Executable.run(["promote", "--by", "dana"], in: folder)
        #expect(promoted.status == 0)
        let before = try fixture.live()
        try crash(at: point, ["undo", "latest", "--by", "dana"])
        try liveIsSound()
        #expect(try fixture.live() == before)
        let again = try Executable.run(["undo", "latest", "--by", "dana"], in: folder)
        #expect(again.status == 0, "\(again.error)")
        #expect(try fixture.ws.erpConnection().integer("SELECT count(*) FROM lead") == 0)
    }
}

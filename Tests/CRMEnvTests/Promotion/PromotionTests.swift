import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

/// A workspace whose TEST was refreshed from a seeded LIVE, with helpers to work in TEST.
final class PromotionFixture {
    let ws: TestWorkspace
    var workspace: Workspace { ws.workspace }

    init(_ label: String = "promote") throws {
        ws = try TestWorkspace(label)
        try ws.seedLive()
        ws.test.close()
        _ = try workspace.refresh(force: false, by: "tester")
    }

    /// Runs `body` with TEST open for writing.
    @discardableResult
    func inTest<T>(_ body: (Environment) throws -> T) throws -> T {
        let test = try workspace.open(.test, access: .write(holder: "test"))
        defer { test.close() }
        return try body(test)
    }

    func importLeads(_ csv: String) throws -> Int64 {
        let path = try ws.write(csv, to: "leads-\(UUID().uuidString).csv")
        return try inTest { test in
            try Importer(environment: test).run(
                ImportRequest(kind: .leads, path: path, displayName: "leads.csv", by: "tester")
            ).batchID ?? -1
        }
    }

    func addValue(_ value: DropdownValue, to list: ValueList) throws {
        try inTest { try ValueStore(environment: $0).add(value, to: list) }
    }

    func sql(_ statement: String) throws {
        try inTest { try $0.connection.execute(statement) }
    }

    func live() throws -> [String: [[DatabaseValue]]] {
        try ws.liveContent()
    }
}

@Suite struct PromotionTests {
    let fixture: PromotionFixture
    var workspace: Workspace { fixture.workspace }

    init() throws {
        fixture = try PromotionFixture()
    }

    func expectRefused(
        _ message: String, remaps: [Remap] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let before = try fixture.live()
        let snapshots = try fixture.ws.snapshotFiles().count
        do {
            _ = try workspace.promote(remaps: remaps, by: "dana")
            Issue.record("promoted", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(message), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try fixture.live() == before, sourceLocation: sourceLocation)
        #expect(try fixture.ws.snapshotFiles().count == snapshots, sourceLocation: sourceLocation)
    }

    @Test func onlyVettedItemsReachLiveAndThenTheyAreEqual() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot lead"), to: .leadStatus)
        try fixture.addValue(DropdownValue(code: "COLD", description: "Cold lead"), to: .leadStatus)
        let batch = try fixture.importLeads(
            "lead_id,topic,cust_num,status\nL-1,Pumps,C101,HOT\nL-2,Valves,C102,NEW\n")
        // A record typed by hand is practice: never promoted unless vetted.
        try fixture.sql("INSERT INTO customer (cust_num, name) VALUES ('C999', 'Practice')")
        let list = try workspace.changeList()
        #expect(
            list.items.map(\.id) == [
                "values:lead-status:COLD", "values:lead-status:HOT", "batch:\(batch)",
                "record:customer:C999",
            ])
        try workspace.vet(
            ["values:lead-status:HOT", "batch:\(batch)"], allValues: false, by: "dana")
        let report = try workspace.promote(remaps: [], by: "dana")
        #expect(report.plan.items.map(\.id) == ["values:lead-status:HOT", "batch:\(batch)"])
        #expect(
            report.plan.notVetted.map(\.id) == ["values:lead-status:COLD", "record:customer:C999"])
        let live = try fixture.ws.erpConnection()
        #expect(
            try live.rows("SELECT code FROM lead_status ORDER BY code").map { $0.values[0] } == [
                "HOT", "NEW", "QUAL",
            ])
        #expect(
            try live.rows("SELECT ref, status, batch_id FROM lead ORDER BY ref").map(\.values) == [
                ["L-1", "HOT", .integer(batch)], ["L-2", "NEW", .integer(batch)],
            ])
        #expect(try live.integer("SELECT count(*) FROM customer WHERE cust_num = 'C999'") == 0)
        #expect(
            try live.scalar("SELECT promotion_id FROM crmenv_batch WHERE id = ?", [.integer(batch)])
                == .text(report.id ?? ""))
        // LIVE was untouched since the refresh: its base snapshot is the way back, byte for
        // byte, and no new image is taken.
        let pre = try #require(report.preSnapshot)
        let base = try workspace.snapshotStore.list().snapshots.first { $0.reason == .base }
        #expect(pre.id == base?.id)
        #expect(try workspace.snapshotStore.list().snapshots.count == 1)
        #expect(try live.scalar("SELECT pre_snapshot FROM crmenv_promotion") == .text(pre.id))
        // The promoted items are now equal; what was not vetted is still there.
        let after = try workspace.changeList()
        #expect(after.items.map(\.id) == ["values:lead-status:COLD", "record:customer:C999"])
        // A later refresh is not blocked by promoted work (only by what is left).
        #expect(throws: CRMEnvError.unpromotedWork(items: ["lead-status values COLD"])) {
            _ = try workspace.refresh(force: false, by: "dana")
        }
        let entry = try #require(try workspace.auditLog.entries().last)
        #expect(entry.action == "promote" && entry.details["promotion"] == report.id)
    }

    @Test func aBaseThatCannotMoveIsRebuiltAndThePromotionStands() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot lead"), to: .leadStatus)
        let batch = try fixture.importLeads("lead_id,topic,cust_num,status\nL-1,Pumps,C101,HOT\n")
        try workspace.vet(
            ["values:lead-status:HOT", "batch:\(batch)"], allValues: false, by: "dana")
        // Another writer holds the base, so the base cannot move with the promotion.
        let holder = try Connection(path: workspace.baseImagePath, mode: .readWrite)
        try holder.execute("BEGIN IMMEDIATE TRANSACTION")
        let report = try workspace.promote(remaps: [], by: "dana")
        try holder.execute("ROLLBACK")
        #expect(report.id != nil)
        #expect(!FileManager.default.fileExists(atPath: workspace.baseImagePath))
        #expect(
            try fixture.ws.erpConnection().rows("SELECT ref, topic FROM lead").map(\.values) == [
                ["L-1", "Pumps"]
            ])
        // The next diff rebuilds the base with the promotion: L-1 edited in TEST is TEST's
        // change, not a row both sides added differently.
        try fixture.sql("UPDATE lead SET topic = 'Pumps and valves' WHERE ref = 'L-1'")
        let diff = try workspace.diff(scope: .data)
        let lead = try #require(diff.tables.first { $0.table == "lead" })
        #expect(lead.counts == DiffCounts(added: 0, changed: 1, removed: 0, drift: 0, conflicts: 0))
        #expect(lead.changes.map(\.origin) == [.test])
        #expect(FileManager.default.fileExists(atPath: workspace.baseImagePath))
    }

    @Test func aLiveChangedSinceItsLastSnapshotGetsANewPrePromotionSnapshot() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try workspace.vet(["values"], allValues: false, by: "dana")
        try fixture.ws.erpConnection().execute(
            "UPDATE customer SET city = 'Moved' WHERE cust_num = 'C101'")
        let before = try fixture.live()
        let report = try workspace.promote(remaps: [], by: "dana")
        let pre = try #require(report.preSnapshot)
        #expect(pre.reason == .prePromotion)
        #expect(pre.label == "before promotion \(report.id ?? "")")
        // The snapshot is LIVE as it was just before.
        let image = fixture.ws.folder.file("pre.sqlite")
        _ = try SnapshotVerifier(store: workspace.snapshotStore).verify(pre, keepingImageAt: image)
        #expect(try databaseContent(image) == before)
    }

    @Test func nothingVettedIsRefused() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try expectRefused(
            "nothing to promote: no change item is vetted; 'crmenv changes' lists the 1 item,")
    }

    @Test func anItemChangedAfterVettingIsNoLongerVetted() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try workspace.vet(["values:lead-status:HOT"], allValues: false, by: "dana")
        try fixture.inTest {
            try ValueStore(environment: $0).update(
                "HOT", in: .leadStatus, with: ValueStore.Change(description: "Very hot"))
        }
        let item = try #require(try workspace.changeList().items.first)
        #expect(!item.isVetted && item.isStale)
        try expectRefused(
            "nothing to promote: no change item is vetted (values:lead-status:HOT changed in TEST since it was vetted; vet it again)"
        )
    }

    @Test func aVettedItemThatNoLongerExistsIsRefused() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try fixture.addValue(DropdownValue(code: "COLD", description: "Cold"), to: .leadStatus)
        try workspace.vet(["values:lead-status"], allValues: false, by: "dana")
        try fixture.sql("DELETE FROM lead_status WHERE code = 'COLD'")
        try expectRefused(
            "cannot promote: vetted item 'values:lead-status:COLD' no longer exists in TEST")
    }

    @Test func aConflictWithLiveIsRefused() throws {
        try fixture.sql("UPDATE customer SET name = 'TEST name' WHERE cust_num = 'C101'")
        try fixture.ws.erpConnection().execute(
            "UPDATE customer SET name = 'LIVE name' WHERE cust_num = 'C101'")
        try workspace.vet(["record:customer:C101"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: conflict in customer C101 (record:customer:C101): both changed name since the base"
        )
    }

    @Test func driftInOtherColumnsIsKept() throws {
        try fixture.sql("UPDATE customer SET name = 'TEST name' WHERE cust_num = 'C101'")
        try fixture.ws.erpConnection().execute(
            "UPDATE customer SET city = 'LIVE city' WHERE cust_num = 'C101'")
        try workspace.vet(["record:customer:C101"], allValues: false, by: "dana")
        _ = try workspace.promote(remaps: [], by: "dana")
        let row = try #require(
            try fixture.ws.erpConnection().rows(
                "SELECT name, city FROM customer WHERE cust_num = 'C101'"
            ).first)
        #expect(row.values == ["TEST name", "LIVE city"])
    }

    @Test func aRetiredValueInUseNeedsARemapWhichUndoReverses() throws {
        try fixture.ws.erpConnection().execute(
            "INSERT INTO lead (id, ref, topic, cust_num, status) VALUES (1, 'L-LIVE', 'x', 'C101', 'QUAL')"
        )
        let live = try fixture.ws.erpConnection()
        try fixture.inTest { test in
            #expect(throws: CRMEnvError.self) {
                try ValueStore(environment: test).retire("QUAL", in: .leadStatus, live: live)
            }
            try ValueStore(environment: test).retire(
                "QUAL", in: .leadStatus, remap: Remap(list: .leadStatus, old: "QUAL", new: "NEW"),
                live: live)
        }
        try workspace.vet(["values:lead-status:QUAL"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: LIVE records use lead-status 'QUAL', which TEST retires (1 lead.status); pass --remap lead-status:QUAL=NEW"
        )
        try expectRefused(
            "cannot promote: --remap lead-status:QUAL=GONE: lead-status 'GONE' does not exist",
            remaps: [Remap(list: .leadStatus, old: "QUAL", new: "GONE")])
        try expectRefused(
            "cannot promote: --remap won-reason:PRICE=X: no vetted item retires or removes won-reason 'PRICE'",
            remaps: [
                Remap(list: .leadStatus, old: "QUAL", new: "NEW"),
                Remap(list: .wonReason, old: "PRICE", new: "X"),
            ])
        let before = try fixture.live()
        let report = try workspace.promote(
            remaps: [Remap(list: .leadStatus, old: "QUAL", new: "NEW")], by: "dana")
        #expect(report.plan.impacts.first?.usage == ["lead.status": 1])
        #expect(try live.scalar("SELECT status FROM lead WHERE ref = 'L-LIVE'") == "NEW")
        #expect(try live.scalar("SELECT active FROM lead_status WHERE code = 'QUAL'") == 0)
        _ = try workspace.undo(report.id ?? "", by: "dana")
        #expect(
            try fixture.live().filter { !$0.key.hasPrefix("crmenv_") }
                == before.filter { !$0.key.hasPrefix("crmenv_") })
    }

    @Test func aRemapToARetiredCodeIsRefused() throws {
        try fixture.ws.erpConnection().execute(
            """
            INSERT INTO lead (id, ref, topic, cust_num, status) VALUES (1, 'L-LIVE', 'x', 'C101', 'QUAL');
            INSERT INTO lead_status VALUES ('OLD', 'Old', 0);
            """)
        _ = try workspace.refresh(force: true, by: "dana")
        try fixture.sql("UPDATE lead_status SET active = 0 WHERE code = 'QUAL'")
        try workspace.vet(["values:lead-status:QUAL"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: --remap lead-status:QUAL=OLD: lead-status 'OLD' is retired; remap to an active value",
            remaps: [Remap(list: .leadStatus, old: "QUAL", new: "OLD")])
    }

    @Test func aRecordUsingAValueLiveLacksNamesTheItemToVet() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        let batch = try fixture.importLeads("lead_id,topic,cust_num,status\nL-1,Pumps,C101,HOT\n")
        try workspace.vet(["batch:\(batch)"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: lead 8999999999999999 (L-1) (batch:\(batch)) uses lead-status 'HOT', which LIVE lacks and no vetted item adds; vet values:lead-status:HOT"
        )
    }

    @Test func stagesMustNotGoBackwards() throws {
        try fixture.addValue(
            DropdownValue(code: "A", description: "A", chanceToClose: 50, sequence: 1),
            to: .opportunityStage)
        try fixture.addValue(
            DropdownValue(code: "B", description: "B", chanceToClose: 20, sequence: 2),
            to: .opportunityStage)
        try workspace.vet(["values"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: opportunity stages would go backwards: 'B' (sequence 2) has chance 20%, below 'A' (sequence 1) at 50%"
        )
    }

    @Test func aWonReasonNeedsAWonStatus() throws {
        try fixture.sql(
            """
            INSERT INTO won_reason VALUES ('PRICE', 'Price', 1);
            INSERT INTO opportunity (id, ref, description, cust_num, status, won_reason)
                VALUES (5, 'O-5', 'Pumps', 'C101', 'WON', 'PRICE');
            UPDATE opportunity_status SET outcome = 'lost' WHERE code = 'WON';
            """)
        try workspace.vet(["values", "records"], allValues: false, by: "dana")
        try expectRefused(
            "cannot promote: opportunity 5 (O-5) has won reason 'PRICE' but its status 'WON' is lost in LIVE after the promotion"
        )
    }

    @Test func aDryRunWritesNothingAndShowsThePlan() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try workspace.vet(["values"], allValues: false, by: "dana")
        let live = fileBytes(fixture.ws.livePath)
        let snapshots = try fixture.ws.snapshotFiles()
        let report = try workspace.promote(remaps: [], by: "dana", dryRun: true)
        #expect(report.id == nil && report.preSnapshot == nil)
        #expect(report.plan.items.map(\.id) == ["values:lead-status:HOT"])
        #expect(report.plan.problems.isEmpty)
        #expect(fileBytes(fixture.ws.livePath) == live)
        #expect(try fixture.ws.snapshotFiles() == snapshots)
    }

    @Test func promotingWhileAnotherCommandHoldsLiveIsRefusedAtOnce() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try workspace.vet(["values"], allValues: false, by: "dana")
        let holder = try workspace.open(.live, access: .write(holder: "crmenv rollback"))
        try expectRefused("environment 'live' is busy (crmenv rollback, pid")
        holder.close()
    }

    @Test func aDifferentSchemaInLiveStopsThePromotion() throws {
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        try workspace.vet(["values"], allValues: false, by: "dana")
        try fixture.ws.erpConnection().execute("ALTER TABLE customer ADD COLUMN fax TEXT")
        try expectRefused(
            "cannot promote: TEST and LIVE differ in shape: customer: columns only in LIVE: fax")
    }
}

@Suite struct UndoTests {
    let fixture: PromotionFixture
    var workspace: Workspace { fixture.workspace }

    init() throws {
        fixture = try PromotionFixture("undo")
        try fixture.addValue(DropdownValue(code: "HOT", description: "Hot"), to: .leadStatus)
        _ = try fixture.importLeads(
            "lead_id,topic,cust_num,status\nL-1,Pumps,C101,NEW\nL-2,Seals,C102,NEW\n")
        try workspace.vet(["values", "batches"], allValues: false, by: "dana")
    }

    @Test func undoRestoresLiveAndTheItemsComeBack() throws {
        let before = try fixture.live()
        let report = try workspace.promote(remaps: [], by: "dana")
        #expect(try fixture.ws.erpConnection().integer("SELECT count(*) FROM lead") == 2)
        let undo = try workspace.undo(report.id ?? "", by: "dana")
        #expect(undo.preUndo.reason == .preUndo)
        let after = try fixture.live()
        for table in Schema.crmTables {
            #expect(after[table] == before[table], "\(table)")
        }
        #expect(
            try fixture.ws.erpConnection().scalar("SELECT undone_by FROM crmenv_promotion")
                == "dana")
        #expect(try workspace.changeList().items.map(\.id).count == 2)
        #expect(
            throws: CRMEnvError.unknownPromotion(
                reference: report.id ?? "",
                reason: "it was already undone on "
                    + (try fixture.ws.erpConnection().scalar(
                        "SELECT undone_at FROM crmenv_promotion")?.displayText ?? "")
                    + " by dana")
        ) {
            _ = try workspace.undo(report.id ?? "", by: "dana")
        }
    }

    @Test func undoRefusesWhenLiveChangedThoseRowsAndPointsToRollback() throws {
        let report = try workspace.promote(remaps: [], by: "dana")
        try fixture.ws.erpConnection().execute(
            "UPDATE lead SET topic = 'Edited in LIVE' WHERE ref = 'L-1'")
        let before = try fixture.live()
        do {
            _ = try workspace.undo(report.id ?? "", by: "dana")
            Issue.record("undone")
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(
                    "cannot undo promotion '\(report.id ?? "")': LIVE changed rows of it since (lead: "
                ))
            #expect(
                error.description.hasSuffix(
                    "roll LIVE back to the snapshot taken before it: crmenv rollback \(report.preSnapshot?.id ?? "") --by NAME"
                ))
        }
        #expect(try fixture.live() == before)
    }

    @Test func undoOfAnUnknownPromotionIsRefused() throws {
        #expect(
            throws: CRMEnvError.unknownPromotion(
                reference: "20990101", reason: "no promotion has that id ('crmenv log' shows them)")
        ) {
            _ = try workspace.undo("20990101", by: "dana")
        }
        #expect(
            throws: CRMEnvError.unknownPromotion(
                reference: "../x", reason: "it is not a promotion id ('crmenv log' shows them)")
        ) {
            _ = try workspace.undo("../x", by: "dana")
        }
    }

    @Test func afterARollbackThePromotionCannotBeUndone() throws {
        let report = try workspace.promote(remaps: [], by: "dana")
        _ = try workspace.rollback(to: report.preSnapshot?.id ?? "", fromTest: false, by: "dana")
        #expect(
            throws: CRMEnvError.unknownPromotion(
                reference: report.id ?? "",
                reason: "it is not in LIVE (LIVE was rolled back to before it)")
        ) {
            _ = try workspace.undo(report.id ?? "", by: "dana")
        }
    }
}

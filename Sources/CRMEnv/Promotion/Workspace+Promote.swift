import Foundation

/// What a promotion did, or with `dryRun` would do.
public struct PromotionReport: Sendable {
    public var plan: PromotionPlan
    /// The promotion's id; nil for a dry run.
    public var id: String?
    public var preSnapshot: SnapshotManifest?
    public var bundle: PromotionManifest?
}

extension Workspace {
    var bundles: PromotionBundles { PromotionBundles(directory: snapshotsDirectory) }

    /// Promotes the vetted items of TEST to LIVE.
    ///
    /// Under LIVE's write lock (`BEGIN IMMEDIATE`, so LIVE cannot change meanwhile): diff TEST
    /// against LIVE (three ways with a base), plan the vetted items, refuse on conflicts,
    /// impacts without a remap, broken CRM rules or references; snapshot LIVE (pre-promotion);
    /// apply the rows and the remaps with a session recording them; check foreign keys and
    /// `quick_check`; write the bundle (the recorded change set and its inverse); commit. Any
    /// failure rolls the whole transaction back: LIVE is exactly as it was.
    ///
    /// - parameter dryRun: plan only; LIVE is not written and no snapshot is taken.
    /// - throws: `CRMEnvError.nothingVetted`, `.promotionRefused` with every problem.
    public func promote(remaps: [Remap], by: String, dryRun: Bool = false) throws -> PromotionReport
    {
        let test = try open(.test, access: .write(holder: "crmenv promote"))
        let live = try open(.live, access: .write(holder: "crmenv promote"))
        let connection = live.connection
        // Room for the pages a large batch touches (indexes take them in random order).
        try connection.execute("PRAGMA cache_size = -65536")
        try connection.execute("BEGIN IMMEDIATE TRANSACTION")
        var bundleID: String?
        var baseMove: BaseMove?
        do {
            PhaseTrace.mark("promote: start")
            let diff = try self.diff(scope: .all, keepsRows: true)
            PhaseTrace.mark("promote: diff")
            let list = try changeList(diff: diff, test: test.connection)
            PhaseTrace.mark("promote: items")
            let plan = try PromotionPlanner(list: list, live: connection, remaps: remaps).plan()
            PhaseTrace.mark("promote: plan")
            if dryRun {
                try connection.execute("ROLLBACK")
                return PromotionReport(plan: plan, id: nil, preSnapshot: nil, bundle: nil)
            }
            guard plan.problems.isEmpty else {
                throw CRMEnvError.promotionRefused(problems: plan.problems)
            }
            let id = Self.newPromotionID()
            let (pre, _) = try liveWayBack(
                of: connection, reason: .prePromotion, label: "before promotion \(id)", by: by)
            CrashPoint.reach("promote.snapshot-taken")
            PhaseTrace.mark("promote: way back")
            try connection.execute("PRAGMA defer_foreign_keys = ON")
            let session = try Session(connection: connection)
            for table in Schema.crmTables { try session.attach(table) }
            let shapes = Dictionary(uniqueKeysWithValues: diff.tables.map { ($0.table, $0.shape) })
            try RowApplier(connection: connection, shapes: shapes).apply(plan.changes)
            for remap in plan.remaps {
                for usage in remap.list.usages {
                    try connection.execute(
                        "UPDATE \(usage.table) SET \(usage.column) = ? WHERE \(usage.column) = ?",
                        [.text(remap.new), .text(remap.old)])
                }
            }
            CrashPoint.reach("promote.applied")
            PhaseTrace.mark("promote: apply")
            try live.checkReferences(after: "the promotion")
            let forward = try session.changeset()
            let inverse = try forward.inverted()
            PhaseTrace.mark("promote: changesets")
            // The base moves and the bundle is written on other threads while LIVE's checks
            // run; the base commits only after LIVE does.
            baseMove = try startMovingBase(
                applying: forward, promotion: id, forward: true, test: test)
            let now = Timestamp.string(from: Date())
            bundleID = id
            let bundles = self.bundles
            let writing = BackgroundTask {
                try bundles.write(id: id, forward: forward, inverse: inverse) { f, i in
                    PromotionManifest(
                        format: PromotionManifest.formatName, id: id, created: now, by: by,
                        items: plan.items.map {
                            PromotionManifest.Item(
                                id: $0.id, title: $0.title, vettedBy: $0.vetting?.by ?? "",
                                vettedAt: $0.vetting?.at ?? "")
                        },
                        remaps: plan.remaps.map(\.description), preSnapshot: pre.id,
                        base: plan.baseID,
                        rows: ((try? forward.counts()) ?? [:]).mapValues {
                            [$0.inserts, $0.updates, $0.deletes]
                        },
                        forward: f, inverse: i)
                }
            }
            let checked = Result {
                try recordPromotion(
                    id: id, plan: plan, pre: pre.id, by: by, at: now, test: test, on: connection)
                try live.checkIntegrity(after: "the promotion")
            }
            PhaseTrace.mark("promote: checks")
            let bundle = try writing.wait().get()
            try checked.get()
            CrashPoint.reach("promote.bundle-written")
            PhaseTrace.mark("promote: bundle")
            try connection.execute("COMMIT")
            bundleID = nil
            CrashPoint.reach("promote.committed")
            PhaseTrace.mark("promote: commit")
            try afterPromotion(id: id, plan: plan, test: test)
            try baseMove?.commit(test: test)
            baseMove = nil
            PhaseTrace.mark("promote: base moved")
            try auditLog.append(
                AuditEntry(
                    who: by, action: "promote", environment: .live, snapshots: [pre.id],
                    details: [
                        "promotion": id, "items": plan.items.map(\.id).joined(separator: " "),
                        "remaps": plan.remaps.map(\.description).joined(separator: " "),
                    ].filter { !$0.value.isEmpty }))
            return PromotionReport(plan: plan, id: id, preSnapshot: pre, bundle: bundle)
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            baseMove?.abandon()
            if let bundleID { bundles.remove(bundleID) }
            throw error
        }
    }

    static func newPromotionID() -> String {
        let digits = Timestamp.string(from: Date()).filter(\.isNumber)
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(digits.prefix(8))-\(digits.dropFirst(8).prefix(6))-promotion-"
            + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    /// LIVE's record of the promotion and of the batches it took (bookkeeping, outside the
    /// recorded change set).
    private func recordPromotion(
        id: String, plan: PromotionPlan, pre: String, by: String, at: String, test: Environment,
        on connection: Connection
    ) throws {
        let items = plan.items.map(\.id).joined(separator: " ")
        try connection.execute(
            "INSERT INTO crmenv_promotion (id, promoted_at, promoted_by, pre_snapshot, items) "
                + "VALUES (?, ?, ?, ?, ?)",
            [.text(id), .text(at), .text(by), .text(pre), .text(items)])
        let store = BatchStore(connection: test.connection)
        for item in plan.items where item.kind == .batch {
            guard let number = Int64(item.id.dropFirst(6)), var batch = try store.batch(number)
            else {
                continue
            }
            batch.promotionID = id
            try connection.execute("DELETE FROM crmenv_batch WHERE id = ?", [.integer(number)])
            try BatchStore(connection: connection).insert(batch)
        }
    }

    /// TEST's bookkeeping for a promotion whose command died after LIVE committed.
    func finishBookkeeping(ofPromotion id: String, items: String) {
        guard let test = try? open(.test, access: .write(holder: "crmenv (recovery)")) else {
            return
        }
        let ids = items.split(separator: " ").map(String.init)
        try? test.connection.inTransaction {
            for item in ids {
                try test.connection.execute(
                    "DELETE FROM crmenv_vetting WHERE item = ?", [.text(item)])
                if item.hasPrefix("batch:"), let number = Int64(item.dropFirst(6)) {
                    try test.connection.execute(
                        "UPDATE crmenv_batch SET promotion_id = ? WHERE id = ?",
                        [.text(id), .integer(number)])
                }
            }
        }
        if let state = try? BaseState.read(from: test.connection), !state.promotions.contains(id),
            let bundle = try? bundles.manifest(id),
            let forward = try? bundles.read(bundle.forward, promotion: id)
        {
            try? moveBase(applying: forward, promotion: id, forward: true, test: test)
        }
    }

    /// TEST's bookkeeping once LIVE has committed: promoted batches are marked, vetting and
    /// renames of promoted items are done with.
    private func afterPromotion(id: String, plan: PromotionPlan, test: Environment) throws {
        try test.connection.inTransaction {
            for item in plan.items {
                try test.connection.execute(
                    "DELETE FROM crmenv_vetting WHERE item = ?", [.text(item.id)])
                if item.kind == .batch, let number = Int64(item.id.dropFirst(6)) {
                    try test.connection.execute(
                        "UPDATE crmenv_batch SET promotion_id = ? WHERE id = ?",
                        [.text(id), .integer(number)])
                }
            }
            for change in plan.changes where change.kind == .removed {
                guard let list = ValueList(table: change.table) else { continue }
                try test.connection.execute(
                    "DELETE FROM crmenv_rename WHERE list = ? AND old_code = ?",
                    [.text(list.name), .text(change.keyText)])
            }
        }
    }
}

/// Writes row changes into LIVE with plain statements (recorded by the session). The SQL of
/// each table is built once; statements come from the connection's cache.
struct RowApplier {
    let connection: Connection
    let shapes: [String: TableShape]

    /// One table's statements.
    private struct TableSQL {
        let shape: TableShape
        let table: String
        let whereKey: String
        let insert: String
        var updates: [[Int]: String] = [:]

        init(_ shape: TableShape) {
            self.shape = shape
            table = TableShape.quote(shape.name)
            whereKey = shape.keyColumns.map { "\(TableShape.quote($0)) = ?" }.joined(
                separator: " AND ")
            let columns = shape.columns.map(TableShape.quote).joined(separator: ", ")
            let placeholders = Array(repeating: "?", count: shape.columns.count).joined(
                separator: ", ")
            insert = "INSERT INTO \(table) (\(columns)) VALUES (\(placeholders))"
        }

        var delete: String { "DELETE FROM \(table) WHERE \(whereKey)" }

        mutating func update(_ columns: [Int]) -> String {
            if let sql = updates[columns] { return sql }
            let assignments = columns.map { "\(TableShape.quote(shape.columns[$0])) = ?" }
                .joined(separator: ", ")
            let sql = "UPDATE \(table) SET \(assignments) WHERE \(whereKey)"
            updates[columns] = sql
            return sql
        }
    }

    func apply(_ changes: [RowChange]) throws {
        var tables: [String: TableSQL] = [:]
        for change in changes {
            guard var sql = tables[change.table] ?? shapes[change.table].map(TableSQL.init) else {
                continue
            }
            switch change.kind {
            case .removed:
                try connection.cachedStatement(sql.delete).execute(change.key)
            case .added where change.live == nil:
                guard let row = change.test else { continue }
                try connection.cachedStatement(sql.insert).execute(row)
            default:
                guard let row = change.test else { continue }
                let columns = change.changedColumns.filter { !sql.shape.keyIndexes.contains($0) }
                guard !columns.isEmpty else { continue }
                try connection.cachedStatement(sql.update(columns))
                    .execute(columns.map { row[$0] } + change.key)
            }
            tables[change.table] = sql
            guard connection.changes == 1 else {
                throw CRMEnvError.promotionRefused(problems: [
                    "\(change.table) \(change.keyText) is not in LIVE as the plan expected; "
                        + "nothing was promoted, run it again"
                ])
            }
        }
    }
}

extension Environment {
    /// `PRAGMA foreign_key_check` inside a promotion or undo, before it commits.
    func checkReferences(after action: String) throws {
        let rows = try connection.rows("PRAGMA foreign_key_check")
        guard let first = rows.first else { return }
        let table = first.values[0].displayText
        let parent = first.values.count > 2 ? first.values[2].displayText : "?"
        throw CRMEnvError.promotionRefused(problems: [
            "\(action) would leave \(rows.count) row(s) in LIVE referring to missing rows, the "
                + "first in '\(table)' (to '\(parent)'); nothing was changed"
        ])
    }
}

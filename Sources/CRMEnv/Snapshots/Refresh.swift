import Foundation

/// What a refresh did.
public struct RefreshReport: Sendable, Equatable {
    /// The LIVE image TEST now equals: the base of three-way diffs.
    public var base: SnapshotManifest
    /// Work in TEST that `--force` discarded.
    public var discarded: [String]
}

extension Workspace {
    /// The uncompressed copy of TEST's base, for three-way diffs.
    public var baseImagePath: String { environmentsDirectory + "/base.sqlite" }

    /// Makes TEST a copy of LIVE and keeps that LIVE image as TEST's base.
    ///
    /// In one read transaction on LIVE (its shared lock keeps writers out, so all three are the
    /// same state): snapshot LIVE (reason `base`), copy it into TEST and into `base.sqlite` with
    /// the backup API. TEST's id counters are kept, so ids are never handed out twice.
    ///
    /// - throws: `CRMEnvError.unpromotedWork` listing the batches and value changes in TEST that
    ///   are not in LIVE yet, unless `force`.
    public func refresh(force: Bool, by: String, progress: ((Int64, Int64) -> Void)? = nil)
        throws -> RefreshReport
    {
        let test = try open(.test, access: .write(holder: "crmenv refresh"))
        let live = try open(.live, access: .read)
        let pending = try PendingWork.find(
            test: test.connection, live: live.connection, workspace: self)
        if !pending.isEmpty && !force {
            throw CRMEnvError.unpromotedWork(items: pending)
        }
        let counters = try test.connection.rows(
            "SELECT key, value FROM crmenv_meta WHERE key LIKE 'next_id:%' OR key = 'last_batch_id'"
        )

        try live.connection.execute("BEGIN DEFERRED TRANSACTION")
        let manifest: SnapshotManifest
        do {
            var maker = SnapshotMaker(store: snapshotStore)
            maker.progress = progress
            (manifest, _) = try maker.wayBack(
                of: live.connection,
                SnapshotMaker.Details(
                    environment: .live, reason: .base, label: "base of TEST", by: by))
            CrashPoint.reach("refresh.base-taken")
            let baseTemporary = environmentsDirectory + "/.base.sqlite.tmp"
            let lock = try TemporaryFileLock(path: baseTemporary)
            defer { lock.release() }
            do {
                let base = try Connection(path: baseTemporary, mode: .create)
                try live.connection.backup(into: base)
                try BaseState(snapshot: manifest.id, promotions: []).write(to: base)
            }
            guard rename(baseTemporary, baseImagePath) == 0 else {
                throw CRMEnvError.fileUnwritable(
                    path: baseImagePath, reason: FileSystem.errnoText())
            }
            CrashPoint.reach("refresh.base-image-written")
            try live.connection.backup(into: test.connection)
            try live.connection.execute("COMMIT")
        } catch {
            try? live.connection.execute("ROLLBACK")
            throw error
        }
        CrashPoint.reach("refresh.test-replaced")
        try test.connection.inTransaction {
            for row in counters {
                guard let key = row["key"].stringValue else { continue }
                let keepsLowest = key.hasPrefix("next_id:")
                try test.connection.execute(
                    "INSERT INTO crmenv_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                        + "UPDATE SET value = "
                        + (keepsLowest
                            ? "min(value, excluded.value)" : "max(value, excluded.value)"),
                    [.text(key), row["value"]])
            }
            try BaseState(snapshot: manifest.id, promotions: []).write(to: test.connection)
        }
        try auditLog.append(
            AuditEntry(
                who: by, action: "refresh", environment: .test, snapshots: [manifest.id],
                details: pending.isEmpty ? [:] : ["discarded": pending.joined(separator: "; ")]))
        return RefreshReport(base: manifest, discarded: pending)
    }
}

/// Work in TEST that LIVE does not have yet: what a refresh would throw away.
enum PendingWork {
    /// Import batches not promoted, and dropdown values TEST changed that LIVE does not have.
    static func find(test: Connection, live: Connection, workspace: Workspace) throws -> [String] {
        var items: [String] = []
        for batch in try BatchStore(connection: test).all()
        where batch.promotionID == nil && !batch.kind.hasPrefix("values:") {
            items.append("batch \(batch.id) (\(batch.kind), \(batch.fileName))")
        }
        let baseID = try test.scalar(
            "SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")?.stringValue
        let base =
            FileSystem.exists(workspace.baseImagePath) && baseID != nil
            ? try? Connection(path: workspace.baseImagePath, mode: .readOnly) : nil
        for list in ValueList.allCases {
            let mine = try values(list, test)
            let theirs = try values(list, live)
            let original = try base.map { try values(list, $0) } ?? theirs
            let changed = mine.filter { code, value in
                value != original[code] && value != theirs[code]
            }.keys.sorted()
            // Without a base, a value only LIVE has is LIVE's, not one TEST removed.
            let removed =
                base == nil
                ? [] : original.keys.filter { mine[$0] == nil && theirs[$0] != nil }.sorted()
            let codes = changed + removed
            if !codes.isEmpty {
                items.append(
                    "\(list.name) values \(codes.prefix(5).joined(separator: ", "))"
                        + (codes.count > 5 ? " and \(codes.count - 5) more" : ""))
            }
        }
        return items
    }

    private static func values(_ list: ValueList, _ connection: Connection) throws
        -> [String: DropdownValue]
    {
        let store = ValueStore(environment: nil, connection: connection)
        return Dictionary(uniqueKeysWithValues: try store.values(of: list).map { ($0.code, $0) })
    }
}

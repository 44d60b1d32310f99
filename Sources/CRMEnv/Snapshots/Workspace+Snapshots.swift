import Foundation

extension Workspace {
    /// Removes what interrupted commands left behind: partial snapshot files, temporary images
    /// of a verify, rollback or refresh. Says what was removed, for the user.
    public func recoverInterruptedWork() -> [String] {
        var notes: [String] = []
        if FileSystem.isDirectory(snapshotsDirectory) {
            for id in snapshotStore.removeInterruptedWrites() {
                notes.append(
                    "removed the partial files of snapshot '\(id)', left by an interrupted command")
            }
        }
        notes += recoverInterruptedPromotions()
        for folder in [environmentsDirectory, snapshotsDirectory] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                continue
            }
            for name in names where name.hasPrefix(".") && name.hasSuffix(".sqlite.tmp") {
                let path = folder + "/" + name
                guard FileLock.isFree(path) else { continue }
                unlink(path)
                unlink(path + "-journal")
                notes.append("removed '\(name)', a temporary image left by an interrupted command")
            }
        }
        return notes
    }

    /// A promotion that died before its commit leaves a bundle LIVE never got: removed. One
    /// that died after its commit but before its audit entry gets the entry. Skipped while
    /// another command holds LIVE (it may be promoting right now).
    private func recoverInterruptedPromotions() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: snapshotsDirectory),
            names.contains(where: { $0.hasPrefix("promotion-") }),
            let livePath = try? databasePath(of: .live), FileSystem.exists(livePath),
            let lock = try? EnvironmentLock(
                environment: .live, databasePath: livePath, holder: "crmenv (recovery)")
        else { return [] }
        defer { lock.release() }
        guard let live = try? Connection(path: livePath, mode: .readOnly),
            let rows = try? live.rows("SELECT id FROM crmenv_promotion"),
            let entries = try? auditLog.entries()
        else { return [] }
        let inLive = Set(rows.map { $0["id"].displayText })
        let audited = Set(
            entries.filter { $0.action == "promote" }.compactMap { $0.details["promotion"] })
        var notes: [String] = []
        var ids = Set<String>()
        for name in names where name.hasPrefix("promotion-") {
            for suffix in [
                ".json", ".forward.gz", ".inverse.gz", ".forward.gz.tmp", ".inverse.gz.tmp",
            ]
            where name.hasSuffix(suffix) {
                ids.insert(String(name.dropFirst(10).dropLast(suffix.count)))
            }
        }
        for id in ids.sorted() {
            if !inLive.contains(id) && !audited.contains(id) {
                bundles.remove(id)
                for suffix in [".forward.gz.tmp", ".inverse.gz.tmp", ".json.tmp-\(getpid())"] {
                    unlink(snapshotsDirectory + "/promotion-\(id)\(suffix)")
                }
                notes.append(
                    "removed the bundle of promotion '\(id)', which never reached LIVE (the "
                        + "command was interrupted before it committed; LIVE is as it was)")
            } else if inLive.contains(id) && !audited.contains(id) {
                let row = try? live.rows(
                    "SELECT promoted_at, promoted_by, pre_snapshot, items FROM crmenv_promotion "
                        + "WHERE id = ?", [.text(id)]
                ).first
                try? auditLog.append(
                    AuditEntry(
                        time: row?["promoted_at"].displayText ?? Timestamp.string(from: Date()),
                        who: row?["promoted_by"].displayText ?? "?", action: "promote",
                        environment: .live,
                        snapshots: [row?["pre_snapshot"].displayText ?? ""].filter { !$0.isEmpty },
                        outcome: "ok (entry recovered after an interruption)",
                        details: ["promotion": id, "items": row?["items"].displayText ?? ""]))
                finishBookkeeping(ofPromotion: id, items: row?["items"].displayText ?? "")
                notes.append(
                    "recorded promotion '\(id)' in the audit log and TEST's bookkeeping (its "
                        + "command was interrupted after it committed)")
            }
        }
        return notes
    }

    /// Takes a full snapshot of an environment.
    public func createSnapshot(
        of name: EnvironmentName, label: String?, by: String, level: Int32? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> SnapshotManifest {
        let environment = try open(name, access: .read)
        var maker = SnapshotMaker(store: snapshotStore)
        if let level { maker.level = level }
        maker.progress = progress
        let manifest = try maker.makeSnapshot(
            of: environment.connection,
            SnapshotMaker.Details(environment: name, reason: .manual, label: label, by: by))
        try auditLog.append(
            AuditEntry(
                who: by, action: "snapshot", environment: name, snapshots: [manifest.id],
                details: label.map { ["label": $0] } ?? [:]))
        return manifest
    }

    /// Verifies snapshots and records when each passed.
    ///
    /// - returns: each snapshot with nil when it passed, or the failure.
    public func verifySnapshots(
        _ manifests: [SnapshotManifest], progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> [(SnapshotManifest, CRMEnvError?)] {
        var verifier = SnapshotVerifier(store: snapshotStore)
        verifier.progress = progress
        var results: [(SnapshotManifest, CRMEnvError?)] = []
        for var manifest in manifests {
            do {
                try verifier.verify(manifest)
                manifest.verified = Timestamp.string(from: Date())
                try snapshotStore.write(manifest)
                results.append((manifest, nil))
            } catch let error as CRMEnvError {
                results.append((manifest, error))
            }
        }
        return results
    }

    /// The snapshots a prune must keep whatever `--keep` says: TEST's base, and the
    /// pre-promotion images of promotions still in LIVE (their way back).
    public func snapshotsInUse() throws -> [String: String] {
        var inUse: [String: String] = [:]
        if let test = try? open(.test, access: .read),
            let base = try test.connection.scalar(
                "SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")?.stringValue
        {
            inUse[base] = "TEST's base"
        }
        if let live = try? open(.live, access: .read) {
            for row in try live.connection.rows(
                "SELECT id, pre_snapshot FROM crmenv_promotion WHERE undone_at IS NULL")
            {
                if let snapshot = row["pre_snapshot"].stringValue {
                    inUse[snapshot] = "the way back from promotion '\(row["id"].displayText)'"
                }
            }
        }
        return inUse
    }

    /// What a prune removed and kept.
    public struct PruneReport: Sendable, Equatable {
        public var removed: [String]
        /// Kept although beyond `--keep`, with the reason.
        public var protected: [String: String]
    }

    /// Removes all but the newest `keep` snapshots of each environment (or of one).
    ///
    /// Never removes the newest verified snapshot of an environment, TEST's base, or the
    /// pre-promotion snapshot of a promotion still in LIVE.
    public func pruneSnapshots(keep: Int, environment: EnvironmentName?, by: String) throws
        -> PruneReport
    {
        let (snapshots, _) = try snapshotStore.list()
        let inUse = try snapshotsInUse()
        var report = PruneReport(removed: [], protected: [:])
        for name in EnvironmentName.allCases where environment == nil || environment == name {
            let mine = snapshots.filter { $0.environment == name }
            let newestVerified = mine.last { $0.verified != nil }?.id
            for manifest in mine.dropLast(keep) {
                if let reason = inUse[manifest.id] {
                    report.protected[manifest.id] = reason
                } else if manifest.id == newestVerified {
                    report.protected[manifest.id] = "the newest verified snapshot of \(name.title)"
                } else {
                    snapshotStore.remove(manifest.id)
                    report.removed.append(manifest.id)
                }
            }
        }
        if !report.removed.isEmpty {
            try auditLog.append(
                AuditEntry(
                    who: by, action: "prune", environment: environment,
                    snapshots: report.removed, details: ["keep": String(keep)]))
        }
        return report
    }

    /// LIVE's way back before a change made under its write lock (promote, undo, rollback): an
    /// identical existing snapshot, else a new one at the fast level, since LIVE's users wait.
    func liveWayBack(
        of connection: Connection, reason: SnapshotReason, label: String, by: String
    ) throws -> (manifest: SnapshotManifest, reused: Bool) {
        var maker = SnapshotMaker(store: snapshotStore)
        maker.level = SnapshotMaker.lockedLevel
        return try maker.wayBack(
            of: connection,
            SnapshotMaker.Details(environment: .live, reason: reason, label: label, by: by))
    }
}

import Foundation

/// What a rollback did.
public struct RollbackReport: Sendable, Equatable {
    /// The snapshot LIVE now equals.
    public var restored: SnapshotManifest
    /// The snapshot of LIVE taken just before: the way back from this rollback.
    public var preRollback: SnapshotManifest
}

extension Workspace {
    /// Makes LIVE exactly the content of a snapshot.
    ///
    /// In order: take LIVE's lock; inflate the snapshot into a temporary image beside LIVE and
    /// check its size, CRC-32 and SHA-256, while LIVE is snapshotted (reason `pre-rollback`), so
    /// the rollback can itself be rolled back; copy the image into the open LIVE database with
    /// SQLite's backup API, one write transaction, so no reader ever sees a half database and no
    /// stale journal pairs with the wrong file, while the image's integrity, foreign-key and
    /// schema checks run; commit only once they pass; check LIVE; record it in the audit log. A
    /// failure before the commit leaves LIVE untouched; the copy itself is atomic.
    ///
    /// - throws: `CRMEnvError.snapshotOfTest` for a TEST snapshot without `fromTest`,
    ///   `.snapshotInvalid` naming the failed check, `.environmentBusy` while another command
    ///   writes LIVE.
    public func rollback(
        to reference: String, fromTest: Bool, by: String,
        progress: ((String, Int64, Int64) -> Void)? = nil
    ) throws -> RollbackReport {
        let live = try open(.live, access: .write(holder: "crmenv rollback"))
        let manifest = try snapshotStore.resolve(
            reference, environment: reference == "latest" ? .live : nil)
        if manifest.environment == .test && !fromTest {
            throw CRMEnvError.snapshotOfTest(id: manifest.id)
        }
        let image = environmentsDirectory + "/.rollback-\(manifest.id).sqlite.tmp"
        let imageLock = try TemporaryFileLock(path: image)
        defer {
            unlink(image)
            unlink(image + "-journal")
            imageLock.release()
        }
        // The long steps overlap. The snapshot is inflated and checked against its checksums
        // (one core) while LIVE's own snapshot, the way back, is taken (compression: both
        // cores). Then the image's database checks run while the way back ends and the image's
        // pages are copied into LIVE's open write transaction, whose last step, the commit,
        // waits for the checks: an image that fails them is never committed.
        let wayBack = BackgroundTask {
            try liveWayBack(
                of: live.connection, reason: .preRollback,
                label: "before rollback to \(manifest.id)", by: by)
        }
        var verifier = SnapshotVerifier(store: snapshotStore)
        verifier.progress = progress.map { report in { report("verify", $0, $1) } }
        PhaseTrace.mark("rollback: start")
        let inflated = Result { try verifier.inflateVerified(manifest, into: image) }
        PhaseTrace.mark("rollback: inflated")
        func dropWayBack() {
            if case .success(let (snapshot, reused)) = wayBack.wait(), !reused {
                snapshotStore.remove(snapshot.id)
            }
        }
        if case .failure(let error) = inflated {
            dropWayBack()
            throw error
        }
        let checks = BackgroundTask {
            try verifier.checkDatabase(at: image, manifest: manifest)
        }
        defer { _ = checks.wait() }
        let taken = wayBack.wait()
        PhaseTrace.mark("rollback: way back")
        CrashPoint.reach("rollback.verified")
        let (before, _) = try taken.get()
        CrashPoint.reach("rollback.pre-snapshot-taken")

        do {
            let source = try Connection(path: image, mode: .readOnly)
            try source.backup(
                into: live.connection, pagesPerStep: CrashPoint.isArmed ? 8 : 4096,
                beforeLastStep: {
                    PhaseTrace.mark("rollback: copied")
                    try checks.wait().get()
                    PhaseTrace.mark("rollback: image checked")
                },
                afterStep: { CrashPoint.reach("rollback.mid-restore") })
        } catch let error as SQLiteError {
            throw CRMEnvError.database(action: "restoring LIVE from '\(manifest.id)'", error: error)
        } catch {
            dropWayBack()
            throw error
        }
        CrashPoint.reach("rollback.restored")
        PhaseTrace.mark("rollback: committed")
        try live.checkIntegrity(after: "the rollback")
        PhaseTrace.mark("rollback: LIVE checked")
        try auditLog.append(
            AuditEntry(
                who: by, action: "rollback", environment: .live,
                snapshots: [manifest.id, before.id],
                details: ["restored": manifest.id, "pre_rollback": before.id]))
        return RollbackReport(restored: manifest, preRollback: before)
    }
}

extension Environment {
    /// `PRAGMA quick_check` and `foreign_key_check` after a write to LIVE.
    ///
    /// - throws: `CRMEnvError.integrityFailed` with the first problem.
    func checkIntegrity(after action: String) throws {
        let quick = try connection.rows("PRAGMA quick_check").compactMap {
            $0.values.first?.stringValue
        }
        guard quick == ["ok"] else {
            throw CRMEnvError.integrityFailed(
                environment: name, action: action, detail: quick.first ?? "no answer")
        }
        let keys = try connection.rows("PRAGMA foreign_key_check")
        guard keys.isEmpty else {
            throw CRMEnvError.integrityFailed(
                environment: name, action: action,
                detail: "\(keys.count) row(s) refer to missing rows, the first in "
                    + "'\(keys[0].values.first?.displayText ?? "")'")
        }
    }
}

/// An `flock` held on a temporary file for as long as a command uses it, so that the cleanup of
/// another command does not remove it.
final class TemporaryFileLock {
    private var descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
        flock(descriptor, LOCK_EX)
    }

    deinit { release() }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}

extension CrashPoint {
    /// True when a crash point is set (tests): long steps are then cut into smaller ones.
    static var isArmed: Bool {
        ProcessInfo.processInfo.environment["CRMENV_CRASH_AT"] != nil
    }
}

/// Work on another thread, joined later: for the snapshot a rollback takes of LIVE while it
/// verifies the snapshot it restores.
final class BackgroundTask<Value>: @unchecked Sendable {
    // `result` is written once by the task before `done` is signalled, and read only after
    // `wait()` has seen the signal; the work itself only touches what the caller hands it and
    // leaves alone until then (LIVE's connection, used by no one else meanwhile).
    private var result: Result<Value, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> Value) {
        let box = UncheckedWork(work: work)
        Thread.detachNewThread { [self] in
            result = Result { try box.work() }
            done.signal()
        }
    }

    /// Waits for the work and returns its result.
    func wait() -> Result<Value, Error> {
        done.wait()
        done.signal()
        return result ?? .failure(CancellationError())
    }
}

/// A closure handed to another thread once (see `BackgroundTask`).
private struct UncheckedWork<Value>: @unchecked Sendable {
    let work: () throws -> Value
}

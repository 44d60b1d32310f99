import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct SnapshotTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("snapshot")
        try ws.seedLive()
    }

    var store: SnapshotStore { ws.workspace.snapshotStore }

    func snapshotLive(label: String? = nil) throws -> SnapshotManifest {
        try ws.workspace.createSnapshot(of: .live, label: label, by: "tester")
    }

    @Test func aSnapshotDescribesItsImage() throws {
        let manifest = try snapshotLive(label: "before go-live")
        #expect(manifest.environment == .live)
        #expect(manifest.reason == .manual)
        #expect(manifest.label == "before go-live")
        #expect(manifest.schemaVersion == 1)
        #expect(manifest.rowCounts["customer"] == 20)
        #expect(manifest.rowCounts["sales_contact"] == 50)
        let live = try Data(contentsOf: URL(fileURLWithPath: ws.livePath))
        #expect(manifest.uncompressedSize == Int64(live.count))
        #expect(manifest.sha256 == SHA256.hex(of: live))
        #expect(manifest.crc32 == live.withUnsafeBytes { CRC32.update(0, $0) })
        let image = try Data(contentsOf: URL(fileURLWithPath: store.imagePath(manifest.id)))
        #expect(Int64(image.count) == manifest.compressedSize)
        #expect(try store.manifest(manifest.id) == manifest)
        #expect(try store.resolve("latest") == manifest)
        #expect(try store.resolve(String(manifest.id.prefix(20))) == manifest)
    }

    @Test func gunzipGivesADatabaseSQLiteOpens() throws {
        let manifest = try snapshotLive()
        let target = ws.folder.file("opened.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gunzip -c '\(store.imagePath(manifest.id))' > '\(target)'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let opened = try Connection(path: target, mode: .readOnly)
        #expect(try opened.integer("SELECT count(*) FROM customer") == 20)
    }

    @Test func aRollbackRestoresEveryTableExactly() throws {
        let manifest = try snapshotLive()
        let before = try ws.liveContent()
        let erp = try ws.erpConnection()
        try erp.execute(
            """
            UPDATE customer SET name = 'Renamed' WHERE cust_num = 'C101';
            DELETE FROM sales_contact WHERE id <= 10;
            INSERT INTO customer (cust_num, name) VALUES ('C999', 'New in LIVE');
            INSERT INTO territory VALUES ('W', 'West', 1);
            """)
        #expect(try ws.liveContent() != before)
        let report = try ws.workspace.rollback(to: manifest.id, fromTest: false, by: "tester")
        #expect(report.restored == manifest)
        #expect(try ws.liveContent() == before)
        #expect(report.preRollback.reason == .preRollback)
        #expect(report.preRollback.rowCounts["customer"] == 21)
    }

    @Test func aRollbackCanItselfBeRolledBack() throws {
        let first = try snapshotLive()
        try ws.erpConnection().execute("INSERT INTO customer (cust_num, name) VALUES ('C999', 'X')")
        let changed = try ws.liveContent()
        let report = try ws.workspace.rollback(to: first.id, fromTest: false, by: "tester")
        _ = try ws.workspace.rollback(to: report.preRollback.id, fromTest: false, by: "tester")
        #expect(try ws.liveContent() == changed)
        let actions = try ws.workspace.auditLog.entries().map(\.action)
        #expect(actions == ["snapshot", "rollback", "rollback"])
    }

    @Test func aTestSnapshotNeedsFromTest() throws {
        let manifest = try ws.workspace.createSnapshot(of: .test, label: nil, by: "tester")
        let before = try ws.liveContent()
        #expect(throws: CRMEnvError.snapshotOfTest(id: manifest.id)) {
            _ = try ws.workspace.rollback(to: manifest.id, fromTest: false, by: "tester")
        }
        #expect(try ws.liveContent() == before)
        _ = try ws.workspace.rollback(to: manifest.id, fromTest: true, by: "tester")
        #expect(try ws.erpConnection().integer("SELECT count(*) FROM customer") == 0)
    }

    @Test func theWayBackIsAnIdenticalSnapshotWhenThereIsOne() throws {
        let first = try snapshotLive()
        let live = try ws.workspace.open(.live, access: .read)
        let maker = SnapshotMaker(store: store)
        let details = SnapshotMaker.Details(
            environment: .live, reason: .prePromotion, label: nil, by: "tester")
        let same = try maker.wayBack(of: live.connection, details)
        #expect(same.reused && same.manifest == first)
        // Once LIVE changes, the way back is a new snapshot.
        try ws.erpConnection().execute("UPDATE customer SET city = 'Moved' WHERE cust_num = 'C101'")
        let changed = try maker.wayBack(of: live.connection, details)
        #expect(!changed.reused && changed.manifest.reason == .prePromotion)
        #expect(try store.list().snapshots.map(\.id) == [first.id, changed.manifest.id])
    }

    @Test func verifyRecordsWhenASnapshotPassed() throws {
        let manifest = try snapshotLive()
        let results = try ws.workspace.verifySnapshots([manifest])
        #expect(results.count == 1 && results[0].1 == nil)
        #expect(try store.manifest(manifest.id).verified != nil)
    }

    @Test func interruptedWriteLeftoversAreRemovedAndReported() throws {
        let manifest = try snapshotLive()
        let folder = ws.workspace.snapshotsDirectory
        try Data("partial".utf8).write(
            to: URL(fileURLWithPath: folder + "/20990101-000000-live-0000.sqlite.gz.tmp"))
        try Data("x".utf8).write(
            to: URL(fileURLWithPath: folder + "/20990101-000001-live-0001.sqlite.gz"))
        try Data("{".utf8).write(
            to: URL(fileURLWithPath: folder + "/20990101-000001-live-0001.json.tmp"))
        let notes = ws.workspace.recoverInterruptedWork()
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.hasSuffix("left by an interrupted command") })
        #expect(
            try Set(ws.snapshotFiles().keys) == ["\(manifest.id).json", "\(manifest.id).sqlite.gz"])
    }

    @Test func pruneKeepsTheNewestTheBaseAndTheVerified() throws {
        let old = try snapshotLive(label: "old")
        _ = try ws.workspace.verifySnapshots([old])
        let middle = try snapshotLive(label: "middle")
        let newest = try snapshotLive(label: "newest")
        let report = try ws.workspace.pruneSnapshots(keep: 1, environment: .live, by: "tester")
        #expect(report.removed == [middle.id])
        #expect(report.protected == [old.id: "the newest verified snapshot of LIVE"])
        #expect(try store.list().snapshots.map(\.id) == [old.id, newest.id])
    }
}

/// Bad snapshots and bad places: each is refused with the failed check named, and LIVE and every
/// existing snapshot stay exactly as they were.
@Suite struct SnapshotRefusalTests {
    let ws: TestWorkspace
    let manifest: SnapshotManifest

    init() throws {
        ws = try TestWorkspace("refusal")
        try ws.seedLive(customers: 200, contacts: 2000)
        manifest = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
        // LIVE moves on after the snapshot, so a restore would show.
        try ws.erpConnection().execute(
            "INSERT INTO customer (cust_num, name) VALUES ('C9', 'Later')")
    }

    var store: SnapshotStore { ws.workspace.snapshotStore }

    func expectRollbackRefused(
        _ reference: String, message: String, exact: Bool = true,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let live = try ws.liveContent()
        let snapshots = try ws.snapshotFiles()
        do {
            _ = try ws.workspace.rollback(to: reference, fromTest: false, by: "tester")
            Issue.record("the rollback happened", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            if exact {
                #expect(error.description == message, sourceLocation: sourceLocation)
            } else {
                #expect(
                    error.description.hasPrefix(message), "\(error)", sourceLocation: sourceLocation
                )
            }
        }
        #expect(try ws.liveContent() == live, sourceLocation: sourceLocation)
        #expect(try ws.snapshotFiles() == snapshots, sourceLocation: sourceLocation)
    }

    func rewriteImage(_ change: (inout Data) -> Void) throws {
        let path = store.imagePath(manifest.id)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        change(&data)
        try data.write(to: URL(fileURLWithPath: path))
    }

    func rewriteManifest(_ change: (inout SnapshotManifest) -> Void) throws {
        var edited = manifest
        change(&edited)
        try store.write(edited)
    }

    @Test func anUnknownIdIsRefused() throws {
        try expectRollbackRefused(
            "20990101-000000-live-ffff",
            message: "cannot use snapshot '20990101-000000-live-ffff': no snapshot has that id; "
                + "'crmenv snapshot list' shows them")
    }

    @Test func anAmbiguousIdIsRefused() throws {
        _ = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
        try expectRollbackRefused(
            "20", message: "cannot use snapshot '20': it is ambiguous: it starts 2 ids",
            exact: false)
    }

    @Test func aPathIsNotAnId() throws {
        try expectRollbackRefused(
            "../../etc/passwd",
            message: "cannot use snapshot '../../etc/passwd': it is not a snapshot id (ids look "
                + "like 20261204-201530-live-3fa9)")
    }

    @Test func aTruncatedImageIsRefused() throws {
        try rewriteImage { $0 = $0.prefix($0.count / 2) }
        try expectRollbackRefused(
            manifest.id, message: "snapshot '\(manifest.id)' failed the size check: ", exact: false)
    }

    @Test func aFlippedByteIsRefused() throws {
        try rewriteImage { $0[$0.count / 2] ^= 0x40 }
        let live = try ws.liveContent()
        do {
            _ = try ws.workspace.rollback(to: manifest.id, fromTest: false, by: "tester")
            Issue.record("restored a damaged image")
        } catch let CRMEnvError.snapshotInvalid(id, check, _) {
            #expect(id == manifest.id)
            #expect(["gzip", "CRC-32", "size"].contains(check))
        }
        #expect(try ws.liveContent() == live)
    }

    @Test func aManifestWhoseCRCDisagreesIsRefused() throws {
        try rewriteManifest { $0.crc32 ^= 1 }
        let expected = String(manifest.crc32 ^ 1, radix: 16)
        try expectRollbackRefused(
            manifest.id,
            message: "snapshot '\(manifest.id)' failed the CRC-32 check: the image's CRC-32 is "
                + "\(manifest.crc32Hex), the manifest says "
                + String(repeating: "0", count: 8 - expected.count) + expected
                + "; it cannot be restored")
    }

    @Test func aMissingManifestIsRefused() throws {
        unlink(store.manifestPath(manifest.id))
        try expectRollbackRefused(
            manifest.id,
            message: "snapshot '\(manifest.id)' failed the manifest check: '\(manifest.id).json' "
                + "is missing; it cannot be restored")
    }

    @Test func aGzipBombStopsAtTheDeclaredSize() throws {
        // An image that claims 1 MB but inflates to 64 MB of zeros.
        let bomb = ws.folder.file("bomb")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 67108864 /dev/zero | gzip -1 > '\(bomb)'"]
        try process.run()
        process.waitUntilExit()
        try FileManager.default.removeItem(atPath: store.imagePath(manifest.id))
        try FileManager.default.copyItem(atPath: bomb, toPath: store.imagePath(manifest.id))
        try rewriteManifest { $0.uncompressedSize = 1 << 20 }
        let started = Date()
        try expectRollbackRefused(
            manifest.id,
            message: "snapshot '\(manifest.id)' failed the size check: the image inflates beyond "
                + "the 1048576 bytes its manifest declares", exact: false)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aNewerSchemaVersionIsRefused() throws {
        try rewriteManifest { $0.schemaVersion = 2 }
        try expectRollbackRefused(
            manifest.id,
            message: "snapshot '\(manifest.id)' failed the schema version check: it has schema "
                + "version 2, newer than this crmenv knows (1); use a newer crmenv; it cannot be "
                + "restored")
    }

    @Test func aRollbackWhileAnotherCommandHoldsLiveIsRefusedAtOnce() throws {
        let holder = try ws.workspace.open(.live, access: .write(holder: "crmenv promote"))
        try expectRollbackRefused(
            manifest.id, message: "environment 'live' is busy (crmenv promote, pid", exact: false)
        holder.close()
    }

    @Test func aFullDiskLeavesNoSnapshotAndLiveUnchanged() throws {
        // A file-size limit stands in for a full disk: writes past it fail with EFBIG.
        let before = try ws.snapshotFiles()
        let result = try Executable.run(
            ["snapshot", "create"], in: ws.folder.path, shellPrefix: "trap '' XFSZ; ulimit -f 16")
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("Error: cannot write '"))
        #expect(result.error.contains("too large") || result.error.contains("space"))
        #expect(try ws.snapshotFiles() == before)
    }

    @Test func aReadOnlySnapshotsFolderLeavesNothingChanged() throws {
        let folder = ws.workspace.snapshotsDirectory
        let before = try ws.snapshotFiles()
        let readOnly = try ReadOnlyFolder(folder)
        defer { readOnly.restore() }
        let live = try ws.liveContent()
        do {
            _ = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
            Issue.record("wrote into a read-only folder")
        } catch let error as CRMEnvError {
            #expect(error.description.hasPrefix("cannot write '\(folder)/"))
        }
        readOnly.restore()
        #expect(try ws.snapshotFiles() == before)
        #expect(try ws.liveContent() == live)
    }
    @Test func anImageThatFailsItsDatabaseChecksIsNeverCommitted() throws {
        // A snapshot of a LIVE holding a cross reference to a missing contact: the image agrees
        // with its manifest, but fails foreign_key_check, which runs while the copy goes on.
        let erp = try ws.erpConnection()
        try erp.execute("PRAGMA foreign_keys = OFF")
        try erp.execute(
            "INSERT INTO customer_contact (cust_num, contact_id) VALUES ('C101', 987654)")
        let broken = try ws.workspace.createSnapshot(of: .live, label: nil, by: "tester")
        try erp.execute("DELETE FROM customer_contact WHERE contact_id = 987654")
        try expectRollbackRefused(
            broken.id,
            message: "snapshot '\(broken.id)' failed the foreign key check: 1 row(s) refer to "
                + "missing rows, the first in 'customer_contact'; it cannot be restored")
    }
}

/// Makes a folder read-only for the test: a read-only tmpfs mounted over it when running as
/// root (root ignores permissions), else its permissions.
final class ReadOnlyFolder {
    let path: String
    let mounted: Bool
    private var restored = false
    private let saved: String

    init(_ path: String) throws {
        self.path = path
        if geteuid() == 0 {
            // Keep the contents aside, mount an empty read-only tmpfs, copy nothing in: the
            // command must not be able to create a file there.
            saved = path + ".saved"
            try FileManager.default.moveItem(atPath: path, toPath: saved)
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: false)
            let status = Self.shell("mount -t tmpfs -o ro,size=64k tmpfs '\(path)'")
            guard status == 0 else {
                throw CocoaError(.featureUnsupported)
            }
            mounted = true
        } else {
            saved = ""
            chmod(path, 0o555)
            mounted = false
        }
    }

    func restore() {
        guard !restored else { return }
        restored = true
        if mounted {
            _ = Self.shell("umount '\(path)'")
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.moveItem(atPath: saved, toPath: path)
        } else {
            chmod(path, 0o755)
        }
    }

    deinit { restore() }

    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

import CSQLite
import Foundation

/// Takes full snapshots: a consistent image of one environment's database, gzip-compressed on
/// both cores, checksummed, and described by a manifest written last.
public struct SnapshotMaker {
    public let store: SnapshotStore
    /// The deflate level (1 to 9).
    public var level: Int32 = GzipWriter.defaultLevel

    /// The level of the snapshots taken while LIVE is locked (before a promotion, an undo or a
    /// rollback): the fastest, since LIVE's users wait meanwhile; about 12% larger.
    public static let lockedLevel: Int32 = 1
    /// Compression threads.
    public var threads = 2
    /// Told the bytes done and the total as the image is read.
    public var progress: ((Int64, Int64) -> Void)?

    public init(store: SnapshotStore) {
        self.store = store
    }

    /// What to record about a snapshot besides its content.
    public struct Details: Sendable {
        public var environment: EnvironmentName
        public var reason: SnapshotReason
        public var label: String?
        public var by: String

        public init(
            environment: EnvironmentName, reason: SnapshotReason, label: String?, by: String
        ) {
            self.environment = environment
            self.reason = reason
            self.label = label
            self.by = by
        }
    }

    /// Snapshots the database of `connection`.
    ///
    /// The image is the committed state of the database: the file is read through SQLite's own
    /// file handle while a read transaction holds the shared lock, which keeps every writer out
    /// (rollback-journal mode). A connection already in a transaction that has written nothing
    /// (promote's, just after `BEGIN IMMEDIATE`) is read in that transaction. A database in WAL
    /// mode is first copied with the backup API.
    ///
    /// - throws: `CRMEnvError.fileUnwritable` when the snapshots folder cannot be written (full,
    ///   read-only); nothing is left behind then.
    public func makeSnapshot(of connection: Connection, _ details: Details) throws
        -> SnapshotManifest
    {
        try FileSystem.createDirectory(store.directory)
        let id = SnapshotStore.newID(environment: details.environment)
        let imageTemporary = store.imagePath(id) + ".tmp"
        let descriptor = open(imageTemporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: imageTemporary, reason: FileSystem.errnoText())
        }
        flock(descriptor, LOCK_EX)
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do {
            let image = try writeImage(of: connection, to: descriptor, path: imageTemporary)
            CrashPoint.reach("snapshot.image-written")
            guard fsync(descriptor) == 0 else {
                throw CRMEnvError.fileUnwritable(
                    path: imageTemporary, reason: FileSystem.errnoText())
            }
            let manifest = SnapshotManifest(
                format: SnapshotManifest.formatName, formatVersion: 1, id: id,
                environment: details.environment, created: Timestamp.string(from: Date()),
                label: details.label, by: details.by, reason: details.reason,
                schemaVersion: image.schemaVersion, imageFile: "\(id).sqlite.gz",
                uncompressedSize: image.summary.uncompressedSize,
                compressedSize: image.summary.compressedSize, crc32: image.summary.crc32,
                sha256: image.sha256, pageSize: image.pageSize, compressionLevel: Int(level),
                rowCounts: image.rowCounts, verified: nil)
            // The manifest goes to its temporary name first: if the process dies between the
            // two renames, the leftover `.json.tmp` says the image beside it is incomplete.
            let manifestTemporary = store.manifestPath(id) + ".tmp"
            try store.writeManifest(manifest, to: manifestTemporary)
            guard rename(imageTemporary, store.imagePath(id)) == 0 else {
                let reason = FileSystem.errnoText()
                unlink(manifestTemporary)
                throw CRMEnvError.fileUnwritable(path: store.imagePath(id), reason: reason)
            }
            CrashPoint.reach("snapshot.before-manifest")
            guard rename(manifestTemporary, store.manifestPath(id)) == 0 else {
                let reason = FileSystem.errnoText()
                unlink(store.imagePath(id))
                unlink(manifestTemporary)
                throw CRMEnvError.fileUnwritable(path: store.manifestPath(id), reason: reason)
            }
            FileSystem.syncDirectory(store.directory)
            close(descriptor)
            closed = true
            return manifest
        } catch {
            unlink(imageTemporary)
            throw error
        }
    }

    /// The way back before a change to the database of `connection`: an existing snapshot of
    /// the same environment whose image is, byte for byte, the database as it is now (same size,
    /// same SHA-256, its image file present), else a new snapshot.
    ///
    /// Hashing the database costs a fraction of compressing it (about 0.3 s for 200 MB with
    /// the CPU's SHA instructions, against seconds), and the common case, LIVE untouched since
    /// TEST was refreshed from it, then needs no new image. Only sizes that match are hashed.
    ///
    /// - returns: the snapshot, and whether it already existed.
    public func wayBack(of connection: Connection, _ details: Details) throws
        -> (manifest: SnapshotManifest, reused: Bool)
    {
        let journalMode = try connection.scalar("PRAGMA journal_mode")?.stringValue ?? ""
        if journalMode.lowercased() != "wal" {
            let ownTransaction = !connection.isInTransaction
            if ownTransaction { try connection.execute("BEGIN DEFERRED TRANSACTION") }
            defer {
                if ownTransaction { try? connection.execute("COMMIT") }
            }
            let size =
                try connection.integer("PRAGMA page_size")
                * connection.integer("PRAGMA page_count")
            let candidates = try store.list().snapshots.reversed().filter { manifest in
                manifest.environment == details.environment && manifest.uncompressedSize == size
                    && (try? FileManager.default.attributesOfItem(
                        atPath: store.imagePath(manifest.id))[.size] as? Int64)
                        == manifest.compressedSize
            }
            if !candidates.isEmpty {
                let digest = try Self.digest(of: connection, size: size)
                if let same = candidates.first(where: { $0.sha256 == digest }) {
                    return (same, true)
                }
            }
        }
        return (try makeSnapshot(of: connection, details), false)
    }

    /// SHA-256 of the first `size` bytes of the database file, read through SQLite's handle.
    static func digest(of connection: Connection, size: Int64) throws -> String {
        let hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < size {
            let amount = Int(min(Int64(buffer.count), size - offset))
            try Self.readMainFile(
                of: connection, into: &buffer, amount: amount, at: offset, purpose: "digest")
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<amount])) }
            offset += Int64(amount)
        }
        return hash.finalizeHex()
    }

    /// Reads `amount` bytes of the database file at `offset` through SQLite's own file handle
    /// (inside the caller's read transaction, so the bytes are a consistent image).
    private static func readMainFile(
        of connection: Connection, into buffer: inout [UInt8], amount: Int, at offset: Int64,
        purpose: String
    ) throws {
        let code = buffer.withUnsafeMutableBytes { raw in
            crmenv_sqlite_read_main_file(connection.handle, raw.baseAddress, Int32(amount), offset)
        }
        guard code == SQLITE_OK else {
            throw SQLiteError(
                extendedCode: code, message: "reading the database file failed",
                sql: "\(purpose) of '\(connection.path)'")
        }
    }

    struct Image {
        let summary: GzipSummary
        let sha256: String
        let pageSize: Int
        let schemaVersion: Int
        let rowCounts: [String: Int64]
    }

    /// Streams the database file, compressed, into `descriptor`.
    private func writeImage(of connection: Connection, to descriptor: Int32, path: String) throws
        -> Image
    {
        let journalMode = try connection.scalar("PRAGMA journal_mode")?.stringValue ?? ""
        if journalMode.lowercased() == "wal" {
            return try writeImageThroughCopy(of: connection, to: descriptor, path: path)
        }
        let ownTransaction = !connection.isInTransaction
        if ownTransaction {
            try connection.execute("BEGIN DEFERRED TRANSACTION")
        }
        defer {
            if ownTransaction { try? connection.execute("COMMIT") }
        }
        // Reading the schema takes the shared lock, held until COMMIT.
        let schemaVersion = try connection.userVersion
        let pageSize = Int(try connection.integer("PRAGMA page_size"))
        let pageCount = try connection.integer("PRAGMA page_count")
        let rowCounts = try Self.rowCounts(of: connection)
        let total = Int64(pageSize) * pageCount
        let writer = try GzipWriter(fileDescriptor: descriptor, level: level, threads: threads)
        let hash = SHA256()
        let chunk = max(pageSize, 1 << 20)
        var buffer = [UInt8](repeating: 0, count: chunk)
        var offset: Int64 = 0
        do {
            while offset < total {
                let amount = Int(min(Int64(chunk), total - offset))
                try Self.readMainFile(
                    of: connection, into: &buffer, amount: amount, at: offset,
                    purpose: "snapshot")
                try buffer.withUnsafeBytes { raw in
                    let slice = UnsafeRawBufferPointer(rebasing: raw[0..<amount])
                    hash.update(slice)
                    try writer.write(slice)
                }
                offset += Int64(amount)
                progress?(offset, total)
            }
            let summary = try writer.finish()
            return Image(
                summary: summary, sha256: hash.finalizeHex(), pageSize: pageSize,
                schemaVersion: schemaVersion, rowCounts: rowCounts)
        } catch let error as GzipError {
            throw CRMEnvError.fileUnwritable(path: path, reason: error.description)
        }
    }

    /// WAL mode: the file alone is not the database, so copy it consistently first.
    private func writeImageThroughCopy(
        of connection: Connection, to descriptor: Int32, path: String
    )
        throws -> Image
    {
        let copyPath = path + ".copy"
        unlink(copyPath)
        defer {
            unlink(copyPath)
            unlink(copyPath + "-journal")
        }
        do {
            let copy = try Connection(path: copyPath, mode: .create)
            try connection.backup(into: copy)
            try copy.execute("PRAGMA journal_mode = DELETE")
            return try writeImage(of: copy, to: descriptor, path: path)
        }
    }

    /// Rows per table, in the current read transaction.
    static func rowCounts(of connection: Connection) throws -> [String: Int64] {
        let tables = try connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).compactMap { $0["name"].stringValue }
        var counts: [String: Int64] = [:]
        for table in tables {
            counts[table] = try connection.integer(
                "SELECT count(*) FROM \"\(table.replacingAll("\"", with: "\"\""))\"")
        }
        return counts
    }
}

extension SnapshotStore {
    /// Writes a manifest to `path` (a temporary name), flushed.
    func writeManifest(_ manifest: SnapshotManifest, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        try FileSystem.writeAll(data, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
    }
}

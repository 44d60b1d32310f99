import Foundation

/// Checks a snapshot before anything trusts it: inflates it fully (never beyond the size its
/// manifest declares), checks size, CRC-32 and SHA-256 against the manifest, then opens the
/// image and runs `PRAGMA integrity_check` and `foreign_key_check` and checks its schema.
public struct SnapshotVerifier {
    public let store: SnapshotStore
    /// Told the bytes done and the total as the image is inflated.
    public var progress: ((Int64, Int64) -> Void)?

    public init(store: SnapshotStore) {
        self.store = store
    }

    /// Verifies `manifest`'s snapshot.
    ///
    /// - parameter imagePath: where to leave the inflated image for the caller (a restore);
    ///   nil to inflate into a temporary file that is removed afterwards.
    /// - throws: `CRMEnvError.snapshotInvalid` naming the check that failed.
    public func verify(_ manifest: SnapshotManifest, keepingImageAt imagePath: String? = nil)
        throws
    {
        let target = imagePath ?? (store.directory + "/.verify-\(manifest.id).sqlite.tmp")
        var kept = false
        defer {
            if !kept || imagePath == nil {
                for suffix in ["", "-journal"] { unlink(target + suffix) }
            }
        }
        try inflateVerified(manifest, into: target)
        try checkDatabase(at: target, manifest: manifest)
        kept = true
    }

    /// The first half of `verify`: the schema version the manifest declares, then the image
    /// inflated into `target` and checked against the manifest's size, CRC-32 and SHA-256. A
    /// restore runs the second half, `checkDatabase`, while it copies the image.
    func inflateVerified(_ manifest: SnapshotManifest, into target: String) throws {
        guard manifest.schemaVersion <= Schema.currentVersion else {
            throw fail(
                manifest, "schema version",
                "it has schema version \(manifest.schemaVersion), newer than this crmenv knows "
                    + "(\(Schema.currentVersion)); use a newer crmenv")
        }
        try inflate(manifest, into: target)
    }

    private func fail(_ manifest: SnapshotManifest, _ check: String, _ detail: String)
        -> CRMEnvError
    {
        .snapshotInvalid(id: manifest.id, check: check, detail: detail)
    }

    /// Inflates the image into `target`, checking it against the manifest as it goes.
    private func inflate(_ manifest: SnapshotManifest, into target: String) throws {
        let source = store.directory + "/" + manifest.imageFile
        guard manifest.imageFile == "\(manifest.id).sqlite.gz", FileSystem.exists(source) else {
            throw fail(manifest, "image", "'\(manifest.imageFile)' is missing")
        }
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw fail(
                manifest, "image",
                "'\(manifest.imageFile)' cannot be read: \(FileSystem.errnoText())")
        }
        defer { close(input) }
        unlink(target)
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw CRMEnvError.fileUnwritable(path: target, reason: FileSystem.errnoText())
        }
        defer { close(output) }
        let hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let reader: GzipReader
        do {
            reader = try GzipReader(fileDescriptor: input, expectedSize: manifest.uncompressedSize)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                try buffer.withUnsafeBytes { raw in
                    let slice = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                    hash.update(slice)
                    var offset = 0
                    while offset < count {
                        let written = write(
                            output, slice.baseAddress.map { $0 + offset }, count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            throw CRMEnvError.fileUnwritable(
                                path: target, reason: FileSystem.errnoText())
                        }
                        offset += written
                    }
                }
                progress?(reader.bytesOut, manifest.uncompressedSize)
            }
        } catch let error as GzipError {
            switch error {
            case .tooLarge:
                throw fail(
                    manifest, "size",
                    "the image inflates beyond the \(manifest.uncompressedSize) bytes its manifest "
                        + "declares (damaged, or not the file the manifest describes)")
            case .checksumMismatch:
                throw fail(
                    manifest, "CRC-32", "the image does not match its own checksum (\(error))")
            case .sizeMismatch, .truncated:
                throw fail(manifest, "size", "\(error)")
            default:
                throw fail(manifest, "gzip", "\(error)")
            }
        }
        guard reader.bytesOut == manifest.uncompressedSize else {
            throw fail(
                manifest, "size",
                "the image is \(reader.bytesOut) bytes, the manifest says \(manifest.uncompressedSize)"
            )
        }
        guard reader.crc32 == manifest.crc32 else {
            throw fail(
                manifest, "CRC-32",
                "the image's CRC-32 is \(hex(reader.crc32)), the manifest says \(manifest.crc32Hex)"
            )
        }
        let digest = hash.finalizeHex()
        guard digest == manifest.sha256 else {
            throw fail(
                manifest, "content digest", "the image's SHA-256 differs from the manifest's")
        }
    }

    private func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    /// The second half of `verify`: opens the inflated image and runs `integrity_check` and
    /// `foreign_key_check`, and checks its schema version.
    func checkDatabase(at path: String, manifest: SnapshotManifest) throws {
        let connection: Connection
        do {
            connection = try Connection(path: path, mode: .readOnly)
        } catch let error as SQLiteError {
            throw fail(
                manifest, "database", "the image is not a SQLite database (\(error.message))")
        }
        do {
            let integrity = try connection.rows("PRAGMA integrity_check").compactMap {
                $0.values.first?.stringValue
            }
            guard integrity == ["ok"] else {
                throw fail(manifest, "integrity", integrity.first ?? "no answer")
            }
            let foreignKeys = try connection.rows("PRAGMA foreign_key_check")
            guard foreignKeys.isEmpty else {
                let first = foreignKeys[0]
                throw fail(
                    manifest, "foreign key",
                    "\(foreignKeys.count) row(s) refer to missing rows, the first in "
                        + "'\(first.values.first?.displayText ?? "")'")
            }
            let version = try connection.userVersion
            guard version == manifest.schemaVersion else {
                throw fail(
                    manifest, "schema version",
                    "the image has version \(version), the manifest says \(manifest.schemaVersion)")
            }
            guard version <= Schema.currentVersion else {
                throw fail(
                    manifest, "schema version",
                    "it has schema version \(version), newer than this crmenv knows "
                        + "(\(Schema.currentVersion)); use a newer crmenv")
            }
        } catch let error as SQLiteError {
            throw fail(manifest, "database", error.message)
        }
    }
}

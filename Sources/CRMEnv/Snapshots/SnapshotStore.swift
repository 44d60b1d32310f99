import Foundation

/// The snapshots folder: listing, finding by id, writing manifests, and cleaning up after an
/// interrupted write.
///
/// Files: `<id>.sqlite.gz` (the image), `<id>.json` (the manifest, written last), and while a
/// snapshot is being written `<id>.sqlite.gz.tmp` and `<id>.json.tmp`, each locked by its
/// writer so that cleanup never removes the files of a snapshot still being written.
public struct SnapshotStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func imagePath(_ id: String) -> String { directory + "/\(id).sqlite.gz" }
    public func manifestPath(_ id: String) -> String { directory + "/\(id).json" }

    /// A new id: sortable by time, with the environment and a random suffix,
    /// e.g. `20261204-201530-live-3fa9`.
    static func newID(environment: EnvironmentName, date: Date = Date()) -> String {
        let digits = Timestamp.string(from: date).filter(\.isNumber)
        let stamp = "\(digits.prefix(8))-\(digits.dropFirst(8).prefix(6))"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(stamp)-\(environment.rawValue)-"
            + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    /// True for text that can be an id: lowercase letters, digits and hyphens only, so that a
    /// reference can never name a file outside the folder.
    static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// Every complete snapshot, oldest first; damaged manifests are reported separately.
    public func list() throws -> (snapshots: [SnapshotManifest], damaged: [String]) {
        guard FileSystem.isDirectory(directory) else { return ([], []) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CRMEnvError.fileUnreadable(path: directory, reason: FileSystem.reason(error))
        }
        var snapshots: [SnapshotManifest] = []
        var damaged: [String] = []
        for name in names.sorted() {
            if name.hasSuffix(".json"), !name.hasPrefix("promotion-") {
                let id = String(name.dropLast(5))
                do {
                    snapshots.append(try manifest(id))
                } catch let error as CRMEnvError {
                    damaged.append(error.description)
                }
            } else if name.hasSuffix(".sqlite.gz") {
                let id = String(name.dropLast(10))
                if !names.contains("\(id).json") {
                    damaged.append(
                        CRMEnvError.snapshotInvalid(
                            id: id, check: "manifest", detail: "'\(id).json' is missing"
                        ).description)
                }
            }
        }
        snapshots.sort { ($0.created, $0.id) < ($1.created, $1.id) }
        return (snapshots, damaged)
    }

    /// Reads the manifest of snapshot `id`.
    ///
    /// - throws: `CRMEnvError.snapshotInvalid` for a missing or unreadable manifest.
    public func manifest(_ id: String) throws -> SnapshotManifest {
        let path = manifestPath(id)
        guard FileSystem.exists(path) else {
            throw CRMEnvError.snapshotInvalid(
                id: id, check: "manifest", detail: "'\(id).json' is missing")
        }
        let data = try FileSystem.read(path, purpose: "snapshot manifest")
        let manifest: SnapshotManifest
        do {
            manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
        } catch {
            throw CRMEnvError.snapshotInvalid(
                id: id, check: "manifest", detail: "'\(id).json' is not a readable manifest")
        }
        guard manifest.format == SnapshotManifest.formatName, manifest.id == id else {
            throw CRMEnvError.snapshotInvalid(
                id: id, check: "manifest", detail: "'\(id).json' describes another snapshot")
        }
        return manifest
    }

    /// Finds a snapshot by id, unique id prefix, or `latest` (of `environment` when given).
    ///
    /// - throws: `CRMEnvError.unknownSnapshot` for a reference that matches none, that is
    ///   ambiguous, or that is not an id at all (`../../etc/passwd`).
    public func resolve(_ reference: String, environment: EnvironmentName? = nil) throws
        -> SnapshotManifest
    {
        let (snapshots, _) = try list()
        let candidates = snapshots.filter { environment == nil || $0.environment == environment }
        if reference == "latest" {
            guard let latest = candidates.last else {
                throw CRMEnvError.unknownSnapshot(
                    reference: reference,
                    reason: "there is no snapshot"
                        + (environment.map { " of \($0.title)" } ?? "")
                        + "; 'crmenv snapshot create' takes one")
            }
            return latest
        }
        guard Self.isValidID(reference) else {
            throw CRMEnvError.unknownSnapshot(
                reference: reference,
                reason: "it is not a snapshot id (ids look like 20261204-201530-live-3fa9)")
        }
        if FileSystem.exists(imagePath(reference)) || FileSystem.exists(manifestPath(reference)) {
            return try manifest(reference)
        }
        let matches = candidates.filter { $0.id.hasPrefix(reference) }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw CRMEnvError.unknownSnapshot(
                reference: reference,
                reason: "no snapshot has that id; 'crmenv snapshot list' "
                    + "shows them")
        default:
            throw CRMEnvError.unknownSnapshot(
                reference: reference,
                reason: "it is ambiguous: it starts \(matches.count) ids ("
                    + matches.prefix(3).map { "'\($0.id)'" }.joined(separator: ", ")
                    + (matches.count > 3 ? ", ..." : "") + "); give more of the id")
        }
    }

    /// Removes a snapshot (manifest first, as an interrupted prune would).
    func remove(_ id: String) {
        rename(manifestPath(id), manifestPath(id) + ".tmp")
        unlink(imagePath(id))
        unlink(manifestPath(id) + ".tmp")
        FileSystem.syncDirectory(directory)
    }

    /// Writes a manifest atomically (temporary file, flush, rename, flush the folder).
    func write(_ manifest: SnapshotManifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        try FileSystem.writeAtomically(data, to: manifestPath(manifest.id))
    }

    /// Removes what interrupted snapshot writes left behind (temporary files no live process
    /// holds, and an image whose manifest was being written) and says what was removed.
    public func removeInterruptedWrites() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return []
        }
        var removed: [String] = []
        for name in names.sorted() where name.hasSuffix(".tmp") {
            let path = directory + "/" + name
            guard FileLock.isFree(path) else { continue }
            unlink(path)
            if name.hasSuffix(".json.tmp") {
                // The image was renamed into place but its manifest never was: incomplete.
                let id = String(name.dropLast(9))
                if FileSystem.exists(imagePath(id)) && !FileSystem.exists(manifestPath(id)) {
                    unlink(imagePath(id))
                }
                removed.append(id)
            } else if name.hasSuffix(".sqlite.gz.tmp") {
                removed.append(String(name.dropLast(14)))
            } else {
                removed.append(name)
            }
        }
        if !removed.isEmpty {
            FileSystem.syncDirectory(directory)
        }
        return Array(Set(removed)).sorted()
    }
}

/// Advisory `flock` locks on temporary files, so cleanup can tell a file still being written
/// from one a crashed command left.
enum FileLock {
    /// True when no process holds a lock on `path`.
    static func isFree(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(descriptor, LOCK_UN)
        return true
    }
}

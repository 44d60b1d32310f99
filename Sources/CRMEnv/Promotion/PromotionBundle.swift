import Foundation

/// A promotion bundle: the change set a promotion applied to LIVE and its inverse, each a
/// gzip file, and a manifest written last: `snapshots/promotion-<id>.json`,
/// `promotion-<id>.forward.gz`, `promotion-<id>.inverse.gz`.
public struct PromotionManifest: Codable, Equatable, Sendable {
    public static let formatName = "crmenv-promotion"

    /// One compressed change set.
    public struct Part: Codable, Equatable, Sendable {
        public var file: String
        public var size: Int64
        public var compressedSize: Int64
        public var crc32: UInt32
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case file, size
            case compressedSize = "compressed_size"
            case crc32, sha256
        }
    }

    /// One promoted item.
    public struct Item: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var vettedBy: String
        public var vettedAt: String

        enum CodingKeys: String, CodingKey {
            case id, title
            case vettedBy = "vetted_by"
            case vettedAt = "vetted_at"
        }
    }

    public var format: String
    public var id: String
    public var created: String
    public var by: String
    public var items: [Item]
    public var remaps: [String]
    /// The LIVE snapshot taken just before: the way back when undo cannot.
    public var preSnapshot: String
    /// TEST's base at the time, when the promotion was three-way.
    public var base: String?
    /// Rows per table the change set inserts, updates and deletes.
    public var rows: [String: [Int]]
    public var forward: Part
    public var inverse: Part

    enum CodingKeys: String, CodingKey {
        case format, id, created, by, items, remaps
        case preSnapshot = "pre_snapshot"
        case base, rows, forward, inverse
    }
}

/// Reading and writing bundles in the snapshots folder.
struct PromotionBundles {
    let directory: String

    func manifestPath(_ id: String) -> String { directory + "/promotion-\(id).json" }
    func partPath(_ file: String) -> String { directory + "/" + file }

    /// Writes the two change sets, then the manifest, each to a temporary name, flushed,
    /// then renamed: the manifest last.
    func write(
        id: String, forward: Changeset, inverse: Changeset,
        manifest make: (PromotionManifest.Part, PromotionManifest.Part) -> PromotionManifest
    ) throws -> PromotionManifest {
        let forwardPart = try writePart(forward.bytes, file: "promotion-\(id).forward.gz")
        let inversePart = try writePart(inverse.bytes, file: "promotion-\(id).inverse.gz")
        let manifest = make(forwardPart, inversePart)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        try FileSystem.writeAtomically(data, to: manifestPath(id))
        return manifest
    }

    private func writePart(_ bytes: [UInt8], file: String) throws -> PromotionManifest.Part {
        let path = partPath(file)
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: temporary, reason: FileSystem.errnoText())
        }
        flock(descriptor, LOCK_EX)
        defer { close(descriptor) }
        do {
            let writer = try GzipWriter(fileDescriptor: descriptor)
            try bytes.withUnsafeBytes { try writer.write($0) }
            let summary = try writer.finish()
            guard fsync(descriptor) == 0 else {
                throw CRMEnvError.fileUnwritable(path: temporary, reason: FileSystem.errnoText())
            }
            guard rename(temporary, path) == 0 else {
                throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
            }
            return PromotionManifest.Part(
                file: file, size: summary.uncompressedSize, compressedSize: summary.compressedSize,
                crc32: summary.crc32, sha256: SHA256.hex(of: bytes))
        } catch let error as GzipError {
            unlink(temporary)
            throw CRMEnvError.fileUnwritable(path: temporary, reason: error.description)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Every bundle manifest, oldest first.
    func list() throws -> [PromotionManifest] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return []
        }
        var manifests: [PromotionManifest] = []
        for name in names where name.hasPrefix("promotion-") && name.hasSuffix(".json") {
            let id = String(name.dropFirst(10).dropLast(5))
            if let manifest = try? manifest(id) { manifests.append(manifest) }
        }
        return manifests.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    func manifest(_ id: String) throws -> PromotionManifest {
        let data = try FileSystem.read(manifestPath(id), purpose: "promotion manifest")
        do {
            return try JSONDecoder().decode(PromotionManifest.self, from: data)
        } catch {
            throw CRMEnvError.bundleInvalid(id: id, detail: "its manifest cannot be read")
        }
    }

    /// Reads one change set back, checking size, CRC-32 and SHA-256.
    func read(_ part: PromotionManifest.Part, promotion: String) throws -> Changeset {
        let descriptor = open(partPath(part.file), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CRMEnvError.bundleInvalid(id: promotion, detail: "'\(part.file)' is missing")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(part.size))
        do {
            let reader = try GzipReader(fileDescriptor: descriptor, expectedSize: part.size)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                bytes += buffer[0..<count]
            }
        } catch let error as GzipError {
            throw CRMEnvError.bundleInvalid(id: promotion, detail: "'\(part.file)': \(error)")
        }
        guard Int64(bytes.count) == part.size, SHA256.hex(of: bytes) == part.sha256 else {
            throw CRMEnvError.bundleInvalid(
                id: promotion, detail: "'\(part.file)' does not match its manifest")
        }
        return Changeset(bytes: bytes)
    }

    /// Removes a bundle's files (a promotion that never committed).
    func remove(_ id: String) {
        for name in [
            "promotion-\(id).json", "promotion-\(id).forward.gz", "promotion-\(id).inverse.gz",
        ] {
            unlink(partPath(name))
        }
    }
}

/// Why a snapshot was taken.
public enum SnapshotReason: String, Codable, Sendable, CaseIterable {
    /// `crmenv snapshot create`.
    case manual
    /// LIVE just before a promotion changed it.
    case prePromotion = "pre-promotion"
    /// LIVE just before a rollback replaced it.
    case preRollback = "pre-rollback"
    /// LIVE just before an undo changed it.
    case preUndo = "pre-undo"
    /// The LIVE image TEST was refreshed from: the base of three-way diffs.
    case base
}

/// The description of a full snapshot: `<id>.json` beside `<id>.sqlite.gz`.
///
/// The manifest is written last: its presence is the mark that the snapshot is complete.
public struct SnapshotManifest: Codable, Equatable, Sendable {
    public static let formatName = "crmenv-snapshot"

    public var format: String
    public var formatVersion: Int
    public var id: String
    public var environment: EnvironmentName
    /// ISO 8601, UTC.
    public var created: String
    public var label: String?
    public var by: String
    public var reason: SnapshotReason
    /// `PRAGMA user_version` of the image.
    public var schemaVersion: Int
    /// The gzip file, in the same folder.
    public var imageFile: String
    public var uncompressedSize: Int64
    public var compressedSize: Int64
    /// CRC-32 of the uncompressed image (the gzip trailer's, too).
    public var crc32: UInt32
    /// SHA-256 of the uncompressed image, hex: the content digest.
    public var sha256: String
    public var pageSize: Int
    public var compressionLevel: Int
    /// Rows per table.
    public var rowCounts: [String: Int64]
    /// When `verify` last found the snapshot sound.
    public var verified: String?

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case id, environment, created, label, by, reason
        case schemaVersion = "schema_version"
        case imageFile = "image_file"
        case uncompressedSize = "uncompressed_size"
        case compressedSize = "compressed_size"
        case crc32
        case sha256
        case pageSize = "page_size"
        case compressionLevel = "compression_level"
        case rowCounts = "row_counts"
        case verified
    }

    /// The CRC-32 as eight hex digits.
    public var crc32Hex: String {
        let hex = String(crc32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

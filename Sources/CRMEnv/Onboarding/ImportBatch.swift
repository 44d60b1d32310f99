/// One import: one file loaded in one step into TEST. Every row it wrote carries its id in
/// `batch_id`, so later issues can promote exactly that batch.
public struct ImportBatch: Equatable, Sendable, Codable {
    public var id: Int64
    /// `contacts`, `leads`, ... or `values:<list>` for a value-list file.
    public var kind: String
    /// The file as the user named it.
    public var fileName: String
    public var fileSize: Int64
    /// SHA-256 of the file's bytes, hex.
    public var checksum: String
    /// `outlook-csv`, `vcard`, `mapped-csv`, `csv`.
    public var format: String
    /// The text encoding the file was read in (`UTF-8`, `Windows-1252`, ...).
    public var encoding: String
    public var loadedAt: String
    public var loadedBy: String
    public var counts: ImportCounts
    /// The promotion that took the batch to LIVE, once promoted.
    public var promotionID: String?

    enum CodingKeys: String, CodingKey {
        case id, kind
        case fileName = "file"
        case fileSize = "size"
        case checksum, format, encoding
        case loadedAt = "loaded_at"
        case loadedBy = "loaded_by"
        case counts = "rows"
        case promotionID = "promotion"
    }
}

/// What happened to the rows of one import.
public struct ImportCounts: Equatable, Sendable, Codable {
    /// Rows that created a record.
    public var new = 0
    /// Rows that changed an existing record.
    public var updated = 0
    /// Rows equal to the record already there.
    public var unchanged = 0
    /// Rows refused (written to the reject file with `--reject`).
    public var rejected = 0
    /// Rows that repeated an earlier row of the same file and were merged into it.
    public var merged = 0
    /// Repeats that added something to the earlier row (the others changed nothing).
    var mergedWithChanges = 0

    public init(
        new: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0, merged: Int = 0
    ) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.merged = merged
    }

    enum CodingKeys: String, CodingKey {
        case new, updated, unchanged, rejected, merged
    }

    /// Counts are equal when what they report is (`mergedWithChanges` is bookkeeping).
    public static func == (lhs: ImportCounts, rhs: ImportCounts) -> Bool {
        (lhs.new, lhs.updated, lhs.unchanged, lhs.rejected, lhs.merged)
            == (rhs.new, rhs.updated, rhs.unchanged, rhs.rejected, rhs.merged)
    }

    /// Every row read.
    public var total: Int { new + updated + unchanged + rejected + merged }

    /// True when the import wrote something.
    public var hasChanges: Bool { new + updated + mergedWithChanges > 0 }

    mutating func count(_ outcome: RowOutcome) {
        switch outcome {
        case .new: new += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .merged(let changed):
            merged += 1
            if changed { mergedWithChanges += 1 }
        }
    }
}

/// What one imported row did.
enum RowOutcome: Equatable {
    case new, updated, unchanged
    /// A repeat of an earlier row of the same file; `changed` when it filled in something.
    case merged(changed: Bool)
}

/// The import batches of TEST (`crmenv_batch`).
public struct BatchStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    private static let columns =
        "id, kind, file_name, file_size, checksum, format, encoding, loaded_at, loaded_by, "
        + "rows_new, rows_updated, rows_unchanged, rows_rejected, rows_merged, promotion_id"

    /// Every batch, oldest first.
    public func all() throws -> [ImportBatch] {
        try connection.rows("SELECT \(Self.columns) FROM crmenv_batch ORDER BY id").map(Self.batch)
    }

    /// The batch `id`, or nil.
    public func batch(_ id: Int64) throws -> ImportBatch? {
        try connection.rows(
            "SELECT \(Self.columns) FROM crmenv_batch WHERE id = ?", [.integer(id)]
        ).first.map(Self.batch)
    }

    /// The latest batch of `kind` that loaded a file with this checksum, or nil.
    public func batch(kind: String, checksum: String) throws -> ImportBatch? {
        try connection.rows(
            "SELECT \(Self.columns) FROM crmenv_batch WHERE kind = ? AND checksum = ? "
                + "ORDER BY id DESC LIMIT 1", [.text(kind), .text(checksum)]
        ).first.map(Self.batch)
    }

    /// The id the next batch gets: one above any batch id TEST has seen, including those of
    /// rows brought back from LIVE by a refresh, so a batch id is never reused for other rows.
    func nextID() throws -> Int64 {
        var highest = try connection.integer("SELECT coalesce(max(id), 0) FROM crmenv_batch")
        highest = max(
            highest,
            try connection.scalar("SELECT value FROM crmenv_meta WHERE key = 'last_batch_id'")?
                .int64Value ?? 0)
        return highest + 1
    }

    /// Records a batch (inside the import's transaction).
    func insert(_ batch: ImportBatch) throws {
        try connection.execute(
            "INSERT INTO crmenv_batch (\(Self.columns)) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(batch.id), .text(batch.kind), .text(batch.fileName),
                .integer(batch.fileSize), .text(batch.checksum), .text(batch.format),
                .text(batch.encoding), .text(batch.loadedAt), .text(batch.loadedBy),
                DatabaseValue(batch.counts.new), DatabaseValue(batch.counts.updated),
                DatabaseValue(batch.counts.unchanged), DatabaseValue(batch.counts.rejected),
                DatabaseValue(batch.counts.merged), DatabaseValue(batch.promotionID),
            ])
        try connection.execute(
            "INSERT INTO crmenv_meta (key, value) VALUES ('last_batch_id', ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
            [.integer(batch.id)])
    }

    private static func batch(_ row: Row) -> ImportBatch {
        ImportBatch(
            id: row["id"].int64Value ?? 0, kind: row["kind"].stringValue ?? "",
            fileName: row["file_name"].stringValue ?? "",
            fileSize: row["file_size"].int64Value ?? 0,
            checksum: row["checksum"].stringValue ?? "", format: row["format"].stringValue ?? "",
            encoding: row["encoding"].stringValue ?? "",
            loadedAt: row["loaded_at"].stringValue ?? "",
            loadedBy: row["loaded_by"].stringValue ?? "",
            counts: ImportCounts(
                new: row["rows_new"].intValue ?? 0, updated: row["rows_updated"].intValue ?? 0,
                unchanged: row["rows_unchanged"].intValue ?? 0,
                rejected: row["rows_rejected"].intValue ?? 0,
                merged: row["rows_merged"].intValue ?? 0),
            promotionID: row["promotion_id"].stringValue)
    }
}

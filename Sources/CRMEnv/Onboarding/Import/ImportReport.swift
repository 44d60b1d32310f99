/// What an import did, or would do with `--dry-run`.
public struct ImportReport: Equatable, Sendable, Codable {
    public var kind: ImportKind
    /// The file(s) as the user named them.
    public var files: [String]
    /// `outlook-csv`, `vcard`, `mapped-csv`, `csv`.
    public var format: String
    /// The text encoding the file was read in; `Windows-1252` is worth telling the user.
    public var encoding: String
    public var counts: ImportCounts
    /// The batch recorded, nil for a dry run or when nothing changed.
    public var batchID: Int64?
    public var isDryRun: Bool
    /// The reject file written, with `--reject`, when rows were rejected.
    public var rejectFile: String?
    /// Columns of the file nothing reads.
    public var ignoredColumns: [String]
    /// The rows refused (all of them with `--reject`; at most `ImportReport.problemLimit`
    /// otherwise).
    public var problems: [String]

    /// How many problems a report lists before it only counts them.
    public static let problemLimit = 100

    enum CodingKeys: String, CodingKey {
        case kind, files, format, encoding
        case counts = "rows"
        case batchID = "batch"
        case isDryRun = "dry_run"
        case rejectFile = "reject_file"
        case ignoredColumns = "ignored_columns"
        case problems
    }
}

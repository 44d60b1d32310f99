/// Writes the rows of one import into one table: insert new records, update changed ones,
/// leave equal ones alone, and merge repeats of a record within the same file.
///
/// Records written by the batch get its id in `batch_id`; unchanged records keep theirs.
final class TableWriter {
    let connection: Connection
    let table: String
    let keyColumns: [String]
    let batchID: Int64
    /// True when an empty field leaves the stored value as it is (contacts: exports leave
    /// fields out, and a person's repeats are merged); false when the file is the whole truth
    /// (records: an empty won reason must clear the old one).
    let emptyKeepsValue: Bool

    init(
        connection: Connection, table: String, keyColumns: [String], batchID: Int64,
        emptyKeepsValue: Bool = false
    ) {
        self.connection = connection
        self.table = table
        self.keyColumns = keyColumns
        self.batchID = batchID
        self.emptyKeepsValue = emptyKeepsValue
        whereKey = keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
    }

    private let whereKey: String

    /// The statements of one column list: a file gives every row the same columns, so the SQL
    /// is built once per file, not once per row.
    private struct Statements {
        let columns: [String]
        let read: Statement
        let insert: Statement
        let update: Statement
    }

    private var statements: [Int: Statements] = [:]

    private func statements(for columns: [String]) throws -> Statements {
        if let cached = statements[columns.count], cached.columns == columns {
            return cached
        }
        let selected = (columns + ["batch_id"]).joined(separator: ", ")
        let inserted = keyColumns + columns + ["batch_id"]
        let assignments = (columns + ["batch_id"]).map { "\($0) = ?" }.joined(separator: ", ")
        let made = Statements(
            columns: columns,
            read: try connection.prepare("SELECT \(selected) FROM \(table) WHERE \(whereKey)"),
            insert: try connection.prepare(
                "INSERT INTO \(table) (\(inserted.joined(separator: ", "))) VALUES ("
                    + Array(repeating: "?", count: inserted.count).joined(separator: ", ") + ")"),
            update: try connection.prepare("UPDATE \(table) SET \(assignments) WHERE \(whereKey)"))
        statements[columns.count] = made
        return made
    }

    /// Creates the per-connection table of identities already met in the current file.
    static func prepareSeen(on connection: Connection) throws {
        try connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS crmenv_seen (key TEXT PRIMARY KEY) WITHOUT ROWID")
        try connection.execute("DELETE FROM temp.crmenv_seen")
    }

    /// True when `key` was met earlier in this file; records it otherwise.
    func markSeen(_ key: String) throws -> Bool {
        let statement = try connection.cachedStatement(
            "INSERT INTO temp.crmenv_seen (key) VALUES (?) ON CONFLICT DO NOTHING")
        try statement.execute([.text(table + "|" + key)])
        return connection.changes == 0
    }

    /// True when a record with primary key `key` exists.
    func exists(key: [DatabaseValue]) throws -> Bool {
        let statement = try connection.cachedStatement(
            "SELECT 1 FROM \(table) WHERE \(whereKey)")
        try statement.bind(key)
        defer { statement.reset() }
        return try statement.step()
    }

    /// The values of `columns` in the record with primary key `key`, or nil.
    func read(key: [DatabaseValue], columns: [String]) throws -> [DatabaseValue]? {
        try readWithBatch(key: key, columns: columns)?.values
    }

    /// The values of `columns` and the batch that last wrote the record, or nil.
    private func readWithBatch(key: [DatabaseValue], columns: [String]) throws
        -> (values: [DatabaseValue], batch: Int64?)?
    {
        let statement = try statements(for: columns).read
        try statement.bind(key)
        guard try statement.step() else { return nil }
        let values = (0..<columns.count).map { statement.value(at: $0) }
        let batch = statement.value(at: columns.count).int64Value
        statement.reset()
        return (values, batch)
    }

    /// Writes one record.
    ///
    /// - parameter key: the primary key of the existing record with this identity, or nil.
    /// - parameter columns: the columns the file provides (others are left as they are).
    /// - parameter identity: the record's identity in this file, to detect repeats.
    /// - parameter newKey: makes the primary key (and its columns' values) for a new record.
    /// - returns: what happened, and the record's primary key.
    func write(
        key: [DatabaseValue]?, columns: [String], values: [DatabaseValue], identity: String,
        newKey: () throws -> [DatabaseValue]
    ) throws -> (outcome: RowOutcome, key: [DatabaseValue]) {
        if let key, let (existing, batch) = try readWithBatch(key: key, columns: columns) {
            // A record this batch wrote is a repeat of an earlier row of the file; one it left
            // unchanged is recognised by the table of identities met in this file. A new record
            // needs neither: a fresh import never touches that table.
            let repeated = try batch == batchID || markSeen(identity)
            if repeated {
                // The first row of the file wins; a repeat only fills what it left empty.
                let merged = zip(existing, values).map { $0.isNull ? $1 : $0 }
                if merged != existing {
                    try update(key: key, columns: columns, values: merged)
                }
                return (.merged(changed: merged != existing), key)
            }
            let wanted =
                emptyKeepsValue ? zip(existing, values).map { $1.isNull ? $0 : $1 } : values
            if existing == wanted {
                return (.unchanged, key)
            }
            try update(key: key, columns: columns, values: wanted)
            return (.updated, key)
        }
        let key = try newKey()
        try statements(for: columns).insert.execute(key + values + [.integer(batchID)])
        return (.new, key)
    }

    func update(key: [DatabaseValue], columns: [String], values: [DatabaseValue]) throws {
        try statements(for: columns).update.execute(values + [.integer(batchID)] + key)
    }
}

/// Writes the rows of one import into one table: insert new records, update changed ones,
/// leave equal ones alone, and merge repeats of a record within the same file.
///
/// Records written by the batch get its id in `batch_id`; unchanged records keep theirs.
final class TableWriter {
    let connection: Connection
    let table: String
    let keyColumns: [String]
    let batchID: Int64

    init(connection: Connection, table: String, keyColumns: [String], batchID: Int64) {
        self.connection = connection
        self.table = table
        self.keyColumns = keyColumns
        self.batchID = batchID
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

    private var whereKey: String {
        keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
    }

    /// The values of `columns` in the record with primary key `key`, or nil.
    func read(key: [DatabaseValue], columns: [String]) throws -> [DatabaseValue]? {
        let selected = columns.isEmpty ? "1" : columns.joined(separator: ", ")
        let statement = try connection.cachedStatement(
            "SELECT \(selected) FROM \(table) WHERE \(whereKey)")
        try statement.bind(key)
        guard try statement.step() else { return nil }
        let values = (0..<columns.count).map { statement.value(at: $0) }
        statement.reset()
        return values
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
        let repeated = try markSeen(identity)
        if let key, let existing = try read(key: key, columns: columns) {
            if repeated {
                // The first row of the file wins; a repeat only fills what it left empty.
                let merged = zip(existing, values).map { $0.isNull ? $1 : $0 }
                if merged != existing {
                    try update(key: key, columns: columns, values: merged)
                }
                return (.merged(changed: merged != existing), key)
            }
            if existing == values {
                return (.unchanged, key)
            }
            try update(key: key, columns: columns, values: values)
            return (.updated, key)
        }
        let key = try newKey()
        try insert(columns: keyColumns + columns, values: key + values)
        return (.new, key)
    }

    func insert(columns: [String], values: [DatabaseValue]) throws {
        let placeholders = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        let statement = try connection.cachedStatement(
            "INSERT INTO \(table) (\(columns.joined(separator: ", ")), batch_id) "
                + "VALUES (\(placeholders))")
        try statement.execute(values + [.integer(batchID)])
    }

    func update(key: [DatabaseValue], columns: [String], values: [DatabaseValue]) throws {
        let assignments = (columns + ["batch_id"]).map { "\($0) = ?" }.joined(separator: ", ")
        let statement = try connection.cachedStatement(
            "UPDATE \(table) SET \(assignments) WHERE \(whereKey)")
        try statement.execute(values + [.integer(batchID)] + key)
    }
}

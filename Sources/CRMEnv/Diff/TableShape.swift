/// A table's columns and primary key, read from the database: what a diff compares by.
public struct TableShape: Equatable, Sendable {
    public let name: String
    public let columns: [String]
    /// The primary-key columns, in key order.
    public let keyColumns: [String]
    /// Their positions in `columns`.
    public let keyIndexes: [Int]
    /// Declared types, for schema comparison.
    public let types: [String]
    /// True for an `INTEGER PRIMARY KEY` (rowid) table.
    public let hasIntegerKey: Bool

    /// Reads `table`'s shape, or nil when there is no such table.
    static func read(_ table: String, on connection: Connection) throws -> TableShape? {
        let rows = try connection.rows(
            "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", [.text(table)])
        guard !rows.isEmpty else { return nil }
        let columns = rows.compactMap { $0["name"].stringValue }
        let types = rows.map { $0["type"].stringValue?.uppercased() ?? "" }
        let keyed = rows.enumerated().compactMap { offset, row -> (Int, Int)? in
            guard let position = row["pk"].intValue, position > 0 else { return nil }
            return (position, offset)
        }.sorted { $0.0 < $1.0 }
        let keyIndexes = keyed.map(\.1)
        return TableShape(
            name: table, columns: columns, keyColumns: keyIndexes.map { columns[$0] },
            keyIndexes: keyIndexes, types: types,
            hasIntegerKey: keyIndexes.count == 1 && types[keyIndexes[0]] == "INTEGER")
    }

    /// The tables a diff compares: every table but SQLite's and crmenv's bookkeeping.
    static func userTables(on connection: Connection) throws -> [String] {
        try connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                + "AND name NOT LIKE 'crmenv_%' ORDER BY name"
        ).compactMap { $0["name"].stringValue }
    }

    /// `"name"` quoted for SQL.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
    }

    /// The scan of the differ: the key columns and `crmenv_row_hash` of every column, in key
    /// order, within a key range. Selecting only these keeps SQLite from handing out every
    /// column of every row; the differing rows are read again by `lookupSQL`.
    func scanSQL(lower: Bool, upper: Bool) -> String {
        let all = columns.map(Self.quote).joined(separator: ", ")
        let keys = keyColumns.map(Self.quote).joined(separator: ", ")
        var sql = "SELECT \(keys), crmenv_row_hash(\(all)) FROM " + Self.quote(name)
        let placeholders =
            "(" + Array(repeating: "?", count: keyColumns.count).joined(separator: ", ") + ")"
        var conditions: [String] = []
        if lower { conditions.append("(\(keys)) >= \(placeholders)") }
        if upper { conditions.append("(\(keys)) < \(placeholders)") }
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        return sql + " ORDER BY \(keys)"
    }

    /// One row's every column, by key.
    var lookupSQL: String {
        "SELECT " + columns.map(Self.quote).joined(separator: ", ") + " FROM " + Self.quote(name)
            + " WHERE " + keyColumns.map { "\(Self.quote($0)) = ?" }.joined(separator: " AND ")
    }
}

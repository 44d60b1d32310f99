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

    /// `SELECT <columns> FROM <table> [WHERE key in range] ORDER BY <key>`.
    func selectSQL(lower: Bool, upper: Bool) -> String {
        var sql =
            "SELECT " + columns.map(Self.quote).joined(separator: ", ") + " FROM "
            + Self.quote(name)
        let key = "(" + keyColumns.map(Self.quote).joined(separator: ", ") + ")"
        let placeholders =
            "(" + Array(repeating: "?", count: keyColumns.count).joined(separator: ", ") + ")"
        var conditions: [String] = []
        if lower { conditions.append("\(key) >= \(placeholders)") }
        if upper { conditions.append("\(key) < \(placeholders)") }
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        return sql + " ORDER BY " + keyColumns.map(Self.quote).joined(separator: ", ")
    }
}

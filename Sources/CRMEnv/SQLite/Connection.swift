import CSQLite

/// A connection to one SQLite database file.
///
/// Every connection has foreign keys enforced and extended result codes on. The database file
/// is checked when the connection opens: a file that is not a SQLite database is rejected there,
/// not at the first query.
///
/// A connection is used by one thread at a time; work on two threads opens two connections.
public final class Connection {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file when it does not exist.
        case create
    }

    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    /// Statements prepared by `cachedStatement(_:)`, by SQL.
    private var statementCache: [String: Statement] = [:]

    /// Opens `path`.
    ///
    /// - parameter busyTimeout: how long to wait for another connection's lock, in milliseconds.
    /// - throws: `SQLiteError`; `isNotADatabase` is true when the file exists but is not a
    ///   database, `SQLITE_CANTOPEN` when it does not exist (in `.readOnly`/`.readWrite`).
    public init(path: String, mode: Mode = .readWrite, busyTimeout: Int32 = 1000) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError.from(db, code: code)
            sqlite3_close_v2(db)
            throw error
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeout)
        // Reading the schema is what makes SQLite look at the file header: a text file fails
        // here with SQLITE_NOTADB instead of at some later query. This runs before the stored
        // properties are set: once they are, a throwing init runs `deinit`, which would close
        // the handle a second time.
        for sql in ["SELECT count(*) FROM sqlite_schema", "PRAGMA foreign_keys = ON"] {
            let code = sqlite3_exec(db, sql, nil, nil, nil)
            guard code == SQLITE_OK else {
                let error = SQLiteError.from(db, code: code, sql: sql)
                sqlite3_close_v2(db)
                throw error
            }
        }
        self.handle = db
        self.path = path
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no arguments (schema scripts, pragmas).
    ///
    /// - throws: `SQLiteError` carrying the failing statement's SQL.
    public func execute(_ sql: String) throws {
        var remaining = sql
        while true {
            let (statement, tail) = try prepareFirst(of: remaining)
            if let statement {
                while try statement.step() {}
            }
            guard let tail, !tail.allSatisfy({ $0.isWhitespace || $0 == ";" }) else { return }
            remaining = tail
        }
    }

    private func prepareFirst(of sql: String) throws -> (Statement?, String?) {
        var statement: OpaquePointer?
        var tailText: String?
        let code: Int32 = sql.withCString { base in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, base, -1, &statement, &tail)
            if let tail, tail.pointee != 0 {
                tailText = String(cString: tail)
            }
            return code
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.from(handle, code: code, sql: sql)
        }
        guard let statement else { return (nil, tailText) }
        let text = String(cString: sqlite3_sql(statement))
        return (Statement(connection: self, handle: statement, sql: text), tailText)
    }

    /// Runs one statement with `arguments` bound to its parameters.
    public func execute(_ sql: String, _ arguments: [DatabaseValue]) throws {
        try prepare(sql).execute(arguments)
    }

    /// Prepares one statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A prepared statement for `sql`, prepared once per connection and reused: for statements
    /// run once per imported row. The statement is reset before it is returned.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs a query and returns every row.
    public func rows(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        let columns = statement.columnNames
        var rows: [Row] = []
        while try statement.step() {
            rows.append(Row(columns: columns, values: statement.currentRow()))
        }
        return rows
    }

    /// Runs a query and returns the first column of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> DatabaseValue? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.value(at: 0)
    }

    /// Runs a query whose first column is an integer; 0 when there is no row.
    public func integer(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> Int64 {
        try scalar(sql, arguments)?.int64Value ?? 0
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Makes the connection ready for the differ: the `crmenv_row_hash` function it selects.
    func prepareForScanning() throws {
        let code = crmenv_register_row_hash(handle)
        guard code == SQLITE_OK else {
            throw SQLiteError.from(handle, code: code, sql: "crmenv_row_hash")
        }
    }

    /// `PRAGMA user_version`: the schema version crmenv keeps in every environment.
    public var userVersion: Int {
        get throws { Int(try integer("PRAGMA user_version")) }
    }

    /// Sets `PRAGMA user_version`.
    public func setUserVersion(_ version: Int) throws {
        // PRAGMA takes no bound parameters; the value is an Int, never user text.
        try execute("PRAGMA user_version = \(version)")
    }
}

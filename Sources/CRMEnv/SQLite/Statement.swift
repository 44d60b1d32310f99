import CSQLite

/// A prepared statement. Values are always bound as parameters, never spliced into SQL text.
///
/// A statement belongs to the connection that prepared it; finalize it (let it go) before the
/// connection is closed.
public final class Statement {
    let handle: OpaquePointer
    /// The connection's handle, for error messages. Not the `Connection` itself, so that a
    /// connection's statement cache does not keep the connection alive; `sqlite3_close_v2`
    /// keeps the handle valid until its last statement is finalized.
    private let databaseHandle: OpaquePointer
    /// The SQL the statement was prepared from.
    public let sql: String

    convenience init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError.from(connection.handle, code: code, sql: sql)
        }
        self.init(connection: connection, handle: statement, sql: sql)
    }

    /// Takes ownership of an already prepared statement.
    init(connection: Connection, handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.databaseHandle = connection.handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of columns a row of this statement has.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The names of the result columns.
    public var columnNames: [String] {
        (0..<Int32(columnCount)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// Resets the statement and binds `values` to its parameters, in order.
    ///
    /// - throws: `SQLiteError` when a value cannot be bound or the count is wrong.
    public func bind(_ values: [DatabaseValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "statement takes \(expected) arguments, got \(values.count)",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value at a 1-based parameter index.
    public func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let number):
            code = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            code = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // Straight from the string's UTF-8 storage with its length: no C string made, no
            // strlen; SQLite copies the bytes (SQLITE_TRANSIENT).
            var utf8 = text
            code = utf8.withUTF8 { bytes in
                sqlite3_bind_text64(
                    handle, index,
                    UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1))?
                        .assumingMemoryBound(to: CChar.self),
                    sqlite3_uint64(bytes.count), crmenv_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(
                    handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                    sqlite3_uint64(buffer.count), crmenv_sqlite_transient())
            }
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.from(databaseHandle, code: code, sql: sql)
        }
    }

    /// Advances to the next row. Returns true when a row is available, false when done.
    ///
    /// - throws: `SQLiteError` with the statement's SQL when the step fails.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = SQLiteError.from(databaseHandle, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets the statement so it can run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Binds `arguments` and runs the statement to completion, ignoring any rows.
    public func execute(_ arguments: [DatabaseValue] = []) throws {
        try bind(arguments)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// The value of column `index` (0-based) of the current row.
    public func value(at index: Int) -> DatabaseValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            return .text(text(at: column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let pointer = sqlite3_column_blob(handle, column) else {
                return .blob([])
            }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            return .null
        }
    }

    /// Column `index` as an integer (0 for NULL, as SQLite converts).
    public func int64(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    /// Column `index` as text, or nil when it is NULL.
    public func string(at index: Int) -> String? {
        let column = Int32(index)
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        return text(at: column)
    }

    private func text(at column: Int32) -> String {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Every value of the current row.
    public func currentRow() -> [DatabaseValue] {
        (0..<columnCount).map { value(at: $0) }
    }
}

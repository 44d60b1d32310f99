import CSQLite

/// An error reported by SQLite: its result code, its message, and the SQL that failed.
///
/// Every SQLite call in the library checks its result code and throws this error with SQLite's
/// own message, so that nothing goes wrong silently. The domain layer turns the ones a user can
/// act on (a busy database, a file that is not a database) into `CRMEnvError`s with a remedy.
public struct SQLiteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_CONSTRAINT_CHECK`, `SQLITE_BUSY`, ...).
    public let extendedCode: Int32
    /// SQLite's message for the failure.
    public let message: String
    /// The SQL that was being prepared or run, when there was one.
    public let sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var code: Int32 { extendedCode & 0xFF }

    /// True when SQLite gave up because another connection holds a lock.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// True when the file SQLite opened is not a database.
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }

    /// True when a constraint (CHECK, NOT NULL, UNIQUE, PRIMARY KEY, FOREIGN KEY) failed.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql {
            text += " (while running '\(sql)')"
        }
        return text
    }

    /// Builds the error for a failed call on `handle`, reading SQLite's message from it.
    static func from(_ handle: OpaquePointer?, code: Int32, sql: String? = nil) -> SQLiteError {
        let message: String
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else if let text = sqlite3_errstr(code) {
            message = String(cString: text)
        } else {
            message = "unknown error"
        }
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        // sqlite3_extended_errcode reports the most recent failure on the connection; when
        // the primary codes disagree the call did not go through the connection, so keep ours.
        return SQLiteError(
            extendedCode: (extended & 0xFF) == (code & 0xFF) ? extended : code,
            message: message,
            sql: sql)
    }
}

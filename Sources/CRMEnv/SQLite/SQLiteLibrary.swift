import CSQLite

/// Facts about the SQLite library crmenv is linked with.
public enum SQLiteLibrary {
    /// `3.40.1`.
    public static var version: String { String(cString: sqlite3_libversion()) }
}

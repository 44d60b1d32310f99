import CSQLite

extension Connection {
    /// Copies this connection's `main` database over `destination`'s, page by page, with
    /// SQLite's online backup API.
    ///
    /// The copy is a consistent image: the source is read in one read transaction (or in the
    /// source connection's own open transaction). The destination is replaced in one write
    /// transaction, so its readers see either the old or the new database, never a mix.
    ///
    /// - parameter pagesPerStep: pages copied per step; -1 copies everything in one step.
    /// - throws: `SQLiteError` from the destination (busy, disk full, ...).
    /// - seealso: https://www.sqlite.org/backup.html
    public func backup(
        into destination: Connection, pagesPerStep: Int32 = -1, afterStep: () -> Void = {}
    ) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError.from(
                destination.handle, code: sqlite3_errcode(destination.handle),
                sql: "backup into '\(destination.path)'")
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, pagesPerStep)
            if code == SQLITE_OK { afterStep() }
        } while code == SQLITE_OK
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else {
            throw SQLiteError.from(
                destination.handle, code: code, sql: "backup into '\(destination.path)'")
        }
        guard finish == SQLITE_OK else {
            throw SQLiteError.from(
                destination.handle, code: finish, sql: "backup into '\(destination.path)'")
        }
    }
}

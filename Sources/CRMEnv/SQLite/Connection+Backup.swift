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
    ///   Between steps the source is not locked: copy in steps only from a database nothing
    ///   else writes (SQLite would start the copy over).
    /// - parameter beforeLastStep: called once before the step that completes the copy and
    ///   commits it; throwing there rolls the destination back, untouched.
    /// - parameter afterStep: called after every step but the last.
    /// - throws: `SQLiteError` from the destination (busy, disk full, ...), or what
    ///   `beforeLastStep` threw.
    /// - seealso: https://www.sqlite.org/backup.html
    public func backup(
        into destination: Connection, pagesPerStep: Int32 = -1,
        beforeLastStep: () throws -> Void = {}, afterStep: () -> Void = {}
    ) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError.from(
                destination.handle, code: sqlite3_errcode(destination.handle),
                sql: "backup into '\(destination.path)'")
        }
        // A step of no pages opens the transactions and counts the pages; it completes the
        // copy only for an empty (zero-byte) source, which has no step to announce.
        var code = sqlite3_backup_step(backup, 0)
        var lastStepAnnounced = false
        while code == SQLITE_OK {
            if !lastStepAnnounced
                && (pagesPerStep < 0 || sqlite3_backup_remaining(backup) <= pagesPerStep)
            {
                lastStepAnnounced = true
                do {
                    try beforeLastStep()
                } catch {
                    sqlite3_backup_finish(backup)
                    throw error
                }
            }
            code = sqlite3_backup_step(backup, pagesPerStep)
            if code == SQLITE_OK { afterStep() }
        }
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

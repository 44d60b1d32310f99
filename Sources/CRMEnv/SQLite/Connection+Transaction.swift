import CSQLite

extension Connection {
    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes locks as statements need them.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so a busy database is found before any work.
        case immediate = "IMMEDIATE"
        /// Also keeps readers out (in rollback-journal mode).
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// When `body` throws, the transaction is rolled back and `body`'s error is rethrown even if
    /// the rollback fails too, so a failing rollback never hides the cause.
    public func inTransaction<T>(
        _ kind: TransactionKind = .immediate, _ body: () throws -> T
    ) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK")
            }
            throw error
        }
        return result
    }

    /// Runs `body` in a savepoint: released when it returns, rolled back to when it throws.
    ///
    /// Savepoints nest, inside or outside a transaction. The first error is the one rethrown.
    public func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        let name = "crmenv_savepoint"
        try execute("SAVEPOINT \(name)")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
        try execute("RELEASE \(name)")
        return result
    }
}

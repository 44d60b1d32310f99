/// One open environment: its database connection and, when writing, its lock.
public final class Environment {
    /// What a command does with an environment.
    public enum Access: Sendable {
        /// Reads only; no lock (SQLite keeps reads consistent).
        case read
        /// Writes; holds the environment's lock until the environment is closed.
        /// `holder` says who holds it, for the message a second writer gets.
        case write(holder: String)
    }

    public let name: EnvironmentName
    /// The database file.
    public let path: String
    /// The connection to the database.
    public let connection: Connection
    private let lock: EnvironmentLock?

    /// True when this environment was opened for writing.
    public var isWritable: Bool { lock != nil }

    init(name: EnvironmentName, path: String, access: Access) throws {
        self.name = name
        self.path = path
        switch access {
        case .read:
            lock = nil
        case .write(let holder):
            lock = try EnvironmentLock(environment: name, databasePath: path, holder: holder)
        }
        connection = try Environment.connect(
            path: path, mode: lock == nil ? .readOnly : .readWrite)
        try Environment.checkSchema(of: connection)
    }

    /// Opens `path` as a crmenv database, turning SQLite's failures into messages for users.
    static func connect(path: String, mode: Connection.Mode) throws -> Connection {
        do {
            return try Connection(path: path, mode: mode)
        } catch let error as SQLiteError where error.isNotADatabase {
            throw CRMEnvError.notADatabase(path: path)
        } catch let error as SQLiteError {
            throw CRMEnvError.database(action: "opening '\(path)'", error: error)
        }
    }

    /// Checks `connection` holds a crmenv database at exactly the current schema version.
    static func checkSchema(of connection: Connection) throws {
        switch try Migrator().state(of: connection) {
        case .empty, .foreign:
            throw CRMEnvError.unknownSchema(path: connection.path)
        case .crmenv(let version) where version > Schema.currentVersion:
            throw CRMEnvError.schemaTooNew(
                path: connection.path, version: version, supported: Schema.currentVersion)
        case .crmenv(let version) where version < Schema.currentVersion:
            throw CRMEnvError.unknownSchema(path: connection.path)
        case .crmenv:
            return
        }
    }

    /// Refuses to go on unless this is TEST opened for writing: data entry never targets LIVE.
    ///
    /// - parameter action: what was asked, for the message ("add a lead-status value").
    public func requireTestForWriting(_ action: String) throws {
        guard name == .test else {
            throw CRMEnvError.liveIsProtected(action: action)
        }
        precondition(isWritable, "TEST must be opened with .write access to \(action)")
    }

    /// Releases the lock now (it is also released when the environment is deallocated).
    public func close() {
        lock?.release()
    }
}

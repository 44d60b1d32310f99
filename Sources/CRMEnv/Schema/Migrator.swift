/// Moves a database forward to `Schema.currentVersion`, one numbered step at a time.
///
/// Version 0 is an empty database. Each step runs in the same transaction as the version bump,
/// so a failed migration leaves the database at its old version.
public struct Migrator: Sendable {
    /// One step: the version it produces and what it runs.
    public struct Step: Sendable {
        public let version: Int
        public let summary: String
        let apply: @Sendable (Connection) throws -> Void
    }

    /// The steps, in version order. Later versions append here.
    public let steps: [Step]

    public init(steps: [Step] = Migrator.standardSteps) {
        self.steps = steps
    }

    /// The steps crmenv ships.
    public static let standardSteps: [Step] = [
        Step(version: 1, summary: "create the CRM schema v1") { connection in
            try connection.execute(SchemaV1.sql)
        }
    ]

    /// The newest version the steps reach.
    public var latestVersion: Int { steps.last?.version ?? 0 }

    /// Where a database stands.
    public enum State: Equatable, Sendable {
        /// No tables at all: a new file.
        case empty
        /// A crmenv database at `version`.
        case crmenv(version: Int)
        /// Tables, but not crmenv's (no application id and no version).
        case foreign
    }

    /// Reads the application id, `user_version` and table count of `connection`'s database.
    public func state(of connection: Connection) throws -> State {
        let version = try connection.userVersion
        let application = try connection.integer("PRAGMA application_id")
        let tables = try connection.integer(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if application == Int64(Schema.applicationID) {
            return .crmenv(version: version)
        }
        if tables == 0 && version == 0 {
            return .empty
        }
        return .foreign
    }

    /// Runs every step above the database's version, each in its own transaction.
    ///
    /// - returns: the steps that ran.
    /// - throws: `CRMEnvError.unknownSchema` for a database that is not crmenv's,
    ///   `CRMEnvError.schemaTooNew` for a version newer than `latestVersion`.
    @discardableResult
    public func migrate(_ connection: Connection, name: String) throws -> [Step] {
        let start: Int
        switch try state(of: connection) {
        case .empty:
            start = 0
        case .foreign:
            throw CRMEnvError.unknownSchema(path: connection.path)
        case .crmenv(let version):
            guard version <= latestVersion else {
                throw CRMEnvError.schemaTooNew(
                    path: connection.path, version: version, supported: latestVersion)
            }
            start = version
        }
        var ran: [Step] = []
        for step in steps where step.version > start {
            try connection.inTransaction {
                try step.apply(connection)
                try connection.execute("PRAGMA application_id = \(Schema.applicationID)")
                try connection.setUserVersion(step.version)
            }
            ran.append(step)
        }
        return ran
    }
}

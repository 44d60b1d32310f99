import Foundation

/// What `init` did.
public struct InitReport: Sendable, Equatable {
    /// TEST's database.
    public let testPath: String
    /// LIVE's database.
    public let livePath: String
    /// True when LIVE is an existing database adopted in place.
    public let adoptedLive: Bool
    /// The schema version the adopted LIVE had, when it had to be migrated.
    public let migratedLiveFrom: Int?
    /// The copy of the adopted LIVE taken before migrating it.
    public let liveCopyPath: String?
}

extension Workspace {
    /// Creates `environments/` and `snapshots/`, then TEST and LIVE at schema version
    /// `Schema.currentVersion`.
    ///
    /// With `liveFrom`, LIVE is that existing database, adopted in place and recorded in the
    /// environments file; it must be a crmenv database of a version this build knows. An older
    /// (or empty) one is copied into `snapshots/` first, then migrated.
    ///
    /// Nothing is overwritten, and a failure removes whatever this call created.
    ///
    /// - parameter liveFrom: absolute path of an existing LIVE database.
    /// - throws: `CRMEnvError.environmentExists` when either environment exists,
    ///   `.fileNotFound`/`.notADatabase`/`.unknownSchema`/`.schemaTooNew` for `liveFrom`.
    public func initialize(liveFrom: String? = nil) throws -> InitReport {
        let testPath = defaultDatabasePath(of: .test)
        let environments = try EnvironmentsFile.load(from: environmentsFilePath)
        if let entry = environments.test, FileSystem.exists(entry.path) {
            throw CRMEnvError.environmentExists(environment: .test, path: entry.path)
        }
        if FileSystem.exists(testPath) {
            throw CRMEnvError.environmentExists(environment: .test, path: testPath)
        }
        let livePath = liveFrom ?? defaultDatabasePath(of: .live)
        if let entry = environments.live, FileSystem.exists(entry.path) {
            throw CRMEnvError.environmentExists(environment: .live, path: entry.path)
        }
        if liveFrom == nil, FileSystem.exists(livePath) {
            throw CRMEnvError.environmentExists(environment: .live, path: livePath)
        }
        if let liveFrom {
            try checkAdoptable(liveFrom)
        }

        var created: [String] = []
        do {
            try FileSystem.createDirectory(root)
            try FileSystem.createDirectory(environmentsDirectory)
            try FileSystem.createDirectory(snapshotsDirectory)
            var migratedFrom: Int?
            var copyPath: String?
            if let liveFrom {
                (migratedFrom, copyPath) = try adopt(liveFrom)
                var file = environments
                file.live = EnvironmentsFile.Entry(path: liveFrom)
                try file.save(to: environmentsFilePath)
                created.append(environmentsFilePath)
            } else {
                try createDatabase(at: livePath)
                created.append(livePath)
            }
            try createDatabase(at: testPath)
            created.append(testPath)
            return InitReport(
                testPath: testPath, livePath: livePath, adoptedLive: liveFrom != nil,
                migratedLiveFrom: migratedFrom, liveCopyPath: copyPath)
        } catch {
            for path in created.reversed() {
                unlink(path)
            }
            throw error
        }
    }

    /// Checks an existing database can become LIVE, without changing it.
    private func checkAdoptable(_ path: String) throws {
        guard FileSystem.exists(path) else {
            throw CRMEnvError.fileNotFound(path: path, purpose: "LIVE database")
        }
        guard !FileSystem.isDirectory(path) else {
            throw CRMEnvError.fileUnreadable(path: path, reason: "it is a folder, not a database")
        }
        let connection = try Environment.connect(path: path, mode: .readOnly)
        switch try Migrator().state(of: connection) {
        case .foreign:
            throw CRMEnvError.unknownSchema(path: path)
        case .crmenv(let version) where version > Schema.currentVersion:
            throw CRMEnvError.schemaTooNew(
                path: path, version: version, supported: Schema.currentVersion)
        case .empty, .crmenv:
            return
        }
    }

    /// Migrates an adoptable LIVE when it is behind, after copying it into `snapshots/`.
    private func adopt(_ path: String) throws -> (migratedFrom: Int?, copy: String?) {
        let lock = try EnvironmentLock(
            environment: .live, databasePath: path, holder: "crmenv init --live-from")
        defer { lock.release() }
        let connection = try Environment.connect(path: path, mode: .readWrite)
        let state = try Migrator().state(of: connection)
        let version: Int
        switch state {
        case .empty: version = 0
        case .crmenv(let current): version = current
        case .foreign: throw CRMEnvError.unknownSchema(path: path)
        }
        guard version < Schema.currentVersion else { return (nil, nil) }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let stamp = Timestamp.string(from: Date()).filter { $0.isNumber }
        let copyPath = snapshotsDirectory + "/\(name)-before-migration-v\(version)-\(stamp).sqlite"
        let copy = try Connection(path: copyPath, mode: .create)
        do {
            try connection.backup(into: copy)
        } catch let error as SQLiteError {
            unlink(copyPath)
            throw CRMEnvError.database(
                action: "copying '\(path)' before migrating it", error: error)
        }
        do {
            try Migrator().migrate(connection, name: "live")
        } catch let error as SQLiteError {
            throw CRMEnvError.database(action: "migrating '\(path)'", error: error)
        }
        return (version, copyPath)
    }

    /// Creates a database at `path` with the current schema, under a temporary name first so
    /// that no half-made database is ever left at `path`.
    private func createDatabase(at path: String) throws {
        let temporary = path + ".creating"
        unlink(temporary)
        do {
            let connection = try Connection(path: temporary, mode: .create)
            try connection.execute("PRAGMA journal_mode = DELETE")
            try Migrator().migrate(connection, name: path)
        } catch let error as SQLiteError {
            unlink(temporary)
            throw CRMEnvError.database(action: "creating '\(path)'", error: error)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = FileSystem.errnoText()
            unlink(temporary)
            throw CRMEnvError.fileUnwritable(path: path, reason: reason)
        }
        FileSystem.syncDirectory((path as NSString).deletingLastPathComponent)
    }
}

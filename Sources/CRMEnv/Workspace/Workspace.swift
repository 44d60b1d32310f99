import Foundation

/// The folder crmenv works in: `environments/` (TEST and LIVE, the environments file, the
/// audit log) and `snapshots/`.
///
/// The root is, in order: `--root DIR`, else `$CRMENV_HOME`, else the current folder.
public struct Workspace: Sendable {
    /// Absolute path of the workspace folder.
    public let root: String

    /// A workspace at `root` (absolute).
    public init(root: String) {
        self.root = root
    }

    /// Finds the workspace root the way every command does.
    ///
    /// - throws: `CRMEnvError.rootNotADirectory` when the chosen root exists but is a file.
    public static func locate(
        rootOption: String?, environment: [String: String], currentDirectory: String
    ) throws -> Workspace {
        let chosen: String
        if let rootOption {
            chosen = rootOption
        } else if let home = environment["CRMENV_HOME"], !home.isEmpty {
            chosen = home
        } else {
            chosen = currentDirectory
        }
        let root = FileSystem.absolute(chosen, relativeTo: currentDirectory)
        if FileSystem.exists(root) && !FileSystem.isDirectory(root) {
            throw CRMEnvError.rootNotADirectory(path: chosen)
        }
        return Workspace(root: root)
    }

    public var environmentsDirectory: String { root + "/environments" }
    public var snapshotsDirectory: String { root + "/snapshots" }
    public var environmentsFilePath: String { environmentsDirectory + "/environments.json" }

    /// Where `name`'s database is by default.
    public func defaultDatabasePath(of name: EnvironmentName) -> String {
        environmentsDirectory + "/\(name.rawValue).sqlite"
    }

    /// Where `name`'s database is: the environments file's entry, else the default.
    public func databasePath(of name: EnvironmentName) throws -> String {
        let file = try EnvironmentsFile.load(from: environmentsFilePath)
        return file[name]?.path ?? defaultDatabasePath(of: name)
    }

    /// True once `init` has created both environments.
    public var isInitialized: Bool {
        EnvironmentName.allCases.allSatisfy { name in
            (try? databasePath(of: name)).map(FileSystem.exists) ?? false
        }
    }

    /// Opens an environment to read, or to write under its lock.
    ///
    /// - throws: `CRMEnvError.environmentMissing` before `init`, `.environmentBusy` when another
    ///   command writes it, `.notADatabase`/`.unknownSchema`/`.schemaTooNew` for a wrong file.
    public func open(_ name: EnvironmentName, access: Environment.Access) throws -> Environment {
        let path = try databasePath(of: name)
        guard FileSystem.exists(path) else {
            throw CRMEnvError.environmentMissing(environment: name, path: path)
        }
        return try Environment(name: name, path: path, access: access)
    }
}

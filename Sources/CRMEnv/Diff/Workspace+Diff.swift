import Foundation

/// Which tables a diff covers.
public enum DiffScope: String, Sendable, CaseIterable {
    /// Everything.
    case all
    /// The dropdown value lists (`--config`).
    case config
    /// The records (`--data`).
    case data

    var tables: [String] {
        switch self {
        case .all: return Schema.crmTables
        case .config: return Schema.valueTables
        case .data: return Schema.recordTables
        }
    }
}

extension Workspace {
    /// TEST's base, ready for a three-way diff: `base.sqlite` when it is the image of TEST's
    /// base snapshot, else inflated again from that snapshot (verified). Nil when TEST has no
    /// base (never refreshed) or its snapshot is gone.
    public func baseForDiff() throws -> (path: String, id: String)? {
        let test = try open(.test, access: .read)
        guard
            let id = try test.connection.scalar(
                "SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")?.stringValue
        else { return nil }
        if FileSystem.exists(baseImagePath),
            let base = try? Connection(path: baseImagePath, mode: .readOnly),
            (try? base.scalar("SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'"))
                == .text(id)
        {
            return (baseImagePath, id)
        }
        guard let manifest = try? snapshotStore.manifest(id) else { return nil }
        let temporary = environmentsDirectory + "/.base.sqlite.tmp"
        let lock = try TemporaryFileLock(path: temporary)
        defer { lock.release() }
        try SnapshotVerifier(store: snapshotStore).verify(manifest, keepingImageAt: temporary)
        do {
            let base = try Connection(path: temporary, mode: .readWrite)
            try base.execute(
                "INSERT OR REPLACE INTO crmenv_meta (key, value) VALUES ('base_snapshot', ?)",
                [.text(id)])
        }
        guard rename(temporary, baseImagePath) == 0 else {
            throw CRMEnvError.fileUnwritable(path: baseImagePath, reason: FileSystem.errnoText())
        }
        return (baseImagePath, id)
    }

    /// Compares TEST with LIVE, three ways when TEST has a base.
    ///
    /// - parameter table: one table only; an unknown name is refused with the nearest.
    /// - parameter keepsRows: false for counts only (`--stat`).
    public func diff(scope: DiffScope = .all, table: String? = nil, keepsRows: Bool = true)
        throws -> DiffResult
    {
        var tables = scope.tables
        if let table {
            guard Schema.crmTables.contains(table) else {
                throw CRMEnvError.unknownTable(
                    name: table, suggestion: Suggestion.nearest(to: table, in: Schema.crmTables))
            }
            tables = [table]
        }
        let testPath = try databasePath(of: .test)
        let livePath = try databasePath(of: .live)
        for (name, path) in [(EnvironmentName.test, testPath), (.live, livePath)] {
            guard FileSystem.exists(path) else {
                throw CRMEnvError.environmentMissing(environment: name, path: path)
            }
            _ = try open(name, access: .read)
        }
        let base = try baseForDiff()
        var differ = Differ(livePath: livePath, testPath: testPath, basePath: base?.path)
        differ.baseID = base?.id
        differ.tables = tables
        differ.keepsRows = keepsRows
        return try differ.run()
    }
}

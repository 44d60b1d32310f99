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
    /// base snapshot with the promotions since applied, else rebuilt from that snapshot
    /// (verified) and the promotions' bundles. Nil when TEST has no base (never refreshed) or
    /// its snapshot is gone.
    ///
    /// A promotion moves the base forward (the promoted rows are common ground from then on),
    /// an undo moves it back: otherwise a row promoted and then edited on either side would
    /// read as added by both, differently.
    public func baseForDiff() throws -> (path: String, id: String)? {
        let test = try open(.test, access: .read)
        guard let state = try BaseState.read(from: test.connection) else { return nil }
        if FileSystem.exists(baseImagePath),
            let base = try? Connection(path: baseImagePath, mode: .readOnly),
            (try? BaseState.read(from: base)) == state
        {
            return (baseImagePath, state.snapshot)
        }
        guard let manifest = try? snapshotStore.manifest(state.snapshot) else { return nil }
        let temporary = environmentsDirectory + "/.base.sqlite.tmp"
        let lock = try TemporaryFileLock(path: temporary)
        defer { lock.release() }
        try SnapshotVerifier(store: snapshotStore).verify(manifest, keepingImageAt: temporary)
        do {
            let base = try Connection(path: temporary, mode: .readWrite)
            for promotion in state.promotions {
                let bundle = try bundles.manifest(promotion)
                try bundles.read(bundle.forward, promotion: promotion).applyOver(base)
            }
            try state.write(to: base)
        }
        guard rename(temporary, baseImagePath) == 0 else {
            throw CRMEnvError.fileUnwritable(path: baseImagePath, reason: FileSystem.errnoText())
        }
        return (baseImagePath, state.snapshot)
    }

    /// Moves TEST's base forward over a promotion (or back over an undo).
    func moveBase(
        applying changeset: Changeset, promotion: String, forward: Bool, test: Environment
    ) throws {
        try startMovingBase(
            applying: changeset, promotion: promotion, forward: forward, test: test)?
            .commit(test: test)
    }

    /// Starts moving TEST's base over a promotion or an undo on another thread, in the base's
    /// own transaction, while LIVE's finishes; `commit` it once LIVE has committed, `abandon`
    /// it when LIVE rolled back. Nil when TEST has no base.
    func startMovingBase(
        applying changeset: Changeset, promotion: String, forward: Bool, test: Environment
    ) throws -> BaseMove? {
        guard var state = try BaseState.read(from: test.connection), try baseForDiff() != nil else {
            return nil
        }
        if forward {
            state.promotions.append(promotion)
        } else {
            state.promotions.removeAll { $0 == promotion }
        }
        let path = baseImagePath
        let moved = state
        return BaseMove(state: state, path: path) {
            let base = try Connection(path: path, mode: .readWrite)
            try base.execute("PRAGMA cache_size = -65536")
            try base.execute("BEGIN IMMEDIATE TRANSACTION")
            do {
                try changeset.applyOver(base)
                try moved.write(to: base)
            } catch {
                try? base.execute("ROLLBACK")
                throw error
            }
            return base
        }
    }

    /// Compares TEST with LIVE, three ways when TEST has a base.
    ///
    /// - parameter table: one table only; an unknown name is refused with the nearest.
    /// - parameter keepsRows: false for counts only (`--stat`).
    /// - parameter spool: write rows to temporary files as they are found (for reports);
    ///   given a folder, the spool's files go there.
    public func diff(
        scope: DiffScope = .all, table: String? = nil, keepsRows: Bool = true,
        spool: ((String) -> RowSpool)? = nil
    ) throws -> DiffResult {
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
        differ.spool = spool?(environmentsDirectory)
        return try differ.run()
    }
}

/// Which base TEST has: the LIVE snapshot it was refreshed from and the promotions applied
/// since (in `crmenv_meta` of TEST and of `base.sqlite`, which must agree).
struct BaseState: Equatable {
    var snapshot: String
    var promotions: [String]

    static func read(from connection: Connection) throws -> BaseState? {
        guard
            let snapshot = try connection.scalar(
                "SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")?.stringValue
        else { return nil }
        let promotions =
            try connection.scalar("SELECT value FROM crmenv_meta WHERE key = 'base_promotions'")?
            .stringValue ?? ""
        return BaseState(
            snapshot: snapshot, promotions: promotions.split(separator: " ").map(String.init))
    }

    func write(to connection: Connection) throws {
        try connection.execute(
            "INSERT OR REPLACE INTO crmenv_meta (key, value) VALUES ('base_snapshot', ?), "
                + "('base_promotions', ?)",
            [.text(snapshot), .text(promotions.joined(separator: " "))])
    }
}

/// A move of TEST's base in progress (see `Workspace.startMovingBase`).
final class BaseMove: @unchecked Sendable {
    private let state: BaseState
    private let path: String
    private let task: BackgroundTask<Connection>

    init(state: BaseState, path: String, work: @escaping () throws -> Connection) {
        self.state = state
        self.path = path
        task = BackgroundTask(work)
    }

    /// Commits the moved base and records it in TEST. Should the base fail to move, it is
    /// removed, to be rebuilt from its snapshot and the promotions by the next diff: TEST's
    /// record of the promotions is written either way.
    func commit(test: Environment) throws {
        switch task.wait() {
        case .success(let base):
            do {
                try base.execute("COMMIT")
            } catch {
                try? base.execute("ROLLBACK")
                unlink(path)
            }
        case .failure:
            unlink(path)
        }
        try test.connection.inTransaction { try state.write(to: test.connection) }
    }

    /// Rolls the base's transaction back: LIVE did not change.
    func abandon() {
        if case .success(let base) = task.wait() { try? base.execute("ROLLBACK") }
    }
}

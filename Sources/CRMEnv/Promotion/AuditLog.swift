import Foundation

/// One entry of the audit log.
public struct AuditEntry: Codable, Equatable, Sendable {
    /// ISO 8601, UTC.
    public var time: String
    public var who: String
    /// `init`, `snapshot`, `refresh`, `rollback`, `vet`, `unvet`, `promote`, `undo`, `prune`.
    public var action: String
    public var environment: EnvironmentName?
    /// The snapshots the action took or used, by id.
    public var snapshots: [String]
    /// `ok`, or `failed: <reason>`.
    public var outcome: String
    /// Whatever else identifies the action (promotion id, items, counts).
    public var details: [String: String]

    public init(
        time: String = Timestamp.string(from: Date()), who: String, action: String,
        environment: EnvironmentName?, snapshots: [String] = [], outcome: String = "ok",
        details: [String: String] = [:]
    ) {
        self.time = time
        self.who = who
        self.action = action
        self.environment = environment
        self.snapshots = snapshots
        self.outcome = outcome
        self.details = details
    }
}

/// The audit log: `environments/audit.jsonl`, one JSON object per line, only ever appended to.
///
/// It lives in the workspace, not in LIVE, so a rollback of LIVE never erases history.
public struct AuditLog: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Appends one entry and flushes it to disk.
    public func append(_ entry: AuditEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
        defer { close(descriptor) }
        try FileSystem.writeAll(line, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
    }

    /// Every entry, oldest first. A line that cannot be read is reported, not skipped silently.
    public func entries() throws -> [AuditEntry] {
        guard FileSystem.exists(path) else { return [] }
        let data = try FileSystem.read(path, purpose: "audit log")
        var entries: [AuditEntry] = []
        let decoder = JSONDecoder()
        for (number, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            do {
                entries.append(try decoder.decode(AuditEntry.self, from: Data(line)))
            } catch {
                throw CRMEnvError.invalidInput(
                    location: SourceLocation(file: path, line: number + 1),
                    message: "the audit log has a line that is not an entry",
                    fix: "the log is append-only; restore it from a backup or remove that line")
            }
        }
        return entries
    }
}

extension Workspace {
    /// The workspace's audit log.
    public var auditLog: AuditLog { AuditLog(path: environmentsDirectory + "/audit.jsonl") }

    /// The workspace's snapshots.
    public var snapshotStore: SnapshotStore { SnapshotStore(directory: snapshotsDirectory) }
}

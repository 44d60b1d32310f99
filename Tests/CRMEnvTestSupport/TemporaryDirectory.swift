import CRMEnv
import Foundation

/// A fresh folder for one test, removed when the value is released.
///
/// Tests never touch the repository's `environments/` or `snapshots/`: each works in its own
/// temporary folder.
public final class TemporaryDirectory {
    /// Absolute path of the folder.
    public let path: String

    public init(_ label: String = "test") {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.path
        var template = Array((base + "/crmenv-\(label)-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        if let created {
            path = String(cString: created)
        } else {
            path = base + "/crmenv-\(label)-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        let target = file(name)
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    public func write(bytes: [UInt8], to name: String) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// A workspace rooted in this folder.
    public var workspace: Workspace { Workspace(root: path) }
}

/// Reads every row of every CRM and bookkeeping table of a database, for asserting that
/// nothing changed.
public func databaseContent(_ path: String) throws -> [String: [[DatabaseValue]]] {
    let connection = try Connection(path: path, mode: .readOnly)
    var content: [String: [[DatabaseValue]]] = [:]
    let tables = try connection.rows(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).compactMap { $0["name"].stringValue }
    for table in tables {
        content[table] = try connection.rows("SELECT * FROM \"\(table)\" ORDER BY 1, 2")
            .map(\.values)
    }
    content["user_version"] = [[.integer(Int64(try connection.userVersion))]]
    return content
}

/// The raw bytes of a file, for asserting it is unchanged.
public func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

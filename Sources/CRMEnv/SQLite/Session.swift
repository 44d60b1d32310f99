import CSQLite

/// Records the changes made through a connection, with SQLite's session extension, and turns
/// them into a changeset.
///
/// - warning: Only tables attached with `attach(_:)` are recorded; changes to others are
///   silently left out.
/// - seealso: https://www.sqlite.org/sessionintro.html
public final class Session {
    private let handle: OpaquePointer
    private let connection: Connection

    /// Starts recording changes to `connection`'s main database.
    public init(connection: Connection) throws {
        var session: OpaquePointer?
        let code = sqlite3session_create(connection.handle, "main", &session)
        guard code == SQLITE_OK, let session else {
            throw SQLiteError.from(connection.handle, code: code, sql: "sqlite3session_create")
        }
        self.handle = session
        self.connection = connection
    }

    deinit {
        sqlite3session_delete(handle)
    }

    /// Records changes to `table` (which must have a primary key).
    public func attach(_ table: String) throws {
        let code = sqlite3session_attach(handle, table)
        guard code == SQLITE_OK else {
            throw SQLiteError.from(
                connection.handle, code: code, sql: "sqlite3session_attach(\(table))")
        }
    }

    /// The changes recorded so far: a changeset (with old values, so it can be inverted and
    /// applied with conflict detection), not a patchset.
    public func changeset() throws -> Changeset {
        var size: Int32 = 0
        var buffer: UnsafeMutableRawPointer?
        let code = sqlite3session_changeset(handle, &size, &buffer)
        defer { sqlite3_free(buffer) }
        guard code == SQLITE_OK else {
            throw SQLiteError.from(connection.handle, code: code, sql: "sqlite3session_changeset")
        }
        guard let buffer, size > 0 else { return Changeset(bytes: []) }
        return Changeset(bytes: Array(UnsafeRawBufferPointer(start: buffer, count: Int(size))))
    }
}

/// A changeset: the rows a set of changes inserted, deleted and updated, with their old and new
/// values.
public struct Changeset: Sendable, Equatable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// The changeset that undoes this one.
    public func inverted() throws -> Changeset {
        guard !bytes.isEmpty else { return self }
        var size: Int32 = 0
        var output: UnsafeMutableRawPointer?
        let code = bytes.withUnsafeBytes { raw in
            sqlite3changeset_invert(
                Int32(raw.count), UnsafeMutableRawPointer(mutating: raw.baseAddress), &size, &output
            )
        }
        defer { sqlite3_free(output) }
        guard code == SQLITE_OK, let output else {
            throw SQLiteError(
                extendedCode: code, message: "the changeset cannot be inverted",
                sql: "sqlite3changeset_invert")
        }
        return Changeset(bytes: Array(UnsafeRawBufferPointer(start: output, count: Int(size))))
    }

    /// One conflict met while applying.
    public struct Conflict: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// The row to update or delete is there, but not with the values expected.
            case data
            /// The row to update or delete is not there.
            case notFound = "not found"
            /// The row to insert is there already.
            case conflict
            /// A constraint failed.
            case constraint
            /// Foreign keys are broken at the end.
            case foreignKey = "foreign key"
        }

        public var kind: Kind
        public var table: String
        public var operation: String
    }

    /// Applies the changeset to `connection` inside the caller's transaction, all or nothing:
    /// the first conflict stops it (SQLITE_CHANGESET_ABORT) and nothing of it stays.
    ///
    /// - returns: nil when every change applied, else the conflict that stopped it.
    /// - seealso: https://www.sqlite.org/session/sqlite3changeset_apply.html
    public func apply(to connection: Connection) throws -> Conflict? {
        guard !bytes.isEmpty else { return nil }
        final class Context {
            var conflict: Conflict?
        }
        let context = Context()
        let code = bytes.withUnsafeBytes { raw -> Int32 in
            withExtendedLifetime(context) {
                sqlite3changeset_apply_v2(
                    connection.handle, Int32(raw.count),
                    UnsafeMutableRawPointer(mutating: raw.baseAddress), nil,
                    { context, kind, iterator in
                        guard let context else { return SQLITE_CHANGESET_ABORT }
                        let box = Unmanaged<Context>.fromOpaque(context).takeUnretainedValue()
                        var table: UnsafePointer<CChar>?
                        var columns: Int32 = 0
                        var operation: Int32 = 0
                        var indirect: Int32 = 0
                        sqlite3changeset_op(iterator, &table, &columns, &operation, &indirect)
                        let name: String
                        switch operation {
                        case SQLITE_INSERT: name = "insert"
                        case SQLITE_DELETE: name = "delete"
                        default: name = "update"
                        }
                        let conflictKind: Conflict.Kind
                        switch kind {
                        case SQLITE_CHANGESET_DATA: conflictKind = .data
                        case SQLITE_CHANGESET_NOTFOUND: conflictKind = .notFound
                        case SQLITE_CHANGESET_CONFLICT: conflictKind = .conflict
                        case SQLITE_CHANGESET_FOREIGN_KEY: conflictKind = .foreignKey
                        default: conflictKind = .constraint
                        }
                        if box.conflict == nil {
                            box.conflict = Conflict(
                                kind: conflictKind, table: table.map { String(cString: $0) } ?? "",
                                operation: name)
                        }
                        return SQLITE_CHANGESET_ABORT
                    },
                    Unmanaged.passUnretained(context).toOpaque(), nil, nil, 0)
            }
        }
        if let conflict = context.conflict {
            return conflict
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.from(connection.handle, code: code, sql: "sqlite3changeset_apply_v2")
        }
        return nil
    }

    /// Applies the changeset to a copy that may differ from the database it was recorded on
    /// (TEST's base): where a row differs, the change's new values win (REPLACE); a row that is
    /// not there to change is skipped (OMIT).
    public func applyOver(_ connection: Connection) throws {
        guard !bytes.isEmpty else { return }
        let code = bytes.withUnsafeBytes { raw -> Int32 in
            sqlite3changeset_apply_v2(
                connection.handle, Int32(raw.count),
                UnsafeMutableRawPointer(mutating: raw.baseAddress), nil,
                { _, kind, _ in
                    switch kind {
                    case SQLITE_CHANGESET_DATA, SQLITE_CHANGESET_CONFLICT:
                        return SQLITE_CHANGESET_REPLACE
                    default: return SQLITE_CHANGESET_OMIT
                    }
                }, nil, nil, nil, 0)
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.from(connection.handle, code: code, sql: "sqlite3changeset_apply_v2")
        }
    }

    /// Per table: rows inserted, updated and deleted.
    public func counts() throws -> [String: (inserts: Int, updates: Int, deletes: Int)] {
        var counts: [String: (inserts: Int, updates: Int, deletes: Int)] = [:]
        guard !bytes.isEmpty else { return counts }
        var iterator: OpaquePointer?
        try bytes.withUnsafeBytes { raw in
            let start = sqlite3changeset_start(
                &iterator, Int32(raw.count), UnsafeMutableRawPointer(mutating: raw.baseAddress))
            guard start == SQLITE_OK else {
                throw SQLiteError(extendedCode: start, message: "not a changeset", sql: nil)
            }
            defer { sqlite3changeset_finalize(iterator) }
            while sqlite3changeset_next(iterator) == SQLITE_ROW {
                var table: UnsafePointer<CChar>?
                var columns: Int32 = 0
                var operation: Int32 = 0
                var indirect: Int32 = 0
                sqlite3changeset_op(iterator, &table, &columns, &operation, &indirect)
                let name = table.map { String(cString: $0) } ?? ""
                var entry = counts[name] ?? (0, 0, 0)
                switch operation {
                case SQLITE_INSERT: entry.inserts += 1
                case SQLITE_DELETE: entry.deletes += 1
                default: entry.updates += 1
                }
                counts[name] = entry
            }
        }
        return counts
    }
}

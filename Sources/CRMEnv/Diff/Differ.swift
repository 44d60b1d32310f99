import Foundation

/// Compares TEST with LIVE (and TEST's base, three ways), per table and per cell, by primary key.
///
/// Each table is read once from each database in key order and merged in one pass: rows are
/// compared through SQLite's column pointers and only differing rows are copied. Large tables
/// are cut into two key ranges compared on two threads, each with its own connections.
public struct Differ: Sendable {
    /// LIVE: the state changes are taken from.
    public let livePath: String
    /// TEST: the state changes lead to.
    public let testPath: String
    /// TEST's base (the LIVE image TEST was refreshed from), for a three-way diff.
    public let basePath: String?
    public var baseID: String?
    /// Only these tables (all when nil).
    public var tables: [String]?
    /// False to count only (`--stat`): no rows are kept.
    public var keepsRows = true
    public var threads = 2
    /// Tables with more rows than this are split between the threads.
    public var splitThreshold = 50_000
    /// When set, the rows are rendered to temporary files as they are found instead of kept,
    /// so a report of any size needs fixed memory.
    public var spool: RowSpool?

    public init(livePath: String, testPath: String, basePath: String? = nil) {
        self.livePath = livePath
        self.testPath = testPath
        self.basePath = basePath
    }

    /// Runs the comparison.
    ///
    /// - throws: `CRMEnvError.tableWithoutKey` for a table that has no primary key (never
    ///   skipped silently); SQLite's errors reading the databases.
    public func run() throws -> DiffResult {
        let test = try Connection(path: testPath, mode: .readOnly)
        let live = try Connection(path: livePath, mode: .readOnly)
        let base = try basePath.map { try Connection(path: $0, mode: .readOnly) }
        var names = Set(try TableShape.userTables(on: test)).union(
            try TableShape.userTables(on: live))
        if let tables {
            names = names.intersection(tables)
        }
        let ordered =
            Schema.crmTables.filter(names.contains)
            + names.subtracting(Schema.crmTables).sorted()
        var schemaDifferences: [SchemaDifference] = []
        var shapes: [TableShape] = []
        for name in ordered {
            let testShape = try TableShape.read(name, on: test)
            let liveShape = try TableShape.read(name, on: live)
            switch (testShape, liveShape) {
            case (nil, _):
                schemaDifferences.append(SchemaDifference(table: name, detail: "only LIVE has it"))
            case (_, nil):
                schemaDifferences.append(SchemaDifference(table: name, detail: "only TEST has it"))
            case (let t?, let l?):
                guard !t.keyColumns.isEmpty else { throw CRMEnvError.tableWithoutKey(table: name) }
                guard t == l else {
                    schemaDifferences.append(
                        SchemaDifference(table: name, detail: Self.describe(t, l)))
                    continue
                }
                if let base, try TableShape.read(name, on: base) != t {
                    schemaDifferences.append(
                        SchemaDifference(
                            table: name, detail: "the base has another shape; refresh TEST"))
                    continue
                }
                shapes.append(t)
            }
        }
        // Cut the work: one task per table, two for a large one.
        var tasks: [(table: Int, range: KeyRange)] = []
        for (index, shape) in shapes.enumerated() {
            let count = try test.integer("SELECT count(*) FROM \(TableShape.quote(shape.name))")
            if threads > 1 && count > splitThreshold,
                let middle = try Self.middleKey(of: shape, on: test, count: count)
            {
                tasks.append((index, KeyRange(lower: nil, upper: middle)))
                tasks.append((index, KeyRange(lower: middle, upper: nil)))
            } else {
                tasks.append((index, .all))
            }
        }
        let results = ResultBox(count: tasks.count)
        let job = self
        let work = tasks
        let tableShapes = shapes
        let runTask: @Sendable (Int) -> Void = { number in
            do {
                let (table, range) = work[number]
                let spoolFile = job.spool.map { "\($0.directory)/.diff-\(getpid())-\(number).tmp" }
                let part = try job.compare(tableShapes[table], range: range, spoolFile: spoolFile)
                results.set(number, part)
            } catch {
                results.fail(error)
            }
        }
        if threads > 1 && tasks.count > 1 {
            DispatchQueue.concurrentPerform(iterations: tasks.count, execute: runTask)
        } else {
            for number in tasks.indices { runTask(number) }
        }
        if let error = results.error { throw error }
        var tableDiffs = shapes.map { TableDiff(shape: $0, counts: DiffCounts(), changes: []) }
        for (number, task) in tasks.enumerated() {
            guard let part = results.parts[number] else { continue }
            tableDiffs[task.table].counts.add(part.counts)
            tableDiffs[task.table].changes += part.changes
            if let file = part.spool?.path, part.spool?.count ?? 0 > 0 {
                tableDiffs[task.table].spooledFiles.append(file)
                tableDiffs[task.table].spooledRows += part.spool?.count ?? 0
            } else if let file = part.spool?.path {
                unlink(file)
            }
        }
        return DiffResult(
            isThreeWay: basePath != nil, baseID: baseID, schemaDifferences: schemaDifferences,
            tables: tableDiffs)
    }

    /// The key in the middle of the table, to split it in two.
    private static func middleKey(of shape: TableShape, on connection: Connection, count: Int64)
        throws -> [DatabaseValue]?
    {
        let keys = shape.keyColumns.map(TableShape.quote).joined(separator: ", ")
        let row = try connection.rows(
            "SELECT \(keys) FROM \(TableShape.quote(shape.name)) ORDER BY \(keys) LIMIT 1 OFFSET ?",
            [.integer(count / 2)]
        ).first
        return row?.values
    }

    private static func describe(_ test: TableShape, _ live: TableShape) -> String {
        if test.keyColumns != live.keyColumns {
            return "the primary keys differ (TEST \(test.keyColumns), LIVE \(live.keyColumns))"
        }
        let onlyTest = Set(test.columns).subtracting(live.columns).sorted()
        let onlyLive = Set(live.columns).subtracting(test.columns).sorted()
        var parts: [String] = []
        if !onlyTest.isEmpty {
            parts.append("columns only in TEST: " + onlyTest.joined(separator: ", "))
        }
        if !onlyLive.isEmpty {
            parts.append("columns only in LIVE: " + onlyLive.joined(separator: ", "))
        }
        if parts.isEmpty { parts.append("the column order or types differ") }
        return parts.joined(separator: "; ")
    }

    struct Part: Sendable {
        var counts = DiffCounts()
        var changes: [RowChange] = []
        var spool: SpoolWriter?
    }

    /// Compares one table (or one key range of it).
    func compare(_ shape: TableShape, range: KeyRange, spoolFile: String? = nil) throws -> Part {
        let test = try Connection(path: testPath, mode: .readOnly)
        let live = try Connection(path: livePath, mode: .readOnly)
        try test.prepareForScanning()
        try live.prepareForScanning()
        let t = try RowCursor(connection: test, shape: shape, range: range)
        let l = try RowCursor(connection: live, shape: shape, range: range)
        var part = Part()
        if let spool, let spoolFile {
            part.spool = try SpoolWriter(path: spoolFile, spool: spool, shape: shape)
        }
        defer { part.spool?.close() }
        if let basePath {
            let base = try Connection(path: basePath, mode: .readOnly)
            try base.prepareForScanning()
            let b = try RowCursor(connection: base, shape: shape, range: range)
            try mergeThreeWay(test: t, live: l, base: b, into: &part)
        } else {
            try mergeTwoWay(test: t, live: l, into: &part)
        }
        return part
    }

    private func record(_ change: RowChange, into part: inout Part) throws {
        part.counts.count(change)
        if let spool = part.spool {
            try spool.write(change)
        } else if keepsRows {
            part.changes.append(change)
        }
    }

    private func mergeTwoWay(test t: RowCursor, live l: RowCursor, into part: inout Part) throws {
        let table = t.shape.name
        let columns = Array(t.shape.columns.indices)
        while t.hasRow || l.hasRow {
            let order = !l.hasRow ? 1 : (!t.hasRow ? -1 : RowCursor.compareKeys(l, t))
            if order < 0 {
                try record(
                    RowChange(
                        table: table, key: l.key(), kind: .removed, origin: .test,
                        live: keepsRows ? try l.values() : nil, test: nil, base: nil,
                        changedColumns: [], conflictColumns: []), into: &part)
                try l.advance()
            } else if order > 0 {
                try record(
                    RowChange(
                        table: table, key: t.key(), kind: .added, origin: .test, live: nil,
                        test: keepsRows ? try t.values() : nil, base: nil, changedColumns: columns,
                        conflictColumns: []), into: &part)
                try t.advance()
            } else {
                if !RowCursor.rowsEqual(t, l) {
                    let test = try t.values()
                    let live = try l.values()
                    try record(
                        RowChange(
                            table: table, key: t.key(), kind: .changed, origin: .test,
                            live: keepsRows ? live : nil, test: keepsRows ? test : nil, base: nil,
                            changedColumns: RowCursor.differingColumns(test, live),
                            conflictColumns: []), into: &part)
                }
                try t.advance()
                try l.advance()
            }
        }
    }

    private func mergeThreeWay(
        test t: RowCursor, live l: RowCursor, base b: RowCursor, into part: inout Part
    ) throws {
        let table = t.shape.name
        let columns = Array(t.shape.columns.indices)
        while t.hasRow || l.hasRow || b.hasRow {
            // The smallest key among the three current rows, and who has it.
            let cursors = [t, l, b].filter(\.hasRow)
            var smallest = cursors[0]
            for cursor in cursors.dropFirst() where RowCursor.compareKeys(cursor, smallest) < 0 {
                smallest = cursor
            }
            let inT = t.hasRow && RowCursor.compareKeys(t, smallest) == 0
            let inL = l.hasRow && RowCursor.compareKeys(l, smallest) == 0
            let inB = b.hasRow && RowCursor.compareKeys(b, smallest) == 0
            func same(_ x: RowCursor, _ hasX: Bool, _ y: RowCursor, _ hasY: Bool) -> Bool {
                hasX == hasY && (!hasX || RowCursor.rowsEqual(x, y))
            }
            let testSameAsBase = same(t, inT, b, inB)
            let liveSameAsBase = same(l, inL, b, inB)
            if !(testSameAsBase && liveSameAsBase) && !(same(t, inT, l, inL) && !testSameAsBase) {
                let test = inT ? try t.values() : nil
                let live = inL ? try l.values() : nil
                let base = inB ? try b.values() : nil
                func kind(_ present: Bool) -> RowChange.Kind {
                    inB ? (present ? .changed : .removed) : .added
                }
                func differing(_ x: [DatabaseValue]?, _ y: [DatabaseValue]?) -> [Int] {
                    guard let x, let y else { return columns }
                    return RowCursor.differingColumns(x, y)
                }
                var change = RowChange(
                    table: table, key: smallest.key(), kind: kind(inT), origin: .test, live: live,
                    test: test, base: base, changedColumns: [], conflictColumns: [])
                if liveSameAsBase {
                    change.changedColumns = differing(test, base)
                } else if testSameAsBase {
                    change.origin = .live
                    change.kind = kind(inL)
                    change.changedColumns = differing(live, base)
                } else if inT && inL && inB {
                    let testColumns = differing(test, base)
                    let liveColumns = Set(differing(live, base))
                    let betweenThem = Set(differing(test, live))
                    let conflicts = testColumns.filter {
                        liveColumns.contains($0) && betweenThem.contains($0)
                    }
                    change.changedColumns = testColumns
                    change.conflictColumns = conflicts
                    change.origin = conflicts.isEmpty ? .both : .conflict
                } else if inT && inL {
                    // Added on both sides, differently: the cells that differ conflict.
                    change.origin = .conflict
                    change.changedColumns = columns
                    change.conflictColumns = differing(test, live)
                } else {
                    // Removed on one side and changed on the other: the whole row conflicts.
                    change.origin = .conflict
                    change.changedColumns = columns
                    change.conflictColumns = columns
                }
                if !keepsRows {
                    change.live = nil
                    change.test = nil
                    change.base = nil
                }
                try record(change, into: &part)
            }
            if inT { try t.advance() }
            if inL { try l.advance() }
            if inB { try b.advance() }
        }
    }
}

/// How rows are written out by a spooling differ.
public struct RowSpool: Sendable {
    /// Where the temporary files go (same disk as the workspace).
    public var directory: String
    /// One row's text.
    public var render: @Sendable (RowChange, TableShape) -> String
    /// What goes between two rows.
    public var separator: String
    /// Rows written per table at most (counts stay complete).
    public var limit: Int?

    public init(
        directory: String, separator: String = "", limit: Int? = nil,
        render: @escaping @Sendable (RowChange, TableShape) -> String
    ) {
        self.directory = directory
        self.render = render
        self.separator = separator
        self.limit = limit
    }
}

/// Writes one task's rows to its temporary file; used by that task's thread only.
final class SpoolWriter: @unchecked Sendable {
    let path: String
    private let handle: FileHandle
    private let spool: RowSpool
    private let shape: TableShape
    private var buffer = ""
    private(set) var count = 0

    init(path: String, spool: RowSpool, shape: TableShape) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CRMEnvError.fileUnwritable(path: path, reason: "the file cannot be created")
        }
        self.path = path
        self.handle = handle
        self.spool = spool
        self.shape = shape
    }

    func write(_ change: RowChange) throws {
        if let limit = spool.limit, count >= limit { return }
        if count > 0 { buffer += spool.separator }
        buffer += spool.render(change, shape)
        count += 1
        if buffer.utf8.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer.utf8))
        } catch {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.reason(error))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        try? flush()
        try? handle.close()
    }
}

extension TableDiff {
    /// The length of `bytes` without a UTF-8 sequence left incomplete at its end.
    static func completeLength(of bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0 && continuation < 3 && bytes[index - 1] & 0xC0 == 0x80 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return needed > continuation ? index - 1 : bytes.count
    }

    /// Hands a spooled table's rows to `write` in file order, with `separator` between files'
    /// rows, at most `limit` rows in all, then removes the files.
    public func writeSpooledRows(separator: String, write: (String) -> Void) {
        for (index, file) in spooledFiles.enumerated() {
            if index > 0 { write(separator) }
            if let handle = FileHandle(forReadingAtPath: file) {
                var carry: [UInt8] = []
                while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                    var bytes = carry + chunk
                    // Hold back a character cut in two by the chunk's end.
                    let cut = Self.completeLength(of: bytes)
                    carry = Array(bytes[cut...])
                    bytes.removeSubrange(cut...)
                    write(String(decoding: bytes, as: UTF8.self))
                }
                if !carry.isEmpty { write(String(decoding: carry, as: UTF8.self)) }
                try? handle.close()
            }
            unlink(file)
        }
    }
}

/// Results of the comparison tasks, filled from several threads.
private final class ResultBox: @unchecked Sendable {
    // Every access goes through `lock`.
    private let lock = NSLock()
    private var storedParts: [Differ.Part?]
    private var storedError: Error?

    init(count: Int) {
        storedParts = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ part: Differ.Part) {
        lock.lock()
        storedParts[index] = part
        lock.unlock()
    }

    func fail(_ error: Error) {
        lock.lock()
        if storedError == nil { storedError = error }
        lock.unlock()
    }

    var parts: [Differ.Part?] {
        lock.lock()
        defer { lock.unlock() }
        return storedParts
    }

    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return storedError
    }
}

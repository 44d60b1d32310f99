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
                let part = try job.compare(tableShapes[table], range: range)
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
    }

    /// Compares one table (or one key range of it).
    func compare(_ shape: TableShape, range: KeyRange) throws -> Part {
        let test = try Connection(path: testPath, mode: .readOnly)
        let live = try Connection(path: livePath, mode: .readOnly)
        let t = try RowCursor(connection: test, shape: shape, range: range)
        let l = try RowCursor(connection: live, shape: shape, range: range)
        var part = Part()
        if let basePath {
            let base = try Connection(path: basePath, mode: .readOnly)
            let b = try RowCursor(connection: base, shape: shape, range: range)
            try mergeThreeWay(test: t, live: l, base: b, into: &part)
        } else {
            try mergeTwoWay(test: t, live: l, into: &part)
        }
        return part
    }

    private func record(_ change: RowChange, into part: inout Part) {
        part.counts.count(change)
        if keepsRows {
            part.changes.append(change)
        }
    }

    private func mergeTwoWay(test t: RowCursor, live l: RowCursor, into part: inout Part) throws {
        let table = t.shape.name
        let columns = t.shape.columns.indices
        while t.hasRow || l.hasRow {
            let order = !l.hasRow ? 1 : (!t.hasRow ? -1 : RowCursor.compareKeys(l, t))
            if order < 0 {
                record(
                    RowChange(
                        table: table, key: l.key(), kind: .removed, origin: .test, live: l.values(),
                        test: nil, base: nil, changedColumns: [], conflictColumns: []), into: &part)
                try l.advance()
            } else if order > 0 {
                record(
                    RowChange(
                        table: table, key: t.key(), kind: .added, origin: .test, live: nil,
                        test: t.values(), base: nil, changedColumns: Array(columns),
                        conflictColumns: []), into: &part)
                try t.advance()
            } else {
                if !RowCursor.rowsEqual(t, l) {
                    let changed = columns.filter { !RowCursor.cellsEqual(t, l, $0) }
                    record(
                        RowChange(
                            table: table, key: t.key(), kind: .changed, origin: .test,
                            live: keepsRows ? l.values() : nil, test: keepsRows ? t.values() : nil,
                            base: nil, changedColumns: changed, conflictColumns: []), into: &part)
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
        let columns = t.shape.columns.indices
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
                let key = smallest.key()
                let values = (
                    test: inT ? t.values() : nil, live: inL ? l.values() : nil,
                    base: inB ? b.values() : nil
                )
                func kind(_ present: Bool) -> RowChange.Kind {
                    inB ? (present ? .changed : .removed) : .added
                }
                var change = RowChange(
                    table: table, key: key, kind: kind(inT), origin: .test, live: values.live,
                    test: values.test, base: values.base, changedColumns: [], conflictColumns: [])
                if liveSameAsBase {
                    change.changedColumns =
                        inT && inB
                        ? columns.filter { !RowCursor.cellsEqual(t, b, $0) } : Array(columns)
                } else if testSameAsBase {
                    change.origin = .live
                    change.kind = kind(inL)
                    change.changedColumns =
                        inL && inB
                        ? columns.filter { !RowCursor.cellsEqual(l, b, $0) } : Array(columns)
                } else if inT && inL && inB {
                    let testColumns = columns.filter { !RowCursor.cellsEqual(t, b, $0) }
                    let liveColumns = Set(columns.filter { !RowCursor.cellsEqual(l, b, $0) })
                    let conflicts = testColumns.filter {
                        liveColumns.contains($0) && !RowCursor.cellsEqual(t, l, $0)
                    }
                    change.changedColumns = testColumns
                    change.conflictColumns = conflicts
                    change.origin = conflicts.isEmpty ? .both : .conflict
                } else if inT && inL {
                    // Added on both sides, differently: the cells that differ conflict.
                    change.origin = .conflict
                    change.changedColumns = Array(columns)
                    change.conflictColumns = columns.filter { !RowCursor.cellsEqual(t, l, $0) }
                } else {
                    // Removed on one side and changed on the other: the whole row conflicts.
                    change.origin = .conflict
                    change.changedColumns = Array(columns)
                    change.conflictColumns = Array(columns)
                }
                record(change, into: &part)
            }
            if inT { try t.advance() }
            if inL { try l.advance() }
            if inB { try b.advance() }
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

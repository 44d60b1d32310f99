import CSQLite
import Foundation

/// Steps through a table in primary-key order without copying rows: each row comes as its key
/// and a 128-bit digest of its values computed inside SQLite (`crmenv_row_hash`, in C), so
/// equal rows are told by one 16-byte comparison and keys are compared through SQLite's own
/// column pointers. Only rows that differ are read whole (by key) into `DatabaseValue`s.
final class RowCursor {
    private let statement: Statement
    private let handle: OpaquePointer
    private let lookup: Statement
    private var current: [DatabaseValue]?
    let shape: TableShape
    /// False once the table (or range) is exhausted.
    private(set) var hasRow = false

    init(connection: Connection, shape: TableShape, range: KeyRange) throws {
        self.shape = shape
        statement = try connection.prepare(
            shape.scanSQL(lower: range.lower != nil, upper: range.upper != nil))
        handle = statement.handle
        lookup = try connection.prepare(shape.lookupSQL)
        try statement.bind((range.lower ?? []) + (range.upper ?? []))
        try advance()
    }

    func advance() throws {
        current = nil
        hasRow = try statement.step()
    }

    /// The current row's key.
    func key() -> [DatabaseValue] {
        (0..<shape.keyColumns.count).map { statement.value(at: $0) }
    }

    /// The current row's values, read by key (once per row).
    func values() throws -> [DatabaseValue] {
        if let current { return current }
        try lookup.bind(key())
        guard try lookup.step() else {
            throw SQLiteError(
                extendedCode: SQLITE_NOTFOUND, message: "a row vanished while it was compared",
                sql: lookup.sql)
        }
        let values = lookup.currentRow()
        lookup.reset()
        current = values
        return values
    }

    /// Orders the current rows of two cursors over the same table by key, as SQLite does
    /// (NULL < numbers < text < blobs; text by bytes, which is the BINARY collation).
    static func compareKeys(_ a: RowCursor, _ b: RowCursor) -> Int {
        for index in 0..<a.shape.keyColumns.count {
            let order = compare(a.handle, b.handle, Int32(index))
            if order != 0 { return order }
        }
        return 0
    }

    /// True when every column is equal (the shapes are the same): the digests agree.
    static func rowsEqual(_ a: RowCursor, _ b: RowCursor) -> Bool {
        let column = Int32(a.shape.keyColumns.count)
        guard let x = sqlite3_column_blob(a.handle, column),
            let y = sqlite3_column_blob(b.handle, column)
        else { return false }
        return memcmp(x, y, 16) == 0
    }

    /// The columns whose values differ between two rows (1 and 1.0 are the same, as SQL's `IS`
    /// says).
    static func differingColumns(_ a: [DatabaseValue], _ b: [DatabaseValue]) -> [Int] {
        a.indices.filter { !DatabaseValue.same(a[$0], b[$0]) }
    }

    private static func rank(_ type: Int32) -> Int {
        switch type {
        case SQLITE_NULL: return 0
        case SQLITE_INTEGER, SQLITE_FLOAT: return 1
        case SQLITE_TEXT: return 2
        default: return 3
        }
    }

    private static func compare(_ a: OpaquePointer, _ b: OpaquePointer, _ column: Int32) -> Int {
        let typeA = sqlite3_column_type(a, column)
        let typeB = sqlite3_column_type(b, column)
        let rankA = rank(typeA)
        let rankB = rank(typeB)
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch rankA {
        case 0:
            return 0
        case 1:
            if typeA == SQLITE_INTEGER && typeB == SQLITE_INTEGER {
                let x = sqlite3_column_int64(a, column)
                let y = sqlite3_column_int64(b, column)
                return x == y ? 0 : (x < y ? -1 : 1)
            }
            let x = sqlite3_column_double(a, column)
            let y = sqlite3_column_double(b, column)
            return x == y ? 0 : (x < y ? -1 : 1)
        case 2:
            let x = sqlite3_column_text(a, column)
            let countX = Int(sqlite3_column_bytes(a, column))
            let y = sqlite3_column_text(b, column)
            let countY = Int(sqlite3_column_bytes(b, column))
            return compareBytes(UnsafeRawPointer(x), countX, UnsafeRawPointer(y), countY)
        default:
            let x = sqlite3_column_blob(a, column)
            let countX = Int(sqlite3_column_bytes(a, column))
            let y = sqlite3_column_blob(b, column)
            let countY = Int(sqlite3_column_bytes(b, column))
            return compareBytes(x, countX, y, countY)
        }
    }

    private static func compareBytes(
        _ x: UnsafeRawPointer?, _ countX: Int, _ y: UnsafeRawPointer?, _ countY: Int
    ) -> Int {
        let common = min(countX, countY)
        if common > 0, let x, let y {
            let order = memcmp(x, y, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return countX == countY ? 0 : (countX < countY ? -1 : 1)
    }
}

/// A range of primary keys: `lower <= key < upper`, either end open when nil.
struct KeyRange: Sendable {
    var lower: [DatabaseValue]?
    var upper: [DatabaseValue]?

    static let all = KeyRange(lower: nil, upper: nil)
}

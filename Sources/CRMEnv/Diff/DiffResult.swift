/// One row that differs, keyed by its primary key.
///
/// Two-way (no base): the change turns LIVE's row (`live`) into TEST's (`test`). Three-way: the
/// change is what one side did to the base row (`base`), and `origin` says which side.
public struct RowChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case added, removed, changed
    }

    /// Who changed the row since the base.
    public enum Origin: String, Sendable, Codable {
        /// TEST only: promotable.
        case test
        /// LIVE only: drift, left alone.
        case live
        /// Both, in different columns: TEST's columns are promotable, LIVE keeps its own.
        case both
        /// Both, the same column (or the whole row) differently: must be resolved first.
        case conflict
    }

    public var table: String
    public var key: [DatabaseValue]
    /// TEST's action (for `live` drift: LIVE's).
    public var kind: Kind
    public var origin: Origin
    public var live: [DatabaseValue]?
    public var test: [DatabaseValue]?
    public var base: [DatabaseValue]?
    /// Columns TEST changes (two-way: where TEST and LIVE differ; for drift: where LIVE differs
    /// from the base).
    public var changedColumns: [Int]
    /// Columns both changed differently.
    public var conflictColumns: [Int]

    /// True for a change promotion can take to LIVE.
    public var isPromotable: Bool { origin == .test || origin == .both }

    /// The key as text: values joined with `|` (`C000101`, `8999999999999999`).
    public var keyText: String { key.map(\.displayText).joined(separator: "|") }
}

/// Row counts of one table's diff.
public struct DiffCounts: Sendable, Equatable, Codable {
    /// Rows TEST added, changed and removed (two-way: relative to LIVE).
    public var added = 0
    public var changed = 0
    public var removed = 0
    /// Rows only LIVE changed since the base.
    public var drift = 0
    /// Rows both changed differently.
    public var conflicts = 0

    public init(
        added: Int = 0, changed: Int = 0, removed: Int = 0, drift: Int = 0, conflicts: Int = 0
    ) {
        self.added = added
        self.changed = changed
        self.removed = removed
        self.drift = drift
        self.conflicts = conflicts
    }

    public var isEmpty: Bool { self == DiffCounts() }

    mutating func add(_ other: DiffCounts) {
        added += other.added
        changed += other.changed
        removed += other.removed
        drift += other.drift
        conflicts += other.conflicts
    }

    mutating func count(_ change: RowChange) {
        switch change.origin {
        case .live:
            drift += 1
        case .conflict:
            conflicts += 1
        case .test, .both:
            switch change.kind {
            case .added: added += 1
            case .changed: changed += 1
            case .removed: removed += 1
            }
        }
    }
}

/// One table's differences.
public struct TableDiff: Sendable, Equatable {
    public var shape: TableShape
    public var counts: DiffCounts
    /// The rows, in key order (empty when only counts were asked for, or when spooled).
    public var changes: [RowChange]
    /// The rows rendered to temporary files, in key order, when the differ spooled them.
    public var spooledFiles: [String] = []
    /// How many rows the spool files hold (a spool may cap it).
    public var spooledRows = 0

    /// True when the rows are in `spooledFiles`.
    public var isSpooled: Bool { !spooledFiles.isEmpty }

    public var table: String { shape.name }
}

/// A difference in the shape of the two databases: stops a promotion.
public struct SchemaDifference: Sendable, Equatable, Codable {
    public var table: String
    public var detail: String
}

/// The difference between TEST and LIVE.
public struct DiffResult: Sendable, Equatable {
    /// True when compared three ways, against TEST's base.
    public var isThreeWay: Bool
    /// The base snapshot's id.
    public var baseID: String?
    public var schemaDifferences: [SchemaDifference]
    /// Every compared table, in the order of the schema (values, then records).
    public var tables: [TableDiff]

    /// Counts over every table.
    public var totals: DiffCounts {
        var totals = DiffCounts()
        for table in tables { totals.add(table.counts) }
        return totals
    }

    /// True when nothing differs.
    public var isEmpty: Bool { schemaDifferences.isEmpty && totals.isEmpty }
}

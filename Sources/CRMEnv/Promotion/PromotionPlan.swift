/// Moves the records that use a dropdown value to another value: `LIST:OLD=NEW`.
public struct Remap: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var list: ValueList
    public var old: String
    public var new: String

    public init(list: ValueList, old: String, new: String) {
        self.list = list
        self.old = old
        self.new = new
    }

    /// Reads `lost-reason:PRICE=COST`.
    ///
    /// - throws: `CRMEnvError.invalidRemap` for text of another form or an unknown list.
    public static func parse(_ text: String) throws -> Remap {
        let parts = text.split(separator: ":", maxSplits: 1)
        let codes =
            parts.count == 2 ? parts[1].split(separator: "=", omittingEmptySubsequences: false) : []
        guard parts.count == 2, codes.count == 2, !codes[0].isEmpty, !codes[1].isEmpty else {
            throw CRMEnvError.invalidRemap(
                remap: text, reason: "write it as LIST:OLD=NEW, e.g. lost-reason:PRICE=COST")
        }
        let list = try ValueList.named(String(parts[0]))
        return Remap(list: list, old: String(codes[0]), new: String(codes[1]))
    }

    public var description: String { "\(list.name):\(old)=\(new)" }
}

/// How a promotion affects the LIVE records that use a value it removes or retires.
public struct Impact: Sendable, Equatable, Codable {
    public var list: ValueList
    public var code: String
    /// `retired`, `removed`, `renamed to NEW`.
    public var change: String
    /// LIVE records using the value after the promotion's own changes, per `table.column`.
    public var usage: [String: Int]
    /// How the records move, when a remap was given.
    public var remap: Remap?

    public var total: Int { usage.values.reduce(0, +) }
}

/// Exactly what a promotion would do to LIVE, and why it cannot when it cannot.
public struct PromotionPlan: Sendable {
    /// The vetted items that go.
    public var items: [ChangeItem]
    /// Items not vetted (or changed since vetting), left in TEST.
    public var notVetted: [ChangeItem]
    /// The row changes to apply, in order.
    public var changes: [RowChange]
    public var impacts: [Impact]
    /// Reasons the promotion cannot go; empty when it can.
    public var problems: [String]
    public var isThreeWay: Bool
    public var baseID: String?

    /// Rows per table: added, changed, removed.
    public var counts: [(table: String, counts: DiffCounts)] {
        var byTable: [String: DiffCounts] = [:]
        var order: [String] = []
        for change in changes {
            if byTable[change.table] == nil { order.append(change.table) }
            byTable[change.table, default: DiffCounts()].count(change)
        }
        return order.map { ($0, byTable[$0] ?? DiffCounts()) }
    }

    /// The remaps the promotion applies.
    public var remaps: [Remap] { impacts.compactMap(\.remap) }
}

/// Works out a promotion: the vetted items, their rows, the conflicts that stop them, the
/// impact of retired and removed values on LIVE's records, and the CRM rules the result must
/// keep. It reads LIVE and writes nothing.
struct PromotionPlanner {
    let list: ChangeList
    let live: Connection
    let remaps: [Remap]

    func plan() throws -> PromotionPlan {
        var problems: [String] = []
        for difference in list.diff.schemaDifferences {
            problems.append(
                "TEST and LIVE differ in shape: \(difference.table): \(difference.detail); "
                    + "both must have the same schema")
        }
        for id in list.vettedButGone {
            problems.append(
                "vetted item '\(id)' no longer exists in TEST (nothing of it differs from LIVE "
                    + "now); unvet it with 'crmenv unvet \(id)'")
        }
        let vetted = list.items.filter(\.isVetted)
        let notVetted = list.items.filter { !$0.isVetted }
        guard !vetted.isEmpty || !problems.isEmpty else {
            throw CRMEnvError.nothingVetted(
                stale: list.items.filter(\.isStale).map(\.id), available: list.items.count)
        }
        for item in vetted {
            for conflict in item.conflicts.prefix(3) {
                problems.append(describeConflict(conflict, item: item))
            }
        }
        let changes = order(vetted.flatMap(\.changes).filter { $0.origin != .conflict })
        let result = try ResultValues(live: live, changes: changes, renames: list.renames)
        var impacts = try self.impacts(of: changes, result: result)
        problems += try checkRemaps(&impacts, result: result)
        problems += result.lint()
        problems += try checkReferences(changes, result: result, items: list.items)
        problems += try checkOutcomes(changes, result: result)
        return PromotionPlan(
            items: vetted, notVetted: notVetted, changes: changes, impacts: impacts,
            problems: problems, isThreeWay: list.diff.isThreeWay, baseID: list.diff.baseID)
    }

    /// Value tables first, then records parents first; removals last, children first.
    private func order(_ changes: [RowChange]) -> [RowChange] {
        let rank = Dictionary(uniqueKeysWithValues: Schema.crmTables.enumerated().map { ($1, $0) })
        let writes = changes.filter { $0.kind != .removed }
            .sorted { (rank[$0.table] ?? 99) < (rank[$1.table] ?? 99) }
        let removals = changes.filter { $0.kind == .removed }
            .sorted { (rank[$0.table] ?? 99) > (rank[$1.table] ?? 99) }
        return writes + removals
    }

    private func describeConflict(_ change: RowChange, item: ChangeItem) -> String {
        let shape = list.diff.tables.first { $0.table == change.table }?.shape
        let columns = change.conflictColumns.compactMap { shape?.columns[$0] }
        let what: String
        if change.test == nil {
            what = "TEST removed the row and LIVE changed it"
        } else if change.live == nil {
            what = "LIVE removed the row and TEST changed it"
        } else if change.base == nil {
            what = "both added it, differently (\(columns.joined(separator: ", ")))"
        } else {
            what = "both changed \(columns.joined(separator: ", ")) since the base"
        }
        return "conflict in \(change.table) \(change.keyText) (\(item.id)): \(what); make TEST "
            + "agree with LIVE there (or leave the item unvetted), or refresh TEST"
    }

    // MARK: - Impacts of retired and removed values

    private func impacts(of changes: [RowChange], result: ResultValues) throws -> [Impact] {
        var impacts: [Impact] = []
        for change in changes {
            guard let list = ValueList(table: change.table) else { continue }
            let code = change.keyText
            let description: String
            if change.kind == .removed {
                let renamedTo = result.renamedFrom[list]?.first { $0.value == code }?.key
                description = renamedTo.map { "renamed to '\($0)'" } ?? "removed"
            } else if let active = result.values[list]?[code]?.isActive, !active,
                live.isActive(list, code)
            {
                description = "retired"
            } else {
                continue
            }
            var usage: [String: Int] = [:]
            for reference in list.usages {
                let count = try usageAfter(reference, code: code, changes: changes)
                if count > 0 { usage["\(reference.table).\(reference.column)"] = count }
            }
            impacts.append(
                Impact(list: list, code: code, change: description, usage: usage, remap: nil))
        }
        return impacts
    }

    /// LIVE rows of `reference.table` whose `reference.column` is `code` once the promotion's
    /// own rows are applied.
    private func usageAfter(_ reference: ColumnReference, code: String, changes: [RowChange]) throws
        -> Int
    {
        var count = Int(
            try live.integer(
                "SELECT count(*) FROM \(reference.table) WHERE \(reference.column) = ?",
                [.text(code)]))
        guard let shape = list.diff.tables.first(where: { $0.table == reference.table })?.shape,
            let column = shape.columns.firstIndex(of: reference.column)
        else { return count }
        for change in changes where change.table == reference.table {
            if change.live?[column] == .text(code) { count -= 1 }
            guard change.kind != .removed, let test = change.test else { continue }
            let after =
                change.changedColumns.contains(column) || change.live == nil
                ? test[column] : (change.live?[column] ?? .null)
            if after == .text(code) { count += 1 }
        }
        return count
    }

    private func checkRemaps(_ impacts: inout [Impact], result: ResultValues) throws -> [String] {
        var problems: [String] = []
        for remap in remaps {
            guard
                let index = impacts.firstIndex(where: {
                    $0.list == remap.list && $0.code == remap.old
                })
            else {
                problems.append(
                    "--remap \(remap): no vetted item retires or removes \(remap.list.name) "
                        + "'\(remap.old)'; remove the --remap")
                continue
            }
            guard let target = result.values[remap.list]?[remap.new] else {
                problems.append(
                    "--remap \(remap): \(remap.list.name) '\(remap.new)' does not exist in LIVE "
                        + "after the promotion; remap to an existing active value, or vet the "
                        + "item that adds it")
                continue
            }
            guard target.isActive else {
                problems.append(
                    "--remap \(remap): \(remap.list.name) '\(remap.new)' is retired; remap to an "
                        + "active value")
                continue
            }
            impacts[index].remap = remap
        }
        for impact in impacts where impact.total > 0 && impact.remap == nil {
            let counts = impact.usage.sorted { $0.key < $1.key }
                .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            let suggestion =
                result.renamedFrom[impact.list]?.first { $0.value == impact.code }?.key
                ?? "NEW"
            problems.append(
                "cannot promote: LIVE records use \(impact.list.name) '\(impact.code)', which TEST "
                    + "\(impact.change.hasPrefix("renamed") ? "renames" : impact.change == "retired" ? "retires" : "removes") "
                    + "(\(counts)); pass --remap \(impact.list.name):\(impact.code)=\(suggestion)")
        }
        return problems
    }

    // MARK: - References

    /// Every value or record a promoted row refers to exists in LIVE after the promotion.
    private func checkReferences(_ changes: [RowChange], result: ResultValues, items: [ChangeItem])
        throws -> [String]
    {
        var problems: [String] = []
        var added: [String: Set<String>] = [:]
        var removed: [String: Set<String>] = [:]
        for change in changes {
            if change.kind == .removed {
                removed[change.table, default: []].insert(change.keyText)
            } else if change.live == nil {
                added[change.table, default: []].insert(change.keyText)
            }
        }
        let owner = Dictionary(
            items.flatMap { item in item.changes.map { ("\($0.table)|\($0.keyText)", item.id) } },
            uniquingKeysWith: { first, _ in first })
        var foreignKeys: [String: [(columns: [String], parent: String, parentColumns: [String])]] =
            [:]
        for change in changes where change.kind != .removed {
            guard let test = change.test,
                let shape = list.diff.tables.first(where: { $0.table == change.table })?.shape
            else { continue }
            if foreignKeys[change.table] == nil {
                foreignKeys[change.table] = try Self.foreignKeys(of: change.table, on: live)
            }
            for key in foreignKeys[change.table] ?? [] {
                let values = key.columns.compactMap { shape.columns.firstIndex(of: $0) }.map {
                    test[$0]
                }
                guard values.count == key.columns.count, !values.contains(where: \.isNull) else {
                    continue
                }
                let text = values.map(\.displayText).joined(separator: "|")
                let label = DiffRenderer.label(change, shape: shape)
                let item = owner["\(change.table)|\(change.keyText)"] ?? "?"
                if let list = ValueList(table: key.parent) {
                    if result.values[list]?[text] == nil {
                        problems.append(
                            "\(change.table) \(label) (\(item)) uses \(list.name) '\(text)', which "
                                + "LIVE lacks and no vetted item adds; vet values:\(list.name):\(text)"
                        )
                    }
                    continue
                }
                if added[key.parent]?.contains(text) == true { continue }
                let isRemoved = removed[key.parent]?.contains(text) == true
                let exists =
                    try !isRemoved
                    && live.exists(key.parent, columns: key.parentColumns, values: values)
                if !exists {
                    let needed = owner["\(key.parent)|\(text)"]
                    problems.append(
                        "\(change.table) \(label) (\(item)) refers to \(key.parent) \(text), which "
                            + "LIVE lacks"
                            + (needed.map { "; vet \($0) too" } ?? " and TEST does not add"))
                }
                if problems.count >= 20 { return problems }
            }
        }
        return problems
    }

    static func foreignKeys(of table: String, on connection: Connection) throws
        -> [(columns: [String], parent: String, parentColumns: [String])]
    {
        var keys: [Int: (columns: [String], parent: String, parentColumns: [String])] = [:]
        for row in try connection.rows(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
            [.text(table)])
        {
            let id = row["id"].intValue ?? 0
            var key = keys[id] ?? ([], row["table"].displayText, [])
            key.columns.append(row["from"].displayText)
            key.parentColumns.append(row["to"].displayText)
            keys[id] = key
        }
        return keys.sorted { $0.key < $1.key }.map(\.value)
    }

    // MARK: - Won and lost reasons

    /// Won reasons only on won statuses, lost reasons only on lost ones: in promoted
    /// opportunities, and in LIVE's when a promoted status changes its outcome.
    private func checkOutcomes(_ changes: [RowChange], result: ResultValues) throws -> [String] {
        var problems: [String] = []
        guard let shape = list.diff.tables.first(where: { $0.table == "opportunity" })?.shape,
            let status = shape.columns.firstIndex(of: "status"),
            let won = shape.columns.firstIndex(of: "won_reason"),
            let lost = shape.columns.firstIndex(of: "lost_reason")
        else { return [] }
        let outcomes = result.values[.opportunityStatus] ?? [:]
        var promoted = Set<String>()
        for change in changes where change.table == "opportunity" && change.kind != .removed {
            promoted.insert(change.keyText)
            guard let row = change.test, let code = row[status].stringValue else { continue }
            let outcome = outcomes[code]?.outcome ?? .open
            let label = DiffRenderer.label(change, shape: shape)
            if !row[won].isNull && outcome != .won {
                problems.append(
                    "opportunity \(label) has won reason '\(row[won].displayText)' but its status "
                        + "'\(code)' is \(outcome.rawValue) in LIVE after the promotion")
            }
            if !row[lost].isNull && outcome != .lost {
                problems.append(
                    "opportunity \(label) has lost reason '\(row[lost].displayText)' but its status "
                        + "'\(code)' is \(outcome.rawValue) in LIVE after the promotion")
            }
        }
        for (code, value) in outcomes {
            guard let before = live.outcome(of: code), before != value.outcome else { continue }
            let column =
                value.outcome == .won
                ? "lost_reason" : (value.outcome == .lost ? "won_reason" : nil)
            let check =
                column.map { "\($0) IS NOT NULL" }
                ?? "(won_reason IS NOT NULL OR lost_reason IS NOT NULL)"
            let rows = try live.rows(
                "SELECT id, ref FROM opportunity WHERE status = ? AND \(check)", [.text(code)]
            ).filter { !promoted.contains($0["id"].displayText) }
            if !rows.isEmpty {
                problems.append(
                    "opportunity-status '\(code)' becomes \(value.outcome?.rawValue ?? "open"), but "
                        + "\(rows.count) LIVE opportunit\(rows.count == 1 ? "y has" : "ies have") a "
                        + "reason of the other outcome (first: \(rows[0]["ref"].displayText))")
            }
        }
        return problems
    }
}

/// The dropdown values LIVE will have after a promotion.
struct ResultValues {
    var values: [ValueList: [String: DropdownValue]] = [:]
    /// Per list, new code → old code, for renames in the promoted changes.
    var renamedFrom: [ValueList: [String: String]] = [:]

    init(live: Connection, changes: [RowChange], renames: [Remap]) throws {
        let store = ValueStore(environment: nil, connection: live)
        for list in ValueList.allCases {
            values[list] = Dictionary(
                uniqueKeysWithValues: try store.values(of: list).map { ($0.code, $0) })
        }
        for change in changes {
            guard let list = ValueList(table: change.table) else { continue }
            if change.kind == .removed {
                values[list]?[change.keyText] = nil
            } else if let row = change.test {
                values[list]?[change.keyText] = Self.value(row, list: list)
            }
        }
        for rename in renames {
            renamedFrom[rename.list, default: [:]][rename.new] = rename.old
        }
    }

    static func value(_ row: [DatabaseValue], list: ValueList) -> DropdownValue {
        var value = DropdownValue(
            code: row[0].displayText, description: row[1].displayText, isActive: row[2] != 0)
        for (offset, column) in list.extraColumns.enumerated() {
            let cell = row[3 + offset]
            switch column {
            case .outcome: value.outcome = cell.stringValue.flatMap(DropdownValue.Outcome.init)
            case .chanceToClose: value.chanceToClose = cell.intValue
            case .sequence: value.sequence = cell.intValue
            }
        }
        return value
    }

    /// The CRM rules about the lists themselves.
    func lint() -> [String] {
        var problems: [String] = []
        for list in ValueList.allCases where list.isRequired {
            if (values[list] ?? [:]).values.filter(\.isActive).isEmpty {
                problems.append(
                    "LIVE would have no active \(list.title) after the promotion; it needs at "
                        + "least one (vet the values that add them)")
            }
        }
        let stages = (values[.opportunityStage] ?? [:]).values.filter(\.isActive)
            .sorted { ($0.sequence ?? 0, $0.code) < ($1.sequence ?? 0, $1.code) }
        for (earlier, later) in zip(stages, stages.dropFirst())
        where (later.chanceToClose ?? 0) < (earlier.chanceToClose ?? 0) {
            problems.append(
                "opportunity stages would go backwards: '\(later.code)' (sequence "
                    + "\(later.sequence ?? 0)) has chance \(later.chanceToClose ?? 0)%, below "
                    + "'\(earlier.code)' (sequence \(earlier.sequence ?? 0)) at "
                    + "\(earlier.chanceToClose ?? 0)%; fix the stages in TEST")
        }
        return problems
    }
}

extension Connection {
    /// True when a row of `table` has these values in `columns`.
    func exists(_ table: String, columns: [String], values: [DatabaseValue]) throws -> Bool {
        let condition = columns.map { "\($0) = ?" }.joined(separator: " AND ")
        let statement = try cachedStatement("SELECT 1 FROM \(table) WHERE \(condition) LIMIT 1")
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step()
    }

    /// True when `code` is an active value of `list` here.
    func isActive(_ list: ValueList, _ code: String) -> Bool {
        (try? integer("SELECT active FROM \(list.table) WHERE code = ?", [.text(code)])) == 1
    }

    /// The outcome of an opportunity status here, or nil when there is no such status.
    func outcome(of code: String) -> DropdownValue.Outcome? {
        (try? scalar("SELECT outcome FROM opportunity_status WHERE code = ?", [.text(code)]))?
            .flatMap { $0.stringValue }.flatMap(DropdownValue.Outcome.init)
    }
}

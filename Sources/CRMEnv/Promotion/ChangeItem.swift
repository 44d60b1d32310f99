/// Something TEST did that may go to LIVE: a dropdown value (added, changed, retired, renamed,
/// removed), an import batch (its rows as they stand in TEST now), or a record changed by hand.
///
/// Ids: `values:<list>:<code>`, `batch:<id>`, `record:<table>:<key>`.
public struct ChangeItem: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case value, batch, record
    }

    public var id: String
    public var kind: Kind
    /// What the item is, for people: `lead-status 'HOT' added`.
    public var title: String
    /// Its rows, in table order.
    public var changes: [RowChange]
    /// SHA-256 of what the item would write to LIVE: changes when TEST changes the item.
    public var digest: String
    /// Who vetted it and when, when the vetting still matches the item.
    public var vetting: Vetting?
    /// True when the item was vetted, but TEST changed it since: it needs vetting again.
    public var isStale: Bool

    /// True when the item may be promoted.
    public var isVetted: Bool { vetting != nil }

    /// Rows that TEST and LIVE both changed differently.
    public var conflicts: [RowChange] { changes.filter { $0.origin == .conflict } }

    public var counts: DiffCounts {
        var counts = DiffCounts()
        for change in changes { counts.count(change) }
        return counts
    }
}

/// A person's approval of an item, as it stood.
public struct Vetting: Sendable, Equatable, Codable {
    public var by: String
    public var at: String
    public var digest: String
}

/// Groups a diff's TEST-side changes into change items.
enum ChangeItems {
    /// The items of `diff` (drift in LIVE is never an item).
    ///
    /// - parameter renames: TEST's renames, `(list, old) → new`, so that a rename is one item.
    /// - parameter batches: file names of batches, for titles.
    static func make(
        from diff: DiffResult, renames: [String: String], batches: [Int64: ImportBatch]
    ) -> [ChangeItem] {
        var valueChanges: [String: [RowChange]] = [:]
        var valueTitles: [String: String] = [:]
        var batchChanges: [Int64: [RowChange]] = [:]
        var records: [(String, RowChange)] = []
        for table in diff.tables {
            let batchColumn = table.shape.columns.firstIndex(of: "batch_id")
            if let list = ValueList(table: table.table) {
                let activeColumn = table.shape.columns.firstIndex(of: "active")
                for change in table.changes where change.origin != .live {
                    var code = change.keyText
                    var title = describeValue(change, list: list, activeColumn: activeColumn)
                    if change.kind == .removed, let new = renames["\(list.name):\(code)"] {
                        code = new
                        title = "\(list.name) '\(new)' renamed from '\(change.keyText)'"
                    } else if change.kind == .added,
                        let old = renames.first(where: {
                            $0.value == code && $0.key.hasPrefix(list.name + ":")
                        })?
                        .key.dropFirst(list.name.count + 1)
                    {
                        title = "\(list.name) '\(code)' renamed from '\(old)'"
                    }
                    let id = "values:\(list.name):\(code)"
                    valueChanges[id, default: []].append(change)
                    if valueTitles[id] == nil || title.contains("renamed") {
                        valueTitles[id] = title
                    }
                }
                continue
            }
            for change in table.changes where change.origin != .live {
                if let batchColumn, let row = change.test, let batch = row[batchColumn].int64Value {
                    batchChanges[batch, default: []].append(change)
                } else {
                    records.append(("record:\(table.table):\(change.keyText)", change))
                }
            }
        }
        var items: [ChangeItem] = []
        for (id, changes) in valueChanges.sorted(by: { $0.key < $1.key }) {
            items.append(item(id: id, kind: .value, title: valueTitles[id] ?? id, changes: changes))
        }
        for (batch, changes) in batchChanges.sorted(by: { $0.key < $1.key }) {
            var counts = DiffCounts()
            for change in changes { counts.count(change) }
            let source =
                batches[batch].map { "\($0.kind), \($0.fileName)" } ?? "a batch no longer listed"
            let title = "batch \(batch) (\(source)): " + DiffRenderer.summary(counts)
            items.append(item(id: "batch:\(batch)", kind: .batch, title: title, changes: changes))
        }
        for (id, change) in records {
            let what: String
            switch change.kind {
            case .added: what = "added by hand"
            case .changed: what = "changed by hand"
            case .removed: what = "removed"
            }
            items.append(
                item(
                    id: id, kind: .record, title: "\(change.table) \(change.keyText) \(what)",
                    changes: [change]))
        }
        return items
    }

    private static func describeValue(_ change: RowChange, list: ValueList, activeColumn: Int?)
        -> String
    {
        let code = "\(list.name) '\(change.keyText)'"
        switch change.kind {
        case .added: return "\(code) added"
        case .removed: return "\(code) removed"
        case .changed:
            if let activeColumn, change.changedColumns.contains(activeColumn),
                change.test?[activeColumn] == .integer(0)
            {
                return "\(code) retired"
            }
            return "\(code) changed"
        }
    }

    private static func item(id: String, kind: ChangeItem.Kind, title: String, changes: [RowChange])
        -> ChangeItem
    {
        let hash = SHA256()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        func add(_ text: String) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(0x1F)
        }
        for change in changes {
            add(change.table)
            add(change.keyText)
            if let row = change.test {
                for value in row {
                    switch value {
                    case .null: bytes.append(0)
                    case .integer(let number): add("i\(number)")
                    case .real(let number): add("r\(number)")
                    case .text(let text): add("t" + text)
                    case .blob(let blob):
                        bytes.append(contentsOf: Array("b\(blob.count):".utf8) + blob)
                    }
                }
            } else {
                add("-")
            }
            bytes.append(0x0A)
            if bytes.count >= 1 << 16 {
                hash.update(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        hash.update(bytes)
        return ChangeItem(
            id: id, kind: kind, title: title, changes: changes, digest: hash.finalizeHex(),
            vetting: nil, isStale: false)
    }
}

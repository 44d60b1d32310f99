import Foundation

/// TEST's change items and their vetting.
public struct ChangeList: Sendable {
    public var items: [ChangeItem]
    /// Vetted item ids that no longer match any item (TEST no longer differs there).
    public var vettedButGone: [String]
    /// The diff the items come from.
    public var diff: DiffResult
    /// TEST's renames and remaps (`values rename`, `values retire --remap`), old → new.
    public var renames: [Remap]
}

extension Workspace {
    /// The change items in TEST, with their vetting.
    public func changeList() throws -> ChangeList {
        let diff = try self.diff(scope: .all, keepsRows: true)
        let test = try open(.test, access: .read)
        return try changeList(diff: diff, test: test.connection)
    }

    func changeList(diff: DiffResult, test: Connection) throws -> ChangeList {
        var renames: [String: String] = [:]
        var remaps: [Remap] = []
        for row in try test.rows("SELECT list, old_code, new_code FROM crmenv_rename") {
            renames["\(row["list"].displayText):\(row["old_code"].displayText)"] =
                row["new_code"].displayText
            if let list = ValueList(rawValue: row["list"].displayText) {
                remaps.append(
                    Remap(
                        list: list, old: row["old_code"].displayText,
                        new: row["new_code"].displayText))
            }
        }
        var batches: [Int64: ImportBatch] = [:]
        for batch in try BatchStore(connection: test).all() {
            batches[batch.id] = batch
        }
        var items = ChangeItems.make(from: diff, renames: renames, batches: batches)
        var stored: [String: Vetting] = [:]
        for row in try test.rows("SELECT item, digest, vetted_by, vetted_at FROM crmenv_vetting") {
            stored[row["item"].displayText] = Vetting(
                by: row["vetted_by"].displayText, at: row["vetted_at"].displayText,
                digest: row["digest"].displayText)
        }
        for index in items.indices {
            guard let vetting = stored[items[index].id] else { continue }
            if vetting.digest == items[index].digest {
                items[index].vetting = vetting
            } else {
                items[index].isStale = true
            }
        }
        let ids = Set(items.map(\.id))
        let gone = stored.keys.filter { !ids.contains($0) }.sorted()
        return ChangeList(items: items, vettedButGone: gone, diff: diff, renames: remaps)
    }

    /// The items a pattern names: an item id, `values:<list>`, `values`, or `batches`.
    static func select(_ pattern: String, in items: [ChangeItem]) throws -> [ChangeItem] {
        if let exact = items.first(where: { $0.id == pattern }) {
            return [exact]
        }
        let groups: [String: (ChangeItem) -> Bool] = [
            "values": { $0.kind == .value }, "batches": { $0.kind == .batch },
            "records": { $0.kind == .record },
        ]
        if let group = groups[pattern] {
            let matching = items.filter(group)
            guard !matching.isEmpty else {
                throw CRMEnvError.unknownItem(item: pattern, suggestion: nil)
            }
            return matching
        }
        if pattern.hasPrefix("values:"), !pattern.dropFirst(7).contains(":") {
            let list = try ValueList.named(String(pattern.dropFirst(7)))
            let matching = items.filter { $0.id.hasPrefix("values:\(list.name):") }
            guard !matching.isEmpty else {
                throw CRMEnvError.unknownItem(item: pattern, suggestion: nil)
            }
            return matching
        }
        throw CRMEnvError.unknownItem(
            item: pattern, suggestion: Suggestion.nearest(to: pattern, in: items.map(\.id)))
    }

    /// Marks items vetted by `by`, as they stand now.
    ///
    /// - throws: `CRMEnvError.unknownItem` for a pattern that names no item (nothing is vetted).
    @discardableResult
    public func vet(_ patterns: [String], allValues: Bool, by: String) throws -> [ChangeItem] {
        let test = try open(.test, access: .write(holder: "crmenv vet"))
        let list = try changeList(
            diff: try diff(scope: .all, keepsRows: true), test: test.connection)
        var chosen: [ChangeItem] = []
        if allValues {
            chosen += list.items.filter { $0.kind == .value }
            if chosen.isEmpty {
                throw CRMEnvError.unknownItem(item: "--all-values", suggestion: nil)
            }
        }
        for pattern in patterns {
            chosen += try Self.select(pattern, in: list.items)
        }
        var seen = Set<String>()
        chosen = chosen.filter { seen.insert($0.id).inserted }
        let now = Timestamp.string(from: Date())
        try test.connection.inTransaction {
            for item in chosen {
                try test.connection.execute(
                    "INSERT OR REPLACE INTO crmenv_vetting (item, digest, vetted_by, vetted_at) "
                        + "VALUES (?, ?, ?, ?)",
                    [.text(item.id), .text(item.digest), .text(by), .text(now)])
            }
        }
        try auditLog.append(
            AuditEntry(
                who: by, action: "vet", environment: .test,
                details: ["items": chosen.map(\.id).joined(separator: " ")]))
        return chosen.map { item in
            var vetted = item
            vetted.vetting = Vetting(by: by, at: now, digest: item.digest)
            vetted.isStale = false
            return vetted
        }
    }

    /// Removes vetting from items (also from vetted items that no longer exist).
    @discardableResult
    public func unvet(_ patterns: [String], by: String) throws -> [String] {
        let test = try open(.test, access: .write(holder: "crmenv unvet"))
        let vetted = Set(
            try test.connection.rows("SELECT item FROM crmenv_vetting").map {
                $0["item"].displayText
            })
        var removed: [String] = []
        for pattern in patterns {
            let matching = vetted.filter {
                $0 == pattern || $0.hasPrefix(pattern + ":")
                    || (pattern == "values" && $0.hasPrefix("values:"))
            }
            guard !matching.isEmpty else {
                throw CRMEnvError.unknownItem(
                    item: pattern, suggestion: Suggestion.nearest(to: pattern, in: Array(vetted)))
            }
            removed += matching
        }
        removed = Array(Set(removed)).sorted()
        try test.connection.inTransaction {
            for item in removed {
                try test.connection.execute(
                    "DELETE FROM crmenv_vetting WHERE item = ?", [.text(item)])
            }
        }
        try auditLog.append(
            AuditEntry(
                who: by, action: "unvet", environment: .test,
                details: ["items": removed.joined(separator: " ")]))
        return removed
    }
}

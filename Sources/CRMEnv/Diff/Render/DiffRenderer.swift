/// Turns a `DiffResult` into text for people, JSON for scripts, or a self-contained HTML report.
///
/// Markers (text): `+` a row TEST added, `-` a row TEST removed, `~` a row changed, `!` a
/// conflict (TEST and LIVE changed the same row and column differently since the base). A
/// `[LIVE]` tag marks drift: a change LIVE made on its own, which promotion leaves alone.
public enum DiffRenderer {
    /// The legend, for help and reports.
    public static let legend = [
        "+  a row TEST added",
        "-  a row TEST removed",
        "~  a row TEST changed (cells: old → new)",
        "!  a conflict: TEST and LIVE changed the same row and column differently",
        "[LIVE]  drift: a change LIVE made on its own; promotion leaves it alone",
    ]

    /// A short name for a row: its key, and its external reference when it has one.
    static func label(_ change: RowChange, shape: TableShape) -> String {
        var label = change.keyText
        if let index = shape.columns.firstIndex(of: "ref") {
            let row = change.test ?? change.live ?? change.base
            if let reference = row?[index].stringValue {
                label += " (\(reference))"
            }
        }
        return label
    }

    static func cell(_ value: DatabaseValue?) -> String {
        guard let value else { return "∅" }
        switch value {
        case .null: return "NULL"
        case .text(let text):
            let flat = text.replacingAll("\n", with: "\\n")
            return "'" + (flat.count > 60 ? String(flat.prefix(57)) + "..." : flat) + "'"
        default: return value.displayText
        }
    }

    // MARK: - Text

    /// The diff as text lines.
    public static func text(_ result: DiffResult, stat: Bool) -> [String] {
        var lines: [String] = []
        lines.append(
            result.isThreeWay
                ? "TEST against LIVE, three ways (base \(result.baseID ?? "?"))"
                : "TEST against LIVE (two ways: TEST has no base; 'crmenv refresh' gives it one)")
        for difference in result.schemaDifferences {
            lines.append("schema: \(difference.table): \(difference.detail)")
        }
        if stat {
            var table = [["TABLE", "ADDED", "CHANGED", "REMOVED", "DRIFT", "CONFLICTS"]]
            for diff in result.tables {
                let c = diff.counts
                table.append(
                    [diff.table]
                        + [c.added, c.changed, c.removed, c.drift, c.conflicts].map(String.init))
            }
            let t = result.totals
            table.append(
                ["total"] + [t.added, t.changed, t.removed, t.drift, t.conflicts].map(String.init))
            lines += align(table)
            return lines
        }
        if result.totals.isEmpty && result.schemaDifferences.isEmpty {
            lines.append("no differences")
            return lines
        }
        for diff in result.tables where !diff.counts.isEmpty {
            lines.append("")
            lines.append("\(diff.table): " + summary(diff.counts))
            for change in diff.changes {
                lines += text(change, shape: diff.shape)
            }
        }
        return lines
    }

    /// The diff as text, handed to `write` as it goes (rows spooled by the differ included).
    public static func text(_ result: DiffResult, stat: Bool, write: (String) -> Void) {
        let spooled = result.tables.contains(where: \.isSpooled)
        guard spooled && !stat else {
            for line in text(result, stat: stat) { write(line + "\n") }
            return
        }
        for line in text(result, stat: true).prefix(1) { write(line + "\n") }
        for difference in result.schemaDifferences {
            write("schema: \(difference.table): \(difference.detail)\n")
        }
        for diff in result.tables where !diff.counts.isEmpty {
            write("\n\(diff.table): " + summary(diff.counts) + "\n")
            diff.writeSpooledRows(separator: "", write: write)
        }
    }

    /// How the differ writes text rows when spooling.
    public static func textSpool(directory: String) -> RowSpool {
        RowSpool(directory: directory) { change, shape in
            text(change, shape: shape).joined(separator: "\n") + "\n"
        }
    }

    /// How the differ writes JSON rows when spooling.
    public static func jsonSpool(directory: String) -> RowSpool {
        RowSpool(directory: directory, separator: ",\n      ") { change, shape in
            var out = JSONText(capacity: 512)
            jsonRow(change, shape: shape, into: &out)
            return out.text
        }
    }

    static func summary(_ c: DiffCounts) -> String {
        var parts: [String] = []
        if c.added > 0 { parts.append("\(c.added) added") }
        if c.changed > 0 { parts.append("\(c.changed) changed") }
        if c.removed > 0 { parts.append("\(c.removed) removed") }
        if c.drift > 0 { parts.append("\(c.drift) drift in LIVE") }
        if c.conflicts > 0 { parts.append("\(c.conflicts) conflict\(c.conflicts == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }

    static func text(_ change: RowChange, shape: TableShape) -> [String] {
        let label = Self.label(change, shape: shape)
        let columns = shape.columns
        let skip = Set(shape.keyIndexes)
        switch (change.origin, change.kind) {
        case (.conflict, _):
            var lines = ["! \(label)"]
            for index in change.conflictColumns where !skip.contains(index) {
                lines.append(
                    "    \(columns[index]): base \(cell(change.base?[index])), TEST "
                        + "\(cell(change.test?[index])), LIVE \(cell(change.live?[index]))")
            }
            if change.test == nil { lines.append("    TEST removed the row; LIVE changed it") }
            if change.live == nil { lines.append("    LIVE removed the row; TEST changed it") }
            return lines
        case (let origin, .added):
            let row = origin == .live ? change.live : change.test
            let cells = columns.indices.filter { !skip.contains($0) && !(row?[$0].isNull ?? true) }
                .map { "\(columns[$0]) \(cell(row?[$0]))" }
            return ["+ \(tag(origin))\(label)  " + cells.joined(separator: ", ")]
        case (let origin, .removed):
            return ["- \(tag(origin))\(label)"]
        case (let origin, .changed):
            let before = change.base ?? change.live
            let after = origin == .live ? change.live : change.test
            let cells = change.changedColumns.filter { !skip.contains($0) }.map {
                "\(columns[$0]): \(cell(before?[$0])) → \(cell(after?[$0]))"
            }
            return ["~ \(tag(origin))\(label)  " + cells.joined(separator: "; ")]
        }
    }

    private static func tag(_ origin: RowChange.Origin) -> String {
        origin == .live ? "[LIVE] " : ""
    }

    static func align(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 0
                    ? cell + String(repeating: " ", count: widths[index] - cell.count)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    // MARK: - JSON

    /// One row: its key, kind, origin, changed (and conflicting) columns, and its versions.
    static func jsonRow(_ change: RowChange, shape: TableShape, into out: inout JSONText) {
        out.raw("{\"key\": ")
        out.row(change.key, columns: shape.keyColumns)
        out.raw(
            ", \"kind\": \"\(change.kind.rawValue)\", \"origin\": \"\(change.origin.rawValue)\"")
        let names = shape.columns
        out.raw(", \"changed\": ")
        out.strings(change.changedColumns.map { names[$0] })
        if !change.conflictColumns.isEmpty {
            out.raw(", \"conflicts\": ")
            out.strings(change.conflictColumns.map { names[$0] })
        }
        for (name, row) in [("live", change.live), ("test", change.test), ("base", change.base)] {
            guard let row else { continue }
            out.raw(", \"\(name)\": ")
            out.row(row, columns: names)
        }
        out.raw("}")
    }

    /// The diff as JSON: `from` is LIVE, `to` is TEST, rows by column name.
    public static func json(_ result: DiffResult, stat: Bool) -> String {
        var text = ""
        json(result, stat: stat) { text += $0 }
        return text
    }

    /// The diff as JSON, handed to `write` in chunks of about 64 KB.
    public static func json(_ result: DiffResult, stat: Bool, write: @escaping (String) -> Void) {
        var out = JSONText(sink: write)
        out.raw("{\n  \"from\": \"live\",\n  \"to\": \"test\",\n  \"three_way\": ")
        out.raw(result.isThreeWay ? "true" : "false")
        out.raw(",\n  \"base\": ")
        if let base = result.baseID { out.string(base) } else { out.raw("null") }
        out.raw(",\n  \"schema_differences\": [")
        for (index, difference) in result.schemaDifferences.enumerated() {
            out.raw(index == 0 ? "\n    " : ",\n    ")
            out.raw("{\"table\": ")
            out.string(difference.table)
            out.raw(", \"detail\": ")
            out.string(difference.detail)
            out.raw("}")
        }
        out.raw(result.schemaDifferences.isEmpty ? "],\n" : "\n  ],\n")
        out.raw("  \"tables\": [")
        for (tableIndex, diff) in result.tables.enumerated() {
            out.raw(tableIndex == 0 ? "\n    {" : ",\n    {")
            out.raw("\"table\": ")
            out.string(diff.table)
            out.raw(", \"key\": ")
            out.strings(diff.shape.keyColumns)
            let c = diff.counts
            out.raw(
                ", \"counts\": {\"added\": \(c.added), \"changed\": \(c.changed), \"removed\": "
                    + "\(c.removed), \"drift\": \(c.drift), \"conflicts\": \(c.conflicts)}")
            if !stat {
                out.raw(", \"rows\": [")
                if diff.isSpooled {
                    out.raw("\n      ")
                    out.flush()
                    diff.writeSpooledRows(separator: ",\n      ", write: write)
                    out.raw("\n    ]")
                } else {
                    for (rowIndex, change) in diff.changes.enumerated() {
                        out.raw(rowIndex == 0 ? "\n      " : ",\n      ")
                        jsonRow(change, shape: diff.shape, into: &out)
                        out.flushIfLarge()
                    }
                    out.raw(diff.changes.isEmpty ? "]" : "\n    ]")
                }
            }
            out.raw("}")
        }
        out.raw(result.tables.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        out.flush()
    }
}

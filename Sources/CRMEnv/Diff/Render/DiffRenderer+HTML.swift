extension DiffRenderer {
    /// Rows shown per table in the HTML report; the counts are always complete.
    public static let htmlRowLimit = 5000

    /// A self-contained HTML report (no external files, scripts or network): a summary, then
    /// each table with its changed rows, LIVE above TEST, changed cells highlighted.
    public static func html(_ result: DiffResult, generated: String) -> String {
        var out = ""
        out.reserveCapacity(1 << 16)
        out += """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>crmenv diff: TEST against LIVE</title>
            <style>
            body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
            table { border-collapse: collapse; margin: .5em 0; }
            th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; white-space: pre-wrap; }
            th { background: #f3f3f3; text-align: left; }
            td.n { text-align: right; }
            tr.added td { background: #e9f7ec; } tr.removed td { background: #fdecec; }
            td.changed { background: #fff3c4; font-weight: 600; } td.conflict { background: #f9c6c6; font-weight: 700; }
            td.side { color: #666; font-size: .85em; } .legend li { margin: .1em 0; } .note { color: #666; }
            </style></head><body>
            <h1>TEST against LIVE</h1>

            """
        out +=
            "<p>\(escape(result.isThreeWay ? "Three-way, against TEST's base \(result.baseID ?? "")" : "Two-way: TEST has no base (run crmenv refresh for three-way diffs)")). Generated \(escape(generated)).</p>\n"
        out +=
            "<ul class=\"legend\">" + legend.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
        if !result.schemaDifferences.isEmpty {
            out += "<h2>Schema differences (these stop a promotion)</h2><ul>"
            for difference in result.schemaDifferences {
                out += "<li><b>\(escape(difference.table))</b>: \(escape(difference.detail))</li>"
            }
            out += "</ul>\n"
        }
        out +=
            "<h2>Summary</h2><table><tr><th>table</th><th>added</th><th>changed</th><th>removed</th><th>drift in LIVE</th><th>conflicts</th></tr>"
        for diff in result.tables {
            let c = diff.counts
            out +=
                "<tr><td>\(escape(diff.table))</td>"
                + [c.added, c.changed, c.removed, c.drift, c.conflicts].map {
                    "<td class=\"n\">\($0)</td>"
                }
                .joined() + "</tr>"
        }
        out += "</table>\n"
        var spooled = 0
        for diff in result.tables where !diff.changes.isEmpty || diff.isSpooled {
            out += "<h2>\(escape(diff.table)): \(escape(summary(diff.counts)))</h2>\n"
            out += "<table><tr><th></th><th>row</th>"
            out += diff.shape.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            if diff.isSpooled {
                // The rows follow from the spool files; the NUL-delimited number marks where.
                out += "\u{0}\(spooled)\u{0}"
                spooled += 1
            }
            for change in diff.changes.prefix(htmlRowLimit) {
                out += rows(change, shape: diff.shape)
            }
            out += "</table>\n"
            let c = diff.counts
            let total = c.added + c.changed + c.removed + c.drift + c.conflicts
            let shown = diff.isSpooled ? diff.spooledRows : min(diff.changes.count, htmlRowLimit)
            if total > shown {
                out +=
                    "<p class=\"note\">\(total - shown) more rows not shown; "
                    + "'crmenv diff --table \(escape(diff.table)) --format json' lists them all.</p>\n"
            }
        }
        out += "</body></html>\n"
        return out
    }

    /// The HTML report handed to `write` as it goes, with the rows spooled by the differ.
    public static func html(_ result: DiffResult, generated: String, write: (String) -> Void) {
        let page = html(result, generated: generated)
        let pieces = page.split(separator: "\u{0}", omittingEmptySubsequences: false)
        let spooled = result.tables.filter(\.isSpooled)
        for (index, piece) in pieces.enumerated() {
            if index % 2 == 1, let number = Int(piece), number < spooled.count {
                spooled[number].writeSpooledRows(separator: "", write: write)
            } else {
                write(String(piece))
            }
        }
    }

    /// How the differ writes HTML rows when spooling (at most `htmlRowLimit` per table).
    public static func htmlSpool(directory: String) -> RowSpool {
        RowSpool(directory: directory, limit: htmlRowLimit) { change, shape in
            rows(change, shape: shape)
        }
    }

    private static func rows(_ change: RowChange, shape: TableShape) -> String {
        let label = escape(Self.label(change, shape: shape))
        let changed = Set(change.changedColumns)
        let conflicts = Set(change.conflictColumns)
        func line(
            _ css: String, _ marker: String, _ side: String, _ values: [DatabaseValue]?,
            highlight: Bool
        )
            -> String
        {
            var html =
                "<tr class=\"\(css)\"><td>\(marker)</td><td>\(label) <span class=\"side\">\(side)</span></td>"
            for index in shape.columns.indices {
                let value = values.map { cell($0[index]) } ?? ""
                var classes = ""
                if highlight && conflicts.contains(index) {
                    classes = " class=\"conflict\""
                } else if highlight && changed.contains(index) {
                    classes = " class=\"changed\""
                }
                html += "<td\(classes)>\(escape(value))</td>"
            }
            return html + "</tr>\n"
        }
        switch (change.origin, change.kind) {
        case (.conflict, _):
            return line("", "!", "base", change.base, highlight: false)
                + line("", "!", "LIVE", change.live, highlight: true)
                + line("", "!", "TEST", change.test, highlight: true)
        case (let origin, .added):
            return line(
                "added", "+", origin == .live ? "LIVE" : "TEST",
                origin == .live ? change.live : change.test, highlight: false)
        case (let origin, .removed):
            return line(
                "removed", "-", origin == .live ? "by LIVE" : "by TEST", change.base ?? change.live,
                highlight: false)
        case (let origin, .changed):
            let before = change.base ?? change.live
            let after = origin == .live ? change.live : change.test
            return line("", "~", change.base == nil ? "LIVE" : "base", before, highlight: false)
                + line("", "~", origin == .live ? "LIVE" : "TEST", after, highlight: true)
        }
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}

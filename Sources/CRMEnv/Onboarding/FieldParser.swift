import Foundation

/// Typed values out of the text of import files, with messages that say what to write instead.
///
/// Every parser returns nil for an empty field and throws `FieldProblem` for text it cannot
/// read; the importer adds the file, line and column.
enum FieldParser {
    /// What is wrong with one field, and the fix.
    struct Problem: Error, Equatable {
        let message: String
        let fix: String?
    }

    /// The text with outer spaces and line breaks removed, or nil when nothing is left.
    ///
    /// Called for every field of every imported row: no Foundation (whose trimming goes through
    /// NSString on Linux), and no copy when there is nothing to trim.
    static func text(_ raw: String?) -> String? {
        guard let raw, let first = raw.utf8.first, let last = raw.utf8.last else { return nil }
        // Most fields start and end with a printable ASCII character: nothing to trim.
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 {
            return raw
        }
        let trimmed = TextCleaning.trimmingWhitespace(raw)
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// A calendar date as `YYYY-MM-DD`. Outlook's empty date `0/0/00` counts as empty.
    static func date(_ raw: String?) throws -> String? {
        guard let text = text(raw), text != "0/0/00", text != "0/0/0000" else { return nil }
        let fix = "write dates as YYYY-MM-DD, e.g. 2026-02-28"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw Problem(message: "'\(text)' is not a date in YYYY-MM-DD form", fix: fix)
        }
        guard (1...12).contains(month) else {
            throw Problem(message: "'\(text)' has no month \(month)", fix: fix)
        }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            throw Problem(
                message: "'\(text)' is not a real date (month \(month) of \(year) has "
                    + "\(daysIn(month: month, year: year)) days)", fix: fix)
        }
        return text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// A whole number in `range`; a trailing `%` is allowed for percentages.
    static func integer(_ raw: String?, in range: ClosedRange<Int>, what: String) throws -> Int? {
        guard var text = text(raw) else { return nil }
        if text.hasSuffix("%") { text.removeLast() }
        guard let value = Int(TextCleaning.trimmingWhitespace(text)) else {
            throw Problem(
                message: "\(what) '\(text)' is not a whole number",
                fix: "write a number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(value) else {
            throw Problem(
                message: "\(what) \(value) is outside \(range.lowerBound)–\(range.upperBound)",
                fix: "write a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A non-negative amount: digits with an optional decimal point, thousands commas
    /// (`48,250.00`) and a leading currency sign allowed.
    static func amount(_ raw: String?, what: String, allowZero: Bool = true) throws -> Double? {
        guard var text = text(raw) else { return nil }
        if let first = text.first, "$€£".contains(first) {
            text.removeFirst()
        }
        let fix = "write a plain number such as 48250.00"
        let grouped = text.split(separator: ".", maxSplits: 1)
        if let whole = grouped.first, whole.contains(",") {
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            let valid =
                (1...3).contains(groups[0].count)
                && groups.dropFirst().allSatisfy { $0.count == 3 }
            guard valid else {
                throw Problem(message: "\(what) '\(raw ?? "")' is not a number", fix: fix)
            }
            text = text.replacingAll(",", with: "")
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(text), value.isFinite
        else {
            throw Problem(message: "\(what) '\(raw ?? "")' is not a number", fix: fix)
        }
        guard allowZero ? value >= 0 : value > 0 else {
            throw Problem(
                message: "\(what) \(text) must be \(allowZero ? "zero or more" : "more than zero")",
                fix: fix)
        }
        return value
    }

    /// Yes or no: `1`/`0`, `yes`/`no`, `true`/`false`, `y`/`n`, `x`; empty is nil.
    static func flag(_ raw: String?, what: String) throws -> Bool? {
        guard let text = text(raw)?.lowercased() else { return nil }
        switch text {
        case "1", "yes", "y", "true", "t", "x": return true
        case "0", "no", "n", "false", "f": return false
        default:
            throw Problem(
                message: "\(what) '\(text)' is not yes or no", fix: "write 1 or 0 (or yes or no)")
        }
    }
}

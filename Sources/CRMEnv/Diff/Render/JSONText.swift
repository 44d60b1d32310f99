/// Builds JSON text by hand, fast: for outputs of tens of thousands of rows, where
/// `JSONEncoder` would be most of the time.
struct JSONText {
    private(set) var text = ""
    /// Where full chunks go, so a large document never sits in memory whole.
    private let sink: ((String) -> Void)?

    init(capacity: Int = 1 << 16, sink: ((String) -> Void)? = nil) {
        text.reserveCapacity(capacity)
        self.sink = sink
    }

    /// Hands the text so far to the sink once it holds 64 KB or more.
    mutating func flushIfLarge() {
        guard let sink, text.utf8.count >= 1 << 16 else { return }
        sink(text)
        text.removeAll(keepingCapacity: true)
    }

    /// Hands whatever is left to the sink.
    mutating func flush() {
        guard let sink, !text.isEmpty else { return }
        sink(text)
        text.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ piece: String) {
        text += piece
    }

    mutating func string(_ value: String) {
        text += "\""
        var plain = true
        for unit in value.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            plain = false
            break
        }
        if plain {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        text.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        text += "\""
    }

    mutating func value(_ value: DatabaseValue) {
        switch value {
        case .null: text += "null"
        case .integer(let number): text += String(number)
        case .real(let number): text += number.isFinite ? String(number) : "null"
        case .text(let string): self.string(string)
        case .blob: self.string(value.displayText)
        }
    }

    /// `{"column": value, ...}` for a row.
    mutating func row(_ values: [DatabaseValue], columns: [String]) {
        text += "{"
        for (index, column) in columns.enumerated() {
            if index > 0 { text += ", " }
            string(column)
            text += ": "
            value(index < values.count ? values[index] : .null)
        }
        text += "}"
    }

    mutating func strings(_ values: [String]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += ", " }
            string(value)
        }
        text += "]"
    }
}

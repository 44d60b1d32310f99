/// A value as SQLite stores it: one of its five storage classes.
public enum DatabaseValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as an integer, when it is one (a real with an integral value counts).
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): return value
        case .real(let value) where value.rounded() == value: return Int64(exactly: value)
        default: return nil
        }
    }

    /// The value as an `Int`, when it is an integer that fits.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// The value as a double, for integers and reals.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        default: return nil
        }
    }

    /// The value as text, when it is text.
    public var stringValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The value the way `sqlite3` prints it in list mode: empty for NULL, hex for blobs.
    public var displayText: String {
        switch self {
        case .null: return ""
        case .integer(let value): return String(value)
        case .real(let value): return DatabaseValue.format(value)
        case .text(let value): return value
        case .blob(let bytes):
            return "x'" + bytes.map { byteHex($0) }.joined() + "'"
        }
    }

    /// The value as an SQL literal, for messages and generated reports (never for execution).
    public var sqlLiteral: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return DatabaseValue.format(value)
        case .text(let value): return "'" + value.replacingAll("'", with: "''") + "'"
        case .blob: return displayText
        }
    }

    /// SQL's `IS`: equal values of the same class, with an integer and a real of the same
    /// value counting as equal.
    public static func same(_ a: DatabaseValue, _ b: DatabaseValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .real(let y)), (.real(let y), .integer(let x)):
            return Double(x) == y
        default:
            return a == b
        }
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value)) + ".0"
        }
        return String(value)
    }
}

private func byteHex(_ byte: UInt8) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

extension DatabaseValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension DatabaseValue {
    /// Text, or NULL when `value` is nil.
    public init(_ value: String?) {
        self = value.map { .text($0) } ?? .null
    }

    /// An integer, or NULL when `value` is nil.
    public init(_ value: Int?) {
        self = value.map { .integer(Int64($0)) } ?? .null
    }

    /// An integer, or NULL when `value` is nil.
    public init(_ value: Int64?) {
        self = value.map { .integer($0) } ?? .null
    }

    /// A real, or NULL when `value` is nil.
    public init(_ value: Double?) {
        self = value.map { .real($0) } ?? .null
    }

    /// 1 or 0.
    public init(_ value: Bool) {
        self = .integer(value ? 1 : 0)
    }
}

extension String {
    /// Replaces every occurrence of `target` with `replacement` (without Foundation). Returns
    /// the string itself, without copying, when `target` does not occur (the usual case).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        if target.isASCII, let byte = target.asciiValue {
            guard utf8.contains(byte) else { return self }
        } else if !contains(target) {
            return self
        }
        var result = ""
        result.reserveCapacity(utf8.count + replacement.utf8.count)
        for character in self {
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}

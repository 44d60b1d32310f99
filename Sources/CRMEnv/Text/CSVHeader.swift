/// The header row of a CSV file: the column names, and a lookup that forgives case and spaces.
///
/// Names are cleaned up as exports need: a byte-order mark, spaces around the name and quotes
/// around it (`"Name", "E-mail"` written with a space after the comma) are removed. Lookups
/// ignore case and whitespace, so `index(of: "e-mail address")` finds "E-mail Address" and
/// `index(of: "FirstName")` finds "First Name".
public struct CSVHeader: Sendable, Equatable {
    /// The cleaned column names, in file order.
    public let names: [String]
    /// The record the header was read from, for locations.
    public let record: CSVRecord
    private let indexByKey: [String: Int]

    /// Builds the header from the first record of a file.
    ///
    /// Empty names are allowed (a trailing delimiter in the header row makes one) but cannot be
    /// looked up.
    ///
    /// - throws: `CRMEnvError.invalidInput` when two columns have the same name, at the second.
    public init(record: CSVRecord) throws {
        var names: [String] = []
        var indexByKey: [String: Int] = [:]
        names.reserveCapacity(record.fields.count)
        for (index, field) in record.fields.enumerated() {
            let name = Self.clean(field)
            names.append(name)
            let key = Self.key(for: name)
            if key.isEmpty {
                continue
            }
            if let earlier = indexByKey[key] {
                throw CRMEnvError.invalidInput(
                    location: record.location(ofField: index),
                    message: "duplicate column name: column \(index + 1) '\(name)' repeats "
                        + "column \(earlier + 1) '\(names[earlier])' (names are compared "
                        + "ignoring case and spaces)",
                    fix: "rename or remove one of the two columns")
            }
            indexByKey[key] = index
        }
        self.names = names
        self.record = record
        self.indexByKey = indexByKey
    }

    /// The number of columns.
    public var count: Int { names.count }

    /// The index of the column called `name`, ignoring case and whitespace.
    public func index(of name: String) -> Int? {
        indexByKey[Self.key(for: name)]
    }

    /// The value of column `name` in `record`: nil when the header has no such column, "" when
    /// the record is shorter than the header.
    public func value(_ name: String, in record: CSVRecord) -> String? {
        index(of: name).map { record[$0] }
    }

    /// Where column `index`'s name is, for messages.
    public func location(ofColumn index: Int) -> SourceLocation {
        record.location(ofField: index)
    }

    /// The name with a byte-order mark, surrounding whitespace and surrounding quotes removed.
    static func clean(_ field: String) -> String {
        var name = Substring(field.filter { $0 != "\u{FEFF}" })
        name = TextCleaning.trimmingWhitespace(name)
        if name.count >= 2 && name.first == "\"" && name.last == "\"" {
            name = TextCleaning.trimmingWhitespace(name.dropFirst().dropLast())
        }
        return String(name)
    }

    /// The lookup key: lowercase, without whitespace.
    static func key(for name: String) -> String {
        String(clean(name).lowercased().filter { !$0.isWhitespace })
    }
}

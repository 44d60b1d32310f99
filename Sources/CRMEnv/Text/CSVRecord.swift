/// One record of a CSV file: its fields and where each of them starts.
public struct CSVRecord: Sendable, Equatable {
    /// The file name as the user gave it.
    public let file: String
    /// The fields, unquoted: doubled quotes are single, and a line break inside a quoted field
    /// is "\n" whatever the file used.
    public let fields: [String]
    /// The physical line the record starts on (1-based).
    public let line: Int
    /// The 1-based column where each field starts on its start line, in Unicode scalars; for a
    /// quoted field, the column of its opening quote.
    public let columns: [Int]
    /// The physical line each field starts on: later than `line` after a quoted field that
    /// holds line breaks.
    public let fieldLines: [Int]

    public init(file: String, fields: [String], line: Int, columns: [Int], fieldLines: [Int]) {
        self.file = file
        self.fields = fields
        self.line = line
        self.columns = columns
        self.fieldLines = fieldLines
    }

    /// The field at `index`, or "" when the record is shorter (exports often drop trailing
    /// empty fields).
    public subscript(index: Int) -> String {
        index >= 0 && index < fields.count ? fields[index] : ""
    }

    /// Where field `index` starts, for messages; the record's line when it has no such field.
    public func location(ofField index: Int) -> SourceLocation {
        guard index >= 0 && index < fields.count else {
            return SourceLocation(file: file, line: line)
        }
        return SourceLocation(file: file, line: fieldLines[index], column: columns[index])
    }
}

/// A CSV import file read against the columns of one kind: checks the header, then yields
/// rows whose fields are found by column name.
final class CSVTable {
    let reader: CSVReader
    let header: CSVHeader
    let kind: ImportKind
    /// Column name → index in the file, for the kind's columns the file has.
    let indexes: [String: Int]
    /// Header names the kind does not know; they are ignored and reported.
    let ignoredColumns: [String]

    /// Opens `path` and checks its header against `kind`'s columns.
    ///
    /// - throws: `CRMEnvError.invalidInput` at the header for a missing required column or a
    ///   header with no known column; the reader's errors for unreadable files.
    init(path: String, displayName: String, kind: ImportKind) throws {
        reader = try CSVReader(path: path, displayName: displayName)
        header = try reader.readHeader(requiringDataRows: true)
        self.kind = kind
        let columns = ImportLayout.columns(for: kind)
        var indexes: [String: Int] = [:]
        var ignored: [String] = []
        for (index, name) in header.names.enumerated() where !name.isEmpty {
            if let column = columns.first(where: { $0.matches(name) }) {
                if indexes[column.name] == nil {
                    indexes[column.name] = index
                }
            } else {
                ignored.append(name)
            }
        }
        let headerLocation = SourceLocation(file: displayName, line: header.record.line)
        let expected = columns.map(\.name).joined(separator: ", ")
        guard !indexes.isEmpty else {
            throw CRMEnvError.invalidInput(
                location: headerLocation,
                message: "the header has no column crmenv knows for \(kind.name) (expected "
                    + "\(expected))",
                fix: "start the file with a header row; 'crmenv import --template \(kind.name)' "
                    + "prints one")
        }
        for column in columns where column.isRequired && indexes[column.name] == nil {
            throw CRMEnvError.invalidInput(
                location: headerLocation,
                message: "the header has no '\(column.name)' column, which \(kind.name) need",
                fix: "add the column; 'crmenv import --template \(kind.name)' prints the header")
        }
        self.indexes = indexes
        ignoredColumns = ignored
    }

    /// The next row, or nil at the end of the file.
    func next() throws -> SourceRow? {
        guard let record = try reader.readRecord() else { return nil }
        return SourceRow(record: record, indexes: indexes)
    }
}

/// One data row of an import file, with its fields by column name.
struct SourceRow {
    let record: CSVRecord
    let indexes: [String: Int]

    /// True when the file has the column (even if this row leaves it empty).
    func has(_ column: String) -> Bool {
        indexes[column] != nil
    }

    /// The field's text without outer spaces, or nil when empty or when the file has no such
    /// column.
    func text(_ column: String) -> String? {
        guard let index = indexes[column] else { return nil }
        return FieldParser.text(record[index])
    }

    /// Where the field is (the row's start when the file has no such column).
    func location(_ column: String) -> SourceLocation {
        guard let index = indexes[column] else {
            return SourceLocation(file: record.file, line: record.line)
        }
        let location = record.location(ofField: index)
        if location.column == nil {
            // A short row: the field is missing at the end of the line.
            return SourceLocation(file: record.file, line: record.line)
        }
        return location
    }

    /// The error for a bad field.
    func problem(_ column: String, _ message: String, fix: String?) -> CRMEnvError {
        .invalidInput(location: location(column), message: message, fix: fix)
    }

    /// Runs a field parser, placing its problem at the field.
    func parse<T>(_ column: String, _ parser: (String?) throws -> T?) throws -> T? {
        do {
            return try parser(text(column))
        } catch let problem as FieldParser.Problem {
            throw self.problem(column, problem.message, fix: problem.fix)
        }
    }

    /// A field that must not be empty.
    func required(_ column: String, what: String) throws -> String {
        guard let value = text(column) else {
            throw problem(column, "the \(what) is empty", fix: "fill in the '\(column)' column")
        }
        return value
    }

    /// `text(column)` as a database value (NULL when empty).
    func value(_ column: String) -> DatabaseValue {
        DatabaseValue(text(column))
    }
}

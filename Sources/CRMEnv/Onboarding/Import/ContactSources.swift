import Foundation

/// One contact read from a file, or the reason it cannot be.
struct ContactRow {
    /// The contact, or nil when the row is bad.
    let draft: ContactDraft?
    let problem: CRMEnvError?
    /// The row as it was in the file, for the reject file.
    let raw: [String]
}

/// Where contacts come from: an Outlook export, crmenv's own columns, another CSV with a
/// mapping, or vCards.
protocol ContactSource: AnyObject {
    /// `outlook-csv`, `csv`, `mapped-csv`, `vcard`.
    var format: String { get }
    var encoding: TextEncoding { get }
    /// The contact fields the file provides: others are left as they are on update.
    var providedFields: [ContactField] { get }
    /// The reject file's header (the file's own, plus a reason column added by the importer).
    var rejectHeader: [String] { get }
    /// Columns of the file nothing maps.
    var ignoredColumns: [String] { get }
    /// The next contact, nil at the end; throws for a file that cannot be read further.
    func next() throws -> ContactRow?
}

/// Contacts from CSV: each contact field is filled from one or more columns of the file
/// (several are joined with line breaks, e.g. Outlook's three street lines).
final class CSVContactSource: ContactSource {
    let format: String
    let reader: CSVReader
    let header: CSVHeader
    /// Field → indexes of the columns that fill it, in file order.
    let mapping: [(ContactField, [Int])]
    let ignoredColumns: [String]

    var encoding: TextEncoding { reader.encoding }
    var providedFields: [ContactField] { mapping.map(\.0) }
    var rejectHeader: [String] { header.names }

    /// The columns of Microsoft Outlook's contact export (English), in both the 2003 and the
    /// 2016 header orders: found by name, so the order does not matter.
    static let outlookColumns: [(ContactField, [String])] = [
        (.salutation, ["Title"]),
        (.firstName, ["First Name"]),
        (.middleName, ["Middle Name"]),
        (.lastName, ["Last Name"]),
        (.suffix, ["Suffix"]),
        (.jobTitle, ["Job Title"]),
        (.company, ["Company"]),
        (.department, ["Department"]),
        (.email1, ["E-mail Address"]),
        (.email2, ["E-mail 2 Address"]),
        (.email3, ["E-mail 3 Address"]),
        (.businessPhone, ["Business Phone"]),
        (.homePhone, ["Home Phone"]),
        (.mobilePhone, ["Mobile Phone"]),
        (.street, ["Business Street", "Business Street 2", "Business Street 3"]),
        (.city, ["Business City"]),
        (.state, ["Business State"]),
        (.postalCode, ["Business Postal Code"]),
        (.country, ["Business Country/Region", "Business Country"]),
        (.notes, ["Notes"]),
    ]

    /// Opens a contacts CSV, recognising an Outlook export or crmenv's own columns, or using
    /// the mapping file when one is given.
    /// - parameter keepsEveryColumn: read every column (for a reject file, which repeats bad
    ///   rows whole); else only the mapped ones are made into strings.
    init(
        path: String, displayName: String, mappingPath: String?, mappingName: String?,
        keepsEveryColumn: Bool = false
    ) throws {
        reader = try CSVReader(path: path, displayName: displayName)
        header = try reader.readHeader(requiringDataRows: true)
        let headerLocation = SourceLocation(file: displayName, line: header.record.line)
        var mapping: [(ContactField, [Int])] = []
        if let mappingPath {
            format = "mapped-csv"
            let columns = try ContactMapping.load(
                path: mappingPath, displayName: mappingName ?? mappingPath)
            for (field, names) in columns {
                var indexes: [Int] = []
                for name in names {
                    guard let index = header.index(of: name) else {
                        throw CRMEnvError.invalidInput(
                            location: headerLocation,
                            message: "the mapping '\(mappingName ?? mappingPath)' names column "
                                + "'\(name)', which the file's header does not have",
                            fix: "correct the mapping; the file's columns are "
                                + header.names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
                                + (header.count > 12 ? ", ..." : ""))
                    }
                    indexes.append(index)
                }
                mapping.append((field, indexes.sorted()))
            }
        } else if Self.isOutlook(header) {
            format = "outlook-csv"
            for (field, names) in Self.outlookColumns {
                let indexes = names.compactMap(header.index(of:))
                if !indexes.isEmpty { mapping.append((field, indexes)) }
            }
        } else {
            format = "csv"
            for field in ContactField.allCases {
                let column = ImportColumn(field.rawValue, example: "")
                if let index = header.names.firstIndex(where: column.matches) {
                    mapping.append((field, [index]))
                }
            }
            guard !mapping.isEmpty else {
                throw CRMEnvError.invalidInput(
                    location: headerLocation,
                    message: "the header is neither an Outlook contacts export nor crmenv's "
                        + "contact columns",
                    fix: "give a column mapping with --mapping FILE (see the README), or use "
                        + "the header of 'crmenv import --template contacts'")
            }
        }
        self.mapping = mapping
        if !keepsEveryColumn {
            reader.keepOnly(columns: Set(mapping.flatMap(\.1)))
        }
        // Outlook writes some 90 columns; the ones crmenv does not keep are not news.
        let used = Set(mapping.flatMap(\.1))
        ignoredColumns =
            format == "outlook-csv"
            ? []
            : header.names.enumerated()
                .filter { !used.contains($0.offset) && !$0.element.isEmpty }.map(\.element)
    }

    /// An Outlook export has at least three of its characteristic column names.
    static func isOutlook(_ header: CSVHeader) -> Bool {
        let marks = [
            "First Name", "Last Name", "E-mail Address", "Business Phone", "Business Street",
            "Job Title", "E-mail 2 Address",
        ]
        return marks.filter { header.index(of: $0) != nil }.count >= 3
    }

    func next() throws -> ContactRow? {
        guard let record = try reader.readRecord() else { return nil }
        var draft = ContactDraft(location: SourceLocation(file: record.file, line: record.line))
        for (field, indexes) in mapping {
            if indexes.count == 1 {
                draft[field] = record[indexes[0]]
                continue
            }
            let parts = indexes.compactMap { FieldParser.text(record[$0]) }
            draft[field] = parts.isEmpty ? nil : parts.joined(separator: "\n")
        }
        do {
            try draft.validate()
            return ContactRow(draft: draft, problem: nil, raw: record.fields)
        } catch let problem as FieldParser.Problem {
            let error = CRMEnvError.invalidInput(
                location: draft.location, message: problem.message, fix: problem.fix)
            return ContactRow(draft: nil, problem: error, raw: record.fields)
        }
    }
}

/// A `--mapping` file: JSON, an object from file column to contact field, e.g.
/// `{"Given Name": "first_name", "E-mail 1 - Value": "email1"}`. Several columns may map to
/// the same field; their values are joined with line breaks in the file's column order.
enum ContactMapping {
    static func load(path: String, displayName: String) throws -> [(ContactField, [String])] {
        let data = try FileSystem.read(path, purpose: "mapping file")
        let location = SourceLocation(file: displayName, line: 1)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CRMEnvError.invalidInput(
                    location: location, message: "the mapping is not a JSON object",
                    fix: "write {\"File Column\": \"contact_field\", ...}")
            }
            object = parsed
        } catch let error as CRMEnvError {
            throw error
        } catch {
            throw CRMEnvError.invalidInput(
                location: location, message: "the mapping is not valid JSON",
                fix: "write {\"File Column\": \"contact_field\", ...}")
        }
        var byField: [ContactField: [String]] = [:]
        for (column, target) in object.sorted(by: { $0.key < $1.key }) {
            guard let name = target as? String else {
                throw CRMEnvError.invalidInput(
                    location: location,
                    message: "the mapping of column '\(column)' is not a field name",
                    fix: "map each column to one of " + fieldList)
            }
            guard let field = ContactField(rawValue: name) else {
                var fix = "use one of " + fieldList
                if let near = Suggestion.nearest(
                    to: name, in: ContactField.allCases.map(\.rawValue))
                {
                    fix = "did you mean '\(near)'? The fields are " + fieldList
                }
                throw CRMEnvError.invalidInput(
                    location: location,
                    message: "the mapping sends column '\(column)' to unknown field '\(name)'",
                    fix: fix)
            }
            byField[field, default: []].append(column)
        }
        guard !byField.isEmpty else {
            throw CRMEnvError.invalidInput(
                location: location, message: "the mapping maps no column",
                fix: "write {\"File Column\": \"contact_field\", ...}")
        }
        return ContactField.allCases.compactMap { field in byField[field].map { (field, $0) } }
    }

    static var fieldList: String {
        ContactField.allCases.map(\.rawValue).joined(separator: ", ")
    }
}

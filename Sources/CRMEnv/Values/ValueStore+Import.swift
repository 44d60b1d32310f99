import Foundation

/// What `values import` did.
public struct ValueImportReport: Equatable, Sendable, Codable {
    public var list: ValueList
    public var file: String
    public var encoding: String
    /// Values added, changed, and already as the file has them.
    public var added: [String]
    public var changed: [String]
    public var unchanged: [String]
    /// The batch recorded for the file (for `onboard run` to skip it next time).
    public var batchID: Int64?
}

extension ValueStore {
    /// Loads a list's values from CSV into TEST, all or nothing.
    ///
    /// The header row needs `code` and `description`; `active` is optional for every list,
    /// `outcome` for opportunity statuses, `chance_to_close` and `sequence` for stages. A code
    /// already in TEST is updated to the file's values.
    ///
    /// - throws: `CRMEnvError.invalidInputs` listing every bad row (file, line, column, fix);
    ///   the reader's errors for unreadable files; TEST is then unchanged.
    public func importValues(
        into list: ValueList, path: String, displayName: String, by: String
    ) throws -> ValueImportReport {
        try requireTestForWriting("import \(list.name) values")
        let digest = try FileDigest.of([path], purpose: "values file")
        let reader = try CSVReader(path: path, displayName: displayName)
        let header = try reader.readHeader(requiringDataRows: true)
        let headerLocation = SourceLocation(file: displayName, line: header.record.line)
        let allowed = ["code", "description", "active"] + list.extraColumns.map(\.rawValue)
        var indexes: [String: Int] = [:]
        for (index, name) in header.names.enumerated() where !name.isEmpty {
            guard
                let column = allowed.first(where: {
                    ImportColumn(
                        $0, aliases: $0 == "chance_to_close" ? ["chance"] : [], example: ""
                    ).matches(name)
                })
            else {
                throw CRMEnvError.invalidInput(
                    location: header.location(ofColumn: index),
                    message: "\(list.name) has no column '\(name)'",
                    fix: "use the columns " + allowed.joined(separator: ", "))
            }
            indexes[column] = index
        }
        for required in ["code", "description"] where indexes[required] == nil {
            throw CRMEnvError.invalidInput(
                location: headerLocation, message: "the header has no '\(required)' column",
                fix: "start the file with a header row such as " + allowed.joined(separator: ","))
        }
        let row = { (record: CSVRecord) in SourceRow(record: record, indexes: indexes) }
        var values: [(DropdownValue, SourceRow)] = []
        var firstLine: [String: Int] = [:]
        var problems: [CRMEnvError] = []
        while let record = try reader.readRecord() {
            let source = row(record)
            do {
                let value = try Self.value(from: source, list: list)
                if let earlier = firstLine[value.code] {
                    throw source.problem(
                        "code", "duplicate code '\(value.code)' (first on line \(earlier))",
                        fix: "keep one of the two rows")
                }
                firstLine[value.code] = record.line
                values.append((value, source))
            } catch let error as CRMEnvError {
                problems.append(error)
            }
        }
        guard problems.isEmpty else {
            throw CRMEnvError.invalidInputs(problems)
        }
        var report = ValueImportReport(
            list: list, file: displayName, encoding: reader.encoding.rawValue, added: [],
            changed: [], unchanged: [], batchID: nil)
        try connection.inTransaction {
            for (value, source) in values {
                if let existing = try self.value(value.code, in: list) {
                    var merged = value
                    if source.text("active") == nil { merged.isActive = existing.isActive }
                    for column in list.extraColumns where !source.has(column.rawValue) {
                        switch column {
                        case .outcome: merged.outcome = existing.outcome
                        case .chanceToClose: merged.chanceToClose = existing.chanceToClose
                        case .sequence: merged.sequence = existing.sequence
                        }
                    }
                    merged = Self.withDefaults(merged, for: list)
                    if merged == existing {
                        report.unchanged.append(value.code)
                    } else {
                        try replace(merged, in: list)
                        report.changed.append(value.code)
                    }
                } else {
                    try insert(Self.withDefaults(value, for: list), into: list)
                    report.added.append(value.code)
                }
            }
            guard !report.added.isEmpty || !report.changed.isEmpty else { return }
            let store = BatchStore(connection: connection)
            let batchID = try store.nextID()
            try store.insert(
                ImportBatch(
                    id: batchID, kind: "values:\(list.name)",
                    fileName: (displayName as NSString).lastPathComponent, fileSize: digest.size,
                    checksum: digest.sha256, format: "csv", encoding: reader.encoding.rawValue,
                    loadedAt: Timestamp.string(from: Date()), loadedBy: by,
                    counts: ImportCounts(
                        new: report.added.count, updated: report.changed.count,
                        unchanged: report.unchanged.count),
                    promotionID: nil))
            report.batchID = batchID
        }
        return report
    }

    /// One value from one row, checked.
    static func value(from row: SourceRow, list: ValueList) throws -> DropdownValue {
        let code = row.record[row.indexes["code"] ?? 0]
        if let problem = DropdownValue.problem(withCode: code) {
            throw row.problem("code", problem, fix: "correct the code")
        }
        guard let description = row.text("description") else {
            throw row.problem(
                "description", "the description of '\(code)' is empty", fix: "fill it in")
        }
        var value = DropdownValue(code: code, description: description)
        value.isActive =
            try row.parse("active") { try FieldParser.flag($0, what: "active") } ?? true
        if row.has("outcome") {
            if let text = row.text("outcome") {
                guard let outcome = DropdownValue.Outcome(rawValue: text.lowercased()) else {
                    throw row.problem(
                        "outcome", "outcome '\(text)' is not open, won or lost",
                        fix: "write open, won or lost")
                }
                value.outcome = outcome
            }
        }
        value.chanceToClose = try row.parse("chance_to_close") {
            try FieldParser.integer($0, in: 0...100, what: "chance to close")
        }
        value.sequence = try row.parse("sequence") {
            try FieldParser.integer($0, in: 0...Int(Int32.max), what: "sequence")
        }
        return value
    }
}

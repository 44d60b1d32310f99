import Foundation

/// What to import, and how.
public struct ImportRequest: Sendable {
    public var kind: ImportKind
    /// The file (absolute path) and the name to show for it in messages.
    public var path: String
    public var displayName: String
    /// Quotes only: the quote lines file loaded in the same batch.
    public var linesPath: String?
    public var linesDisplayName: String?
    /// Contacts only: a JSON mapping from the file's columns to contact fields.
    public var mappingPath: String?
    public var mappingDisplayName: String?
    /// Load the good rows and write the bad ones here, with a reason column.
    public var rejectPath: String?
    /// Validate and report; write nothing.
    public var isDryRun: Bool
    /// Who runs the import.
    public var by: String

    public init(
        kind: ImportKind, path: String, displayName: String? = nil, linesPath: String? = nil,
        linesDisplayName: String? = nil, mappingPath: String? = nil,
        mappingDisplayName: String? = nil, rejectPath: String? = nil, isDryRun: Bool = false,
        by: String
    ) {
        self.kind = kind
        self.path = path
        self.displayName = displayName ?? path
        self.linesPath = linesPath
        self.linesDisplayName = linesDisplayName ?? linesPath
        self.mappingPath = mappingPath
        self.mappingDisplayName = mappingDisplayName ?? mappingPath
        self.rejectPath = rejectPath
        self.isDryRun = isDryRun
        self.by = by
    }
}

/// Loads one file (or a quotes file with its lines) into TEST as one import batch.
///
/// The batch is one transaction: without a reject file it loads every row or none; with one,
/// each bad row is written there with its reason and the good rows are loaded. Either way the
/// file is streamed: memory does not grow with its size.
public struct Importer {
    /// TEST, opened for writing.
    public let environment: Environment

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Imports a file.
    ///
    /// - returns: the report; with `isDryRun`, what would have happened, including every
    ///   problem found, and nothing written.
    /// - throws: `CRMEnvError` for a missing or unreadable file, a file that cannot be parsed,
    ///   an incomplete earlier step, or (without a reject file, and not in a dry run) every
    ///   bad row as `.invalidInputs`; TEST is then exactly as it was.
    @discardableResult
    public func run(_ request: ImportRequest) throws -> ImportReport {
        try environment.requireTestForWriting("import \(request.kind.name)")
        var files = [(request.path, request.displayName)]
        if let lines = request.linesPath {
            guard request.kind == .quotes else {
                throw CRMEnvError.invalidOption(
                    message: "--lines goes with 'import quotes', not '\(request.kind.name)'")
            }
            files.append((lines, request.linesDisplayName ?? lines))
        }
        if request.mappingPath != nil && request.kind != .contacts {
            throw CRMEnvError.invalidOption(
                message: "--mapping goes with 'import contacts', not '\(request.kind.name)'")
        }
        let digest = try FileDigest.of(files.map(\.0), purpose: "import file")
        let connection = environment.connection
        // A batch writes many pages: a page cache of 32 MB keeps SQLite from spilling them to
        // the file before the commit, and stays the same whatever the file's size.
        try connection.execute("PRAGMA cache_size = -32768")
        try connection.execute("BEGIN IMMEDIATE TRANSACTION")
        var run: BatchRun?
        do {
            try Gate.check(request.kind, on: connection)
            let batchID = try BatchStore(connection: connection).nextID()
            let context = ImportContext(connection: connection, batchID: batchID)
            try TableWriter.prepareSeen(on: connection)
            let batchRun = BatchRun(request: request, context: context)
            run = batchRun
            try batchRun.load()
            guard batchRun.problems.isEmpty || request.rejectPath != nil || request.isDryRun else {
                throw CRMEnvError.invalidInputs(batchRun.problems)
            }
            var report = batchRun.report(files: files.map(\.1))
            if batchRun.counts.hasChanges && !request.isDryRun {
                try BatchStore(connection: connection).insert(
                    ImportBatch(
                        id: batchID, kind: request.kind.name,
                        fileName: files.map { ($0.1 as NSString).lastPathComponent }
                            .joined(separator: " + "),
                        fileSize: digest.size, checksum: digest.sha256, format: report.format,
                        encoding: report.encoding, loadedAt: Timestamp.string(from: Date()),
                        loadedBy: request.by, counts: batchRun.counts, promotionID: nil))
                report.batchID = batchID
            }
            if request.isDryRun {
                try connection.execute("ROLLBACK")
            } else {
                try batchRun.finishRejects()
                report.rejectFile = batchRun.rejectFileWritten
                try connection.execute("COMMIT")
            }
            return report
        } catch {
            run?.discardRejects()
            if connection.isInTransaction {
                try? connection.execute("ROLLBACK")
            }
            throw error
        }
    }
}

/// The size and SHA-256 of the files of a batch.
struct FileDigest {
    let size: Int64
    let sha256: String

    static func of(_ paths: [String], purpose: String) throws -> FileDigest {
        let hash = SHA256()
        var size: Int64 = 0
        for path in paths {
            guard FileSystem.exists(path) else {
                throw CRMEnvError.fileNotFound(path: path, purpose: purpose)
            }
            guard !FileSystem.isDirectory(path) else {
                throw CRMEnvError.fileUnreadable(path: path, reason: "it is a folder, not a file")
            }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CRMEnvError.fileUnreadable(path: path, reason: FileSystem.errnoText())
            }
            defer { try? handle.close() }
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw CRMEnvError.fileUnreadable(path: path, reason: FileSystem.reason(error))
                }
                if chunk.isEmpty { break }
                size += Int64(chunk.count)
                chunk.withUnsafeBytes { hash.update($0) }
            }
        }
        return FileDigest(size: size, sha256: hash.finalizeHex())
    }
}

/// The rows of one batch being loaded: counts, problems, and the reject file.
final class BatchRun {
    let request: ImportRequest
    let context: ImportContext
    var counts = ImportCounts()
    var problems: [CRMEnvError] = []
    var format = "csv"
    var encoding = TextEncoding.utf8
    var ignoredColumns: [String] = []
    private var rejects: CSVWriter?
    private var rejectHeader: [String] = []
    private(set) var rejectFileWritten: String?

    init(request: ImportRequest, context: ImportContext) {
        self.request = request
        self.context = context
    }

    private var connection: Connection { context.connection }

    /// Reads and loads every row of the request's file(s).
    func load() throws {
        if request.kind == .contacts {
            try loadContacts()
            return
        }
        try loadCSV(request.kind, path: request.path, displayName: request.displayName)
        if let lines = request.linesPath {
            try loadCSV(.quoteLines, path: lines, displayName: request.linesDisplayName ?? lines)
        }
    }

    private func loadCSV(_ kind: ImportKind, path: String, displayName: String) throws {
        let table = try CSVTable(path: path, displayName: displayName, kind: kind)
        format = "csv"
        encoding = table.reader.encoding
        ignoredColumns += table.ignoredColumns
        let importer = try RecordImporters.make(kind, context: context)
        try startRejects(header: table.header.names)
        while let row = try table.next() {
            try load(
                raw: row.record.fields,
                at: SourceLocation(file: row.record.file, line: row.record.line)
            ) {
                try importer.importRow(row)
            }
        }
        try importer.finish()
    }

    private func loadContacts() throws {
        let source: ContactSource
        if VCardContactSource.looksLikeVCard(path: request.path) {
            source = try VCardContactSource(path: request.path, displayName: request.displayName)
        } else {
            source = try CSVContactSource(
                path: request.path, displayName: request.displayName,
                mappingPath: request.mappingPath, mappingName: request.mappingDisplayName,
                keepsEveryColumn: request.rejectPath != nil)
        }
        format = source.format
        encoding = source.encoding
        ignoredColumns = source.ignoredColumns
        try startRejects(header: source.rejectHeader)
        let importer = try ContactImporter(context: context, fields: source.providedFields)
        let fields = source.providedFields
        // The file is read, parsed and prepared on another core while this one writes.
        let rows = Prefetcher { () throws -> (ContactRow, ContactImporter.Prepared?)? in
            guard let row = try source.next() else { return nil }
            return (row, row.draft.map { ContactImporter.prepare($0, fields: fields) })
        }
        defer { rows.cancel() }
        while let (row, prepared) = try rows.next() {
            guard let prepared else {
                try reject(row.problem ?? .invalidInputs([]), raw: row.raw)
                continue
            }
            try load(raw: row.raw, at: prepared.location) {
                try importer.importContact(prepared)
            }
        }
        try importer.finish()
    }

    /// Loads one row; a bad row is counted and kept (and rolled back with `--reject`).
    private func load(raw: [String], at location: SourceLocation, _ body: () throws -> RowOutcome)
        throws
    {
        let rejecting = request.rejectPath != nil
        if rejecting {
            try connection.cachedStatement("SAVEPOINT crmenv_row").execute()
        }
        do {
            let outcome = try body()
            counts.count(outcome)
            if rejecting {
                try connection.cachedStatement("RELEASE crmenv_row").execute()
            }
        } catch let error as CRMEnvError {
            guard case .invalidInput = error else { throw error }
            try rollBackRow(rejecting)
            try reject(error, raw: raw)
        } catch let error as SQLiteError where error.isConstraintViolation {
            try rollBackRow(rejecting)
            try reject(
                .invalidInput(
                    location: location, message: "the row is refused: \(error.message)",
                    fix: "correct the row"), raw: raw)
        }
    }

    private func rollBackRow(_ rejecting: Bool) throws {
        guard rejecting else { return }
        try connection.cachedStatement("ROLLBACK TO crmenv_row").execute()
        try connection.cachedStatement("RELEASE crmenv_row").execute()
    }

    /// Counts a bad row and writes it to the reject file; a reject file that cannot be written
    /// stops the import (it must hold every bad row).
    private func reject(_ error: CRMEnvError, raw: [String]) throws {
        counts.rejected += 1
        // Memory does not grow with the file: the reject file has every bad row, the report
        // the first ones (the count is exact).
        if problems.count < ImportReport.problemLimit {
            problems.append(error)
        }
        if let rejects {
            var fields = raw
            if fields.count < rejectHeader.count {
                fields += Array(repeating: "", count: rejectHeader.count - fields.count)
            }
            try rejects.write(fields + [error.description])
        }
    }

    private func startRejects(header: [String]) throws {
        guard let path = request.rejectPath, !request.isDryRun, rejects == nil else { return }
        rejectHeader = header
        let writer = try CSVWriter(path: path + ".tmp")
        try writer.write(header + ["reject_reason"])
        rejects = writer
    }

    /// Puts the reject file in place when rows were rejected, else removes it.
    func finishRejects() throws {
        guard let rejects, let path = request.rejectPath else { return }
        try rejects.close()
        self.rejects = nil
        if counts.rejected > 0 {
            guard rename(path + ".tmp", path) == 0 else {
                throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
            }
            rejectFileWritten = path
        } else {
            unlink(path + ".tmp")
        }
    }

    /// Removes a half-written reject file after a failure.
    func discardRejects() {
        guard rejects != nil, let path = request.rejectPath else { return }
        try? rejects?.close()
        rejects = nil
        unlink(path + ".tmp")
    }

    func report(files: [String]) -> ImportReport {
        ImportReport(
            kind: request.kind, files: files, format: format, encoding: encoding.rawValue,
            counts: counts, batchID: nil, isDryRun: request.isDryRun, rejectFile: nil,
            ignoredColumns: ignoredColumns, problems: problems.map(\.description))
    }
}

import Foundation

/// A plan folder: the files of the onboarding sequence under fixed names, run in order.
///
/// ```
/// values/<list>.csv        lead-status.csv and opportunity-status.csv required
///                          (unless TEST has those values already), the six others optional
/// contacts.csv, contacts.vcf
/// prospects.csv, prospect-contacts.csv
/// customers.csv, customer-contacts.csv
/// leads.csv, opportunities.csv, opportunity-tasks.csv
/// quotes.csv (with quote-lines.csv in the same batch), or quote-lines.csv alone
/// ```
public struct OnboardingPlan: Sendable {
    /// One file of the plan and what it loads.
    public struct Entry: Equatable, Sendable {
        public enum Content: Equatable, Sendable {
            case values(ValueList)
            case records(ImportKind)
        }

        public let content: Content
        /// Path relative to the plan folder.
        public let file: String
        /// Quotes only: the lines file loaded with them.
        public let linesFile: String?

        /// The batch kind the entry records.
        var batchKind: String {
            switch content {
            case .values(let list): return "values:\(list.name)"
            case .records(let kind): return kind.name
            }
        }
    }

    public let directory: String
    public let entries: [Entry]
    /// Files in the folder the plan does not know (a misspelt name is worth telling).
    public let unknownFiles: [String]

    /// Reads a plan folder.
    ///
    /// - throws: `CRMEnvError.fileNotFound` for a missing folder.
    public init(directory: String) throws {
        guard FileSystem.isDirectory(directory) else {
            throw CRMEnvError.fileNotFound(path: directory, purpose: "plan folder")
        }
        self.directory = directory
        var entries: [Entry] = []
        var known: Set<String> = []
        func add(_ content: Entry.Content, _ file: String, lines: String? = nil) {
            known.insert(file)
            if let lines { known.insert(lines) }
            guard FileSystem.exists(directory + "/" + file) else { return }
            entries.append(Entry(content: content, file: file, linesFile: lines))
        }
        for list in ValueList.allCases {
            add(.values(list), "values/\(list.name).csv")
        }
        add(.records(.contacts), "contacts.csv")
        add(.records(.contacts), "contacts.vcf")
        add(.records(.prospects), "prospects.csv")
        add(.records(.prospectContacts), "prospect-contacts.csv")
        add(.records(.customers), "customers.csv")
        add(.records(.customerContacts), "customer-contacts.csv")
        add(.records(.leads), "leads.csv")
        add(.records(.opportunities), "opportunities.csv")
        add(.records(.opportunityTasks), "opportunity-tasks.csv")
        let hasQuotes = FileSystem.exists(directory + "/quotes.csv")
        let hasLines = FileSystem.exists(directory + "/quote-lines.csv")
        if hasQuotes {
            add(.records(.quotes), "quotes.csv", lines: hasLines ? "quote-lines.csv" : nil)
        } else {
            add(.records(.quoteLines), "quote-lines.csv")
        }
        known.insert("quote-lines.csv")
        self.entries = entries
        let found =
            (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        unknownFiles = found.filter { file in
            !known.contains(file) && !FileSystem.isDirectory(directory + "/" + file)
                && !(file as NSString).lastPathComponent.hasPrefix(".")
                && (file as NSString).lastPathComponent.lowercased() != "readme.md"
        }.sorted()
    }

    /// What happened to one entry.
    public struct Outcome: Equatable, Sendable, Codable {
        public enum Result: String, Sendable, Codable {
            case loaded
            /// Already loaded from the same file, unchanged.
            case skipped
            /// Read, but nothing in it differs from TEST.
            case unchanged
            case failed
        }

        public var file: String
        public var result: Result
        public var batchID: Int64?
        public var counts: ImportCounts
        public var encoding: String?
        public var message: String?
    }

    /// Runs the plan in TEST, one batch per file, stopping at the first failure.
    ///
    /// - parameter progress: told about each entry as it finishes.
    /// - returns: the outcome of every entry run (the last one failed when the plan stopped).
    /// - throws: `CRMEnvError.planIncomplete` before anything runs, when a required value
    ///   list has neither a file nor values in TEST.
    public func run(
        in environment: Environment, by: String, progress: (Outcome) -> Void = { _ in }
    ) throws -> [Outcome] {
        try environment.requireTestForWriting("run an onboarding plan")
        let store = ValueStore(environment: environment)
        for list in ValueList.allCases where list.isRequired {
            let hasFile = entries.contains { $0.content == .values(list) }
            if !hasFile, try store.count(of: list, activeOnly: true) == 0 {
                throw CRMEnvError.planIncomplete(
                    directory: directory, missing: "values/\(list.name).csv", list: list)
            }
        }
        let batches = BatchStore(connection: environment.connection)
        var outcomes: [Outcome] = []
        for entry in entries {
            let path = directory + "/" + entry.file
            var paths = [path]
            if let lines = entry.linesFile { paths.append(directory + "/" + lines) }
            let shown = entry.linesFile.map { "\(entry.file) + \($0)" } ?? entry.file
            var outcome = Outcome(file: shown, result: .loaded, counts: ImportCounts())
            do {
                let digest = try FileDigest.of(paths, purpose: "plan file")
                if let batch = try batches.batch(kind: entry.batchKind, checksum: digest.sha256) {
                    outcome.result = .skipped
                    outcome.batchID = batch.id
                    outcome.message = "already loaded as batch \(batch.id)"
                } else {
                    switch entry.content {
                    case .values(let list):
                        let report = try store.importValues(
                            into: list, path: path, displayName: entry.file, by: by)
                        outcome.batchID = report.batchID
                        outcome.encoding = report.encoding
                        outcome.counts = ImportCounts(
                            new: report.added.count, updated: report.changed.count,
                            unchanged: report.unchanged.count)
                    case .records(let kind):
                        let report = try Importer(environment: environment).run(
                            ImportRequest(
                                kind: kind, path: path, displayName: entry.file,
                                linesPath: entry.linesFile.map { directory + "/" + $0 },
                                linesDisplayName: entry.linesFile, by: by))
                        outcome.batchID = report.batchID
                        outcome.encoding = report.encoding
                        outcome.counts = report.counts
                    }
                    if outcome.batchID == nil {
                        outcome.result = .unchanged
                    }
                }
            } catch let error as CRMEnvError {
                outcome.result = .failed
                outcome.message = error.description
                outcomes.append(outcome)
                progress(outcome)
                return outcomes
            }
            outcomes.append(outcome)
            progress(outcome)
        }
        return outcomes
    }
}

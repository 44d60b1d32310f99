import CRMEnv
import Foundation

/// The sample data the project ships (`Sources/CRMEnvCLI/Samples`), found from this file.
public enum SampleData {
    /// The repository's root folder.
    public static let repository: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .standardizedFileURL.path

    /// `Sources/CRMEnvCLI/Samples`.
    public static var directory: String { repository + "/Sources/CRMEnvCLI/Samples" }

    /// The sample onboarding plan folder.
    public static var plan: String { directory + "/plan" }

    /// A file of the sample plan.
    public static func planFile(_ name: String) -> String { plan + "/" + name }

    /// LIVE's customers in the sample.
    public static var liveCustomers: String { directory + "/live/customers.csv" }
}

/// A workspace in a temporary folder with TEST open for writing.
public final class TestWorkspace {
    public let folder: TemporaryDirectory
    public let workspace: Workspace
    public private(set) var test: Environment

    public init(_ label: String = "ws") throws {
        folder = TemporaryDirectory(label)
        workspace = folder.workspace
        _ = try workspace.initialize()
        test = try workspace.open(.test, access: .write(holder: "test"))
    }

    /// TEST's connection.
    public var connection: Connection { test.connection }

    /// Imports a file into TEST.
    @discardableResult
    public func importFile(
        _ kind: ImportKind, _ path: String, reject: String? = nil, dryRun: Bool = false,
        mapping: String? = nil, lines: String? = nil
    ) throws -> ImportReport {
        try Importer(environment: test).run(
            ImportRequest(
                kind: kind, path: path, displayName: (path as NSString).lastPathComponent,
                linesPath: lines, mappingPath: mapping,
                mappingDisplayName: mapping.map { ($0 as NSString).lastPathComponent },
                rejectPath: reject, isDryRun: dryRun, by: "tester"))
    }

    /// Loads the sample's value lists into TEST.
    public func loadSampleValues() throws {
        let store = ValueStore(environment: test)
        for list in ValueList.allCases {
            _ = try store.importValues(
                into: list, path: SampleData.planFile("values/\(list.name).csv"),
                displayName: "\(list.name).csv", by: "tester")
        }
    }

    /// Writes a file into the workspace folder and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try folder.write(text, to: name)
    }

    /// Every row of every table of TEST, to assert nothing changed.
    public func testContent() throws -> [String: [[DatabaseValue]]] {
        try databaseContent(test.path)
    }

    /// The values of one column, in order.
    public func column(_ sql: String) throws -> [DatabaseValue] {
        try connection.rows(sql).map { $0.values[0] }
    }
}

extension TestWorkspace {
    /// LIVE's database file.
    public var livePath: String { workspace.defaultDatabasePath(of: .live) }

    /// A connection to LIVE as the ERP would have one: outside crmenv, no lock.
    public func erpConnection() throws -> Connection {
        try Connection(path: livePath, mode: .readWrite)
    }

    /// Fills LIVE, as the ERP would, with dropdown values, customers and some contacts.
    public func seedLive(customers: Int = 20, contacts: Int = 50) throws {
        let live = try erpConnection()
        try live.inTransaction {
            try live.execute(
                """
                INSERT INTO territory VALUES ('NE', 'Northeast', 1), ('SE', 'Southeast', 1);
                INSERT INTO lead_status VALUES ('NEW', 'New', 1), ('QUAL', 'Qualified', 1);
                INSERT INTO opportunity_status VALUES ('OPEN', 'Open', 1, 'open'),
                    ('WON', 'Won', 1, 'won'), ('LOST', 'Lost', 1, 'lost');
                """)
            for number in 1...customers {
                try live.execute(
                    "INSERT INTO customer (cust_num, name, city, territory) VALUES (?, ?, ?, ?)",
                    [
                        .text("C\(100 + number)"), .text("Customer \(number)"),
                        .text("City \(number % 7)"), .text(number % 2 == 0 ? "NE" : "SE"),
                    ])
            }
            for number in 1...contacts {
                try live.execute(
                    "INSERT INTO sales_contact (first_name, last_name, email1, match_key) "
                        + "VALUES (?, ?, ?, ?)",
                    [
                        .text("First\(number)"), .text("Last\(number)"),
                        .text("p\(number)@example.com"), .text("email:p\(number)@example.com"),
                    ])
            }
        }
    }

    /// Every row of every table of LIVE.
    public func liveContent() throws -> [String: [[DatabaseValue]]] {
        try databaseContent(livePath)
    }

    /// The bytes of every file in the snapshots folder, by name.
    public func snapshotFiles() throws -> [String: Data] {
        let folder = workspace.snapshotsDirectory
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }
}

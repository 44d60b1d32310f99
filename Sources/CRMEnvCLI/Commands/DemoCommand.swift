import CRMEnv
import Foundation

/// `crmenv demo`: the whole cycle on the sample data, in a fresh workspace folder.
enum DemoCommand {
    static let command = Command(
        spec: CommandSpec(
            ["demo"],
            abstract: "Run the whole cycle on the shipped sample data in a fresh workspace folder.",
            options: [
                .option(
                    "into", value: "dir",
                    help: "The workspace folder to create (default: crmenv-demo-<time> in the "
                        + "current folder). It must not exist or must be empty.")
            ],
            discussion: """
                The story: a LIVE that already has customers; refresh TEST from it; the onboarding
                plan in TEST; diff; vet; a dry run; promote; a drift in LIVE and the conflict it
                causes; a rename with remap; undo; rollback; the log. Each step says what it does,
                runs the real command and shows its answer. The workspace is left behind to explore.
                """,
            examples: ["crmenv demo", "crmenv demo --into /tmp/crm-demo"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let samples = try SampleFiles.directory()
        let stamp = Timestamp.string(from: Date()).prefix(19).filter { $0.isNumber }
        let folder = context.absolutePath(parsed.option("into") ?? "crmenv-demo-\(stamp)")
        if FileManager.default.fileExists(atPath: folder) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? ["?"]
            guard contents.isEmpty else {
                throw CRMEnvError.fileUnwritable(
                    path: folder, reason: "the demo needs a new or empty folder")
            }
        }
        try FileSystemCopy.copyFolder(samples, to: folder + "/samples")
        // The demo's commands run inside the workspace, so paths read short.
        let inside = CommandContext(
            console: context.console, environment: context.environment, currentDirectory: folder)
        try Demo(root: folder, context: inside).run()
    }
}

/// The demo's script: each step says what it does, runs the real command, shows its answer.
struct Demo {
    let root: String
    let context: CommandContext

    private var console: Console { context.console }
    private var workspace: Workspace { Workspace(root: root) }

    /// Runs a crmenv command line in the demo workspace, printing it and its output.
    private func crmenv(_ words: [String], expectFailure: Bool = false) throws {
        console.print(
            console.colored("$ crmenv " + words.map(quoted).joined(separator: " "), .cyan))
        let status = CLI.run(words, context: context)
        if (status == .success) == expectFailure {
            throw CRMEnvError.demoStepFailed(command: "crmenv " + words.joined(separator: " "))
        }
    }

    /// Runs SQL on a database directly, as the ERP or a person with sqlite3 would.
    private func sql(_ environment: EnvironmentName, _ statement: String) throws {
        let path = try workspace.databasePath(of: environment)
        let shown = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
        console.print(console.colored("$ sqlite3 \(shown) \"\(statement)\"", .cyan))
        let connection = try Connection(path: path)
        try connection.execute(statement)
    }

    private func quoted(_ word: String) -> String {
        word.contains(" ") ? "\"\(word)\"" : word
    }

    private func say(_ step: String, _ text: String) {
        console.print()
        console.print(console.bold("== \(step)"))
        for line in Help.wrap(text, width: 78) {
            console.print(line)
        }
    }

    func run() throws {
        console.print(console.bold("crmenv demo in '\(root)'"))

        say(
            "1. The company's LIVE CRM",
            "The ERP's CRM database already holds the territories and 60 customers "
                + "(samples/live). It becomes LIVE, adopted in place: crmenv records where it is.")
        try SampleERP.create(at: root + "/erp/crm.sqlite", samples: root + "/samples")
        try crmenv(["init", "--live-from", "erp/crm.sqlite"])

        say(
            "2. Refresh TEST from LIVE",
            "TEST becomes a copy of LIVE. The LIVE image is kept as a compressed snapshot: the "
                + "base, against which later diffs tell TEST's changes from LIVE's.")
        try crmenv(["refresh", "--by", "dana"])

        say(
            "3. Onboarding in TEST",
            "The vendor's sequence from the sample plan folder, one batch per file: dropdown "
                + "values (step 1), contacts from an Outlook export and vCards (2), prospects and "
                + "their contacts (3), customers' contacts (4), leads, opportunities, tasks and "
                + "quotes (5). The gates hold the order.")
        try crmenv(["onboard", "run", "samples/plan", "--by", "dana"])

        say(
            "4. What differs",
            "TEST against LIVE, three ways: everything TEST added since the base.")
        try crmenv(["diff", "--stat"])
        try crmenv([
            "diff", "--table", "opportunity-stage".replacingOccurrences(of: "-", with: "_"),
        ])

        say(
            "5. Vet",
            "Only vetted items go to LIVE. Vet every dropdown value and every import batch; the "
                + "one record typed by hand in TEST stays practice.")
        try sql(.test, "INSERT INTO customer (cust_num, name) VALUES ('C999999', 'Practice Co.')")
        try crmenv(["vet", "--all-values", "batches", "--by", "dana"])
        try crmenv(["changes"])

        say("6. Dry run", "Exactly what LIVE would get; nothing is written.")
        try crmenv(["promote", "--dry-run"])

        say(
            "7. Promote",
            "LIVE is snapshotted first, then the vetted rows go in one transaction, recorded as a "
                + "change set with its inverse in a bundle under snapshots/.")
        try crmenv(["promote", "--by", "dana"])
        let firstPromotion = try workspace.auditLog.entries().last { $0.action == "promote" }
        try crmenv(["diff", "--stat"])

        say(
            "8. Drift in LIVE and the conflict it causes",
            "Meanwhile the sales team works in the ERP: they change a customer's phone and "
                + "opportunity O-3001's estimated value in LIVE. In TEST, someone corrects the "
                + "same value differently.")
        try sql(.live, "UPDATE customer SET phone = '225-555-0199' WHERE cust_num = 'C000102'")
        try sql(.live, "UPDATE opportunity SET estimated_value = 25000 WHERE ref = 'O-3001'")
        try sql(.test, "UPDATE opportunity SET estimated_value = 21500 WHERE ref = 'O-3001'")
        try crmenv(["diff", "--data"])
        let batch =
            try workspace.changeList().items.first { $0.id.hasPrefix("batch:") }?.id ?? "batch:0"
        try crmenv(["vet", batch, "--by", "dana"])
        try crmenv(["promote", "--by", "dana"], expectFailure: true)
        console.print("The conflict stops the promotion. The team keeps LIVE's figure in TEST:")
        try sql(.test, "UPDATE opportunity SET estimated_value = 25000 WHERE ref = 'O-3001'")
        try crmenv(["diff", "--data"])

        say(
            "9. Rename a value with a remap",
            "Lost reason PRICE becomes COST. Records use it in TEST and in LIVE, so the rename "
                + "needs --remap: TEST's records move now, LIVE's when the rename is promoted.")
        try crmenv(["values", "rename", "lost-reason", "PRICE", "COST"], expectFailure: true)
        try crmenv([
            "values", "rename", "lost-reason", "PRICE", "COST", "--remap", "lost-reason:PRICE=COST",
        ])
        try crmenv(["vet", "values:lost-reason", "--by", "dana"])
        try crmenv(["promote", "--by", "dana"], expectFailure: true)
        try crmenv(["promote", "--by", "dana", "--remap", "lost-reason:PRICE=COST"])

        say(
            "10. Undo",
            "The rename is taken back with the promotion's stored inverse: LIVE's records use "
                + "PRICE again.")
        try crmenv(["undo", "latest", "--by", "dana"])
        try crmenv(["values", "list", "lost-reason", "--env", "live"])

        say(
            "11. Roll back",
            "LIVE goes back to the snapshot taken before the first promotion: as it was before "
                + "go-live. The rollback snapshots LIVE first, so it can itself be rolled back.")
        try crmenv(["snapshot", "list", "--env", "live"])
        let target = firstPromotion?.snapshots.first ?? "latest"
        try crmenv(["rollback", target, "--by", "dana"])
        try crmenv(["onboard", "status"])

        say(
            "12. The audit log",
            "Every refresh, vet, promotion, undo and rollback, with who and when.")
        try crmenv(["log"])

        console.print()
        console.print(console.bold("Done.") + " The workspace is '\(root)'.")
        console.print("Open any snapshot with standard tools:")
        console.print("  gunzip -c '\(root)/snapshots/\(target).sqlite.gz' > /tmp/live.sqlite")
        console.print("  sqlite3 /tmp/live.sqlite 'SELECT count(*) FROM customer'")
    }
}

/// The sample's stand-in for the company's ERP database: a crmenv database holding the
/// territories and customers of `samples/live` (and the territory list of the plan).
enum SampleERP {
    static func create(at path: String, samples: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let connection = try Connection(path: path, mode: .create)
        try Migrator().migrate(connection, name: "erp")
        try connection.inTransaction {
            try load(
                samples + "/plan/values/territory.csv", into: "territory",
                columns: ["code", "description"], on: connection)
            try load(
                samples + "/live/customers.csv", into: "customer",
                columns: [
                    "cust_num", "name", "address1", "address2", "city", "state", "postal_code",
                    "country", "phone", "email", "territory",
                ], on: connection)
        }
    }

    private static func load(
        _ file: String, into table: String, columns: [String], on connection: Connection
    ) throws {
        let reader = try CSVReader(path: file, displayName: file)
        let header = try reader.readHeader()
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try connection.prepare(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
        while let record = try reader.readRecord() {
            let values = columns.map { column -> DatabaseValue in
                let text = header.value(column, in: record) ?? ""
                return text.isEmpty ? .null : .text(text)
            }
            try insert.execute(values)
        }
    }
}

import CRMEnv
import Foundation

/// `crmenv demo`: the whole cycle on the sample data, in a fresh workspace folder.
enum DemoCommand {
    static let command = Command(
        spec: CommandSpec(
            ["demo"],
            abstract: "Run the onboarding cycle on the shipped sample data in a fresh workspace.",
            options: [
                .option(
                    "into", value: "dir",
                    help: "The workspace folder to create (default: crmenv-demo-<time> in the "
                        + "current folder). It must not exist or be empty.")
            ],
            discussion: """
                Prints each step as it goes: what it does and what crmenv answered. The workspace
                is left behind so you can look at it with crmenv (--root) or sqlite3.
                """,
            examples: ["crmenv demo", "crmenv demo --into /tmp/crm-demo"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let samples = try SampleFiles.directory()
        let stamp = Timestamp.string(from: Date()).prefix(19).filter { $0.isNumber }
        let folder = context.absolutePath(parsed.option("into") ?? "crmenv-demo-\(stamp)")
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder),
            !contents.isEmpty
        {
            throw CRMEnvError.fileUnwritable(
                path: folder, reason: "the demo needs a new or empty folder")
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

    /// Runs a crmenv command line in the demo workspace, printing it and its output.
    @discardableResult
    private func crmenv(_ words: [String], expectFailure: Bool = false) throws -> CLI.ExitStatus {
        console.print(
            console.colored("$ crmenv " + words.map(quoted).joined(separator: " "), .cyan))
        let status = CLI.run(words, context: context)
        if (status == .success) == expectFailure {
            throw CRMEnvError.demoStepFailed(command: "crmenv " + words.joined(separator: " "))
        }
        return status
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
        console.print(console.bold("crmenv demo: workspace '\(root)'"))
        say(
            "Init",
            "Create TEST and LIVE, each an SQLite database with the whole CRM schema (schema v1).")
        try crmenv(["init"])

        say(
            "Customers",
            "Customers usually exist already in the ERP. Here they are loaded into TEST from the "
                + "sample file as one batch, after the territories they refer to.")
        try crmenv(["values", "import", "territory", "samples/plan/values/territory.csv"])
        try crmenv(["import", "customers", "samples/live/customers.csv"])

        say(
            "Onboarding plan",
            "Run the vendor's sequence from the sample plan folder, in order, one batch per "
                + "file: the dropdown values, then contacts (an Outlook export and vCards), "
                + "prospects and their contacts, customers' contacts, then leads, opportunities, "
                + "tasks and quotes.")
        try crmenv(["onboard", "run", "samples/plan"])

        say("Batches", "Every file loaded is a batch; every row it wrote carries the batch id.")
        try crmenv(["batches"])

        say(
            "Re-run",
            "Running the plan again changes nothing: every file was already loaded unchanged.")
        try crmenv(["onboard", "run", "samples/plan"])

        say(
            "LIVE is protected",
            "Data entry only ever targets TEST. Asking for LIVE is refused and points to promote.")
        try crmenv(
            ["values", "add", "lead-status", "HOT", "Hot lead", "--env", "live"],
            expectFailure: true)

        console.print()
        console.print(
            console.bold("Done.") + " The workspace is '\(root)'; look around with "
                + "'crmenv onboard status --root \(root)'")
    }
}

import CRMEnv
import Foundation

/// `crmenv diff`.
enum DiffCommand {
    static let command = Command(
        spec: CommandSpec(
            ["diff"],
            abstract:
                "Compare TEST with LIVE per table and per cell, three ways when TEST has a base.",
            options: [
                .flag("config", help: "Only the dropdown value lists."),
                .flag("data", help: "Only the records."),
                .option(
                    "table", value: "table",
                    help: "Only this table (e.g. lead_status, opportunity)."),
                .flag("stat", help: "Counts per table only."),
                .option("format", value: "format", help: "text (default), json or html."),
                .option(
                    "output", value: "file",
                    help: "Write the report to this file instead of standard output."),
            ],
            discussion: "Markers:\n" + DiffRenderer.legend.map { "  " + $0 }.joined(separator: "\n")
                + "\nTwo-way (TEST never refreshed): every difference counts as TEST's. Three-way: "
                + "changes are classified against the LIVE image TEST was refreshed from.",
            examples: [
                "crmenv diff --stat", "crmenv diff --config", "crmenv diff --table opportunity",
                "crmenv diff --format html --output diff.html",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        if parsed.flag("config") && parsed.flag("data") {
            throw UsageError("give --config or --data, not both", command: parsed.spec.path)
        }
        let scope: DiffScope =
            parsed.flag("config") ? .config : (parsed.flag("data") ? .data : .all)
        let format = try parsed.choice("format", in: ["text", "json", "html"]) ?? "text"
        let stat = parsed.flag("stat")
        if stat && format == "html" {
            throw UsageError(
                "--stat goes with the text and json formats", command: parsed.spec.path)
        }
        let workspace = try context.workspace(parsed)
        // Rows are rendered to temporary files as the differ finds them: a diff of any size
        // takes the same memory.
        let spool: ((String) -> RowSpool)?
        switch (stat, format) {
        case (true, _): spool = nil
        case (false, "json"): spool = DiffRenderer.jsonSpool(directory:)
        case (false, "html"): spool = DiffRenderer.htmlSpool(directory:)
        default: spool = DiffRenderer.textSpool(directory:)
        }
        let result = try workspace.diff(
            scope: scope, table: parsed.option("table"), keepsRows: !stat, spool: spool)
        // Reports are written as they are made, in chunks: a diff of tens of thousands of rows
        // never sits in memory twice.
        let sink: ReportSink
        if let output = parsed.option("output") {
            sink = try ReportSink(file: context.absolutePath(output))
        } else {
            sink = ReportSink(console: context.console)
        }
        switch format {
        case "json":
            DiffRenderer.json(result, stat: stat, write: sink.write)
        case "html":
            DiffRenderer.html(result, generated: Timestamp.string(from: Date()), write: sink.write)
        default:
            DiffRenderer.text(result, stat: stat) { text in
                sink.write(colored(text, console: context.console))
            }
        }
        try sink.close()
        if let output = parsed.option("output") {
            context.console.note("Wrote \(format) report to '\(output)'")
        }
    }

    static func colored(_ line: String, console: Console) -> String {
        guard console.usesColor, let first = line.first else { return line }
        switch first {
        case "+": return console.colored(line, .green)
        case "-": return console.colored(line, .red)
        case "!": return console.colored(line, .yellow)
        default: return line
        }
    }
}

/// Where a report goes: standard output, or a file written under a temporary name and renamed
/// into place once complete.
final class ReportSink {
    private let console: Console?
    private let handle: FileHandle?
    private let path: String?
    private var failure: Error?

    init(console: Console) {
        self.console = console
        handle = nil
        path = nil
    }

    init(file: String) throws {
        guard FileManager.default.createFile(atPath: file + ".tmp", contents: nil),
            let handle = FileHandle(forWritingAtPath: file + ".tmp")
        else {
            throw CRMEnvError.fileUnwritable(
                path: file, reason: "the file cannot be created (does the folder exist?)")
        }
        console = nil
        self.handle = handle
        path = file
    }

    func write(_ text: String) {
        if let console {
            console.write(text)
            return
        }
        guard failure == nil else { return }
        do {
            try handle?.write(contentsOf: Data(text.utf8))
        } catch {
            failure = error
        }
    }

    func close() throws {
        guard let handle, let path else { return }
        try? handle.close()
        if let failure {
            unlink(path + ".tmp")
            throw CRMEnvError.fileUnwritable(path: path, reason: failure.localizedDescription)
        }
        guard rename(path + ".tmp", path) == 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

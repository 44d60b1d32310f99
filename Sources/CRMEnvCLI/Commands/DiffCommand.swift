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
        let result = try workspace.diff(
            scope: scope, table: parsed.option("table"), keepsRows: !stat)
        let text: String
        switch format {
        case "json":
            text = DiffRenderer.json(result, stat: stat)
        case "html":
            text = DiffRenderer.html(result, generated: Timestamp.string(from: Date()))
        default:
            text =
                DiffRenderer.text(result, stat: stat).map { line in
                    guard context.console.usesColor, let first = line.first else { return line }
                    switch first {
                    case "+": return context.console.colored(line, .green)
                    case "-": return context.console.colored(line, .red)
                    case "!": return context.console.colored(line, .yellow)
                    default: return line
                    }
                }.joined(separator: "\n") + "\n"
        }
        if let output = parsed.option("output") {
            let path = context.absolutePath(output)
            try Output.writeFile(text, to: path)
            context.console.note("Wrote \(format) report to '\(output)'")
        } else {
            context.console.write(text)
        }
    }
}

/// Writing reports to files.
enum Output {
    static func writeFile(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CRMEnvError.fileUnwritable(path: path, reason: error.localizedDescription)
        }
    }
}

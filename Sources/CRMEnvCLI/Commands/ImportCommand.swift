import CRMEnv
import Foundation

/// `crmenv import KIND FILE`.
enum ImportCommand {
    static let command = Command(
        spec: CommandSpec(
            ["import"],
            abstract: "Load a file of contacts, prospects, customers, cross references, leads, "
                + "opportunities, tasks or quotes into TEST as one batch.",
            arguments: [
                ArgumentSpec(
                    "kind",
                    help: "What the file holds: "
                        + ImportKind.allCases.map(\.name).joined(separator: ", ") + ".",
                    optional: true),
                ArgumentSpec(
                    "file", help: "The CSV (or, for contacts, vCard) file.", optional: true),
            ],
            options: [
                .flag("dry-run", help: "Check every row and report; write nothing."),
                .option(
                    "reject", value: "file",
                    help: "Load the good rows and write the bad ones to this CSV with a "
                        + "reject_reason column (without it, a bad row loads nothing)."),
                .option(
                    "mapping", value: "json",
                    help: "contacts: a JSON object mapping the file's columns to contact fields, "
                        + "for exports other than Outlook's."),
                .option(
                    "lines", value: "file",
                    help: "quotes: the quote lines, loaded in the same batch."),
                .option(
                    "template", value: "kind",
                    help: "Print the header row crmenv expects for a kind, with a line of "
                        + "example values, and exit."),
                .option(
                    "by", value: "name", help: "Who loads the batch (default: your user name)."),
                .flag("json", help: "Print the report as JSON."),
            ],
            discussion: """
                Contacts: an Outlook export (either header order, UTF-8, UTF-16 or Windows-1252)
                and vCard 2.1/3.0/4.0 are recognised; other CSVs need --mapping. A contact is the
                same contact when its primary e-mail matches, else its first name, last name and
                company. Other kinds are found again by the id column of the file (lead_id,
                opportunity_id, ...), prospects by their id or name, customers by number.
                Re-importing a file changes nothing; edited rows are updated.
                """,
            examples: [
                "crmenv import contacts outlook-export.csv",
                "crmenv import contacts phone.vcf",
                "crmenv import contacts google.csv --mapping google-mapping.json",
                "crmenv import leads leads.csv --reject leads-rejected.csv",
                "crmenv import quotes quotes.csv --lines quote-lines.csv",
                "crmenv import --template opportunities",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        if let template = parsed.option("template") {
            guard parsed.optionalArgument("kind") == nil else {
                throw UsageError(
                    "--template takes the kind itself; give no other argument",
                    command: parsed.spec.path)
            }
            let kind = try kind(template, parsed)
            context.console.write(kind.template)
            return
        }
        guard let kindName = parsed.optionalArgument("kind") else {
            throw UsageError("missing argument <kind>", command: parsed.spec.path)
        }
        let kind = try kind(kindName, parsed)
        guard let file = parsed.optionalArgument("file") else {
            throw UsageError("missing argument <file>", command: parsed.spec.path)
        }
        let workspace = try context.workspace(parsed)
        let environment = try workspace.openForDataEntry(
            .test, action: "import \(kind.name)", holder: "crmenv import \(kind.name)")
        let request = ImportRequest(
            kind: kind, path: context.absolutePath(file), displayName: file,
            linesPath: parsed.option("lines").map(context.absolutePath),
            linesDisplayName: parsed.option("lines"),
            mappingPath: parsed.option("mapping").map(context.absolutePath),
            mappingDisplayName: parsed.option("mapping"),
            rejectPath: parsed.option("reject").map(context.absolutePath),
            isDryRun: parsed.flag("dry-run"), by: parsed.who(context))
        let report = try Importer(environment: environment).run(request)
        if parsed.flag("json") {
            context.console.print(try JSON.encode(report))
        } else {
            ImportReportRenderer.print(report, console: context.console)
        }
        if report.isDryRun && report.counts.rejected > 0 {
            throw CRMEnvError.dryRunFoundProblems(count: report.counts.rejected)
        }
    }

    static func kind(_ name: String, _ parsed: ParsedCommand) throws -> ImportKind {
        do {
            return try ImportKind.named(name)
        } catch let error as CRMEnvError {
            throw UsageError(error.description, command: parsed.spec.path)
        }
    }
}

/// Prints an import report for people.
enum ImportReportRenderer {
    static func print(_ report: ImportReport, console: Console) {
        let counts = report.counts
        let verb = report.isDryRun ? "Would load" : "Loaded"
        var summary =
            "\(verb) \(report.files.joined(separator: " + ")) (\(report.format), "
            + "\(report.encoding)) into TEST: \(counts.new) new, \(counts.updated) updated, "
            + "\(counts.unchanged) unchanged"
        if counts.merged > 0 { summary += ", \(counts.merged) duplicates merged" }
        if counts.rejected > 0 { summary += ", \(counts.rejected) rejected" }
        console.print(summary)
        if let batch = report.batchID {
            console.print("Batch \(batch) recorded (vet it as 'batch:\(batch)')")
        } else if !report.isDryRun {
            console.print("Nothing changed: no batch recorded")
        }
        if report.encoding == TextEncoding.windows1252.rawValue {
            console.note("Note: the file is not UTF-8; it was read as Windows-1252")
        }
        if !report.ignoredColumns.isEmpty {
            let shown = report.ignoredColumns.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
            let more = report.ignoredColumns.count > 8 ? ", ..." : ""
            console.note(
                "Note: \(report.ignoredColumns.count) column(s) not imported: \(shown)\(more)")
        }
        if let reject = report.rejectFile {
            console.print("Rejected rows written to '\(reject)'")
        }
        if report.isDryRun {
            for problem in report.problems {
                console.print("  " + problem)
            }
            let hidden = counts.rejected - report.problems.count
            if hidden > 0 {
                console.print("  ... and \(hidden) more")
            }
            console.note("Dry run: nothing was written")
        }
    }
}

import CRMEnv

/// `crmenv values import`.
enum ValuesImportCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "import"],
            abstract: "Load a dropdown list's values from a CSV file into TEST, all or nothing.",
            arguments: [
                ValuesOptions.listArgument,
                ArgumentSpec(
                    "file",
                    help: "CSV with a header row: code,description, and optionally active, "
                        + "outcome (opportunity-status), chance_to_close and sequence "
                        + "(opportunity-stage)."),
            ],
            options: [
                ValuesOptions.environment,
                .option("by", value: "name", help: "Who loads the file (default: your user name)."),
            ],
            examples: [
                "crmenv values import won-reason reasons.csv",
                "crmenv values import opportunity-stage stages.csv",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let file = parsed.argument("file")
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "import \(list.name) values")
        let report = try ValueStore(environment: environment).importValues(
            into: list, path: context.absolutePath(file), displayName: file, by: parsed.who(context)
        )
        context.console.print(
            "Imported \(file) into \(list.name) in TEST: \(report.added.count) added, "
                + "\(report.changed.count) changed, \(report.unchanged.count) unchanged")
        if report.encoding != "UTF-8" {
            context.console.note("Note: the file was read as \(report.encoding)")
        }
    }
}

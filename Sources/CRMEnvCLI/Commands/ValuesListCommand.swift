import CRMEnv

/// `crmenv values list`.
enum ValuesListCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "list"],
            abstract: "Show the dropdown values of one list or of all eight.",
            arguments: [
                ArgumentSpec(
                    "list", help: ValuesOptions.listArgument.help + " Default: all lists.",
                    optional: true)
            ],
            options: [
                .option(
                    "env", value: "env", help: "The environment to read: test (default) or live."),
                .flag("json", help: "Print JSON for scripts."),
            ],
            examples: [
                "crmenv values list", "crmenv values list opportunity-stage --env live --json",
            ]),
        run: run)

    struct Output: Encodable {
        let environment: String
        let lists: [String: [DropdownValue]]
    }

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let lists =
            try parsed.optionalArgument("list") == nil
            ? ValueList.allCases : [ValuesOptions.list(parsed)]
        let name = try parsed.environment()
        let environment = try context.workspace(parsed).open(name, access: .read)
        let store = ValueStore(environment: environment)
        var values: [ValueList: [DropdownValue]] = [:]
        for list in lists {
            values[list] = try store.values(of: list)
        }
        let console = context.console
        if parsed.flag("json") {
            let output = Output(
                environment: name.rawValue,
                lists: Dictionary(uniqueKeysWithValues: values.map { ($0.key.name, $0.value) }))
            console.print(try JSON.encode(output))
            return
        }
        for (index, list) in lists.enumerated() {
            let entries = values[list] ?? []
            if index > 0 { console.print() }
            let required = list.isRequired ? ", required" : ""
            console.print(
                console.bold("\(list.title) (\(list.name)\(required)) in \(name.title)")
                    + ": \(entries.count) value\(entries.count == 1 ? "" : "s")")
            guard !entries.isEmpty else { continue }
            var table = TextTable(ValuesOptions.header(for: list))
            for value in entries {
                table.append(ValuesOptions.cells(value, list: list))
            }
            for line in table.lines() {
                console.print("  " + line)
            }
        }
    }
}

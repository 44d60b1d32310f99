import CRMEnv

/// `crmenv values add`.
enum ValuesAddCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "add"],
            abstract: "Add a value to a dropdown list in TEST.",
            arguments: [
                ValuesOptions.listArgument,
                ArgumentSpec(
                    "code",
                    help: "The business code: 1 to 15 characters, no leading or trailing space."),
                ArgumentSpec("description", help: "What users see in the dropdown."),
            ],
            options: [
                ValuesOptions.outcome, ValuesOptions.chance, ValuesOptions.sequence,
                ValuesOptions.environment,
            ],
            examples: [
                "crmenv values add lead-status NEW \"New lead\"",
                "crmenv values add opportunity-stage QUAL \"Qualified\" --chance 20 --sequence 2",
                "crmenv values add opportunity-status WON \"Won\" --outcome won",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let value = DropdownValue(
            code: parsed.argument("code"), description: parsed.argument("description"),
            outcome: try ValuesOptions.outcome(parsed),
            chanceToClose: try parsed.integer("chance"), sequence: try parsed.integer("sequence"))
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "add a \(list.name) value")
        try ValueStore(environment: environment).add(value, to: list)
        context.console.print("Added \(list.name) '\(value.code)' (\(value.description)) in TEST")
    }
}

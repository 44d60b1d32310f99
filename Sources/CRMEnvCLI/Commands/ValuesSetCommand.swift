import CRMEnv

/// `crmenv values set`.
enum ValuesSetCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "set"],
            abstract: "Change the description or attributes of a dropdown value in TEST.",
            arguments: [
                ValuesOptions.listArgument,
                ArgumentSpec("code", help: "The code of the value to change."),
            ],
            options: [
                .option("description", value: "text", help: "The new description."),
                ValuesOptions.outcome, ValuesOptions.chance, ValuesOptions.sequence,
                .flag("reactivate", help: "Make a retired value active again."),
                ValuesOptions.environment,
            ],
            discussion: "To change a code itself, use 'crmenv values rename'.",
            examples: [
                "crmenv values set lead-status NEW --description \"New\"",
                "crmenv values set opportunity-stage QUAL --chance 25",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let code = parsed.argument("code")
        let change = ValueStore.Change(
            description: parsed.option("description"), outcome: try ValuesOptions.outcome(parsed),
            chanceToClose: try parsed.integer("chance"), sequence: try parsed.integer("sequence"),
            isActive: parsed.flag("reactivate") ? true : nil)
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "change a \(list.name) value")
        let value = try ValueStore(environment: environment).update(code, in: list, with: change)
        let cells = ValuesOptions.cells(value, list: list)
        context.console.print(
            "Changed \(list.name) '\(code)' in TEST: " + cells.dropFirst().joined(separator: ", "))
    }
}

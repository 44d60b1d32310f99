import CRMEnv

/// `crmenv values retire`.
enum ValuesRetireCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "retire"],
            abstract:
                "Retire a dropdown value in TEST: kept for existing records, not offered for new ones.",
            arguments: [
                ValuesOptions.listArgument,
                ArgumentSpec("code", help: "The code of the value to retire."),
            ],
            options: [ValuesOptions.environment],
            examples: ["crmenv values retire lost-reason NOBUDGET"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let code = parsed.argument("code")
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "retire a \(list.name) value")
        try ValueStore(environment: environment).retire(code, in: list)
        context.console.print("Retired \(list.name) '\(code)' in TEST")
    }
}

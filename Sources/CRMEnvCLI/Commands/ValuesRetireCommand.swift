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
            options: [ValuesOptions.remap, ValuesOptions.environment],
            discussion: "When records in TEST or LIVE use the value, the command names them and "
                + "needs --remap to move them to another active value (TEST's now, LIVE's when the "
                + "retirement is promoted).",
            examples: [
                "crmenv values retire lost-reason NOBUDGET",
                "crmenv values retire lost-reason PRICE --remap lost-reason:PRICE=COMPETITOR",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let code = parsed.argument("code")
        let remap = try ValuesOptions.remap(parsed)
        let workspace = try context.workspace(parsed)
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "retire a \(list.name) value")
        let live = try workspace.open(.live, access: .read)
        let usage = try ValueStore(environment: environment).retire(
            code, in: list, remap: remap, live: live.connection)
        context.console.print("Retired \(list.name) '\(code)' in TEST")
        if let remap, !usage.test.isEmpty {
            context.console.print("Moved TEST's records to '\(remap.new)': " + usage.summary)
        }
        if !usage.live.isEmpty {
            context.console.note(
                "LIVE's records move when the retirement is promoted (crmenv promote --remap \(remap?.description ?? "\(list.name):\(code)=NEW"))"
            )
        }
    }
}

/// `crmenv values rename`.
enum ValuesRenameCommand {
    static let command = Command(
        spec: CommandSpec(
            ["values", "rename"],
            abstract: "Rename a dropdown value's code in TEST, moving the records that use it.",
            arguments: [
                ValuesOptions.listArgument,
                ArgumentSpec("old", help: "The code to rename."),
                ArgumentSpec("new", help: "The new code."),
            ],
            options: [ValuesOptions.remap, ValuesOptions.environment],
            discussion: "When records in TEST or LIVE use the value, the command names them and "
                + "needs --remap LIST:OLD=NEW as your acknowledgement: TEST's records move now, "
                + "LIVE's when the rename is promoted.",
            examples: ["crmenv values rename lead-status NEW FRESH --remap lead-status:NEW=FRESH"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try ValuesOptions.list(parsed)
        let old = parsed.argument("old")
        let new = parsed.argument("new")
        let remap = try ValuesOptions.remap(parsed)
        let workspace = try context.workspace(parsed)
        let environment = try ValuesOptions.openForChange(
            parsed, context, action: "rename a \(list.name) value")
        let live = try workspace.open(.live, access: .read)
        let usage = try ValueStore(environment: environment).rename(
            old, to: new, in: list, remap: remap, live: live.connection)
        context.console.print("Renamed \(list.name) '\(old)' to '\(new)' in TEST")
        if !usage.isEmpty {
            context.console.print("Records using it: " + usage.summary)
        }
    }
}

import CRMEnv

/// `crmenv init`: create TEST and LIVE.
enum InitCommand {
    static let command = Command(
        spec: CommandSpec(
            ["init"],
            abstract:
                "Create TEST and LIVE with the CRM schema, empty or adopting an existing LIVE.",
            options: [
                .option(
                    "live-from", value: "database",
                    help: "Adopt this existing crmenv database as LIVE, in place, instead of "
                        + "creating an empty one (an older schema is copied, then migrated).")
            ],
            discussion: """
                Creates environments/test.sqlite and environments/live.sqlite (or records the
                adopted LIVE in environments/environments.json) and the snapshots/ folder.
                Never overwrites an existing environment.
                """,
            examples: ["crmenv init", "crmenv init --live-from /data/erp/crm.sqlite"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let liveFrom = parsed.option("live-from").map(context.absolutePath)
        let report = try workspace.initialize(liveFrom: liveFrom)
        let console = context.console
        console.print("Created TEST at '\(report.testPath)' (schema v\(Schema.currentVersion))")
        if report.adoptedLive {
            if let version = report.migratedLiveFrom {
                console.print(
                    "Adopted LIVE at '\(report.livePath)', migrated from schema v\(version) "
                        + "(copy kept at '\(report.liveCopyPath ?? "")')")
            } else {
                console.print(
                    "Adopted LIVE at '\(report.livePath)' (schema v\(Schema.currentVersion))")
            }
        } else {
            console.print("Created LIVE at '\(report.livePath)' (schema v\(Schema.currentVersion))")
        }
        console.note(
            "Next: step 1, the dropdown values: crmenv values add lead-status NEW \"New lead\"")
    }
}

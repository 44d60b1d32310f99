import CRMEnv

/// `crmenv refresh`.
enum RefreshCommand {
    static let command = Command(
        spec: CommandSpec(
            ["refresh"],
            abstract:
                "Make TEST a copy of LIVE, keeping that LIVE image as TEST's base for three-way diffs.",
            options: [
                .flag("force", help: "Throw away TEST's unpromoted batches and value changes."),
                .option("by", value: "name", help: "Who refreshes (default: your user name)."),
            ],
            examples: ["crmenv refresh"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let bar = ProgressBar(console: context.console, label: "snapshot of LIVE")
        let report = try workspace.refresh(
            force: parsed.flag("force"), by: parsed.who(context), progress: bar.update)
        bar.finish()
        for item in report.discarded {
            context.console.note("Discarded: \(item)")
        }
        context.console.print(
            "TEST is now a copy of LIVE; its base is snapshot \(report.base.id)")
    }
}

/// `crmenv rollback`.
enum RollbackCommand {
    static let command = Command(
        spec: CommandSpec(
            ["rollback"],
            abstract:
                "Make LIVE exactly a snapshot, after verifying it and snapshotting LIVE first.",
            arguments: [
                ArgumentSpec(
                    "snapshot",
                    help: "A snapshot id, a unique start of one, or 'latest' (LIVE's newest).")
            ],
            options: [
                .option("by", value: "name", help: "Who rolls back (required, for the audit log)."),
                .flag("from-test", help: "Allow restoring a snapshot of TEST into LIVE."),
            ],
            discussion: "The snapshot taken of LIVE just before is the way back: roll back to it "
                + "to undo the rollback.",
            examples: ["crmenv rollback 20261204-201530-live-3fa9 --by dana"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        guard let by = parsed.option("by") else {
            throw UsageError(
                "missing option '--by <name>' (who rolls LIVE back)", command: parsed.spec.path)
        }
        let workspace = try context.workspace(parsed)
        let bar = ProgressBar(console: context.console, label: "rollback")
        let report = try workspace.rollback(
            to: parsed.argument("snapshot"), fromTest: parsed.flag("from-test"), by: by,
            progress: { _, done, total in bar.update(done, total) })
        bar.finish()
        context.console.print("LIVE now equals snapshot \(report.restored.id)")
        context.console.print(
            "LIVE before the rollback is snapshot \(report.preRollback.id) "
                + "(crmenv rollback \(report.preRollback.id) --by \(by) undoes this)")
    }
}

/// `crmenv log`.
enum LogCommand {
    static let command = Command(
        spec: CommandSpec(
            ["log"],
            abstract: "Show the audit log: refresh, vet, promote, undo, rollback, snapshots.",
            options: [.flag("json", help: "Print JSON for scripts.")],
            examples: ["crmenv log"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let entries = try workspace.auditLog.entries()
        if parsed.flag("json") {
            context.console.print(try JSON.encode(entries))
            return
        }
        guard !entries.isEmpty else {
            context.console.print("The audit log is empty")
            return
        }
        for entry in entries {
            var line = "\(entry.time.prefix(19))  \(entry.who)  \(entry.action)"
            if let environment = entry.environment { line += " \(environment.title)" }
            if !entry.snapshots.isEmpty { line += "  [\(entry.snapshots.joined(separator: ", "))]" }
            if entry.outcome != "ok" { line += "  \(entry.outcome)" }
            let details = entry.details.sorted { $0.key < $1.key }
                .map { key, value in
                    // Long item lists are in `crmenv log --json`; a line shows their start.
                    let words = value.split(separator: " ")
                    let shown =
                        words.count > 4
                        ? words.prefix(3).joined(separator: " ") + " (+\(words.count - 3) more)"
                        : value
                    return "\(key)=\(shown)"
                }.joined(separator: " ")
            if !details.isEmpty { line += "  " + details }
            context.console.print(line)
        }
    }
}

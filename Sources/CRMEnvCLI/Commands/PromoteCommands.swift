import CRMEnv

/// `crmenv promote`.
enum PromoteCommand {
    static let command = Command(
        spec: CommandSpec(
            ["promote"],
            abstract: "Move the vetted items to LIVE in one transaction, after snapshotting LIVE.",
            options: [
                .flag("dry-run", help: "Show exactly what LIVE would get; write nothing."),
                .option(
                    "remap", value: "list:old=new",
                    help: "Move LIVE's records from a value the promotion retires or removes to "
                        + "another; repeat for several.", repeatable: true),
                .option(
                    "by", value: "name", help: "Who promotes (required, except for --dry-run)."),
            ],
            discussion: """
                Refused, with every reason, when: nothing is vetted, a vetted item no longer exists,
                a row conflicts (TEST and LIVE changed it differently since the base), LIVE records
                use a value being retired or removed and no --remap moves them, a CRM rule would break
                (required lists empty, stages going backwards, reasons of the wrong outcome, references
                to rows LIVE lacks), or the schemas differ. Then LIVE is exactly as it was.
                """,
            examples: [
                "crmenv promote --dry-run", "crmenv promote --by dana",
                "crmenv promote --by dana --remap lost-reason:PRICE=COMPETITOR",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let dryRun = parsed.flag("dry-run")
        let by = parsed.option("by")
        guard by != nil || dryRun else {
            throw UsageError(
                "missing option '--by <name>' (who promotes)", command: parsed.spec.path)
        }
        var remaps: [Remap] = []
        for text in parsed.options("remap") {
            do {
                remaps.append(try Remap.parse(text))
            } catch let error as CRMEnvError {
                throw UsageError(error.description, command: parsed.spec.path)
            }
        }
        let workspace = try context.workspace(parsed)
        let report = try workspace.promote(
            remaps: remaps, by: by ?? parsed.who(context), dryRun: dryRun)
        let console = context.console
        let plan = report.plan
        console.print(
            (dryRun ? "Would promote" : "Promoted") + " \(plan.items.count) item(s) to LIVE"
                + (plan.isThreeWay
                    ? " (three-way, base \(plan.baseID ?? ""))" : " (two-way: TEST has no base)")
                + ":")
        for line in ItemLines.lines(
            plan.items,
            suffix: { members in
                let names = Set(members.compactMap { $0.vetting?.by }).sorted().joined(
                    separator: ", ")
                return "  (vetted by \(names))"
            })
        {
            console.print("  " + line)
        }
        for entry in plan.counts {
            console.print("  \(entry.table): " + DiffRendererSummary.text(entry.counts))
        }
        for impact in plan.impacts {
            let counts =
                impact.usage.isEmpty
                ? "no LIVE records use it"
                : impact.usage.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
                    separator: ", ")
            console.print(
                "  impact: \(impact.list.name) '\(impact.code)' \(impact.change): \(counts)"
                    + (impact.remap.map { "; moved to '\($0.new)'" } ?? ""))
        }
        if !plan.notVetted.isEmpty {
            console.note(
                "\(plan.notVetted.count) item(s) not vetted stay in TEST ('crmenv changes')")
        }
        if dryRun {
            for problem in plan.problems {
                console.print("  problem: " + problem)
            }
            if !plan.problems.isEmpty {
                throw CRMEnvError.promotionRefused(problems: plan.problems)
            }
            console.note("Dry run: nothing was written")
            return
        }
        if let id = report.id, let pre = report.preSnapshot {
            console.print("Promotion \(id); LIVE before it is snapshot \(pre.id)")
            console.print("Undo with: crmenv undo \(id) --by NAME")
        }
    }
}

/// Counts for people.
enum DiffRendererSummary {
    static func text(_ counts: DiffCounts) -> String {
        "\(counts.added) added, \(counts.changed) changed, \(counts.removed) removed"
    }
}

/// `crmenv undo`.
enum UndoCommand {
    static let command = Command(
        spec: CommandSpec(
            ["undo"],
            abstract:
                "Revert one promotion with its stored inverse change set, after snapshotting LIVE.",
            arguments: [
                ArgumentSpec(
                    "promotion", help: "The promotion's id (or a unique start of it), or 'latest'.")
            ],
            options: [.option("by", value: "name", help: "Who undoes (required).")],
            discussion: "Refused, changing nothing, when LIVE changed any row of the promotion "
                + "since: then roll LIVE back to the snapshot taken before the promotion.",
            examples: ["crmenv undo latest --by dana"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        guard let by = parsed.option("by") else {
            throw UsageError("missing option '--by <name>' (who undoes)", command: parsed.spec.path)
        }
        let report = try context.workspace(parsed).undo(parsed.argument("promotion"), by: by)
        context.console.print(
            "Undid promotion \(report.promotion.id); LIVE before the undo is snapshot \(report.preUndo.id)"
        )
    }
}

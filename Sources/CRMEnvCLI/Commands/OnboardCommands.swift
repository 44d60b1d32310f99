import CRMEnv

/// `crmenv onboard status`.
enum OnboardStatusCommand {
    static let command = Command(
        spec: CommandSpec(
            ["onboard", "status"],
            abstract:
                "Show the six onboarding steps as a checklist with counts, and what to do next.",
            options: [.flag("json", help: "Print JSON for scripts.")],
            examples: ["crmenv onboard status"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let test = try workspace.open(.test, access: .read)
        let live = try? workspace.open(.live, access: .read)
        let status = try OnboardingStatus.read(test: test.connection, live: live?.connection)
        if parsed.flag("json") {
            context.console.print(try JSON.encode(status))
            return
        }
        render(status, console: context.console)
    }

    static func render(_ status: OnboardingStatus, console: Console) {
        for step in status.steps {
            let mark: String
            switch step.state {
            case .done: mark = console.colored("[x]", .green)
            case .inProgress: mark = console.colored("[~]", .yellow)
            case .notStarted: mark = "[ ]"
            case .blocked: mark = console.colored("[!]", .red)
            }
            let counts = step.counts.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            console.print("\(mark) \(step.step.rawValue). \(step.title): \(step.state.rawValue)")
            console.print("      " + counts)
            for warning in step.warnings {
                console.print("      warning: " + warning)
            }
        }
        console.print()
        console.print("Next: \(status.next)")
    }
}

/// `crmenv onboard run PLAN_DIR`.
enum OnboardRunCommand {
    static let command = Command(
        spec: CommandSpec(
            ["onboard", "run"],
            abstract: "Run a plan folder in TEST in the order of the sequence, one batch per file.",
            arguments: [ArgumentSpec("plan-dir", help: "The plan folder (layout in the README).")],
            options: [
                .option(
                    "by", value: "name", help: "Who loads the batches (default: your user name).")
            ],
            discussion: """
                The folder holds values/<list>.csv (lead-status and opportunity-status required
                unless TEST has them), contacts.csv and/or contacts.vcf, prospects.csv,
                prospect-contacts.csv, customers.csv, customer-contacts.csv, leads.csv,
                opportunities.csv, opportunity-tasks.csv, quotes.csv and quote-lines.csv. It stops
                at the first file that fails; a re-run skips files already loaded unchanged.
                """,
            examples: ["crmenv onboard run ./onboarding-plan"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let plan = try OnboardingPlan(directory: context.absolutePath(parsed.argument("plan-dir")))
        for file in plan.unknownFiles {
            context.console.note("Note: '\(file)' is not a plan file name; it is ignored")
        }
        let environment = try workspace.openForDataEntry(
            .test, action: "run an onboarding plan", holder: "crmenv onboard run")
        let outcomes = try plan.run(in: environment, by: parsed.who(context)) { outcome in
            context.console.print(line(for: outcome))
        }
        if let failed = outcomes.last, failed.result == .failed {
            throw CRMEnvError.planStopped(file: failed.file, reason: failed.message ?? "")
        }
        let status = try OnboardingStatus.read(test: environment.connection, live: nil)
        context.console.print()
        OnboardStatusCommand.render(status, console: context.console)
    }

    static func line(for outcome: OnboardingPlan.Outcome) -> String {
        let counts = outcome.counts
        switch outcome.result {
        case .loaded:
            return "loaded     \(outcome.file): batch \(outcome.batchID.map(String.init) ?? "-"), "
                + "\(counts.new) new, \(counts.updated) updated, \(counts.unchanged) unchanged"
                + (counts.merged > 0 ? ", \(counts.merged) duplicates merged" : "")
                + (outcome.encoding.map { $0 == "UTF-8" ? "" : " (\($0))" } ?? "")
        case .skipped:
            return "skipped    \(outcome.file): \(outcome.message ?? "")"
        case .unchanged:
            return "unchanged  \(outcome.file): \(counts.unchanged) rows already in TEST"
        case .failed:
            return "FAILED     \(outcome.file)"
        }
    }
}

import CRMEnv

/// `crmenv changes`.
enum ChangesCommand {
    static let command = Command(
        spec: CommandSpec(
            ["changes"],
            abstract:
                "List the change items in TEST (value changes, import batches, records changed by hand), vetted or not.",
            options: [.flag("json", help: "Print JSON for scripts.")],
            discussion: "Item ids: values:<list>:<code>, batch:<id>, record:<table>:<key>. "
                + "'crmenv vet ITEM --by NAME' vets one; only vetted items are promoted.",
            examples: ["crmenv changes"]),
        run: run)

    struct Entry: Encodable {
        let id: String
        let kind: String
        let title: String
        let rows: DiffCounts
        let vetted: Bool
        let vettedBy: String?
        let vettedAt: String?
        let changedSinceVetting: Bool

        enum CodingKeys: String, CodingKey {
            case id, kind, title, rows, vetted
            case vettedBy = "vetted_by"
            case vettedAt = "vetted_at"
            case changedSinceVetting = "changed_since_vetting"
        }
    }

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let list = try context.workspace(parsed).changeList()
        if parsed.flag("json") {
            let entries = list.items.map {
                Entry(
                    id: $0.id, kind: $0.kind.rawValue, title: $0.title, rows: $0.counts,
                    vetted: $0.isVetted, vettedBy: $0.vetting?.by, vettedAt: $0.vetting?.at,
                    changedSinceVetting: $0.isStale)
            }
            context.console.print(try JSON.encode(entries))
            return
        }
        let console = context.console
        if list.items.isEmpty {
            console.print("No changes in TEST that LIVE lacks")
        }
        func state(_ items: [ChangeItem]) -> String {
            if items.allSatisfy(\.isVetted) {
                let names = Set(items.compactMap { $0.vetting?.by }).sorted().joined(
                    separator: ", ")
                return console.colored("vetted by \(names)", .green)
            }
            if items.contains(where: \.isStale) {
                return console.colored("changed since vetted", .yellow)
            }
            return items.contains(where: \.isVetted) ? "partly vetted" : "not vetted"
        }
        for line in ItemLines.lines(
            list.items,
            suffix: { members in
                var text = "  [\(state(members))]"
                let conflicts = members.reduce(0) { $0 + $1.conflicts.count }
                if conflicts > 0 { text += console.colored("  \(conflicts) conflict(s)", .red) }
                return text
            })
        {
            console.print(line)
        }
        for id in list.vettedButGone {
            console.note("Warning: vetted item '\(id)' no longer exists; 'crmenv unvet \(id)'")
        }
    }
}

/// `crmenv vet`.
enum VetCommand {
    static let command = Command(
        spec: CommandSpec(
            ["vet"],
            abstract:
                "Mark change items as vetted, as they stand now; only vetted items are promoted.",
            arguments: [
                ArgumentSpec(
                    "item",
                    help: "Item ids (values:<list>:<code>, values:<list>, batch:<id>, "
                        + "record:<table>:<key>), or values, batches, records.",
                    optional: true, repeating: true)
            ],
            options: [
                .flag("all-values", help: "Vet every value change."),
                .option("by", value: "name", help: "Who vets (required, for the record)."),
            ],
            discussion: "An item changed in TEST after it was vetted is no longer vetted.",
            examples: [
                "crmenv vet values:lead-status batch:7 --by dana",
                "crmenv vet --all-values --by dana",
            ]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        guard let by = parsed.option("by") else {
            throw UsageError("missing option '--by <name>' (who vets)", command: parsed.spec.path)
        }
        let items = parsed.repeatingArgument("item")
        guard !items.isEmpty || parsed.flag("all-values") else {
            throw UsageError(
                "name the items to vet, or give --all-values", command: parsed.spec.path)
        }
        let vetted = try context.workspace(parsed).vet(
            items, allValues: parsed.flag("all-values"), by: by)
        for line in ItemLines.lines(vetted, suffix: { _ in "" }) {
            context.console.print("vetted  " + line)
        }
    }
}

/// `crmenv unvet`.
enum UnvetCommand {
    static let command = Command(
        spec: CommandSpec(
            ["unvet"],
            abstract: "Remove the vetting of change items.",
            arguments: [
                ArgumentSpec(
                    "item", help: "Item ids, or a prefix such as values:lead-status.",
                    repeating: true)
            ],
            options: [.option("by", value: "name", help: "Who unvets (default: your user name).")],
            examples: ["crmenv unvet batch:7"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let removed = try context.workspace(parsed).unvet(
            parsed.repeatingArgument("item"), by: parsed.who(context))
        for item in removed {
            context.console.print("unvetted  \(item)")
        }
    }
}

import CRMEnv

/// `crmenv batches`.
enum BatchesCommand {
    static let command = Command(
        spec: CommandSpec(
            ["batches"],
            abstract: "List the import batches in TEST: file, checksum, time, and rows new, "
                + "updated, unchanged, rejected.",
            options: [.flag("json", help: "Print JSON for scripts.")],
            examples: ["crmenv batches", "crmenv batches --json"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let environment = try context.workspace(parsed).open(.test, access: .read)
        let batches = try BatchStore(connection: environment.connection).all()
        if parsed.flag("json") {
            context.console.print(try JSON.encode(batches))
            return
        }
        guard !batches.isEmpty else {
            context.console.print("No import batches in TEST")
            return
        }
        var table = TextTable([
            "BATCH", "KIND", "FILE", "LOADED", "BY", "NEW", "UPD", "SAME", "REJ", "PROMOTED",
        ])
        for batch in batches {
            table.append([
                String(batch.id), batch.kind, batch.fileName, String(batch.loadedAt.prefix(19)),
                batch.loadedBy, String(batch.counts.new), String(batch.counts.updated),
                String(batch.counts.unchanged), String(batch.counts.rejected),
                batch.promotionID ?? "-",
            ])
        }
        for line in table.lines() {
            context.console.print(line)
        }
    }
}

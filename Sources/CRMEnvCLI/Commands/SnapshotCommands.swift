import CRMEnv
import Foundation

/// `crmenv snapshot create`.
enum SnapshotCreateCommand {
    static let command = Command(
        spec: CommandSpec(
            ["snapshot", "create"],
            abstract: "Take a compressed, checksummed snapshot of an environment.",
            options: [
                .option("env", value: "env", help: "The environment: live (default) or test."),
                .option("label", value: "text", help: "A note to find the snapshot by."),
                .option(
                    "level", value: "n",
                    help:
                        "Deflate level 1 (fastest) to 9 (smallest); default 4, chosen by measurement."
                ),
                .option("by", value: "name", help: "Who takes it (default: your user name)."),
                .flag("json", help: "Print the manifest as JSON."),
            ],
            examples: ["crmenv snapshot create --label \"before go-live\""]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let name = try parsed.environment(default: .live)
        let level = try parsed.integer("level")
        if let level, !(1...9).contains(level) {
            throw parsed.invalid(String(level), for: "level", expected: "a level from 1 to 9")
        }
        let workspace = try context.workspace(parsed)
        let bar = ProgressBar(console: context.console, label: "snapshot of \(name.title)")
        let manifest = try workspace.createSnapshot(
            of: name, label: parsed.option("label"), by: parsed.who(context),
            level: level.map(Int32.init), progress: bar.update)
        bar.finish()
        if parsed.flag("json") {
            context.console.print(try JSON.encode(manifest))
            return
        }
        context.console.print(
            "Snapshot \(manifest.id) of \(name.title): \(ByteCount.text(manifest.uncompressedSize)) "
                + "compressed to \(ByteCount.text(manifest.compressedSize)), CRC-32 "
                + manifest.crc32Hex)
    }
}

/// `crmenv snapshot list`.
enum SnapshotListCommand {
    static let command = Command(
        spec: CommandSpec(
            ["snapshot", "list"],
            abstract: "List the snapshots, oldest first.",
            options: [
                .option("env", value: "env", help: "Only snapshots of this environment."),
                .flag("json", help: "Print JSON for scripts."),
            ],
            examples: ["crmenv snapshot list --env live"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let filter = try parsed.option("env") == nil ? nil : parsed.environment()
        let workspace = try context.workspace(parsed)
        let (all, damaged) = try workspace.snapshotStore.list()
        let snapshots = all.filter { filter == nil || $0.environment == filter }
        if parsed.flag("json") {
            context.console.print(try JSON.encode(snapshots))
        } else if snapshots.isEmpty {
            context.console.print("No snapshots")
        } else {
            var table = TextTable(["ID", "ENV", "CREATED", "REASON", "SIZE", "VERIFIED", "LABEL"])
            for manifest in snapshots {
                table.append([
                    manifest.id, manifest.environment.rawValue,
                    String(manifest.created.prefix(19)), manifest.reason.rawValue,
                    ByteCount.text(manifest.compressedSize),
                    manifest.verified.map { String($0.prefix(10)) } ?? "-", manifest.label ?? "",
                ])
            }
            for line in table.lines() { context.console.print(line) }
        }
        for problem in damaged {
            context.console.note("Warning: \(problem)")
        }
    }
}

/// `crmenv snapshot show`.
enum SnapshotShowCommand {
    static let command = Command(
        spec: CommandSpec(
            ["snapshot", "show"],
            abstract:
                "Show a snapshot's manifest: environment, time, label, sizes, checksums, rows per table.",
            arguments: [
                ArgumentSpec("id", help: "A snapshot id, a unique start of one, or 'latest'.")
            ],
            options: [.flag("json", help: "Print the manifest as JSON.")],
            examples: ["crmenv snapshot show latest", "crmenv snapshot show 20261204-2015"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let manifest = try workspace.snapshotStore.resolve(parsed.argument("id"))
        if parsed.flag("json") {
            context.console.print(try JSON.encode(manifest))
            return
        }
        let console = context.console
        console.print("Snapshot     \(manifest.id)")
        console.print("Environment  \(manifest.environment.title)")
        console.print("Created      \(manifest.created) by \(manifest.by)")
        console.print("Reason       \(manifest.reason.rawValue)")
        if let label = manifest.label { console.print("Label        \(label)") }
        console.print("Schema       v\(manifest.schemaVersion)")
        console.print(
            "Size         \(manifest.uncompressedSize) bytes, \(manifest.compressedSize) compressed "
                + "(level \(manifest.compressionLevel))")
        console.print("CRC-32       \(manifest.crc32Hex)")
        console.print("SHA-256      \(manifest.sha256)")
        console.print(
            "Verified     \(manifest.verified ?? "not yet ('crmenv snapshot verify \(manifest.id)')")"
        )
        console.print("File         \(workspace.snapshotStore.imagePath(manifest.id))")
        console.print("Rows:")
        var table = TextTable(["  TABLE", "ROWS"])
        for (table_, count) in manifest.rowCounts.sorted(by: { $0.key < $1.key })
        where !Schema.isBookkeeping(table_) {
            table.append(["  " + table_, String(count)])
        }
        for line in table.lines().dropFirst() { console.print(line) }
    }
}

/// `crmenv snapshot verify`.
enum SnapshotVerifyCommand {
    static let command = Command(
        spec: CommandSpec(
            ["snapshot", "verify"],
            abstract:
                "Check snapshots: re-inflate, size and checksums, integrity and foreign keys, schema.",
            arguments: [
                ArgumentSpec(
                    "id", help: "A snapshot id, a unique start of one, or 'latest'.", optional: true
                )
            ],
            options: [.flag("all", help: "Verify every snapshot.")],
            examples: ["crmenv snapshot verify latest", "crmenv snapshot verify --all"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        let workspace = try context.workspace(parsed)
        let manifests: [SnapshotManifest]
        switch (parsed.optionalArgument("id"), parsed.flag("all")) {
        case (let id?, false):
            manifests = [try workspace.snapshotStore.resolve(id)]
        case (nil, true):
            manifests = try workspace.snapshotStore.list().snapshots
        case (nil, false):
            throw UsageError("give a snapshot id, 'latest', or --all", command: parsed.spec.path)
        case (_?, true):
            throw UsageError("give a snapshot id or --all, not both", command: parsed.spec.path)
        }
        let bar = ProgressBar(console: context.console, label: "verify")
        let results = try workspace.verifySnapshots(manifests, progress: bar.update)
        bar.finish()
        var failures = 0
        for (manifest, error) in results {
            if let error {
                failures += 1
                context.console.print("FAILED  \(manifest.id): \(error.description)")
            } else {
                context.console.print("ok      \(manifest.id)")
            }
        }
        if failures > 0 {
            throw CRMEnvError.verificationFailed(failed: failures, of: results.count)
        }
    }
}

/// `crmenv snapshot prune`.
enum SnapshotPruneCommand {
    static let command = Command(
        spec: CommandSpec(
            ["snapshot", "prune"],
            abstract:
                "Remove old snapshots, keeping the newest N of each environment and every one still needed.",
            options: [
                .option(
                    "keep", value: "n", help: "How many of the newest snapshots to keep (required)."
                ),
                .option("env", value: "env", help: "Only prune this environment's snapshots."),
                .option("by", value: "name", help: "Who prunes (default: your user name)."),
            ],
            discussion:
                "Never removed: the newest verified snapshot of an environment, TEST's base, "
                + "and the pre-promotion snapshot of a promotion still in LIVE.",
            examples: ["crmenv snapshot prune --keep 10"]),
        run: run)

    static func run(_ parsed: ParsedCommand, _ context: CommandContext) throws {
        guard let keep = try parsed.integer("keep") else {
            throw UsageError("missing option '--keep <n>'", command: parsed.spec.path)
        }
        guard keep >= 0 else {
            throw parsed.invalid(
                String(keep), for: "keep", expected: "a number of snapshots, 0 or more")
        }
        let filter = try parsed.option("env") == nil ? nil : parsed.environment()
        let workspace = try context.workspace(parsed)
        let report = try workspace.pruneSnapshots(
            keep: keep, environment: filter, by: parsed.who(context))
        for id in report.removed { context.console.print("removed  \(id)") }
        for (id, reason) in report.protected.sorted(by: { $0.key < $1.key }) {
            context.console.print("kept     \(id): \(reason)")
        }
        if report.removed.isEmpty { context.console.print("Nothing to remove") }
    }
}

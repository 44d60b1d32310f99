import CRMEnv
import Foundation

/// The crmenv command line: finds the command, parses and validates the whole line, runs it,
/// prints, and decides the exit status. Every decision about data lives in the library.
public enum CLI {
    /// Exit statuses, decided here only.
    public enum ExitStatus: Int32 {
        case success = 0
        case failure = 1
        case usage = 64
    }

    /// Every command, in the order help lists them.
    static let commands: [Command] = [
        InitCommand.command,
        ValuesListCommand.command,
        ValuesAddCommand.command,
        ValuesSetCommand.command,
        ValuesRetireCommand.command,
        ValuesRenameCommand.command,
        ValuesImportCommand.command,
        ImportCommand.command,
        BatchesCommand.command,
        OnboardStatusCommand.command,
        OnboardRunCommand.command,
        DiffCommand.command,
        ChangesCommand.command,
        VetCommand.command,
        UnvetCommand.command,
        PromoteCommand.command,
        UndoCommand.command,
        SnapshotCreateCommand.command,
        SnapshotListCommand.command,
        SnapshotShowCommand.command,
        SnapshotVerifyCommand.command,
        SnapshotPruneCommand.command,
        RefreshCommand.command,
        RollbackCommand.command,
        LogCommand.command,
        DemoCommand.command,
        VersionCommand.command,
    ]

    static var specs: [CommandSpec] { commands.map(\.spec) }

    /// Runs crmenv for this process and returns the exit status.
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst()))
        -> Int32
    {
        let environment = ProcessInfo.processInfo.environment
        let context = CommandContext(
            console: .standard(environment: environment), environment: environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
        return run(arguments, context: context).rawValue
    }

    /// Runs one command line in `context`.
    static func run(_ words: [String], context: CommandContext) -> ExitStatus {
        let parser = ArgumentParser(commands: specs)
        var spec: CommandSpec?
        do {
            // Common options may come before the command: `crmenv --root ws values list`.
            let (leading, words) = try parser.splitLeadingCommonOptions(words)
            switch try parser.resolve(words) {
            case .help(let topic):
                try printHelp(topic, parser: parser, context: context)
                return .success
            case .group(let prefix):
                context.console.print(Help.group(prefix, specs))
                return .success
            case .command(let found, let rest):
                spec = found
                let parsed = try parser.parse(rest + leading, for: found)
                if parsed.flag("help") {
                    context.console.print(Help.command(found))
                    return .success
                }
                guard let command = commands.first(where: { $0.spec.path == found.path }) else {
                    return .failure
                }
                try command.run(parsed, context)
                return .success
            }
        } catch let error as UsageError {
            context.console.note(Help.usageError(error, spec: spec))
            return .usage
        } catch let error as CRMEnvError {
            context.console.note("Error: \(error.description)")
            return .failure
        } catch let error as SQLiteError {
            context.console.note("Error: \(error.description)")
            return .failure
        } catch {
            context.console.note("Error: \(error)")
            return .failure
        }
    }

    private static func printHelp(
        _ topic: [String], parser: ArgumentParser, context: CommandContext
    ) throws {
        if topic.isEmpty {
            context.console.print(Help.root(specs))
        } else if let spec = specs.first(where: { $0.path == topic }) {
            context.console.print(Help.command(spec))
        } else {
            context.console.print(Help.group(topic, specs))
        }
    }
}

/// One command: its spec (for parsing and help) and what it does.
struct Command: Sendable {
    let spec: CommandSpec
    let run: @Sendable (ParsedCommand, CommandContext) throws -> Void
}

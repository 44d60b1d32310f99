import CRMEnv
import Foundation

/// What a command runs with: the console, the process environment, the current folder.
final class CommandContext {
    let console: Console
    let environment: [String: String]
    let currentDirectory: String

    init(console: Console, environment: [String: String], currentDirectory: String) {
        self.console = console
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The operating-system user, for audit entries without `--by`.
    var userName: String {
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty {
            return user
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid \(geteuid())"
    }

    /// The workspace the command works in (`--root`, `$CRMENV_HOME`, or the current folder).
    /// Leftovers of an interrupted command are cleaned up here, by the next command, and said.
    func workspace(_ parsed: ParsedCommand) throws -> Workspace {
        let workspace = try Workspace.locate(
            rootOption: parsed.option("root"), environment: environment,
            currentDirectory: currentDirectory)
        for note in workspace.recoverInterruptedWork() {
            console.note("Note: " + note)
        }
        return workspace
    }

    /// `path` made absolute against the current folder.
    func absolutePath(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}

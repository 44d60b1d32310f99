import CRMEnvTestSupport
import Foundation

@testable import CRMEnvCLI

/// The result of running one command line in-process.
struct CLIResult {
    let status: CLI.ExitStatus
    let output: String
    let error: String

    /// Standard error's lines.
    var errorLines: [String] { error.split(separator: "\n").map(String.init) }
}

/// Runs crmenv in-process in `folder`, capturing both streams.
final class CLIRunner {
    let folder: TemporaryDirectory
    var environment: [String: String]

    init(_ folder: TemporaryDirectory, environment: [String: String] = ["USER": "tester"]) {
        self.folder = folder
        self.environment = environment
    }

    @discardableResult
    func run(_ words: String...) -> CLIResult {
        run(words)
    }

    @discardableResult
    func run(_ words: [String]) -> CLIResult {
        let output = Buffer()
        let error = Buffer()
        let console = Console(
            output: { output.append($0) }, error: { error.append($0) },
            isOutputTerminal: false, isErrorTerminal: false, environment: environment)
        let context = CommandContext(
            console: console, environment: environment, currentDirectory: folder.path)
        let status = CLI.run(words, context: context)
        return CLIResult(status: status, output: output.text, error: error.text)
    }

    private final class Buffer {
        var text = ""
        func append(_ piece: String) { text += piece }
    }
}

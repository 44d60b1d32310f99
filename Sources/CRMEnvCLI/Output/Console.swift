import Foundation

/// Where a command's text goes: results to standard output, everything else to standard error.
///
/// Writes go through `FileHandle` (the C globals `stdout`/`stderr` are not concurrency-safe),
/// or into buffers when the CLI runs inside a test.
final class Console {
    private let writeOutput: (String) -> Void
    private let writeError: (String) -> Void
    /// True when standard output is a terminal.
    let isOutputTerminal: Bool
    /// True when standard error is a terminal (progress bars go there only then).
    let isErrorTerminal: Bool
    /// True when results may be coloured: standard output is a terminal and NO_COLOR is unset.
    let usesColor: Bool

    init(
        output: @escaping (String) -> Void, error: @escaping (String) -> Void,
        isOutputTerminal: Bool, isErrorTerminal: Bool, environment: [String: String]
    ) {
        self.writeOutput = output
        self.writeError = error
        self.isOutputTerminal = isOutputTerminal
        self.isErrorTerminal = isErrorTerminal
        self.usesColor = isOutputTerminal && environment["NO_COLOR"] == nil
    }

    /// The process's own standard output and error.
    static func standard(environment: [String: String]) -> Console {
        Console(
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            error: { FileHandle.standardError.write(Data($0.utf8)) },
            isOutputTerminal: isatty(STDOUT_FILENO) == 1,
            isErrorTerminal: isatty(STDERR_FILENO) == 1,
            environment: environment)
    }

    /// Writes a line of results to standard output.
    func print(_ line: String = "") {
        writeOutput(line + "\n")
    }

    /// Writes text to standard output as it is.
    func write(_ text: String) {
        writeOutput(text)
    }

    /// Writes a line of commentary (progress, notes, warnings) to standard error.
    func note(_ line: String) {
        writeError(line + "\n")
    }

    /// Writes raw text to standard error (progress bars redraw with `\r`).
    func errorText(_ text: String) {
        writeError(text)
    }

    /// `text` in bold when colour is on.
    func bold(_ text: String) -> String {
        usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// `text` in a colour when colour is on.
    func colored(_ text: String, _ color: Color) -> String {
        usesColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum Color: Int {
        case red = 31
        case green = 32
        case yellow = 33
        case cyan = 36
        case dim = 2
    }
}

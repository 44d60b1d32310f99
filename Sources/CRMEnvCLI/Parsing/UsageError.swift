/// A command line crmenv cannot run: it is reported with the usage and exit status 64.
struct UsageError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, naming the offending words in single quotes.
    let message: String
    /// The command whose usage to show, when known.
    let command: [String]?

    init(_ message: String, command: [String]? = nil) {
        self.message = message
        self.command = command
    }

    var description: String { message }
}

/// A named option of a command: a flag (`--json`) or an option with a value (`--env live`).
struct OptionSpec: Sendable {
    /// The long name without dashes (`env`).
    let name: String
    /// A one-letter alias (`h` for `-h`), rarely used.
    let short: Character?
    /// The value's placeholder (`env`), or nil for a flag.
    let valueName: String?
    let help: String
    /// True when the option may be given several times (`--remap a --remap b`).
    let isRepeatable: Bool

    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, help: help, isRepeatable: false)
    }

    static func option(
        _ name: String, value: String, help: String, repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, short: nil, valueName: value, help: help, isRepeatable: repeatable)
    }

    var isFlag: Bool { valueName == nil }

    /// `--env <env>` or `--json`.
    var synopsis: String {
        if let valueName {
            return "--\(name) <\(valueName)>"
        }
        return "--\(name)"
    }
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
    let name: String
    let help: String
    let isOptional: Bool
    /// True for a last argument that takes every remaining word.
    let isRepeating: Bool

    init(_ name: String, help: String, optional: Bool = false, repeating: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = optional
        self.isRepeating = repeating
    }

    var synopsis: String {
        var text = "<\(name)>"
        if isRepeating { text += " ..." }
        return isOptional ? "[\(text)]" : text
    }
}

/// Everything about one command that help and parsing need; help is generated from it, so it
/// cannot drift from what the parser accepts.
struct CommandSpec: Sendable {
    /// The words that name the command (`["values", "add"]`).
    let path: [String]
    /// One sentence starting with a verb.
    let abstract: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]
    /// More text for help, after the abstract.
    let discussion: String?
    let examples: [String]

    init(
        _ path: [String], abstract: String, arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], discussion: String? = nil, examples: [String] = []
    ) {
        self.path = path
        self.abstract = abstract
        self.arguments = arguments
        self.options = options
        self.discussion = discussion
        self.examples = examples
    }

    /// `values add`.
    var name: String { path.joined(separator: " ") }

    /// Options every command accepts.
    static let commonOptions: [OptionSpec] = [
        .option(
            "root", value: "dir",
            help: "The workspace folder (default: $CRMENV_HOME, else the current folder)."),
        .flag("help", short: "h", help: "Show help for this command."),
    ]

    /// The command's options followed by the common ones.
    var allOptions: [OptionSpec] { options + CommandSpec.commonOptions }

    /// `crmenv values add <list> <code> <description> [--chance <n>] ...`.
    var usage: String {
        var words = ["crmenv"] + path + arguments.map(\.synopsis)
        for option in options {
            words.append("[\(option.synopsis)]")
        }
        return words.joined(separator: " ")
    }
}

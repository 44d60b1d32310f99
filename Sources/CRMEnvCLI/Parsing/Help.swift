/// Generates help text from the command table, so that help and parsing never disagree.
enum Help {
    static let width = 80
    static let indent = 26

    static let exitStatus = """
        EXIT STATUS:
          0   success
          1   failure: the reason is one line on standard error
          64  bad command line: unknown command or option, missing or invalid argument
        """

    /// Help for the whole tool: every command with its abstract.
    static func root(_ commands: [CommandSpec]) -> String {
        var lines = [
            "OVERVIEW: Practise CRM onboarding in TEST, then move exactly what you vetted to LIVE,",
            "with a way back.",
            "",
            "USAGE: crmenv <command> [<arguments>] [<options>]",
            "",
            "COMMANDS:",
        ]
        for command in commands where command.path != ["version"] {
            lines += entry(command.name, command.abstract)
        }
        lines += [
            "",
            "See 'crmenv help <command>' for a command's arguments and options.",
            "Every command takes --root <dir> (the workspace; default $CRMENV_HOME, else the",
            "current folder) and --help.",
            "",
            exitStatus,
        ]
        return lines.joined(separator: "\n")
    }

    /// Help for a group of commands (`crmenv values`).
    static func group(_ prefix: [String], _ commands: [CommandSpec]) -> String {
        let members = commands.filter {
            $0.path.count > prefix.count && $0.path.starts(with: prefix)
        }
        var lines = [
            "USAGE: crmenv \(prefix.joined(separator: " ")) <command> [<arguments>] [<options>]",
            "",
            "COMMANDS:",
        ]
        for command in members {
            lines += entry(command.name, command.abstract)
        }
        lines += [
            "", "See 'crmenv help \(prefix.joined(separator: " ")) <command>' for details.",
        ]
        return lines.joined(separator: "\n")
    }

    /// Help for one command.
    static func command(_ spec: CommandSpec) -> String {
        var lines = ["OVERVIEW: \(spec.abstract)"]
        if let discussion = spec.discussion {
            lines +=
                [""]
                + discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
        }
        lines += ["", "USAGE: \(spec.usage)"]
        if !spec.arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for argument in spec.arguments {
                lines += entry(argument.synopsis, argument.help)
            }
        }
        lines += ["", "OPTIONS:"]
        for option in spec.allOptions {
            let name = option.short.map { "-\($0), \(option.synopsis)" } ?? option.synopsis
            lines += entry(name, option.help)
        }
        if !spec.examples.isEmpty {
            lines += ["", "EXAMPLES:"] + spec.examples.map { "  " + $0 }
        }
        lines += ["", exitStatus]
        return lines.joined(separator: "\n")
    }

    /// `  name                    text`, the text wrapped at the help width.
    static func entry(_ name: String, _ text: String) -> [String] {
        let wrapped = wrap(text, width: width - indent)
        var lines: [String] = []
        let label = "  " + name
        if label.count + 2 <= indent {
            let first = wrapped.first ?? ""
            lines.append(label + String(repeating: " ", count: indent - label.count) + first)
        } else {
            lines.append(label)
            if let first = wrapped.first {
                lines.append(String(repeating: " ", count: indent) + first)
            }
        }
        for line in wrapped.dropFirst() {
            lines.append(String(repeating: " ", count: indent) + line)
        }
        return lines
    }

    /// Splits `text` into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// What a usage error prints: the error, the usage, where to look.
    static func usageError(_ error: UsageError, spec: CommandSpec?) -> String {
        var lines = ["Error: \(error.message)"]
        if let spec {
            lines.append("Usage: \(spec.usage)")
            lines.append("  See 'crmenv help \(spec.name)'.")
        } else if let path = error.command {
            lines.append("Usage: crmenv \(path.joined(separator: " ")) <command> ...")
            lines.append("  See 'crmenv help \(path.joined(separator: " "))'.")
        } else {
            lines.append("Usage: crmenv <command> [<arguments>] [<options>]")
            lines.append("  See 'crmenv help'.")
        }
        return lines.joined(separator: "\n")
    }
}

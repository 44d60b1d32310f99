import CRMEnv

/// Turns argv into a command and its parsed options, validating the whole line before any work.
struct ArgumentParser {
    let commands: [CommandSpec]

    /// The outcome of finding a command.
    enum Resolution {
        /// A runnable command and the words after its name.
        case command(CommandSpec, [String])
        /// A group name alone (`values`): show the group's help.
        case group([String])
        /// Help was asked for (`help`, `--help`, `help values add`).
        case help([String])
    }

    /// Every command path prefix that names a group of commands (`["values"]`).
    var groups: Set<[String]> {
        var groups = Set<[String]>()
        for command in commands where command.path.count > 1 {
            for length in 1..<command.path.count {
                groups.insert(Array(command.path.prefix(length)))
            }
        }
        return groups
    }

    /// Separates common options given before the command name (`--root DIR`) from the rest.
    func splitLeadingCommonOptions(_ words: [String]) throws -> (leading: [String], rest: [String])
    {
        var leading: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--root" {
                guard index + 1 < words.count else {
                    throw UsageError("missing value for option '--root' (--root <dir>)")
                }
                leading += [word, words[index + 1]]
                index += 2
            } else if word.hasPrefix("--root=") {
                leading.append(word)
                index += 1
            } else {
                break
            }
        }
        return (leading, Array(words[index...]))
    }

    /// Finds the command named by the leading words of `words`.
    func resolve(_ words: [String]) throws -> Resolution {
        guard let first = words.first else { return .help([]) }
        if first == "help" {
            let topic = Array(words.dropFirst())
            _ = try resolveTopic(topic)
            return .help(topic)
        }
        if first == "--help" || first == "-h" {
            return .help([])
        }
        if first == "--version" {
            return .command(commands.first { $0.path == ["version"] } ?? commands[0], [])
        }
        // The longest command path that prefixes the words.
        var matched: CommandSpec?
        for command in commands where words.starts(with: command.path) {
            if matched == nil || command.path.count > (matched?.path.count ?? 0) {
                matched = command
            }
        }
        if let matched {
            let rest = Array(words.dropFirst(matched.path.count))
            return .command(matched, rest)
        }
        // A group, alone or followed by a word that is not one of its commands.
        var prefix: [String] = []
        for word in words {
            let candidate = prefix + [word]
            if groups.contains(candidate) {
                prefix = candidate
            } else {
                break
            }
        }
        if !prefix.isEmpty {
            let rest = words.dropFirst(prefix.count)
            guard let next = rest.first else { return .group(prefix) }
            if next == "--help" || next == "-h" {
                return .help(prefix)
            }
            let choices = subcommands(of: prefix)
            var message = "unknown \(prefix.joined(separator: " ")) command '\(next)'"
            if let near = Suggestion.nearest(to: next, in: choices) {
                message += "; did you mean '\(near)'?"
            } else {
                message += "; expected one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
            }
            throw UsageError(message, command: prefix)
        }
        if first.hasPrefix("-") {
            throw UsageError("expected a command before '\(first)'; see 'crmenv help'")
        }
        let names = Set(commands.compactMap(\.path.first)).sorted()
        var message = "unknown command '\(first)'"
        if let near = Suggestion.nearest(to: first, in: names) {
            message += "; did you mean '\(near)'?"
        }
        throw UsageError(message)
    }

    /// Checks a help topic names a command or a group.
    func resolveTopic(_ topic: [String]) throws -> [String] {
        if topic.isEmpty || groups.contains(topic) || commands.contains(where: { $0.path == topic })
        {
            return topic
        }
        let names = commands.map(\.name) + groups.map { $0.joined(separator: " ") }
        var message = "no help for '\(topic.joined(separator: " "))': there is no such command"
        if let near = Suggestion.nearest(to: topic.joined(separator: " "), in: names) {
            message += "; did you mean '\(near)'?"
        }
        throw UsageError(message)
    }

    /// The next words after `prefix` in the commands under it.
    func subcommands(of prefix: [String]) -> [String] {
        var seen: [String] = []
        for command in commands
        where command.path.count > prefix.count && command.path.starts(with: prefix) {
            let word = command.path[prefix.count]
            if !seen.contains(word) { seen.append(word) }
        }
        return seen
    }

    /// Parses the words after a command's name against its spec.
    func parse(_ words: [String], for spec: CommandSpec) throws -> ParsedCommand {
        var options: [String: [String]] = [:]
        var positionals: [String] = []
        var index = 0
        var onlyPositionals = false
        let known = spec.allOptions
        func fail(_ message: String) -> UsageError {
            UsageError(message, command: spec.path)
        }
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            var name: String
            var inlineValue: String?
            if word.hasPrefix("--") {
                name = String(word.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else if word.count == 2, let letter = word.last,
                let option = known.first(where: { $0.short == letter })
            {
                name = option.name
            } else if Double(word) != nil {
                // A negative number is a value, not an option.
                positionals.append(word)
                continue
            } else {
                throw fail("unknown option '\(word)'")
            }
            guard let option = known.first(where: { $0.name == name }) else {
                var message = "unknown option '--\(name)'"
                if let near = Suggestion.nearest(to: name, in: known.map(\.name)) {
                    message += "; did you mean '--\(near)'?"
                }
                throw fail(message)
            }
            if options[name] != nil && !option.isRepeatable {
                throw fail("option '--\(name)' is given more than once")
            }
            if option.isFlag {
                if inlineValue != nil {
                    throw fail("option '--\(name)' takes no value")
                }
                options[name, default: []].append("")
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < words.count,
                !(words[index].hasPrefix("--") && words[index].count > 2)
            {
                value = words[index]
                index += 1
            } else {
                throw fail("missing value for option '--\(name)' (\(option.synopsis))")
            }
            options[name, default: []].append(value)
        }
        if options["help"] != nil {
            return ParsedCommand(spec: spec, options: options, arguments: [:])
        }
        var arguments: [String: [String]] = [:]
        var remaining = positionals[...]
        for argument in spec.arguments {
            if argument.isRepeating {
                if remaining.isEmpty && !argument.isOptional {
                    throw fail("missing argument <\(argument.name)>")
                }
                arguments[argument.name] = Array(remaining)
                remaining = []
            } else if let word = remaining.first {
                arguments[argument.name] = [word]
                remaining = remaining.dropFirst()
            } else if !argument.isOptional {
                throw fail("missing argument <\(argument.name)>")
            }
        }
        if let extra = remaining.first {
            throw fail("unexpected argument '\(extra)'")
        }
        return ParsedCommand(spec: spec, options: options, arguments: arguments)
    }
}

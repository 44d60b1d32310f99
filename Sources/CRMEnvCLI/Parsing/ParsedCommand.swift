import CRMEnv
import Foundation

/// A command line parsed against its command's spec: options and arguments by name.
struct ParsedCommand {
    let spec: CommandSpec
    /// Values of options, by long name; flags have an empty string per occurrence.
    let options: [String: [String]]
    /// Positional arguments, by argument name.
    let arguments: [String: [String]]

    /// True when the flag was given.
    func flag(_ name: String) -> Bool {
        options[name] != nil
    }

    /// The value of an option given at most once.
    func option(_ name: String) -> String? {
        options[name]?.last
    }

    /// Every value of a repeatable option, in order.
    func options(_ name: String) -> [String] {
        options[name] ?? []
    }

    /// A required positional argument (the parser has checked it is there).
    func argument(_ name: String) -> String {
        arguments[name]?.first ?? ""
    }

    /// An optional positional argument.
    func optionalArgument(_ name: String) -> String? {
        arguments[name]?.first
    }

    /// Every word of a repeating argument.
    func repeatingArgument(_ name: String) -> [String] {
        arguments[name] ?? []
    }

    /// The error for a bad value of option `name`.
    func invalid(_ value: String, for name: String, expected: String) -> UsageError {
        UsageError(
            "invalid value '\(value)' for '--\(name)': expected \(expected)", command: spec.path)
    }

    /// An integer option, checked to be a whole number.
    func integer(_ name: String) throws -> Int? {
        guard let text = option(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw invalid(text, for: name, expected: "a whole number")
        }
        return value
    }

    /// An option whose value must be one of `choices`.
    func choice(_ name: String, in choices: [String]) throws -> String? {
        guard let text = option(name) else { return nil }
        guard choices.contains(text) else {
            var expected = "one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
            if let near = Suggestion.nearest(to: text, in: choices) {
                expected += " (did you mean '\(near)'?)"
            }
            throw invalid(text, for: name, expected: expected)
        }
        return text
    }

    /// The `--env` option as an environment name (TEST when absent).
    func environment(default fallback: EnvironmentName = .test) throws -> EnvironmentName {
        guard let text = try choice("env", in: EnvironmentName.allCases.map(\.rawValue)) else {
            return fallback
        }
        return EnvironmentName(rawValue: text) ?? fallback
    }

    /// The `--by` option, else the operating-system user.
    func who(_ context: CommandContext) -> String {
        if let by = option("by")?.trimmingCharacters(in: .whitespaces), !by.isEmpty {
            return by
        }
        return context.userName
    }
}

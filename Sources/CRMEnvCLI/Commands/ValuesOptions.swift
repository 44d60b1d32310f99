import CRMEnv

/// Arguments and options the `values` commands share.
enum ValuesOptions {
    static let listArgument = ArgumentSpec(
        "list",
        help: "The value list: "
            + ValueList.allCases.map(\.name).joined(separator: ", ") + ".")

    static let environment = OptionSpec.option(
        "env", value: "env",
        help: "The environment: test (default) or live. Only TEST can be changed.")

    static let outcome = OptionSpec.option(
        "outcome", value: "outcome",
        help: "opportunity-status only: open (default), won or lost.")

    static let chance = OptionSpec.option(
        "chance", value: "percent", help: "opportunity-stage only: chance to close, 0 to 100.")

    static let sequence = OptionSpec.option(
        "sequence", value: "n", help: "opportunity-stage only: the stage's place in the order.")

    static let remap = OptionSpec.option(
        "remap", value: "list:old=new",
        help: "Move the records that use OLD to NEW in the same step.")

    /// `--remap`, parsed.
    static func remap(_ parsed: ParsedCommand) throws -> Remap? {
        guard let text = parsed.option("remap") else { return nil }
        do {
            return try Remap.parse(text)
        } catch let error as CRMEnvError {
            throw UsageError(error.description, command: parsed.spec.path)
        }
    }

    /// The list a user named, or a usage error suggesting the nearest list.
    static func list(_ parsed: ParsedCommand) throws -> ValueList {
        let name = parsed.argument("list")
        do {
            return try ValueList.named(name)
        } catch let error as CRMEnvError {
            throw UsageError(error.description, command: parsed.spec.path)
        }
    }

    static func outcome(_ parsed: ParsedCommand) throws -> DropdownValue.Outcome? {
        try parsed.choice("outcome", in: DropdownValue.Outcome.allCases.map(\.rawValue))
            .flatMap(DropdownValue.Outcome.init)
    }

    /// Opens TEST for a values change; `--env live` is refused by the library.
    static func openForChange(
        _ parsed: ParsedCommand, _ context: CommandContext, action: String
    ) throws -> Environment {
        let name = try parsed.environment()
        return try context.workspace(parsed).openForDataEntry(
            name, action: action, holder: "crmenv \(parsed.spec.name)")
    }

    /// One value as a row of text.
    static func cells(_ value: DropdownValue, list: ValueList) -> [String] {
        var cells = [value.code, value.description]
        for column in list.extraColumns {
            switch column {
            case .outcome: cells.append(value.outcome?.rawValue ?? "")
            case .chanceToClose: cells.append(value.chanceToClose.map { "\($0)%" } ?? "")
            case .sequence: cells.append(value.sequence.map(String.init) ?? "")
            }
        }
        cells.append(value.isActive ? "active" : "retired")
        return cells
    }

    static func header(for list: ValueList) -> [String] {
        var header = ["CODE", "DESCRIPTION"]
        for column in list.extraColumns {
            switch column {
            case .outcome: header.append("OUTCOME")
            case .chanceToClose: header.append("CHANCE")
            case .sequence: header.append("SEQUENCE")
            }
        }
        return header + ["STATE"]
    }
}

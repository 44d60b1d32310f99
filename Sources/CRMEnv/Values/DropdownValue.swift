/// One value of a dropdown list, as stored in its table.
public struct DropdownValue: Equatable, Hashable, Sendable, Codable {
    /// Whether an opportunity status is open, won or lost: decides which reason applies.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case open, won, lost
    }

    /// The business code (`NEW`, `QUAL`): at most 15 characters, no outer spaces.
    public var code: String
    public var description: String
    /// False once retired: kept for the records that use it, not offered for new ones.
    public var isActive: Bool
    /// Opportunity statuses only.
    public var outcome: Outcome?
    /// Opportunity stages only: 0 to 100.
    public var chanceToClose: Int?
    /// Opportunity stages only: the order of the stages.
    public var sequence: Int?

    public init(
        code: String, description: String, isActive: Bool = true, outcome: Outcome? = nil,
        chanceToClose: Int? = nil, sequence: Int? = nil
    ) {
        self.code = code
        self.description = description
        self.isActive = isActive
        self.outcome = outcome
        self.chanceToClose = chanceToClose
        self.sequence = sequence
    }

    /// The longest code a list accepts.
    public static let maximumCodeLength = 15

    enum CodingKeys: String, CodingKey {
        case code, description
        case isActive = "active"
        case outcome
        case chanceToClose = "chance_to_close"
        case sequence
    }

    /// Checks a code's syntax.
    ///
    /// - returns: nil when the code is valid, else the reason it is not (for a message).
    public static func problem(withCode code: String) -> String? {
        if code.isEmpty {
            return "the code is empty"
        }
        if code.count > maximumCodeLength {
            return "the code has \(code.count) characters; at most \(maximumCodeLength) are allowed"
        }
        if code.first?.isWhitespace == true || code.last?.isWhitespace == true {
            return "the code has a leading or trailing space"
        }
        if code.contains(where: { $0.isNewline || $0 == "\u{0}" }) {
            return "the code contains a line break or NUL"
        }
        return nil
    }

    /// Checks everything about the value for `list` that can be checked without a database.
    ///
    /// - returns: every problem found, for a message; empty when the value is valid.
    public func problems(for list: ValueList) -> [String] {
        var problems: [String] = []
        if let problem = DropdownValue.problem(withCode: code) {
            problems.append(problem)
        }
        if description.allSatisfy(\.isWhitespace) {
            problems.append("the description is empty")
        }
        if let chanceToClose, !(0...100).contains(chanceToClose) {
            problems.append("chance to close \(chanceToClose) is outside 0–100")
        }
        if let sequence, sequence < 0 {
            problems.append("sequence \(sequence) is negative")
        }
        if list != .opportunityStatus && outcome != nil {
            problems.append("only opportunity-status values have an outcome")
        }
        if list != .opportunityStage && (chanceToClose != nil || sequence != nil) {
            problems.append("only opportunity-stage values have a chance to close and a sequence")
        }
        return problems
    }
}

/// The eight dropdown lists of step 1 of the onboarding sequence.
public enum ValueList: String, CaseIterable, Sendable, Codable {
    case leadStatus = "lead-status"
    case opportunityStatus = "opportunity-status"
    case opportunitySource = "opportunity-source"
    case opportunityStage = "opportunity-stage"
    case wonReason = "won-reason"
    case lostReason = "lost-reason"
    case taskType = "task-type"
    case territory = "territory"

    /// The name users type (`lead-status`).
    public var name: String { rawValue }

    /// The table that holds the list (`lead_status`).
    public var table: String {
        switch self {
        case .leadStatus: return "lead_status"
        case .opportunityStatus: return "opportunity_status"
        case .opportunitySource: return "opportunity_source"
        case .opportunityStage: return "opportunity_stage"
        case .wonReason: return "won_reason"
        case .lostReason: return "lost_reason"
        case .taskType: return "task_type"
        case .territory: return "territory"
        }
    }

    /// The list's title as the vendor's documentation writes it.
    public var title: String {
        switch self {
        case .leadStatus: return "Lead Statuses"
        case .opportunityStatus: return "Opportunity Statuses"
        case .opportunitySource: return "Opportunity Sources"
        case .opportunityStage: return "Opportunity Stages"
        case .wonReason: return "Opportunity Won Reasons"
        case .lostReason: return "Opportunity Lost Reasons"
        case .taskType: return "Opportunity Task Types"
        case .territory: return "Territories"
        }
    }

    /// Lead and Opportunity Statuses must have values before any CRM data; the rest are optional.
    public var isRequired: Bool {
        self == .leadStatus || self == .opportunityStatus
    }

    /// The columns this list has beyond code, description and active.
    public var extraColumns: [ValueColumn] {
        switch self {
        case .opportunityStatus: return [.outcome]
        case .opportunityStage: return [.chanceToClose, .sequence]
        default: return []
        }
    }

    /// The record columns that hold a code of this list: what a rename or retire affects.
    public var usages: [ColumnReference] {
        switch self {
        case .leadStatus:
            return [ColumnReference(table: "lead", column: "status")]
        case .opportunityStatus:
            return [ColumnReference(table: "opportunity", column: "status")]
        case .opportunitySource:
            return [
                ColumnReference(table: "lead", column: "source"),
                ColumnReference(table: "opportunity", column: "source"),
            ]
        case .opportunityStage:
            return [ColumnReference(table: "opportunity", column: "stage")]
        case .wonReason:
            return [ColumnReference(table: "opportunity", column: "won_reason")]
        case .lostReason:
            return [ColumnReference(table: "opportunity", column: "lost_reason")]
        case .taskType:
            return [ColumnReference(table: "opportunity_task", column: "task_type")]
        case .territory:
            return [
                ColumnReference(table: "customer", column: "territory"),
                ColumnReference(table: "prospect", column: "territory"),
            ]
        }
    }

    /// The list whose table is `table`.
    public init?(table: String) {
        guard let list = Self.byTable[table] else { return nil }
        self = list
    }

    private static let byTable = Dictionary(
        uniqueKeysWithValues: ValueList.allCases.map { ($0.table, $0) })

    /// Finds the list a user named, accepting the table spelling too (`lead_status`).
    ///
    /// - throws: `CRMEnvError.unknownList` with the nearest valid name as a suggestion.
    public static func named(_ name: String) throws -> ValueList {
        let normalized = name.lowercased().replacingAll("_", with: "-")
        if let list = ValueList(rawValue: normalized) {
            return list
        }
        let suggestion = Suggestion.nearest(to: normalized, in: allCases.map(\.name))
        throw CRMEnvError.unknownList(name: name, suggestion: suggestion)
    }
}

/// One column of one table.
public struct ColumnReference: Hashable, Sendable, Codable {
    public let table: String
    public let column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}

/// A column some lists have beyond code, description and active.
public enum ValueColumn: String, Sendable, CaseIterable {
    case outcome
    case chanceToClose = "chance_to_close"
    case sequence
}

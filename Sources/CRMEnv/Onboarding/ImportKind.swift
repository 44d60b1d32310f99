/// What an import file holds, in the order of the onboarding sequence.
public enum ImportKind: String, CaseIterable, Sendable, Codable {
    case contacts
    case prospects
    case prospectContacts = "prospect-contacts"
    case customers
    case customerContacts = "customer-contacts"
    case leads
    case opportunities
    case opportunityTasks = "opportunity-tasks"
    case quotes
    case quoteLines = "quote-lines"

    /// The name users type (`prospect-contacts`).
    public var name: String { rawValue }

    /// The onboarding step the kind belongs to (2 to 5).
    public var step: Int {
        switch self {
        case .contacts: return 2
        case .prospects, .prospectContacts: return 3
        case .customers, .customerContacts: return 4
        case .leads, .opportunities, .opportunityTasks, .quotes, .quoteLines: return 5
        }
    }

    /// The table the kind's rows go to.
    public var table: String {
        switch self {
        case .contacts: return "sales_contact"
        case .prospects: return "prospect"
        case .prospectContacts: return "prospect_contact"
        case .customers: return "customer"
        case .customerContacts: return "customer_contact"
        case .leads: return "lead"
        case .opportunities: return "opportunity"
        case .opportunityTasks: return "opportunity_task"
        case .quotes: return "quote"
        case .quoteLines: return "quote_line"
        }
    }

    /// What one row is called in reports ("contact", "opportunity task").
    public var rowNoun: String {
        switch self {
        case .contacts: return "contact"
        case .prospects: return "prospect"
        case .prospectContacts: return "prospect contact"
        case .customers: return "customer"
        case .customerContacts: return "customer contact"
        case .leads: return "lead"
        case .opportunities: return "opportunity"
        case .opportunityTasks: return "opportunity task"
        case .quotes: return "quote"
        case .quoteLines: return "quote line"
        }
    }

    /// The kind a user named, or an error suggesting the nearest.
    public static func named(_ name: String) throws -> ImportKind {
        let normalized = name.lowercased().replacingAll("_", with: "-")
        if let kind = ImportKind(rawValue: normalized) {
            return kind
        }
        let singular = allCases.first { $0.rawValue.hasPrefix(normalized) && normalized.count > 3 }
        if let singular { return singular }
        throw CRMEnvError.unknownImportKind(
            name: name, suggestion: Suggestion.nearest(to: normalized, in: allCases.map(\.name)))
    }
}

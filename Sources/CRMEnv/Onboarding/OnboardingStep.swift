/// The six steps of the vendor's CRM onboarding sequence.
public enum OnboardingStep: Int, CaseIterable, Sendable, Codable {
    case dropdownValues = 1
    case salesContacts = 2
    case prospects = 3
    case customerContacts = 4
    case salesRecords = 5
    case goLive = 6

    /// The step's name as the checklist shows it.
    public var title: String {
        switch self {
        case .dropdownValues: return "Dropdown values"
        case .salesContacts: return "Sales contacts"
        case .prospects: return "Prospects and their contacts"
        case .customerContacts: return "Customers' contacts"
        case .salesRecords: return "Leads, opportunities, tasks and quotes"
        case .goLive: return "Go live"
        }
    }
}

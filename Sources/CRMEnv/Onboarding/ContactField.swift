import Foundation

/// A field of a sales contact: the `sales_contact` column it fills.
///
/// Mapping files (`--mapping`) name these fields by their raw value.
public enum ContactField: String, CaseIterable, Sendable, Codable {
    case salutation
    case firstName = "first_name"
    case middleName = "middle_name"
    case lastName = "last_name"
    case suffix
    case jobTitle = "job_title"
    case company
    case department
    case email1
    case email2
    case email3
    case businessPhone = "business_phone"
    case homePhone = "home_phone"
    case mobilePhone = "mobile_phone"
    case street
    case city
    case state
    case postalCode = "postal_code"
    case country
    case notes

    /// The column of `sales_contact` (the same as the raw value).
    public var column: String { rawValue }

    /// An example value, for `import --template contacts`.
    var example: String {
        switch self {
        case .salutation: return "Ms."
        case .firstName: return "Dana"
        case .middleName: return "J."
        case .lastName: return "Whitfield"
        case .suffix: return ""
        case .jobTitle: return "Purchasing Manager"
        case .company: return "Northwind Pumps Ltd."
        case .department: return "Purchasing"
        case .email1: return "dana.whitfield@northwind.example.com"
        case .email2: return ""
        case .email3: return ""
        case .businessPhone: return "+1 555 0100"
        case .homePhone: return ""
        case .mobilePhone: return "+1 555 0101"
        case .street: return "12 Harbor Road"
        case .city: return "Portland"
        case .state: return "ME"
        case .postalCode: return "04101"
        case .country: return "USA"
        case .notes: return "Met at the spring trade show"
        }
    }
}

/// A contact as read from one row or card, before it is matched against TEST.
public struct ContactDraft: Equatable, Sendable {
    /// Field values; absent means empty.
    public var values: [ContactField: String] = [:]
    /// Where the row or card starts.
    public var location: SourceLocation

    public init(values: [ContactField: String] = [:], location: SourceLocation) {
        self.values = values
        self.location = location
    }

    public subscript(field: ContactField) -> String? {
        get { values[field] }
        set {
            let trimmed = newValue.flatMap(FieldParser.text)
            values[field] = trimmed
        }
    }

    /// The e-mail addresses, primary first, without empties.
    public var emails: [String] {
        [values[.email1], values[.email2], values[.email3]].compactMap { $0 }
    }

    /// Fills the three e-mail fields from a list (the first is the primary one).
    mutating func setEmails(_ addresses: [String]) {
        let fields: [ContactField] = [.email1, .email2, .email3]
        var unique: [String] = []
        for address in addresses.compactMap(FieldParser.text)
        where !unique.contains(where: { $0.lowercased() == address.lowercased() }) {
            unique.append(address)
        }
        for (index, field) in fields.enumerated() {
            values[field] = index < unique.count ? unique[index] : nil
        }
    }

    /// The identity of the contact: its normalised primary e-mail, else its normalised first
    /// name, last name and company.
    public var matchKey: String {
        if let email = values[.email1] {
            return ContactDraft.emailKey(email)
        }
        return "name:"
            + [values[.firstName], values[.lastName], values[.company]]
            .map { ContactDraft.normalizedName($0 ?? "") }.joined(separator: "|")
    }

    /// The match key of a contact whose primary e-mail is `email`.
    public static func emailKey(_ email: String) -> String {
        "email:" + email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Lowercased, accents removed, runs of spaces and punctuation collapsed to one space.
    static func normalizedName(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// Checks what the importer needs: a name or an e-mail, and e-mails that look like ones.
    ///
    /// Exchange address-book entries (`/o=ExchangeLabs/...`) in e-mail fields are dropped: they
    /// are not addresses anyone can write to.
    mutating func validate() throws {
        setEmails(emails.filter { !$0.hasPrefix("/o=") && !$0.hasPrefix("/O=") })
        for address in emails where !ContactDraft.looksLikeEmail(address) {
            throw FieldParser.Problem(
                message: "'\(address)' is not an e-mail address",
                fix: "correct it or clear the field")
        }
        if values[.firstName] == nil && values[.lastName] == nil && values[.email1] == nil {
            throw FieldParser.Problem(
                message: "the contact has no name and no e-mail address",
                fix: "give it a first or last name or an e-mail address, or remove it")
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }
}

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

    /// The field's place in `allCases`, for array storage.
    var index: Int {
        switch self {
        case .salutation: return 0
        case .firstName: return 1
        case .middleName: return 2
        case .lastName: return 3
        case .suffix: return 4
        case .jobTitle: return 5
        case .company: return 6
        case .department: return 7
        case .email1: return 8
        case .email2: return 9
        case .email3: return 10
        case .businessPhone: return 11
        case .homePhone: return 12
        case .mobilePhone: return 13
        case .street: return 14
        case .city: return 15
        case .state: return 16
        case .postalCode: return 17
        case .country: return 18
        case .notes: return 19
        }
    }

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
    /// Field values in `ContactField.allCases` order; nil means empty.
    private var storage: [String?] = Array(repeating: nil, count: ContactField.allCases.count)
    /// Where the row or card starts.
    public var location: SourceLocation

    public init(values: [ContactField: String] = [:], location: SourceLocation) {
        self.location = location
        for (field, value) in values {
            self[field] = value
        }
    }

    /// The field's value without outer spaces; nil when empty. Setting trims.
    public subscript(field: ContactField) -> String? {
        get { storage[field.index] }
        set { storage[field.index] = newValue.flatMap(FieldParser.text) }
    }

    /// Every field that has a value.
    public var values: [ContactField: String] {
        var values: [ContactField: String] = [:]
        for field in ContactField.allCases {
            if let value = storage[field.index] { values[field] = value }
        }
        return values
    }

    /// The e-mail addresses, primary first, without empties.
    public var emails: [String] {
        [self[.email1], self[.email2], self[.email3]].compactMap { $0 }
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
            storage[field.index] = index < unique.count ? unique[index] : nil
        }
    }

    /// The identity of the contact: its normalised primary e-mail, else its normalised first
    /// name, last name and company.
    public var matchKey: String {
        if let email = self[.email1] {
            return ContactDraft.emailKey(email)
        }
        return "name:"
            + [self[.firstName], self[.lastName], self[.company]]
            .map { ContactDraft.normalizedName($0 ?? "") }.joined(separator: "|")
    }

    /// The match key of a contact whose primary e-mail is `email`.
    public static func emailKey(_ email: String) -> String {
        let trimmed = TextCleaning.trimmingWhitespace(email)
        // Most addresses are ASCII: lower them byte by byte, not by Unicode's full rules.
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array("email:".utf8)
            bytes.reserveCapacity(6 + trimmed.utf8.count)
            for byte in trimmed.utf8 {
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return "email:" + trimmed.lowercased()
    }

    /// Lowercased, accents removed, runs of spaces and punctuation collapsed to one space.
    ///
    /// Runs for every imported contact: ASCII names (most) take a byte loop; only others go
    /// through Foundation's folding.
    static func normalizedName(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var isASCII = true
        for byte in text.utf8 {
            guard byte < 0x80 else {
                isASCII = false
                break
            }
            let lower = (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(lower)
            } else {
                pendingSpace = true
            }
        }
        if isASCII {
            return String(decoding: bytes, as: UTF8.self)
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
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
        let addresses = emails
        if addresses.contains(where: { $0.utf8.first == UInt8(ascii: "/") }) {
            setEmails(addresses.filter { !$0.lowercased().hasPrefix("/o=") })
        }
        for address in emails where !ContactDraft.looksLikeEmail(address) {
            throw FieldParser.Problem(
                message: "'\(address)' is not an e-mail address",
                fix: "correct it or clear the field")
        }
        if self[.firstName] == nil && self[.lastName] == nil && self[.email1] == nil {
            throw FieldParser.Problem(
                message: "the contact has no name and no e-mail address",
                fix: "give it a first or last name or an e-mail address, or remove it")
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        let dot = UInt8(ascii: ".")
        guard parts.count == 2, !parts[0].isEmpty, let domain = parts.last,
            domain.contains(dot), domain.first != dot, domain.last != dot
        else { return false }
        return !text.utf8.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}

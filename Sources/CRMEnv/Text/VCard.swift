/// One contact read from a vCard file: the properties crmenv imports, decoded and unescaped.
///
/// Values are trimmed of surrounding whitespace; a property that is absent or empty is nil (or
/// an empty list). E-mail addresses, phone numbers and addresses keep their types in lowercase
/// ("work", "home", "cell", "fax", ...; "mobile" reads as "cell"), and the preferred ones come
/// first.
///
/// The reader does not judge whether a card is complete: a card with no name and no e-mail
/// address is for the importer to refuse. ``hasName`` and ``emails`` tell.
public struct VCard: Sendable, Equatable {
    /// The structured name of the N property: family;given;additional;prefix;suffix.
    public struct Name: Sendable, Equatable {
        public var family: String
        public var given: String
        public var additional: String
        public var prefix: String
        public var suffix: String

        public init(
            family: String = "", given: String = "", additional: String = "",
            prefix: String = "", suffix: String = ""
        ) {
            self.family = family
            self.given = given
            self.additional = additional
            self.prefix = prefix
            self.suffix = suffix
        }

        /// Whether the family or the given name is there.
        public var hasFamilyOrGiven: Bool { !family.isEmpty || !given.isEmpty }
    }

    /// An EMAIL property.
    public struct Email: Sendable, Equatable {
        public var address: String
        /// Lowercase types, such as "work", "home", "internet"; "pref" is `isPreferred`.
        public var types: Set<String>
        public var isPreferred: Bool

        public init(address: String, types: Set<String> = [], isPreferred: Bool = false) {
            self.address = address
            self.types = types
            self.isPreferred = isPreferred
        }
    }

    /// A TEL property. A vCard 4.0 `tel:` URI is given without its `tel:` prefix.
    public struct Phone: Sendable, Equatable {
        public var number: String
        /// Lowercase types, such as "work", "home", "cell", "voice", "fax".
        public var types: Set<String>
        public var isPreferred: Bool

        public init(number: String, types: Set<String> = [], isPreferred: Bool = false) {
            self.number = number
            self.types = types
            self.isPreferred = isPreferred
        }
    }

    /// An ADR property: pobox;extended;street;locality;region;code;country.
    public struct Address: Sendable, Equatable {
        public var poBox: String
        public var extended: String
        /// The street; may hold several lines, separated by "\n".
        public var street: String
        /// The city.
        public var locality: String
        /// The state or province.
        public var region: String
        public var postalCode: String
        public var country: String
        /// Lowercase types, such as "work", "home".
        public var types: Set<String>
        public var isPreferred: Bool

        public init(
            poBox: String = "", extended: String = "", street: String = "",
            locality: String = "", region: String = "", postalCode: String = "",
            country: String = "", types: Set<String> = [], isPreferred: Bool = false
        ) {
            self.poBox = poBox
            self.extended = extended
            self.street = street
            self.locality = locality
            self.region = region
            self.postalCode = postalCode
            self.country = country
            self.types = types
            self.isPreferred = isPreferred
        }
    }

    /// The physical line of the card's BEGIN:VCARD.
    public var line: Int
    /// The VERSION property: "2.1", "3.0" or "4.0".
    public var version: String?
    /// The FN property, the name as displayed.
    public var formattedName: String?
    /// The N property.
    public var name: Name?
    /// The first component of ORG.
    public var organization: String?
    /// The other components of ORG (the organizational units), joined with ", ".
    public var department: String?
    /// The TITLE property, the job title.
    public var title: String?
    public var emails: [Email]
    public var phones: [Phone]
    public var addresses: [Address]
    /// The NOTE property; several NOTEs are joined with "\n". Line breaks are "\n".
    public var note: String?

    public init(
        line: Int, version: String? = nil, formattedName: String? = nil, name: Name? = nil,
        organization: String? = nil, department: String? = nil, title: String? = nil,
        emails: [Email] = [], phones: [Phone] = [], addresses: [Address] = [],
        note: String? = nil
    ) {
        self.line = line
        self.version = version
        self.formattedName = formattedName
        self.name = name
        self.organization = organization
        self.department = department
        self.title = title
        self.emails = emails
        self.phones = phones
        self.addresses = addresses
        self.note = note
    }

    /// Whether the card names a person: an FN, or a family or given name in N.
    public var hasName: Bool {
        formattedName != nil || (name?.hasFamilyOrGiven ?? false)
    }
}

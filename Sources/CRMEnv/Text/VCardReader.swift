/// Reads the contacts of a vCard file (.vcf) one card at a time.
///
/// The reader takes vCard 2.1, 3.0 and 4.0 as phones, Outlook and Google write them
/// ([RFC 2426](https://www.rfc-editor.org/rfc/rfc2426),
/// [RFC 6350](https://www.rfc-editor.org/rfc/rfc6350)), many cards to a file:
///
/// - folded lines (a line starting with a space or a tab continues the one above; vCard 2.1
///   keeps that space, 3.0 and 4.0 drop it);
/// - QUOTED-PRINTABLE values (`ENCODING=QUOTED-PRINTABLE` or 2.1's bare `QUOTED-PRINTABLE`),
///   with soft line breaks (`=` at the end of a line joins the next one);
/// - CHARSET parameters (UTF-8, ISO-8859-1, Windows-1252) for quoted-printable values;
/// - the escapes `\,` `\;` `\n` `\N` `\\`;
/// - grouped properties (`item1.EMAIL`; Apple's `item1.X-ABLabel` is ignored);
/// - case-insensitive names and parameters, `TYPE=work,pref`, 2.1's bare `WORK;PREF`, and 4.0's
///   `VALUE=uri` phone numbers (`tel:` is dropped).
///
/// It reads N, FN, ORG, TITLE, EMAIL, TEL, ADR and NOTE. PHOTO, LOGO, SOUND, KEY (even multi-line
/// base64, even 2.1's unindented base64 block) and every other property are skipped without
/// being kept in memory.
///
/// It refuses, naming the line: a card without END:VCARD (at its BEGIN line), a property line
/// outside BEGIN:VCARD ... END:VCARD, a line without a colon, and a value longer than 1 MiB.
/// A card with no name and no e-mail address is not the reader's business.
///
/// ```swift
/// let reader = try VCardReader(path: path, displayName: "contacts.vcf")
/// while let card = try reader.next() {
///     ...
/// }
/// ```
///
/// - warning: After the reader throws, do not read on: the rest of the file is not reliable.
public final class VCardReader {
    /// The file name as the user gave it.
    public let displayName: String
    /// The encoding the file is read in, given or detected.
    public let encoding: TextEncoding

    /// The longest property value kept, in bytes of UTF-8.
    static let maximumValueLength = 1 << 20
    /// The properties whose values the reader keeps.
    static let readProperties: Set<String> = [
        "BEGIN", "END", "VERSION", "N", "FN", "ORG", "TITLE", "EMAIL", "TEL", "ADR", "NOTE",
    ]

    private let lines: TextLineReader
    private var pushedBack: TextLineReader.Line?
    /// Whether a BEGIN:VCARD has been seen: until then a malformed line may mean the file is
    /// not a vCard file at all.
    private var hasSeenBegin = false

    /// Opens a vCard file.
    ///
    /// - parameters:
    ///   - path: The file to read.
    ///   - displayName: The file name as the user gave it, used in messages.
    ///   - encoding: The file's encoding, or nil to detect it.
    /// - throws: `CRMEnvError.invalidInput` when the file is empty or not text;
    ///   `CRMEnvError.fileNotFound` or `CRMEnvError.fileUnreadable` when it cannot be read.
    public init(path: String, displayName: String, encoding: TextEncoding? = nil) throws {
        let fix = "export the contacts again as a vCard (.vcf) file"
        let encoding =
            try encoding
            ?? TextEncoding.detect(path: path, displayName: displayName, emptyFileFix: fix)
        let decoder = try TextFileDecoder(
            path: path, displayName: displayName, encoding: encoding, emptyFileFix: fix)
        self.displayName = displayName
        self.encoding = encoding
        self.lines = TextLineReader(decoder: decoder, maximumLength: Self.maximumValueLength)
    }

    /// The most memory the reader's text window ever held, in bytes.
    var bufferHighWaterMark: Int { lines.bufferHighWaterMark }

    /// Reads the next card, or returns nil at the end of the file.
    ///
    /// - throws: `CRMEnvError.invalidInput` for a malformed file, with the line.
    public func next() throws -> VCard? {
        var card: VCardBuilder?
        while let property = try nextProperty(version: card?.card.version) {
            switch property.name {
            case "BEGIN":
                // BEGIN:VCARD opens a card; the BEGIN of anything else inside a card (a vCard
                // 2.1 AGENT) is ignored, and so is its END.
                let value = property.text.uppercased()
                if let open = card, value == "VCARD" {
                    throw CRMEnvError.invalidInput(
                        location: SourceLocation(
                            file: displayName, line: open.card.line, column: 1),
                        message: "card has no END:VCARD (the next BEGIN:VCARD, on line "
                            + "\(property.line), comes first)",
                        fix: "add END:VCARD as the card's last line")
                }
                if card == nil {
                    guard value == "VCARD" else {
                        throw CRMEnvError.invalidInput(
                            location: SourceLocation(
                                file: displayName, line: property.line, column: 1),
                            message: "'\(property.spelledName):\(property.text)' starts "
                                + "something other than a vCard",
                            fix: "give a vCard (.vcf) file of contacts")
                    }
                    card = VCardBuilder(line: property.line)
                    hasSeenBegin = true
                }
            case "END":
                guard let finished = card else {
                    throw CRMEnvError.invalidInput(
                        location: SourceLocation(file: displayName, line: property.line, column: 1),
                        message: "'\(property.spelledName):\(property.text)' without a "
                            + "BEGIN:VCARD before it",
                        fix: "add BEGIN:VCARD at the start of the card, or remove the line")
                }
                if property.text.uppercased() == "VCARD" {
                    return finished.build()
                }
            // The END of something else inside a card is ignored.
            default:
                guard card != nil else {
                    throw outsideCard(property)
                }
                card?.add(property)
            }
        }
        if let open = card {
            throw CRMEnvError.invalidInput(
                location: SourceLocation(file: displayName, line: open.card.line, column: 1),
                message: "card has no END:VCARD (the file ends first)",
                fix: "add END:VCARD as the card's last line")
        }
        return nil
    }

    private func outsideCard(_ property: VCardProperty) -> CRMEnvError {
        .invalidInput(
            location: SourceLocation(file: displayName, line: property.line, column: 1),
            message: "'\(property.spelledName)' line is outside a card (there is no "
                + "BEGIN:VCARD before it)",
            fix: "add BEGIN:VCARD above the card's first line, or remove the line")
    }

    private func nextLine() throws -> TextLineReader.Line? {
        if let line = pushedBack {
            pushedBack = nil
            return line
        }
        return try lines.next()
    }

    /// Reads one property: its first line, then the lines that continue it.
    private func nextProperty(version: String?) throws -> VCardProperty? {
        var first: TextLineReader.Line
        repeat {
            guard let line = try nextLine() else { return nil }
            first = line
        } while first.bytes.allSatisfy { $0 == TextByte.space || $0 == TextByte.tab }

        let bytes = Array(first.bytes.drop { $0 == TextByte.space || $0 == TextByte.tab })
        guard let colon = VCardProperty.colonIndex(in: bytes) else {
            var fix =
                "a vCard line reads NAME:value; if it continues the line above, "
                + "start it with a space"
            if !hasSeenBegin {
                fix += " (is this a vCard file?)"
            }
            throw CRMEnvError.invalidInput(
                location: SourceLocation(file: displayName, line: first.number, column: 1),
                message: "line has no ':' between a property name and its value",
                fix: fix)
        }
        let (name, spelled, parameters) = VCardProperty.parseHead(bytes[..<colon])
        let isSkipped = !Self.readProperties.contains(name)
        var property = VCardProperty(
            name: name, spelledName: spelled, parameters: parameters,
            value: isSkipped ? [] : Array(bytes[(colon + 1)...]), line: first.number,
            isSkipped: isSkipped)
        var isTooLong = !isSkipped && first.isTruncated

        let isQuotedPrintable = parameters.encoding == "QUOTED-PRINTABLE"
        let isBase64 = parameters.encoding == "BASE64" || parameters.encoding == "B"
        let keepsFoldingSpace = version == "2.1"
        var endsWithEquals = bytes.last == TextByte.equals
        while let next = try nextLine() {
            if isQuotedPrintable && endsWithEquals && !Self.isEnd(next.bytes) {
                // A soft line break: the next line goes on where the '=' was.
                if !isSkipped {
                    property.value.removeLast()
                    property.value.append(contentsOf: next.bytes)
                }
            } else if let lead = next.bytes.first, lead == TextByte.space || lead == TextByte.tab {
                if !isSkipped {
                    property.value.append(
                        contentsOf: next.bytes.dropFirst(keepsFoldingSpace ? 0 : 1))
                }
            } else if isBase64 && !next.bytes.isEmpty && next.bytes.allSatisfy(Self.isBase64Byte) {
                // vCard 2.1 base64 data may go on without indentation until a blank line.
                continue
            } else {
                pushedBack = next
                break
            }
            endsWithEquals = next.bytes.last == TextByte.equals
            if !isSkipped && (next.isTruncated || property.value.count > Self.maximumValueLength) {
                isTooLong = true
            }
        }
        if isTooLong {
            throw CRMEnvError.invalidInput(
                location: SourceLocation(file: displayName, line: first.number, column: 1),
                message: "the '\(spelled)' value is longer than 1 MB (1,048,576 bytes)",
                fix: "shorten it, or remove it from the card")
        }
        return property
    }

    /// Whether the line is END:VCARD, which a stray '=' at the end of a quoted-printable value
    /// must not swallow.
    private static func isEnd(_ line: [UInt8]) -> Bool {
        line.count == 9 && String(decoding: line, as: UTF8.self).uppercased() == "END:VCARD"
    }

    private static func isBase64Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F, TextByte.equals: return true
        default: return false
        }
    }
}

/// Collects the properties of one card.
struct VCardBuilder {
    var card: VCard
    private var emails: [Ranked<VCard.Email>] = []
    private var phones: [Ranked<VCard.Phone>] = []
    private var addresses: [Ranked<VCard.Address>] = []
    private var notes: [String] = []

    init(line: Int) {
        card = VCard(line: line)
    }

    mutating func add(_ property: VCardProperty) {
        let parameters = property.parameters
        let isPreferred = parameters.preference != nil
        let rank = parameters.preference ?? Int.max
        switch property.name {
        case "VERSION":
            card.version = Self.nonEmpty(property.text)
        case "FN":
            card.formattedName = card.formattedName ?? Self.nonEmpty(property.text)
        case "N":
            guard card.name == nil else { return }
            let parts = Self.padded(property.components, to: 5)
            let name = VCard.Name(
                family: parts[0], given: parts[1], additional: parts[2], prefix: parts[3],
                suffix: parts[4])
            if parts.contains(where: { !$0.isEmpty }) {
                card.name = name
            }
        case "ORG":
            guard card.organization == nil && card.department == nil else { return }
            let parts = property.components
            card.organization = parts.first.flatMap(Self.nonEmpty)
            card.department = Self.nonEmpty(
                parts.dropFirst().filter { !$0.isEmpty }.joined(separator: ", "))
        case "TITLE":
            card.title = card.title ?? Self.nonEmpty(property.text)
        case "EMAIL":
            var address = property.text
            if address.lowercased().hasPrefix("mailto:") {
                address = String(address.dropFirst(7))
            }
            guard !address.isEmpty else { return }
            let email = VCard.Email(
                address: address, types: parameters.types, isPreferred: isPreferred)
            emails.append(Ranked(rank: rank, item: email))
        case "TEL":
            var number = property.text
            if number.lowercased().hasPrefix("tel:") {
                number = String(number.dropFirst(4))
            }
            guard !number.isEmpty else { return }
            let phone = VCard.Phone(
                number: number, types: parameters.types, isPreferred: isPreferred)
            phones.append(Ranked(rank: rank, item: phone))
        case "ADR":
            let parts = Self.padded(property.components, to: 7)
            guard parts.contains(where: { !$0.isEmpty }) else { return }
            let address = VCard.Address(
                poBox: parts[0], extended: parts[1], street: parts[2], locality: parts[3],
                region: parts[4], postalCode: parts[5], country: parts[6],
                types: parameters.types, isPreferred: isPreferred)
            addresses.append(Ranked(rank: rank, item: address))
        case "NOTE":
            if let note = Self.nonEmpty(property.text) {
                notes.append(note)
            }
        default:
            break
        }
    }

    /// The card, with preferred e-mail addresses, phones and addresses first.
    func build() -> VCard {
        var card = self.card
        card.emails = Self.preferredFirst(emails)
        card.phones = Self.preferredFirst(phones)
        card.addresses = Self.preferredFirst(addresses)
        card.note = notes.isEmpty ? nil : notes.joined(separator: "\n")
        return card
    }

    /// An item and its preference: lower ranks first.
    private struct Ranked<Item> {
        var rank: Int
        var item: Item
    }

    /// The items sorted by rank, keeping the file's order among equals.
    private static func preferredFirst<Item>(_ items: [Ranked<Item>]) -> [Item] {
        items.enumerated()
            .sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
            .map(\.element.item)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    private static func padded(_ parts: [String], to count: Int) -> [String] {
        parts.count >= count ? parts : parts + Array(repeating: "", count: count - parts.count)
    }
}

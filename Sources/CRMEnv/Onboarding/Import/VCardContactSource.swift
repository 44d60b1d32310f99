import Foundation

/// Contacts from a vCard file (2.1, 3.0, 4.0): one contact per card.
final class VCardContactSource: ContactSource {
    let reader: VCardReader
    let format = "vcard"
    var encoding: TextEncoding { reader.encoding }
    /// A card is the whole contact: every field is provided (absent properties clear fields).
    var providedFields: [ContactField] { ContactField.allCases }
    let rejectHeader = ["line", "name", "email"]
    let ignoredColumns: [String] = []

    init(path: String, displayName: String) throws {
        reader = try VCardReader(path: path, displayName: displayName)
    }

    /// True for a `.vcf`/`.vcard` file, or one whose first text is `BEGIN:VCARD`.
    static func looksLikeVCard(path: String) -> Bool {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".vcf") || lowered.hasSuffix(".vcard") {
            return true
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 64)) ?? Data()
        let text = String(decoding: start.filter { $0 != 0 && $0 < 0x80 }, as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            .hasPrefix("BEGIN:VCARD")
    }

    func next() throws -> ContactRow? {
        guard let card = try reader.next() else { return nil }
        var draft = Self.draft(from: card, file: reader.displayName)
        let raw = [
            String(card.line), card.formattedName ?? "", card.emails.first?.address ?? "",
        ]
        do {
            try draft.validate()
            return ContactRow(draft: draft, problem: nil, raw: raw)
        } catch let problem as FieldParser.Problem {
            let error = CRMEnvError.invalidInput(
                location: draft.location, message: "vCard: " + problem.message, fix: problem.fix)
            return ContactRow(draft: nil, problem: error, raw: raw)
        }
    }

    /// The contact fields of one card.
    static func draft(from card: VCard, file: String) -> ContactDraft {
        var draft = ContactDraft(location: SourceLocation(file: file, line: card.line))
        if let name = card.name, name.hasFamilyOrGiven {
            draft[.salutation] = name.prefix
            draft[.firstName] = name.given
            draft[.middleName] = name.additional
            draft[.lastName] = name.family
            draft[.suffix] = name.suffix
        } else if let formatted = card.formattedName {
            // No structured name: split "First Last" at the last space.
            let parts = formatted.split(separator: " ")
            if parts.count > 1 {
                draft[.firstName] = parts.dropLast().joined(separator: " ")
                draft[.lastName] = String(parts[parts.count - 1])
            } else {
                draft[.lastName] = formatted
            }
        }
        draft[.company] = card.organization
        draft[.department] = card.department
        draft[.jobTitle] = card.title
        draft.setEmails(card.emails.map(\.address))
        func phone(_ types: Set<String>) -> String? {
            card.phones.first { !$0.types.isDisjoint(with: types) && !$0.types.contains("fax") }?
                .number
        }
        draft[.mobilePhone] = phone(["cell"])
        draft[.homePhone] = phone(["home"])
        draft[.businessPhone] =
            phone(["work"])
            ?? card.phones.first { $0.types.isDisjoint(with: ["cell", "home", "fax"]) }?.number
        let address =
            card.addresses.first { $0.types.contains("work") } ?? card.addresses.first
        if let address {
            let street = [address.poBox, address.extended, address.street]
                .filter { !$0.isEmpty }.joined(separator: "\n")
            draft[.street] = street
            draft[.city] = address.locality
            draft[.state] = address.region
            draft[.postalCode] = address.postalCode
            draft[.country] = address.country
        }
        draft[.notes] = card.note
        return draft
    }
}

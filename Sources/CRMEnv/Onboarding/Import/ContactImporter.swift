/// Loads contacts into `sales_contact`, recognising a contact already in TEST by its
/// normalised primary e-mail, else by its normalised first name, last name and company.
///
/// The work is split for two cores: `prepare(_:)` (match keys, the row's values) needs no
/// database and runs on the thread that reads the file; `importContact(_:)` runs on the
/// thread that writes.
final class ContactImporter {
    let context: ImportContext
    let writer: TableWriter
    let ids: IdAllocator
    let fields: [ContactField]
    /// The columns written: the fields the file provides, and the match key.
    let columns: [String]
    /// True once TEST holds a contact known by name and company (no e-mail): only then can a
    /// row with an e-mail be such a contact, found by name.
    private var hasContactsKnownByName: Bool
    /// Every match key in TEST, when there were few enough to load at the start, and every key
    /// written since: a key it has never seen needs no look-up. Nil means always look up.
    private var knownKeys: BloomFilter?

    /// Up to this many contacts in TEST, their keys are loaded into the filter at the start.
    static let filterLimit: Int64 = 250_000

    /// A contact ready to write: its keys and its values, in `columns` order.
    struct Prepared {
        let location: SourceLocation
        let matchKey: String
        /// The key by name and company, for a contact with an e-mail that TEST may know by name.
        let nameKey: String?
        let values: [DatabaseValue]
    }

    init(context: ImportContext, fields: [ContactField]) throws {
        self.context = context
        self.fields = fields
        columns = fields.map(\.column) + ["match_key"]
        let connection = context.connection
        hasContactsKnownByName =
            try connection.integer(
                "SELECT EXISTS (SELECT 1 FROM sales_contact WHERE match_key >= 'name:' "
                    + "AND match_key < 'name;')") == 1
        if try connection.integer("SELECT count(*) FROM sales_contact") <= Self.filterLimit {
            var filter = BloomFilter()
            let keys = try connection.prepare("SELECT match_key FROM sales_contact")
            while try keys.step() {
                filter.insert(keys.string(at: 0) ?? "")
            }
            knownKeys = filter
        }
        writer = TableWriter(
            connection: connection, table: "sales_contact", keyColumns: ["id"],
            batchID: context.batchID, emptyKeepsValue: true)
        ids = try IdAllocator(table: "sales_contact", on: connection)
    }

    /// Works out what `importContact` needs, without the database (on the reading thread).
    static func prepare(_ draft: ContactDraft, fields: [ContactField]) -> Prepared {
        let key = draft.matchKey
        var nameKey: String?
        if !draft.emails.isEmpty {
            var byName = draft
            byName.setEmails([])
            nameKey = byName.matchKey
        }
        var values = fields.map { DatabaseValue(draft[$0]) }
        values.append(.text(key))
        return Prepared(location: draft.location, matchKey: key, nameKey: nameKey, values: values)
    }

    func importContact(_ contact: Prepared) throws -> RowOutcome {
        let key = contact.matchKey
        var existing: Int64?
        if knownKeys?.mightContain(key) ?? true {
            existing = try context.contactID(matchKey: key)
        }
        if existing == nil, hasContactsKnownByName, let nameKey = contact.nameKey,
            knownKeys?.mightContain(nameKey) ?? true
        {
            // The contact may be in TEST from a file that had no e-mail for it: it was then
            // known by name and company, and now gets its address.
            existing = try context.contactID(matchKey: nameKey)
        }
        if key.hasPrefix("name:") { hasContactsKnownByName = true }
        knownKeys?.insert(key)
        do {
            return try writer.write(
                key: existing.map { [.integer($0)] }, columns: columns, values: contact.values,
                identity: key, newKey: ids.newKey
            ).outcome
        } catch let error as SQLiteError where error.isConstraintViolation {
            throw CRMEnvError.invalidInput(
                location: contact.location, message: "the contact is refused: \(error.message)",
                fix: "correct the row")
        }
    }

    func finish() throws {
        try ids.save()
    }
}

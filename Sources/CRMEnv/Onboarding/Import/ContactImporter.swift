/// Loads contacts into `sales_contact`, recognising a contact already in TEST by its
/// normalised primary e-mail, else by its normalised first name, last name and company.
final class ContactImporter {
    let context: ImportContext
    let writer: TableWriter
    let ids: IdAllocator
    let fields: [ContactField]

    init(context: ImportContext, fields: [ContactField]) throws {
        self.context = context
        self.fields = fields
        writer = TableWriter(
            connection: context.connection, table: "sales_contact", keyColumns: ["id"],
            batchID: context.batchID)
        ids = try IdAllocator(table: "sales_contact", on: context.connection)
    }

    func importContact(_ draft: ContactDraft) throws -> RowOutcome {
        let key = draft.matchKey
        var existing = try context.contactID(matchKey: key)
        if existing == nil, draft.emails.first != nil {
            // The contact may be in TEST from a file that had no e-mail for it: it was then
            // known by name and company, and now gets its address.
            var byName = draft
            byName.setEmails([])
            existing = try context.contactID(matchKey: byName.matchKey)
        }
        var columns = fields.map(\.column)
        var values = fields.map { DatabaseValue(draft[$0]) }
        columns.append("match_key")
        values.append(.text(key))
        do {
            return try writer.write(
                key: existing.map { [.integer($0)] }, columns: columns, values: values,
                identity: key, newKey: ids.newKey
            ).outcome
        } catch let error as SQLiteError where error.isConstraintViolation {
            throw CRMEnvError.invalidInput(
                location: draft.location, message: "the contact is refused: \(error.message)",
                fix: "correct the row")
        }
    }

    func finish() throws {
        try ids.save()
    }
}

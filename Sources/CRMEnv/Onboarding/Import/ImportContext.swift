/// What every record importer of one batch shares: TEST's connection, the batch id, the
/// dropdown codes, and look-ups of the records a row refers to by its natural keys.
final class ImportContext {
    let connection: Connection
    let batchID: Int64
    private var codes: [ValueList: [String: DropdownValue]] = [:]

    init(connection: Connection, batchID: Int64) {
        self.connection = connection
        self.batchID = batchID
    }

    /// The values of `list`, by code (read once per batch).
    func values(of list: ValueList) throws -> [String: DropdownValue] {
        if let cached = codes[list] { return cached }
        let store = ValueStore(environment: nil, connection: connection)
        let values = Dictionary(
            uniqueKeysWithValues: try store.values(of: list).map { ($0.code, $0) })
        codes[list] = values
        return values
    }

    /// Checks a code in a row names an active value of `list`.
    ///
    /// - returns: the value, or nil when the field is empty.
    /// - throws: `CRMEnvError.invalidInput` at the field, naming the command that adds it.
    func code(_ list: ValueList, in row: SourceRow, column: String) throws -> DropdownValue? {
        guard let code = row.text(column) else { return nil }
        let values = try values(of: list)
        guard
            let value = values[code]
                ?? values.first(where: { $0.key.uppercased() == code.uppercased() })?.value
        else {
            var fix = "add it with 'crmenv values add \(list.name) \(code) \"DESCRIPTION\"'"
            if let near = Suggestion.nearest(to: code, in: Array(values.keys)) {
                fix = "did you mean '\(near)'? Otherwise " + fix
            } else if values.isEmpty {
                fix = "the \(list.title) list is empty; " + fix
            }
            throw row.problem(column, "unknown \(list.name) '\(code)'", fix: fix)
        }
        guard value.isActive else {
            throw row.problem(
                column, "\(list.name) '\(value.code)' is retired",
                fix: "use an active value, or reactivate it with 'crmenv values set \(list.name) "
                    + "\(value.code) --reactivate'")
        }
        return value
    }

    /// The customer number in a row, checked to exist in TEST.
    func customer(in row: SourceRow, column: String = "cust_num") throws -> String? {
        guard let number = row.text(column) else { return nil }
        let statement = try connection.cachedStatement(
            "SELECT cust_num FROM customer WHERE cust_num = ?")
        try statement.bind([.text(number)])
        defer { statement.reset() }
        guard try statement.step() else {
            throw row.problem(
                column, "unknown customer '\(number)'",
                fix: "customers come from LIVE ('crmenv refresh') or 'crmenv import customers FILE'"
            )
        }
        return number
    }

    /// The id of the prospect a row names by its prospect id.
    func prospect(in row: SourceRow, column: String = "prospect_id") throws -> Int64? {
        try reference(
            in: row, column: column, table: "prospect", noun: "prospect",
            remedy: "import it first with 'crmenv import prospects FILE'")
    }

    /// The id of the lead a row names by its lead id.
    func lead(in row: SourceRow, column: String = "lead_id") throws -> Int64? {
        try reference(
            in: row, column: column, table: "lead", noun: "lead",
            remedy: "import it first with 'crmenv import leads FILE'")
    }

    /// The id of the opportunity a row names by its opportunity id.
    func opportunity(in row: SourceRow, column: String = "opportunity_id") throws -> Int64? {
        try reference(
            in: row, column: column, table: "opportunity", noun: "opportunity",
            remedy: "import it first with 'crmenv import opportunities FILE'")
    }

    /// The id of the quote a row names by its quote id.
    func quote(in row: SourceRow, column: String = "quote_id") throws -> Int64? {
        try reference(
            in: row, column: column, table: "quote", noun: "quote",
            remedy: "import it first with 'crmenv import quotes FILE'")
    }

    /// The id of the record of `table` whose external reference is in the row.
    private func reference(
        in row: SourceRow, column: String, table: String, noun: String, remedy: String
    ) throws -> Int64? {
        guard let reference = row.text(column) else { return nil }
        guard let id = try id(of: table, reference: reference) else {
            throw row.problem(column, "unknown \(noun) '\(reference)'", fix: remedy)
        }
        return id
    }

    /// The id of the record of `table` with external reference `reference`, or nil.
    func id(of table: String, reference: String) throws -> Int64? {
        let statement = try connection.cachedStatement("SELECT id FROM \(table) WHERE ref = ?")
        try statement.bind([.text(reference)])
        defer { statement.reset() }
        return try statement.step() ? statement.int64(at: 0) : nil
    }

    /// The id of the sales contact whose primary e-mail is in the row.
    func contact(in row: SourceRow, column: String = "contact_email") throws -> Int64? {
        guard let email = row.text(column) else { return nil }
        guard let id = try contactID(matchKey: ContactDraft.emailKey(email)) else {
            throw row.problem(
                column, "no sales contact has the e-mail address '\(email)'",
                fix: "import the contact first ('crmenv import contacts FILE') or correct the "
                    + "address")
        }
        return id
    }

    /// The id of the first contact with this match key, or nil.
    func contactID(matchKey: String) throws -> Int64? {
        let statement = try connection.cachedStatement(
            "SELECT id FROM sales_contact WHERE match_key = ? ORDER BY id LIMIT 1")
        try statement.bind([.text(matchKey)])
        defer { statement.reset() }
        return try statement.step() ? statement.int64(at: 0) : nil
    }

    /// Checks a row names exactly one of a customer and a prospect.
    func customerOrProspect(in row: SourceRow, what: String) throws -> (String?, Int64?) {
        let customer = try self.customer(in: row)
        let prospect = try self.prospect(in: row)
        switch (customer, prospect) {
        case (.some, .some):
            throw row.problem(
                "prospect_id", "the \(what) names both a customer and a prospect",
                fix: "keep one of 'cust_num' and 'prospect_id' and clear the other")
        case (nil, nil):
            throw row.problem(
                "cust_num", "the \(what) names neither a customer nor a prospect",
                fix: "fill in 'cust_num' or 'prospect_id'")
        default:
            return (customer, prospect)
        }
    }

    /// A count of rows in `table` (for gates).
    func count(_ table: String, where condition: String = "1") throws -> Int64 {
        try connection.integer("SELECT count(*) FROM \(table) WHERE \(condition)")
    }
}

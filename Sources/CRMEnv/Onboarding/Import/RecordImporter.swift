/// Imports the rows of one CSV file of one kind into TEST.
protocol RecordImporter: AnyObject {
    /// Imports one row.
    ///
    /// - throws: `CRMEnvError.invalidInput` for a row that cannot be loaded (the whole batch
    ///   fails, or the row goes to the reject file); other errors stop the import.
    func importRow(_ row: SourceRow) throws -> RowOutcome

    /// Called once after the last row, inside the batch's transaction.
    func finish() throws
}

extension RecordImporter {
    func finish() throws {}
}

/// The importer for a record kind that is read from CSV (every kind but contacts).
enum RecordImporters {
    static func make(_ kind: ImportKind, context: ImportContext) throws -> RecordImporter {
        switch kind {
        case .contacts:
            preconditionFailure("contacts have their own importer")
        case .prospects:
            return try ProspectImporter(context: context)
        case .customers:
            return CustomerImporter(context: context)
        case .prospectContacts:
            return CrossReferenceImporter(customers: false, context: context)
        case .customerContacts:
            return CrossReferenceImporter(customers: true, context: context)
        case .leads:
            return try LeadImporter(context: context)
        case .opportunities:
            return try OpportunityImporter(context: context)
        case .opportunityTasks:
            return try TaskImporter(context: context)
        case .quotes:
            return try QuoteImporter(context: context)
        case .quoteLines:
            return QuoteLineImporter(context: context)
        }
    }
}

/// The columns of a record a file provides, with their values for one row.
struct RecordValues {
    var columns: [String] = []
    var values: [DatabaseValue] = []

    mutating func set(_ column: String, _ value: DatabaseValue) {
        columns.append(column)
        values.append(value)
    }

    /// Sets `column` to the row's field when the file has the field's column.
    mutating func copy(_ column: String, from row: SourceRow, field: String? = nil) {
        let field = field ?? column
        if row.has(field) {
            set(column, row.value(field))
        }
    }
}

/// Importers of records TEST gives a generated id, found again by their external reference.
extension IdAllocator {
    /// The key of a new record: the next id.
    func newKey() throws -> [DatabaseValue] {
        [.integer(try next())]
    }
}

/// The importers of records TEST gives a generated id and finds again by the id of the file
/// (`ref`): they share the writer, the id allocator, and how a row is written.
class ReferencedRecordImporter: RecordImporter {
    let context: ImportContext
    let writer: TableWriter
    let ids: IdAllocator
    let table: String

    init(table: String, context: ImportContext) throws {
        self.context = context
        self.table = table
        writer = TableWriter(
            connection: context.connection, table: table, keyColumns: ["id"],
            batchID: context.batchID)
        ids = try IdAllocator(table: table, on: context.connection)
    }

    /// Each kind reads its own columns.
    func importRow(_ row: SourceRow) throws -> RowOutcome {
        preconditionFailure("\(type(of: self)) must import its rows")
    }

    /// Writes the record whose file id is `reference`: found again by it, else new.
    func write(_ record: RecordValues, reference: String) throws -> RowOutcome {
        try writer.write(
            key: try context.id(of: table, reference: reference).map { [.integer($0)] },
            columns: record.columns, values: record.values, identity: reference,
            newKey: ids.newKey
        ).outcome
    }

    func finish() throws {
        try ids.save()
    }
}

final class ProspectImporter: ReferencedRecordImporter {
    init(context: ImportContext) throws {
        try super.init(table: "prospect", context: context)
    }

    override func importRow(_ row: SourceRow) throws -> RowOutcome {
        let name = try row.required("name", what: "prospect name")
        var record = RecordValues()
        let reference = row.text("prospect_id")
        if let reference { record.set("ref", .text(reference)) }
        record.set("name", .text(name))
        for column in [
            "address1", "address2", "city", "state", "postal_code", "country", "phone", "website",
        ] {
            record.copy(column, from: row)
        }
        if row.has("territory") {
            record.set(
                "territory",
                DatabaseValue(try context.code(.territory, in: row, column: "territory")?.code))
        }
        let existing: Int64?
        let identity: String
        if let reference {
            existing = try context.id(of: "prospect", reference: reference)
            identity = "ref:" + reference
        } else {
            let statement = try context.connection.cachedStatement(
                "SELECT id FROM prospect WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1")
            try statement.bind([.text(name)])
            existing = try statement.step() ? statement.int64(at: 0) : nil
            statement.reset()
            identity = "name:" + ContactDraft.normalizedName(name)
        }
        return try writer.write(
            key: existing.map { [.integer($0)] }, columns: record.columns, values: record.values,
            identity: identity, newKey: ids.newKey
        ).outcome
    }
}

final class CustomerImporter: RecordImporter {
    let context: ImportContext
    let writer: TableWriter

    init(context: ImportContext) {
        self.context = context
        writer = TableWriter(
            connection: context.connection, table: "customer", keyColumns: ["cust_num"],
            batchID: context.batchID)
    }

    func importRow(_ row: SourceRow) throws -> RowOutcome {
        let number = try row.required("cust_num", what: "customer number")
        if let problem = Self.problem(withNumber: number) {
            throw row.problem("cust_num", problem, fix: "shorten or correct the customer number")
        }
        var record = RecordValues()
        record.set("name", .text(try row.required("name", what: "customer name")))
        for column in [
            "address1", "address2", "city", "state", "postal_code", "country", "phone", "email",
        ] {
            record.copy(column, from: row)
        }
        if row.has("territory") {
            record.set(
                "territory",
                DatabaseValue(try context.code(.territory, in: row, column: "territory")?.code))
        }
        let exists = try writer.exists(key: [.text(number)])
        return try writer.write(
            key: exists ? [.text(number)] : nil, columns: record.columns, values: record.values,
            identity: number, newKey: { [.text(number)] }
        ).outcome
    }

    static func problem(withNumber number: String) -> String? {
        number.count > 30 ? "customer number '\(number)' is longer than 30 characters" : nil
    }
}

/// Prospect and customer contact cross references.
final class CrossReferenceImporter: RecordImporter {
    let context: ImportContext
    let writer: TableWriter
    let customers: Bool

    init(customers: Bool, context: ImportContext) {
        self.context = context
        self.customers = customers
        writer = TableWriter(
            connection: context.connection,
            table: customers ? "customer_contact" : "prospect_contact",
            keyColumns: [customers ? "cust_num" : "prospect_id", "contact_id"],
            batchID: context.batchID)
    }

    func importRow(_ row: SourceRow) throws -> RowOutcome {
        let owner: DatabaseValue
        if customers {
            _ = try row.required("cust_num", what: "customer number")
            owner = DatabaseValue(try context.customer(in: row))
        } else {
            _ = try row.required("prospect_id", what: "prospect id")
            owner = DatabaseValue(try context.prospect(in: row))
        }
        _ = try row.required("contact_email", what: "contact e-mail")
        let contact = DatabaseValue(try context.contact(in: row))
        var record = RecordValues()
        if row.has("primary") {
            let primary = try row.parse("primary") { try FieldParser.flag($0, what: "primary") }
            record.set("is_primary", DatabaseValue(primary ?? false))
        }
        let key = [owner, contact]
        let exists = try writer.exists(key: key)
        return try writer.write(
            key: exists ? key : nil, columns: record.columns, values: record.values,
            identity: "\(owner.displayText)|\(contact.displayText)", newKey: { key }
        ).outcome
    }
}

final class LeadImporter: ReferencedRecordImporter {
    init(context: ImportContext) throws {
        try super.init(table: "lead", context: context)
    }

    override func importRow(_ row: SourceRow) throws -> RowOutcome {
        let reference = try row.required("lead_id", what: "lead id")
        var record = RecordValues()
        record.set("ref", .text(reference))
        record.set("topic", .text(try row.required("topic", what: "lead topic")))
        let (customer, prospect) = try context.customerOrProspect(in: row, what: "lead")
        record.set("cust_num", DatabaseValue(customer))
        record.set("prospect_id", DatabaseValue(prospect))
        if row.has("contact_email") {
            record.set("contact_id", DatabaseValue(try context.contact(in: row)))
        }
        _ = try row.required("status", what: "lead status")
        record.set(
            "status", DatabaseValue(try context.code(.leadStatus, in: row, column: "status")?.code))
        if row.has("source") {
            record.set(
                "source",
                DatabaseValue(try context.code(.opportunitySource, in: row, column: "source")?.code)
            )
        }
        if row.has("created_on") {
            record.set("created_on", DatabaseValue(try row.parse("created_on", FieldParser.date)))
        }
        return try write(record, reference: reference)
    }
}

final class OpportunityImporter: ReferencedRecordImporter {
    init(context: ImportContext) throws {
        try super.init(table: "opportunity", context: context)
    }

    override func importRow(_ row: SourceRow) throws -> RowOutcome {
        let reference = try row.required("opportunity_id", what: "opportunity id")
        var record = RecordValues()
        record.set("ref", .text(reference))
        record.set(
            "description", .text(try row.required("description", what: "opportunity description")))
        let (customer, prospect) = try context.customerOrProspect(in: row, what: "opportunity")
        record.set("cust_num", DatabaseValue(customer))
        record.set("prospect_id", DatabaseValue(prospect))
        if row.has("contact_email") {
            record.set("contact_id", DatabaseValue(try context.contact(in: row)))
        }
        if row.has("lead_id") {
            record.set("lead_id", DatabaseValue(try context.lead(in: row)))
        }
        _ = try row.required("status", what: "opportunity status")
        let status = try context.code(.opportunityStatus, in: row, column: "status")
        record.set("status", DatabaseValue(status?.code))
        if row.has("source") {
            record.set(
                "source",
                DatabaseValue(try context.code(.opportunitySource, in: row, column: "source")?.code)
            )
        }
        let stage = try context.code(.opportunityStage, in: row, column: "stage")
        if row.has("stage") {
            record.set("stage", DatabaseValue(stage?.code))
        }
        if row.has("estimated_value") {
            record.set(
                "estimated_value",
                DatabaseValue(
                    try row.parse("estimated_value") {
                        try FieldParser.amount($0, what: "estimated value")
                    }))
        }
        if row.has("chance_to_close") || stage != nil {
            let chance =
                try row.parse("chance_to_close") {
                    try FieldParser.integer($0, in: 0...100, what: "chance to close")
                } ?? stage?.chanceToClose
            record.set("chance_to_close", DatabaseValue(chance))
        }
        if row.has("projected_close") {
            record.set(
                "projected_close", DatabaseValue(try row.parse("projected_close", FieldParser.date))
            )
        }
        let outcome = status?.outcome ?? .open
        for (column, list, needed) in [
            ("won_reason", ValueList.wonReason, DropdownValue.Outcome.won),
            ("lost_reason", ValueList.lostReason, DropdownValue.Outcome.lost),
        ] where row.has(column) {
            let reason = try context.code(list, in: row, column: column)
            if let reason, outcome != needed {
                throw row.problem(
                    column,
                    "\(list.name) '\(reason.code)' needs a status whose outcome is \(needed.rawValue), "
                        + "but '\(status?.code ?? "")' is \(outcome.rawValue)",
                    fix: "clear the reason or use a \(needed.rawValue) status")
            }
            record.set(column, DatabaseValue(reason?.code))
        }
        return try write(record, reference: reference)
    }
}

final class TaskImporter: ReferencedRecordImporter {
    init(context: ImportContext) throws {
        try super.init(table: "opportunity_task", context: context)
    }

    override func importRow(_ row: SourceRow) throws -> RowOutcome {
        let reference = try row.required("task_id", what: "task id")
        var record = RecordValues()
        record.set("ref", .text(reference))
        _ = try row.required("opportunity_id", what: "opportunity id")
        record.set("opportunity_id", DatabaseValue(try context.opportunity(in: row)))
        if row.has("task_type") {
            record.set(
                "task_type",
                DatabaseValue(try context.code(.taskType, in: row, column: "task_type")?.code))
        }
        record.set("description", .text(try row.required("description", what: "task description")))
        record.copy("owner", from: row)
        if row.has("due_date") {
            record.set("due_date", DatabaseValue(try row.parse("due_date", FieldParser.date)))
        }
        if row.has("done") {
            let done = try row.parse("done") { try FieldParser.flag($0, what: "done") }
            record.set("done", DatabaseValue(done ?? false))
        }
        return try write(record, reference: reference)
    }
}

final class QuoteImporter: ReferencedRecordImporter {
    init(context: ImportContext) throws {
        try super.init(table: "quote", context: context)
    }

    override func importRow(_ row: SourceRow) throws -> RowOutcome {
        let reference = try row.required("quote_id", what: "quote id")
        var record = RecordValues()
        record.set("ref", .text(reference))
        let (customer, prospect) = try context.customerOrProspect(in: row, what: "quote")
        record.set("cust_num", DatabaseValue(customer))
        record.set("prospect_id", DatabaseValue(prospect))
        if row.has("opportunity_id") {
            record.set("opportunity_id", DatabaseValue(try context.opportunity(in: row)))
        }
        _ = try row.required("quote_date", what: "quote date")
        let date = try row.parse("quote_date", FieldParser.date)
        record.set("quote_date", DatabaseValue(date))
        if row.has("valid_until") {
            let until = try row.parse("valid_until", FieldParser.date)
            if let until, let date, until < date {
                throw row.problem(
                    "valid_until", "the quote is valid until \(until), before its date \(date)",
                    fix: "correct one of the two dates")
            }
            record.set("valid_until", DatabaseValue(until))
        }
        record.copy("notes", from: row)
        return try write(record, reference: reference)
    }
}

final class QuoteLineImporter: RecordImporter {
    let context: ImportContext
    let writer: TableWriter

    init(context: ImportContext) {
        self.context = context
        writer = TableWriter(
            connection: context.connection, table: "quote_line",
            keyColumns: ["quote_id", "line_no"],
            batchID: context.batchID)
    }

    func importRow(_ row: SourceRow) throws -> RowOutcome {
        _ = try row.required("quote_id", what: "quote id")
        let quote = DatabaseValue(try context.quote(in: row))
        _ = try row.required("line_no", what: "line number")
        let line = DatabaseValue(
            try row.parse("line_no") {
                try FieldParser.integer($0, in: 1...999_999, what: "line number")
            })
        var record = RecordValues()
        record.set("item", .text(try row.required("item", what: "item")))
        record.copy("description", from: row)
        _ = try row.required("quantity", what: "quantity")
        record.set(
            "quantity",
            DatabaseValue(
                try row.parse("quantity") {
                    try FieldParser.amount($0, what: "quantity", allowZero: false)
                }))
        _ = try row.required("unit_price", what: "unit price")
        record.set(
            "unit_price",
            DatabaseValue(
                try row.parse("unit_price") { try FieldParser.amount($0, what: "unit price") }))
        if row.has("discount_percent") {
            let discount = try row.parse("discount_percent") {
                try FieldParser.amount($0, what: "discount")
            }
            if let discount, discount > 100 {
                throw row.problem(
                    "discount_percent", "discount \(discount) is more than 100 percent",
                    fix: "write a percentage from 0 to 100")
            }
            record.set("discount_percent", .real(discount ?? 0))
        }
        let key = [quote, line]
        let exists = try writer.exists(key: key)
        return try writer.write(
            key: exists ? key : nil, columns: record.columns, values: record.values,
            identity: "\(quote.displayText)|\(line.displayText)", newKey: { key }
        ).outcome
    }
}

/// What crmenv knows about the shape of an environment's database.
public enum Schema {
    /// The schema version this build of crmenv writes and reads (`PRAGMA user_version`).
    public static let currentVersion = SchemaV1.version

    /// `PRAGMA application_id` of every crmenv database: "CRME" in ASCII.
    public static let applicationID: Int32 = 0x4352_4D45

    /// The reference-list tables, in the order they are listed to users.
    public static var valueTables: [String] { ValueList.allCases.map(\.table) }

    /// The record tables, parents before children (the order to insert in; delete in reverse).
    public static let recordTables: [String] = [
        "customer", "prospect", "sales_contact", "prospect_contact", "customer_contact",
        "lead", "opportunity", "opportunity_task", "quote", "quote_line",
    ]

    /// Every CRM table: reference lists first, then records, parents before children.
    public static var crmTables: [String] { valueTables + recordTables }

    /// crmenv's bookkeeping tables: never diffed, never promoted as data.
    public static let bookkeepingTables: [String] = [
        "crmenv_meta", "crmenv_batch", "crmenv_vetting", "crmenv_rename", "crmenv_promotion",
    ]

    /// Tables whose integer `id` TEST generates (see `IdAllocator`).
    public static let generatedIDTables: [String] = [
        "prospect", "sales_contact", "lead", "opportunity", "opportunity_task", "quote",
    ]

    /// True for a table crmenv keeps for itself.
    public static func isBookkeeping(_ table: String) -> Bool {
        table.hasPrefix("crmenv_")
    }
}

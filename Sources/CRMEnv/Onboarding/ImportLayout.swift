import Foundation

/// A column of an import file: its name, the other names it is recognised by, and an example.
struct ImportColumn: Sendable {
    let name: String
    let aliases: [String]
    let isRequired: Bool
    let example: String

    init(_ name: String, required: Bool = false, aliases: [String] = [], example: String) {
        self.name = name
        self.aliases = aliases
        self.isRequired = required
        self.example = example
    }

    /// Header names match ignoring case, spaces, underscores and hyphens (`Lead ID` = `lead_id`).
    static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }

    func matches(_ header: String) -> Bool {
        let normalized = ImportColumn.normalize(header)
        return ([name] + aliases).contains { ImportColumn.normalize($0) == normalized }
    }
}

/// The columns of the CSV file of each record kind (contacts have their own formats).
enum ImportLayout {
    static func columns(for kind: ImportKind) -> [ImportColumn] {
        switch kind {
        case .contacts:
            return ContactField.allCases.map {
                ImportColumn($0.rawValue, aliases: [], example: $0.example)
            }
        case .prospects:
            return [
                ImportColumn("prospect_id", aliases: ["id", "prospect"], example: "P-1001"),
                ImportColumn("name", required: true, example: "Driftwood Coast Brewing"),
            ] + address + [
                ImportColumn("phone", example: "813-555-0178"),
                ImportColumn("website", example: "https://driftwood.example.net"),
                ImportColumn("territory", example: "SE"),
            ]
        case .customers:
            return [
                ImportColumn(
                    "cust_num", required: true,
                    aliases: ["customer", "customer_number", "cust_no", "customer_id"],
                    example: "C000101"),
                ImportColumn("name", required: true, example: "Sweetwater Sugar Refining"),
            ] + address + [
                ImportColumn("phone", example: "225-555-0135"),
                ImportColumn("email", example: "info@sweetwater.example.com"),
                ImportColumn("territory", example: "GULF"),
            ]
        case .prospectContacts:
            return [
                ImportColumn(
                    "prospect_id", required: true, aliases: ["prospect"], example: "P-1001"),
                contactEmail(required: true),
                ImportColumn("primary", aliases: ["is_primary"], example: "1"),
            ]
        case .customerContacts:
            return [
                ImportColumn(
                    "cust_num", required: true, aliases: ["customer", "customer_number"],
                    example: "C000101"),
                contactEmail(required: true),
                ImportColumn("primary", aliases: ["is_primary"], example: "1"),
            ]
        case .leads:
            return [
                ImportColumn(
                    "lead_id", required: true, aliases: ["id", "lead"], example: "L-2001"),
                ImportColumn(
                    "topic", required: true, aliases: ["subject", "description"],
                    example: "Hypochlorite feed pump upgrade"),
                ImportColumn("cust_num", aliases: ["customer"], example: "C000124"),
                ImportColumn("prospect_id", aliases: ["prospect"], example: ""),
                contactEmail(required: false),
                ImportColumn("status", required: true, example: "NEW"),
                ImportColumn("source", example: "TRADESHOW"),
                ImportColumn("created_on", aliases: ["created", "date"], example: "2026-01-16"),
            ]
        case .opportunities:
            return [
                ImportColumn(
                    "opportunity_id", required: true, aliases: ["id", "opportunity"],
                    example: "O-3001"),
                ImportColumn(
                    "description", required: true, aliases: ["topic", "subject"],
                    example: "Butterfly valves for chiller plant"),
                ImportColumn("cust_num", aliases: ["customer"], example: "C000154"),
                ImportColumn("prospect_id", aliases: ["prospect"], example: ""),
                contactEmail(required: false),
                ImportColumn("lead_id", aliases: ["lead"], example: "L-2001"),
                ImportColumn("status", required: true, example: "OPEN"),
                ImportColumn("source", example: "EXISTING"),
                ImportColumn("stage", example: "PROPOSAL"),
                ImportColumn(
                    "estimated_value", aliases: ["value", "amount"], example: "23200.00"),
                ImportColumn(
                    "chance_to_close", aliases: ["chance", "probability"], example: "50"),
                ImportColumn(
                    "projected_close", aliases: ["close_date", "expected_close"],
                    example: "2027-03-31"),
                ImportColumn("won_reason", example: ""),
                ImportColumn("lost_reason", example: ""),
            ]
        case .opportunityTasks:
            return [
                ImportColumn(
                    "task_id", required: true, aliases: ["id", "task"], example: "T-4001"),
                ImportColumn(
                    "opportunity_id", required: true, aliases: ["opportunity"], example: "O-3001"),
                ImportColumn("task_type", aliases: ["type"], example: "CALL"),
                ImportColumn(
                    "description", required: true, example: "Call to confirm scope and schedule"),
                ImportColumn("owner", example: "jpatel"),
                ImportColumn("due_date", aliases: ["due"], example: "2026-12-15"),
                ImportColumn("done", example: "0"),
            ]
        case .quotes:
            return [
                ImportColumn(
                    "quote_id", required: true, aliases: ["id", "quote"], example: "Q-5001"),
                ImportColumn("cust_num", aliases: ["customer"], example: "C000193"),
                ImportColumn("prospect_id", aliases: ["prospect"], example: ""),
                ImportColumn("opportunity_id", aliases: ["opportunity"], example: "O-3032"),
                ImportColumn(
                    "quote_date", required: true, aliases: ["date"], example: "2026-06-30"),
                ImportColumn("valid_until", example: "2026-08-29"),
                ImportColumn("notes", example: "Budgetary quote"),
            ]
        case .quoteLines:
            return [
                ImportColumn("quote_id", required: true, aliases: ["quote"], example: "Q-5001"),
                ImportColumn("line_no", required: true, aliases: ["line"], example: "1"),
                ImportColumn("item", required: true, example: "CP-4x3-316SS"),
                ImportColumn("description", example: "Centrifugal pump 4x3 316SS"),
                ImportColumn("quantity", required: true, aliases: ["qty"], example: "2"),
                ImportColumn(
                    "unit_price", required: true, aliases: ["price"], example: "12400.00"),
                ImportColumn("discount_percent", aliases: ["discount"], example: "5"),
            ]
        }
    }

    private static let address = [
        ImportColumn("address1", aliases: ["address", "street"], example: "3752 Mill Race Ln"),
        ImportColumn("address2", example: ""),
        ImportColumn("city", example: "Baton Rouge"),
        ImportColumn("state", aliases: ["region"], example: "LA"),
        ImportColumn("postal_code", aliases: ["zip", "postcode"], example: "70898"),
        ImportColumn("country", example: "USA"),
    ]

    private static func contactEmail(required: Bool) -> ImportColumn {
        ImportColumn(
            "contact_email", required: required, aliases: ["email", "contact"],
            example: "jcarver@sweetwater.example.com")
    }

    /// The header row and an example row, as CSV text, for `import --template`.
    static func template(for kind: ImportKind) -> String {
        let columns = columns(for: kind)
        return [columns.map(\.name), columns.map(\.example)]
            .map { CSVWriter.line($0) }.joined()
    }
}

extension ImportKind {
    /// The header row crmenv expects for this kind and a row of example values, as CSV.
    public var template: String { ImportLayout.template(for: self) }
}

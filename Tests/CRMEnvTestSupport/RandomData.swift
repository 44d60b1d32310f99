import CRMEnv
import Foundation

/// A small, seeded random generator, so generated data is the same on every run.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pairs of CRM databases with random content and random differences, for checking the diff.
public enum RandomPair {
    static let words = [
        "Harbor", "Valve", "Pump", "Seal", "North", "Ridge", "Copper", "Line", "Brew", "Mill",
        "Delta", "Ocean", "Cedar", "Iron", "Summit", "Prairie",
    ]

    /// Fills `connection` (a migrated crmenv database) with `scale` rows per record table.
    public static func fill(_ connection: Connection, scale: Int, random: inout SeededRandom)
        throws
    {
        try connection.execute("PRAGMA foreign_keys = OFF")
        try connection.inTransaction {
            for list in ValueList.allCases {
                for number in 0..<8 {
                    var columns = "code, description, active"
                    var values: [DatabaseValue] = [.text("C\(number)"), .text(word(&random)), 1]
                    if list == .opportunityStatus {
                        columns += ", outcome"
                        values.append(.text(["open", "won", "lost"][number % 3]))
                    }
                    if list == .opportunityStage {
                        columns += ", chance_to_close, sequence"
                        values += [.integer(Int64(number * 10)), .integer(Int64(number))]
                    }
                    try connection.execute(
                        "INSERT INTO \(list.table) (\(columns)) VALUES (\(values.map { _ in "?" }.joined(separator: ", ")))",
                        values)
                }
            }
            for number in 0..<scale {
                try connection.execute(
                    "INSERT INTO customer (cust_num, name, city, territory) VALUES (?, ?, ?, ?)",
                    [
                        .text("C\(100_000 + number)"), .text(word(&random)), .text(word(&random)),
                        "C1",
                    ])
                try connection.execute(
                    "INSERT INTO sales_contact (id, first_name, last_name, email1, match_key) "
                        + "VALUES (?, ?, ?, ?, ?)",
                    [
                        .integer(Int64(number + 1)), .text(word(&random)), .text(word(&random)),
                        .text("p\(number)@example.com"), .text("email:p\(number)@example.com"),
                    ])
                try connection.execute(
                    "INSERT INTO prospect (id, ref, name) VALUES (?, ?, ?)",
                    [.integer(Int64(number + 1)), .text("P-\(number)"), .text(word(&random))])
                try connection.execute(
                    "INSERT INTO customer_contact (cust_num, contact_id, is_primary) VALUES (?, ?, ?)",
                    [.text("C\(100_000 + number)"), .integer(Int64(number + 1)), 0])
                try connection.execute(
                    "INSERT INTO lead (id, ref, topic, cust_num, status) VALUES (?, ?, ?, ?, 'C0')",
                    [
                        .integer(Int64(number + 1)), .text("L-\(number)"), .text(word(&random)),
                        .text("C\(100_000 + number)"),
                    ])
                try connection.execute(
                    "INSERT INTO opportunity (id, ref, description, prospect_id, status, "
                        + "estimated_value) VALUES (?, ?, ?, ?, 'C0', ?)",
                    [
                        .integer(Int64(number + 1)), .text("O-\(number)"), .text(word(&random)),
                        .integer(Int64(number + 1)), .real(Double(random.next() % 100_000) / 4),
                    ])
            }
        }
    }

    /// Changes about `fraction` of the rows of `connection`: updates, deletes and inserts.
    public static func mutate(
        _ connection: Connection, fraction: Double, random: inout SeededRandom
    ) throws {
        try connection.execute("PRAGMA foreign_keys = OFF")
        let tables = [
            ("customer", "cust_num", "name"), ("sales_contact", "id", "last_name"),
            ("prospect", "id", "name"), ("lead", "id", "topic"),
            ("opportunity", "id", "estimated_value"), ("lead_status", "code", "description"),
            ("customer_contact", "cust_num", "is_primary"),
        ]
        try connection.inTransaction {
            for (table, key, column) in tables {
                let keys = try connection.rows("SELECT \(key) FROM \(table)").map { $0.values[0] }
                for key_ in keys where Double(random.next() % 10_000) / 10_000 < fraction {
                    switch random.next() % 3 {
                    case 0:
                        try connection.execute("DELETE FROM \(table) WHERE \(key) = ?", [key_])
                    case 1:
                        let value: DatabaseValue =
                            column == "estimated_value"
                            ? .real(Double(random.next() % 1000))
                            : column == "is_primary"
                                ? 1 : .text(word(&random) + "!")
                        try connection.execute(
                            "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", [value, key_])
                    default:
                        // Same value written back: not a change.
                        try connection.execute(
                            "UPDATE \(table) SET \(column) = \(column) WHERE \(key) = ?", [key_])
                    }
                }
            }
            let extra = Int64(random.next() % 50) + 1
            for number in 0..<extra {
                try connection.execute(
                    "INSERT INTO customer (cust_num, name) VALUES (?, 'Inserted')",
                    [.text("Z\(number)")])
                try connection.execute(
                    "INSERT INTO sales_contact (first_name, match_key) VALUES ('New', ?)",
                    [.text("k\(number)")])
            }
            try connection.execute(
                "INSERT INTO lead_status (code, description) VALUES ('ZZ', 'Added')")
        }
    }

    static func word(_ random: inout SeededRandom) -> String {
        words[Int(random.next() % UInt64(words.count))] + " "
            + words[Int(random.next() % UInt64(words.count))]
    }
}

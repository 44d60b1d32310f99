/// Generates ids for records TEST creates, so that they never collide with ids LIVE creates.
///
/// The scheme: LIVE (the ERP, or anyone inserting without an id) allocates the way SQLite does,
/// one above the largest id in the table. TEST allocates *downwards* from just below
/// `ceiling` (9,000,000,000,000,000), inside the block `floor..<ceiling`. So:
///
/// - before any promotion, LIVE's ids grow from its own largest id, far below `floor`;
/// - after a promotion brings TEST ids into LIVE, LIVE's next id is one above the largest of
///   them, which is at most `ceiling` — above every id TEST has handed out or will hand out,
///   because TEST only ever goes down;
/// - the ids stay below 2^53, so JSON readers that use doubles keep them exact.
///
/// TEST remembers the lowest id it handed out per table (`crmenv_meta`), and also looks at the
/// lowest id in the block actually present (after a refresh brings promoted rows back), so an
/// id is never handed out twice, even for a row deleted since.
public final class IdAllocator {
    /// TEST's ids are below this.
    public static let ceiling: Int64 = 9_000_000_000_000_000
    /// ...and at or above this. LIVE's own ids are expected below it or at `ceiling` and above.
    public static let floor: Int64 = 8_000_000_000_000_000

    private let table: String
    private let connection: Connection
    private var nextID: Int64

    /// Starts handing out ids for `table` in `connection` (TEST).
    ///
    /// Use inside the transaction that inserts the rows and call `save()` before it commits,
    /// so a rolled-back import gives its ids back.
    public init(table: String, on connection: Connection) throws {
        precondition(Schema.generatedIDTables.contains(table), "no generated ids for \(table)")
        self.table = table
        self.connection = connection
        let remembered = try connection.scalar(
            "SELECT value FROM crmenv_meta WHERE key = ?", [.text("next_id:\(table)")])?
            .int64Value
        // The table name comes from the fixed list in Schema, never from input.
        let lowestPresent = try connection.scalar(
            "SELECT min(id) FROM \(table) WHERE id >= ? AND id < ?",
            [.integer(Self.floor), .integer(Self.ceiling)])?.int64Value
        var next = remembered ?? (Self.ceiling - 1)
        if let lowestPresent {
            next = min(next, lowestPresent - 1)
        }
        self.nextID = next
    }

    /// The next id.
    ///
    /// - throws: `CRMEnvError.idSpaceExhausted` after 10^15 ids.
    public func next() throws -> Int64 {
        guard nextID >= Self.floor else {
            throw CRMEnvError.idSpaceExhausted(table: table)
        }
        defer { nextID -= 1 }
        return nextID
    }

    /// Remembers how far the allocation went.
    public func save() throws {
        try connection.execute(
            "INSERT INTO crmenv_meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text("next_id:\(table)"), .integer(nextID)])
    }
}

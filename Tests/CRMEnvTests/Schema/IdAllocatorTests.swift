import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct IdAllocatorTests {
    let folder = TemporaryDirectory("ids")

    func makeDatabase(_ name: String) throws -> Connection {
        let connection = try Connection(path: folder.file(name), mode: .create)
        try Migrator().migrate(connection, name: name)
        return connection
    }

    func insertContact(_ connection: Connection, id: Int64?) throws -> Int64 {
        try connection.execute(
            "INSERT INTO sales_contact (id, first_name, match_key) VALUES (?, 'A', ?)",
            [id.map { .integer($0) } ?? .null, .text("k\(id ?? 0)")])
        return connection.lastInsertRowID
    }

    @Test func testCountsDownFromBelowTheCeiling() throws {
        let test = try makeDatabase("test.sqlite")
        let ids = try test.inTransaction {
            let allocator = try IdAllocator(table: "sales_contact", on: test)
            let ids = [try allocator.next(), try allocator.next(), try allocator.next()]
            try allocator.save()
            return ids
        }
        #expect(ids == [8_999_999_999_999_999, 8_999_999_999_999_998, 8_999_999_999_999_997])
    }

    @Test func anIdIsNeverHandedOutTwiceEvenAfterItsRowIsDeleted() throws {
        let test = try makeDatabase("test.sqlite")
        let first = try test.inTransaction {
            let allocator = try IdAllocator(table: "sales_contact", on: test)
            let id = try allocator.next()
            _ = try insertContact(test, id: id)
            try allocator.save()
            return id
        }
        try test.execute("DELETE FROM sales_contact")
        let second = try IdAllocator(table: "sales_contact", on: test).next()
        #expect(second == first - 1)
    }

    @Test func aRolledBackImportGivesItsIdsBack() throws {
        let test = try makeDatabase("test.sqlite")
        _ = try? test.inTransaction {
            let allocator = try IdAllocator(table: "lead", on: test)
            _ = try allocator.next()
            try allocator.save()
            throw CRMEnvError.idSpaceExhausted(table: "lead")
        }
        #expect(try IdAllocator(table: "lead", on: test).next() == IdAllocator.ceiling - 1)
    }

    /// LIVE allocates as SQLite does (one above the largest id). After TEST's rows reach LIVE,
    /// LIVE's next ids are above every id TEST has handed out or will hand out.
    @Test func testAndLiveNeverCollideAfterAPromotion() throws {
        let test = try makeDatabase("test.sqlite")
        let live = try makeDatabase("live.sqlite")
        for _ in 0..<3 { _ = try insertContact(live, id: nil) }  // LIVE's own: 1, 2, 3
        var testIDs: [Int64] = []
        try test.inTransaction {
            let allocator = try IdAllocator(table: "sales_contact", on: test)
            for _ in 0..<5 {
                let id = try allocator.next()
                testIDs.append(try insertContact(test, id: id))
            }
            try allocator.save()
        }
        for id in testIDs { _ = try insertContact(live, id: id) }  // promoted
        var liveIDs: [Int64] = []
        for _ in 0..<5 { liveIDs.append(try insertContact(live, id: nil)) }
        // A refresh brings LIVE's rows into TEST; TEST keeps counting down below them.
        try live.backup(into: test)
        let allocator = try IdAllocator(table: "sales_contact", on: test)
        var laterTestIDs: [Int64] = []
        for _ in 0..<5 { laterTestIDs.append(try allocator.next()) }
        let liveSet = Set(
            try live.rows("SELECT id FROM sales_contact").compactMap {
                $0["id"].int64Value
            })
        #expect(liveIDs.first == IdAllocator.ceiling)
        #expect(liveSet.isDisjoint(with: laterTestIDs))
        #expect(laterTestIDs.first == (testIDs.min() ?? 0) - 1)
    }
}

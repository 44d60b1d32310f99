import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

/// The correctness anchor: on generated pairs, the diff's rows added, changed and removed per
/// table equal `sqldiff --primarykey --summary`'s inserts, changes and deletes.
@Suite struct SQLDiffAgreementTests {
    static let sqldiff = "/usr/bin/sqldiff"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: sqldiff)
            || ProcessInfo.processInfo.environment["CRMENV_REQUIRE_SQLDIFF"] != nil
    }

    let folder = TemporaryDirectory("sqldiff")

    func makePair(seed: UInt64, scale: Int, fraction: Double) throws -> (live: String, test: String)
    {
        var random = SeededRandom(seed: seed)
        let live = folder.file("live-\(seed).sqlite")
        let test = folder.file("test-\(seed).sqlite")
        let connection = try Connection(path: live, mode: .create)
        try Migrator().migrate(connection, name: "live")
        try RandomPair.fill(connection, scale: scale, random: &random)
        try connection.backup(into: try Connection(path: test, mode: .create))
        try RandomPair.mutate(
            try Connection(path: test, mode: .readWrite), fraction: fraction, random: &random)
        try RandomPair.mutate(
            try Connection(path: live, mode: .readWrite), fraction: fraction / 2, random: &random)
        return (live, test)
    }

    /// `table → (changes, inserts, deletes)` from sqldiff.
    func sqldiffSummary(from: String, to: String) throws -> [String: [Int]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sqldiff)
        process.arguments = ["--primarykey", "--summary", from, to]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var summary: [String: [Int]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            // "customer: 3 changes, 2 inserts, 1 deletes, 40 unchanged"
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let numbers = parts[1].split(separator: ",").compactMap {
                Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
            }
            summary[String(parts[0])] = Array(numbers.prefix(3))
        }
        return summary
    }

    @Test(
        .enabled(if: available), arguments: [(UInt64(1), 300, 0.05), (2, 1200, 0.2), (3, 80, 0.6)])
    func countsAgreeWithSQLDiff(seed: UInt64, scale: Int, fraction: Double) throws {
        let (live, test) = try makePair(seed: seed, scale: scale, fraction: fraction)
        let expected = try sqldiffSummary(from: live, to: test)
        for keepsRows in [false, true] {
            for threads in [1, 2] {
                var differ = Differ(livePath: live, testPath: test)
                differ.keepsRows = keepsRows
                differ.threads = threads
                differ.splitThreshold = 100
                let result = try differ.run()
                #expect(result.schemaDifferences.isEmpty)
                var differences = 0
                for table in result.tables {
                    let c = table.counts
                    #expect(
                        [c.changed, c.added, c.removed] == expected[table.table],
                        "\(table.table) seed \(seed) threads \(threads)")
                    differences += c.changed + c.added + c.removed
                    if keepsRows {
                        #expect(table.changes.count == c.changed + c.added + c.removed)
                    }
                }
                #expect(differences > 0)
            }
        }
    }

    @Test func aTableWithoutAPrimaryKeyIsAnError() throws {
        let live = folder.file("a.sqlite")
        let test = folder.file("b.sqlite")
        for path in [live, test] {
            let connection = try Connection(path: path, mode: .create)
            try connection.execute("CREATE TABLE notes (body TEXT)")
        }
        #expect(throws: CRMEnvError.tableWithoutKey(table: "notes")) {
            _ = try Differ(livePath: live, testPath: test).run()
        }
    }
}

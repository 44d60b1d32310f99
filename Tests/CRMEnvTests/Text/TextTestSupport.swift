import Foundation
import Testing

@testable import CRMEnv

/// The text fixtures, found from this file's path so they work without bundle lookups.
enum TextFixtures {
    /// The path of `Fixtures/text/<name>`.
    static func path(_ name: String, filePath: String = #filePath) -> String {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // Text
            .deletingLastPathComponent()  // CRMEnvTests
            .appendingPathComponent("Fixtures/text/\(name)")
            .path
    }
}

/// A fresh temporary folder for one test, removed when the value is released.
final class TextScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmenv-text-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to a file called `name` and returns its path.
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let fileURL = url.appendingPathComponent(name)
        try Data(bytes).write(to: fileURL)
        return fileURL.path
    }

    /// Writes `text` as UTF-8 to a file called `name` and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }
}

/// The parts of a `CRMEnvError.invalidInput`, to assert on.
struct TextInputProblem {
    var location: CRMEnv.SourceLocation
    var message: String
    var fix: String?
    var description: String
}

/// Runs `body`, which must throw `CRMEnvError.invalidInput`, and returns its parts.
func textInputProblem(
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) throws -> TextInputProblem {
    let error = try #require(
        throws: CRMEnvError.self, sourceLocation: sourceLocation, performing: body)
    guard case .invalidInput(let location, let message, let fix) = error else {
        Issue.record("expected invalidInput, got \(error)", sourceLocation: sourceLocation)
        throw error
    }
    return TextInputProblem(
        location: location, message: message, fix: fix, description: error.description)
}

/// Reads every record of a CSV file after its header.
func readAllCSVRecords(_ reader: CSVReader) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    while let record = try reader.readRecord() {
        records.append(record)
    }
    return records
}

/// Reads every card of a vCard file.
func readAllVCards(_ reader: VCardReader) throws -> [VCard] {
    var cards: [VCard] = []
    while let card = try reader.next() {
        cards.append(card)
    }
    return cards
}

extension [UInt8] {
    /// The text in Windows-1252, for characters that code page has.
    static func windows1252(_ text: String) -> [UInt8] {
        let high: [Character: UInt8] = [
            "€": 0x80, "‚": 0x82, "„": 0x84, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93,
            "”": 0x94, "–": 0x96, "—": 0x97, "™": 0x99, "Š": 0x8A, "š": 0x9A, "Ÿ": 0x9F,
        ]
        return text.map { character in
            if let byte = high[character] {
                return byte
            }
            let scalar = character.unicodeScalars.first?.value ?? 0x3F
            return scalar < 0x100 ? UInt8(scalar) : 0x3F
        }
    }

    /// The text in UTF-16, little- or big-endian, with a byte-order mark.
    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let low = UInt8(unit & 0xFF)
            let high = UInt8(unit >> 8)
            bytes += littleEndian ? [low, high] : [high, low]
        }
        return bytes
    }
}

/// A small deterministic random number generator (SplitMix64) for generated test data.
struct TextTestRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(bound))
    }
}

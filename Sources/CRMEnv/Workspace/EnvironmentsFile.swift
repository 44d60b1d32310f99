import Foundation

/// `environments/environments.json`: where each environment's database lives when it is not at
/// its default place (`environments/<name>.sqlite`), e.g. a LIVE adopted in place.
struct EnvironmentsFile: Codable, Equatable {
    struct Entry: Codable, Equatable {
        /// Absolute path of the database.
        var path: String
    }

    var live: Entry?
    var test: Entry?

    subscript(name: EnvironmentName) -> Entry? {
        get { name == .live ? live : test }
        set {
            if name == .live { live = newValue } else { test = newValue }
        }
    }

    /// Reads the file, or returns an empty one when there is none.
    static func load(from path: String) throws -> EnvironmentsFile {
        guard FileSystem.exists(path) else { return EnvironmentsFile() }
        let data = try FileSystem.read(path, purpose: "environments file")
        do {
            return try JSONDecoder().decode(EnvironmentsFile.self, from: data)
        } catch {
            throw CRMEnvError.environmentsFileInvalid(path: path, reason: describe(error))
        }
    }

    func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        try FileSystem.writeAtomically(data, to: path)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty
                ? "it is not valid JSON" : "'\(path)': \(context.debugDescription.lowercased())"
        default:
            return "it is not valid JSON"
        }
    }
}

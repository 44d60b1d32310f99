import Foundation

/// Writes CSV (RFC 4180: comma-separated, CRLF-free `\n` lines, quotes doubled) to a file,
/// for reject files and exports.
final class CSVWriter {
    private let handle: FileHandle
    let path: String

    /// Creates (or truncates) `path`.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CRMEnvError.fileUnwritable(
                path: path, reason: "the file cannot be created (check the folder exists)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CRMEnvError.fileUnwritable(path: path, reason: "the file cannot be opened")
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        try? handle.close()
    }

    /// Writes one record.
    func write(_ fields: [String]) throws {
        do {
            try handle.write(contentsOf: Data(CSVWriter.line(fields).utf8))
        } catch {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.reason(error))
        }
    }

    /// Flushes and closes the file.
    func close() throws {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.reason(error))
        }
    }

    /// One record as a line of CSV, quoting fields that need it.
    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard
            field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                || field.first == " " || field.last == " "
        else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

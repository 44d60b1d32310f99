/// A place in an input file, for messages: `file:line:column`.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The file name as the user gave it.
    public var file: String
    /// 1-based line number (physical line: a quoted field spanning lines counts them all).
    public var line: Int
    /// 1-based column in characters, when known.
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if let column {
            return "\(file):\(line):\(column)"
        }
        return "\(file):\(line)"
    }
}

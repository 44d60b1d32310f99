/// Reads decoded text one physical line at a time; CR, LF and CRLF all end a line.
///
/// A line longer than `maximumLength` bytes is cut there: the reader returns its beginning,
/// marked as truncated, and skips the rest without keeping it, so memory stays bounded.
final class TextLineReader {
    /// One physical line, without its line end.
    struct Line {
        /// The line's UTF-8 bytes, at most `maximumLength` of them.
        var bytes: [UInt8]
        /// The 1-based physical line number.
        var number: Int
        /// Whether the line was longer than `maximumLength` and `bytes` holds only its start.
        var isTruncated: Bool
    }

    let displayName: String
    let maximumLength: Int
    private let window: TextWindow
    private var position = 0
    private var lineNumber = 0
    private var afterCR = false

    init(decoder: TextFileDecoder, maximumLength: Int) {
        self.window = TextWindow(decoder: decoder)
        self.displayName = decoder.displayName
        self.maximumLength = maximumLength
    }

    /// The most memory the reader's text window ever held, in bytes.
    var bufferHighWaterMark: Int { window.highWaterMark }

    /// The next line, or nil at the end of the text.
    ///
    /// - throws: `CRMEnvError.invalidInput` when the line holds a NUL character.
    func next() throws -> Line? {
        var bytes: [UInt8] = []
        var isTruncated = false
        var hasStarted = false
        var scalars = 0
        while true {
            if position == window.count {
                let hasMore = try window.advance(discarding: position)
                position = 0
                guard hasMore else {
                    if hasStarted {
                        lineNumber += 1
                        afterCR = false
                        return Line(bytes: bytes, number: lineNumber, isTruncated: isTruncated)
                    }
                    return nil
                }
            }
            let base = window.bytes
            if afterCR {
                afterCR = false
                if base[position] == TextByte.lineFeed {
                    position += 1
                    continue
                }
            }
            hasStarted = true
            var scan = position
            let end = window.count
            while scan < end {
                let byte = base[scan]
                if byte <= TextByte.carriageReturn
                    && (byte == TextByte.lineFeed || byte == TextByte.carriageReturn || byte == 0)
                {
                    break
                }
                scan += 1
            }
            let room = maximumLength - bytes.count
            if scan - position > room {
                isTruncated = true
            }
            let kept = min(scan - position, max(room, 0))
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + position, count: kept))
            for offset in position..<scan where base[offset] & 0xC0 != 0x80 {
                scalars += 1
            }
            position = scan
            if scan == end {
                continue
            }
            let byte = base[scan]
            if byte == 0 {
                throw CRMEnvError.invalidInput(
                    location: SourceLocation(
                        file: displayName, line: lineNumber + 1, column: scalars + 1),
                    message: "the text contains a NUL character (U+0000)",
                    fix: "remove it; the file may be damaged or not a text export")
            }
            position += 1
            afterCR = byte == TextByte.carriageReturn
            lineNumber += 1
            return Line(bytes: bytes, number: lineNumber, isTruncated: isTruncated)
        }
    }
}

/// The character encodings crmenv reads text exports in.
///
/// Contact exports come as UTF-8 (with or without a byte-order mark), as UTF-16 with a byte-order
/// mark (Outlook's "Unicode" CSV), or as Windows-1252 (older Outlook and Excel on Western
/// Windows). Use ``detect(path:displayName:)`` to find out which one a file is in, and
/// ``TextFileDecoder`` to read it as UTF-8 text.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1252 = "Windows-1252"

    /// The byte-order mark a file in this encoding starts with, if it has one.
    var byteOrderMark: [UInt8] {
        switch self {
        case .utf8, .utf8WithBOM: return [0xEF, 0xBB, 0xBF]
        case .utf16LE: return [0xFF, 0xFE]
        case .utf16BE: return [0xFE, 0xFF]
        case .windows1252: return []
        }
    }
}

extension TextEncoding {
    /// Finds out the encoding of a text file.
    ///
    /// A byte-order mark decides (EF BB BF: UTF-8 with BOM; FF FE: UTF-16LE; FE FF: UTF-16BE);
    /// after a UTF-8 one the rest must be valid UTF-8 too, or the file is refused.
    /// Without one, the whole file is read once, in chunks, and checked as UTF-8: valid UTF-8
    /// (plain ASCII included) is `.utf8`. Text that is not UTF-8 is `.windows1252` unless it
    /// holds one of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    ///
    /// Memory use does not depend on the size of the file.
    ///
    /// - parameters:
    ///   - path: The file to read.
    ///   - displayName: The file name as the user gave it, used in messages.
    /// - throws: `CRMEnvError.invalidInput` when the file is empty, contains a NUL byte (a binary
    ///   file, or UTF-16 without a byte-order mark), or is neither UTF-8 nor Windows-1252; the
    ///   location is the offending byte's line and column. `CRMEnvError.fileNotFound` and
    ///   `CRMEnvError.fileUnreadable` when the file cannot be read.
    public static func detect(path: String, displayName: String) throws -> TextEncoding {
        try detect(path: path, displayName: displayName, emptyFileFix: emptyCSVFix)
    }

    /// The remedy for an empty CSV file.
    static let emptyCSVFix = "export it again with a header row"

    static func detect(path: String, displayName: String, emptyFileFix: String) throws
        -> TextEncoding
    {
        let file = try InputFile(path: path, displayName: displayName)
        let capacity = TextFileDecoder.chunkSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }

        var count = try file.fill(buffer, count: capacity)
        if count == 0 {
            throw emptyFileError(displayName, fix: emptyFileFix)
        }
        var hasUTF8Mark = false
        for encoding in [TextEncoding.utf8WithBOM, .utf16LE, .utf16BE] {
            let mark = encoding.byteOrderMark
            if count >= mark.count && mark.indices.allSatisfy({ buffer[$0] == mark[$0] }) {
                if count == mark.count {
                    throw emptyFileError(displayName, fix: emptyFileFix)
                }
                guard encoding == .utf8WithBOM else {
                    return encoding
                }
                hasUTF8Mark = true
            }
        }

        // After a UTF-8 byte-order mark the text must be UTF-8: check it rather than repair it.
        let start = hasUTF8Mark ? 3 : 0
        var scan = EncodingScan(offset: start)
        var chunk = UnsafeBufferPointer(start: buffer + start, count: count - start)
        while !chunk.isEmpty {
            scan.scan(chunk)
            if scan.nulOffset != nil || scan.isNeither
                || (hasUTF8Mark && scan.utf8ErrorOffset != nil)
            {
                break
            }
            count = try file.fill(buffer, count: capacity)
            chunk = UnsafeBufferPointer(start: buffer, count: count)
        }
        scan.finish()

        if let offset = scan.nulOffset {
            let position = try locate(
                offset: offset, path: path, displayName: displayName,
                countingUTF8: scan.utf8ErrorOffset == nil, skipping: start)
            throw CRMEnvError.invalidInput(
                location: SourceLocation(
                    file: displayName, line: position.line, column: position.column),
                message: "the file contains a NUL byte; this looks like a binary file or UTF-16 "
                    + "without a byte-order mark",
                fix: "save it as UTF-8 or UTF-16 with BOM")
        }
        guard let utf8Error = scan.utf8ErrorOffset else {
            return hasUTF8Mark ? .utf8WithBOM : .utf8
        }
        if hasUTF8Mark {
            let position = try locate(
                offset: utf8Error, path: path, displayName: displayName, countingUTF8: true,
                skipping: start)
            throw CRMEnvError.invalidInput(
                location: SourceLocation(
                    file: displayName, line: position.line, column: position.column),
                message: "the file starts with a UTF-8 byte-order mark but is not UTF-8 text "
                    + "(invalid byte 0x\(hex(scan.utf8ErrorByte)) at line \(position.line), "
                    + "column \(position.column))",
                fix: "save it as UTF-8")
        }
        guard let cp1252Error = scan.windows1252ErrorOffset else {
            return .windows1252
        }
        // Report the byte where the file stopped being plausible in both encodings: the text
        // before it reads as the other one, so count columns the way that one would.
        let offset: Int
        let byte: UInt8
        let countingUTF8: Bool
        if utf8Error >= cp1252Error {
            (offset, byte, countingUTF8) = (utf8Error, scan.utf8ErrorByte, true)
        } else {
            (offset, byte, countingUTF8) = (cp1252Error, scan.windows1252ErrorByte, false)
        }
        let position = try locate(
            offset: offset, path: path, displayName: displayName, countingUTF8: countingUTF8)
        throw CRMEnvError.invalidInput(
            location: SourceLocation(
                file: displayName, line: position.line, column: position.column),
            message: "the file is neither UTF-8 nor Windows-1252 text (invalid byte "
                + "0x\(hex(byte)) at line \(position.line), column \(position.column))",
            fix: "save it as UTF-8")
    }

    static func emptyFileError(_ displayName: String, fix: String) -> CRMEnvError {
        .invalidInput(
            location: SourceLocation(file: displayName, line: 1),
            message: "the file is empty", fix: fix)
    }

    /// Two upper-case hexadecimal digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// The line and column of the byte at `offset`, reading the file again up to it.
    ///
    /// Lines end at CR, LF or CRLF. Columns count Unicode scalars when `countingUTF8` (the text
    /// before the byte is UTF-8), otherwise bytes (each Windows-1252 byte is one character).
    /// The first `skipping` bytes (a byte-order mark) are not counted.
    static func locate(
        offset: Int, path: String, displayName: String, countingUTF8: Bool, skipping: Int = 0
    ) throws -> (line: Int, column: Int) {
        let file = try InputFile(path: path, displayName: displayName)
        let capacity = TextFileDecoder.chunkSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var line = 1
        var column = 1
        var afterCR = false
        var consumed = 0
        while consumed < offset {
            let count = try file.fill(buffer, count: min(capacity, offset - consumed))
            if count == 0 {
                break
            }
            for index in 0..<count where consumed + index >= skipping {
                let byte = buffer[index]
                if byte == 0x0A {
                    if !afterCR {
                        line += 1
                    }
                    column = 1
                    afterCR = false
                } else if byte == 0x0D {
                    line += 1
                    column = 1
                    afterCR = true
                } else {
                    afterCR = false
                    if !countingUTF8 || byte & 0xC0 != 0x80 {
                        column += 1
                    }
                }
            }
            consumed += count
        }
        return (line, column)
    }

    /// The Unicode scalar a Windows-1252 byte stands for.
    ///
    /// The five bytes Windows-1252 leaves undefined map to the C1 controls of the same value, as
    /// Windows itself does.
    static func windows1252Scalar(_ byte: UInt8) -> UInt32 {
        if byte < 0x80 || byte >= 0xA0 {
            return UInt32(byte)
        }
        return windows1252High[Int(byte) - 0x80]
    }

    /// Whether Windows-1252 leaves this byte undefined.
    @inline(__always)
    static func isUndefinedInWindows1252(_ byte: UInt8) -> Bool {
        byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D
    }

    /// Unicode for Windows-1252 bytes 0x80 to 0x9F.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// The streaming check behind `TextEncoding.detect`: UTF-8 validity, Windows-1252 plausibility
/// and NUL bytes, as byte offsets into the file.
struct EncodingScan {
    /// Offset of the first byte that breaks UTF-8 (the lead byte of a broken sequence).
    private(set) var utf8ErrorOffset: Int?
    private(set) var utf8ErrorByte: UInt8 = 0
    /// Offset of the first byte Windows-1252 leaves undefined.
    private(set) var windows1252ErrorOffset: Int?
    private(set) var windows1252ErrorByte: UInt8 = 0
    /// Offset of the first NUL byte.
    private(set) var nulOffset: Int?

    /// The offset in the file of the next chunk.
    private var offset: Int
    /// Continuation bytes the current UTF-8 sequence still needs.
    private var needed = 0
    private var lowerBound: UInt8 = 0x80
    private var upperBound: UInt8 = 0xBF
    private var leadOffset = 0
    private var leadByte: UInt8 = 0

    /// Starts a scan at `offset` bytes into the file (after a byte-order mark).
    init(offset: Int = 0) {
        self.offset = offset
    }

    /// Whether the file has already proved to be neither UTF-8 nor Windows-1252.
    var isNeither: Bool { utf8ErrorOffset != nil && windows1252ErrorOffset != nil }

    /// Checks the next chunk of the file.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            if needed == 0 {
                // Fast path: eight ASCII bytes, none of them NUL, at a time.
                while index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    let high: UInt64 = 0x8080_8080_8080_8080
                    if word & high != 0 || (word &- 0x0101_0101_0101_0101) & ~word & high != 0 {
                        break
                    }
                    index += 8
                }
                if index == count {
                    break
                }
                let byte = base[index]
                if byte < 0x80 {
                    if byte == 0 {
                        nulOffset = offset + index
                        offset += index
                        return
                    }
                    index += 1
                    continue
                }
                checkWindows1252(byte, at: offset + index)
                if utf8ErrorOffset == nil {
                    startSequence(byte, at: offset + index)
                }
                index += 1
            } else {
                let byte = base[index]
                if byte >= lowerBound && byte <= upperBound {
                    checkWindows1252(byte, at: offset + index)
                    needed -= 1
                    lowerBound = 0x80
                    upperBound = 0xBF
                    index += 1
                } else {
                    // The sequence is cut short: the lead byte is at fault. Look at this byte
                    // again as the start of something new.
                    failUTF8(at: leadOffset, byte: leadByte)
                }
            }
        }
        offset += count
    }

    /// Ends the scan: a sequence still open at the end of the file is broken.
    mutating func finish() {
        if needed > 0 {
            failUTF8(at: leadOffset, byte: leadByte)
        }
    }

    private mutating func checkWindows1252(_ byte: UInt8, at position: Int) {
        if windows1252ErrorOffset == nil && TextEncoding.isUndefinedInWindows1252(byte) {
            windows1252ErrorOffset = position
            windows1252ErrorByte = byte
        }
    }

    private mutating func startSequence(_ byte: UInt8, at position: Int) {
        leadOffset = position
        leadByte = byte
        lowerBound = 0x80
        upperBound = 0xBF
        switch byte {
        case 0xC2...0xDF:
            needed = 1
        case 0xE0:
            needed = 2
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF:
            needed = 2
        case 0xED:
            needed = 2
            upperBound = 0x9F
        case 0xF0:
            needed = 3
            lowerBound = 0x90
        case 0xF1...0xF3:
            needed = 3
        case 0xF4:
            needed = 3
            upperBound = 0x8F
        default:
            failUTF8(at: position, byte: byte)
        }
    }

    private mutating func failUTF8(at position: Int, byte: UInt8) {
        if utf8ErrorOffset == nil {
            utf8ErrorOffset = position
            utf8ErrorByte = byte
        }
        needed = 0
        lowerBound = 0x80
        upperBound = 0xBF
    }
}

/// Reads a text file in any ``TextEncoding`` and yields its text as UTF-8, a chunk at a time.
///
/// The file is read 64 KiB at a time, so memory use does not depend on its size. A byte-order
/// mark at the start is skipped. Every chunk ends on a character boundary: a UTF-8 sequence or a
/// UTF-16 surrogate pair split across two reads of the file is put back together, and
/// Windows-1252 bytes 0x80 to 0x9F become the characters Windows shows for them (0x80 is '€').
///
/// Text that does not follow its encoding is repaired, not refused: an invalid UTF-8 sequence or
/// an unpaired UTF-16 surrogate becomes U+FFFD. `TextEncoding.detect(path:displayName:)` has
/// already refused such files when the encoding was detected rather than given.
///
/// ```swift
/// let decoder = try TextFileDecoder(path: path, displayName: "contacts.csv", encoding: .utf16LE)
/// while let text = try decoder.nextChunk() {
///     ...
/// }
/// ```
public final class TextFileDecoder {
    /// The encoding the file is read in.
    public let encoding: TextEncoding
    /// The file name as the user gave it, for messages.
    public let displayName: String

    /// How many bytes of the file are read at a time.
    static let chunkSize = 64 * 1024

    private let file: InputFile
    /// Bytes read from the file and not decoded yet: `raw[rawStart..<rawEnd]`.
    private let raw: UnsafeMutablePointer<UInt8>
    private var rawStart = 0
    private var rawEnd = 0
    private var rawIsAtEnd = false

    /// Opens a file to decode, and skips its byte-order mark.
    ///
    /// - throws: `CRMEnvError.invalidInput` when the file is empty (no bytes, or only a
    ///   byte-order mark); `CRMEnvError.fileNotFound` or `CRMEnvError.fileUnreadable` when it
    ///   cannot be read.
    public convenience init(path: String, displayName: String, encoding: TextEncoding) throws {
        try self.init(
            path: path, displayName: displayName, encoding: encoding,
            emptyFileFix: TextEncoding.emptyCSVFix)
    }

    /// Opens a file to decode; `emptyFileFix` is the remedy given when the file is empty.
    init(path: String, displayName: String, encoding: TextEncoding, emptyFileFix: String) throws {
        self.file = try InputFile(path: path, displayName: displayName)
        self.encoding = encoding
        self.displayName = displayName
        self.raw = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunkSize)
        try refillRaw()
        let mark = encoding.byteOrderMark
        if rawEnd >= mark.count && mark.indices.allSatisfy({ raw[$0] == mark[$0] }) {
            rawStart = mark.count
        }
        if rawStart == rawEnd && rawIsAtEnd {
            throw TextEncoding.emptyFileError(displayName, fix: emptyFileFix)
        }
    }

    deinit {
        raw.deallocate()
    }

    /// The next piece of the text, or nil at the end of the file.
    ///
    /// - throws: `CRMEnvError.fileUnreadable` when reading fails.
    public func nextChunk() throws -> String? {
        var bytes = [UInt8](repeating: 0, count: Self.chunkSize)
        let count = try bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return try decode(into: base, capacity: buffer.count)
        }
        if count == 0 {
            return nil
        }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }

    /// Decodes the next piece of the text into `output` as UTF-8 and returns its length.
    ///
    /// Returns 0 only at the end of the file. The piece ends on a character boundary.
    ///
    /// - precondition: `capacity` is at least 4, the longest UTF-8 sequence.
    func decode(into output: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        precondition(capacity >= 4, "decode needs room for one UTF-8 sequence")
        while true {
            if rawEnd - rawStart < 4 && !rawIsAtEnd {
                try refillRaw()
            }
            if rawStart == rawEnd {
                return 0
            }
            let written: Int
            switch encoding {
            case .utf8, .utf8WithBOM:
                written = copyUTF8(into: output, capacity: capacity)
            case .utf16LE:
                written = convertUTF16(into: output, capacity: capacity, littleEndian: true)
            case .utf16BE:
                written = convertUTF16(into: output, capacity: capacity, littleEndian: false)
            case .windows1252:
                written = convertWindows1252(into: output, capacity: capacity)
            }
            if written > 0 {
                return written
            }
            if rawIsAtEnd {
                // Cannot happen: at the end every converter makes progress. Never loop.
                rawStart = rawEnd
                return 0
            }
            try refillRaw()
        }
    }

    /// Moves the undecoded bytes to the front and reads more of the file behind them.
    private func refillRaw() throws {
        let left = rawEnd - rawStart
        if rawStart > 0 && left > 0 {
            UnsafeMutableRawPointer(raw).copyMemory(from: raw + rawStart, byteCount: left)
        }
        rawStart = 0
        rawEnd = left
        let wanted = Self.chunkSize - left
        let count = try file.fill(raw + left, count: wanted)
        rawEnd += count
        if count < wanted {
            rawIsAtEnd = true
        }
    }

    private func copyUTF8(into output: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        let available = rawEnd - rawStart
        var count = min(available, capacity)
        if count < available || !rawIsAtEnd {
            count = Self.utf8Boundary(raw + rawStart, count: count)
        }
        output.update(from: raw + rawStart, count: count)
        rawStart += count
        return count
    }

    /// The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
    static func utf8Boundary(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        var lead = count - 1
        var continuations = 0
        while lead >= 0 && continuations < 3 && bytes[lead] & 0xC0 == 0x80 {
            lead -= 1
            continuations += 1
        }
        guard lead >= 0 else { return count }
        let byte = bytes[lead]
        let length: Int
        if byte >= 0xF0 {
            length = 4
        } else if byte >= 0xE0 {
            length = 3
        } else if byte >= 0xC0 {
            length = 2
        } else {
            length = 1
        }
        return lead + length > count ? lead : count
    }

    private func convertUTF16(
        into output: UnsafeMutablePointer<UInt8>, capacity: Int, littleEndian: Bool
    ) -> Int {
        var index = rawStart
        var written = 0
        func unit(at position: Int) -> UInt32 {
            littleEndian
                ? UInt32(raw[position]) | UInt32(raw[position + 1]) << 8
                : UInt32(raw[position]) << 8 | UInt32(raw[position + 1])
        }
        while written + 4 <= capacity {
            let left = rawEnd - index
            if left < 2 {
                if left == 1 && rawIsAtEnd {
                    // An odd byte at the end of the file.
                    written += Self.encodeUTF8(0xFFFD, into: output + written)
                    index += 1
                }
                break
            }
            let first = unit(at: index)
            if first & 0xFC00 == 0xD800 {
                if left < 4 {
                    if !rawIsAtEnd {
                        break
                    }
                    written += Self.encodeUTF8(0xFFFD, into: output + written)
                    index += 2
                    continue
                }
                let second = unit(at: index + 2)
                if second & 0xFC00 == 0xDC00 {
                    let scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    written += Self.encodeUTF8(scalar, into: output + written)
                    index += 4
                } else {
                    written += Self.encodeUTF8(0xFFFD, into: output + written)
                    index += 2
                }
            } else if first & 0xFC00 == 0xDC00 {
                written += Self.encodeUTF8(0xFFFD, into: output + written)
                index += 2
            } else {
                written += Self.encodeUTF8(first, into: output + written)
                index += 2
            }
        }
        rawStart = index
        return written
    }

    private func convertWindows1252(into output: UnsafeMutablePointer<UInt8>, capacity: Int)
        -> Int
    {
        var index = rawStart
        var written = 0
        while index < rawEnd && written + 3 <= capacity {
            let byte = raw[index]
            if byte < 0x80 {
                output[written] = byte
                written += 1
            } else {
                let scalar = TextEncoding.windows1252Scalar(byte)
                written += Self.encodeUTF8(scalar, into: output + written)
            }
            index += 1
        }
        rawStart = index
        return written
    }

    /// Writes `scalar` as UTF-8 and returns the number of bytes written (1 to 4).
    @inline(__always)
    static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        if scalar < 0x80 {
            output[0] = UInt8(scalar)
            return 1
        }
        if scalar < 0x800 {
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        }
        if scalar < 0x10000 {
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        }
        output[0] = UInt8(0xF0 | scalar >> 18)
        output[1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
        output[2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
        output[3] = UInt8(0x80 | scalar & 0x3F)
        return 4
    }
}

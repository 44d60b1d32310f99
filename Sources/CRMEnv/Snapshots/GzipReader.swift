import CZlib
import Foundation

/// Inflates a gzip file read from a file descriptor, checking everything the format can check.
///
/// The header is parsed when the reader is created (the optional extra field, file name,
/// comment and header CRC are skipped or checked, never stored). `read(into:)` then inflates
/// into the caller's buffer with a 32 KiB window and a 64 KiB input buffer, whatever the size
/// of the data, and updates the CRC-32 as it goes. When the compressed data ends, the 8-byte
/// trailer is checked (CRC-32 and size modulo 2^32), and so is the end of the file: anything
/// after the trailer, even a second gzip member, is rejected as corrupt, since crmenv writes
/// single-member files and extra bytes mean the file is not the one that was written.
///
/// `expectedSize` guards against corrupt files and gzip bombs: the reader never inflates more
/// than one byte past it, and allocates nothing in proportion to the output.
///
/// A reader is used from one thread at a time. After an error, every later call throws the
/// same error. The reader neither closes nor seeks the descriptor.
///
/// See <https://www.rfc-editor.org/rfc/rfc1952>.
public final class GzipReader {
    private static let inputCapacity = 64 * 1024

    private let fileDescriptor: Int32
    private let expectedSize: Int64?
    private let stream: UnsafeMutablePointer<z_stream>
    private var isStreamStarted = false
    private let input: UnsafeMutableRawBufferPointer
    private var isAtEndOfFile = false

    /// The CRC-32 of the bytes inflated so far; after the end, that of the whole data.
    public private(set) var crc32: UInt32 = 0
    /// The number of bytes inflated so far.
    public private(set) var bytesOut: Int64 = 0

    private enum State {
        case inflating
        case ended
        case failed(GzipError)
    }
    private var state = State.inflating

    /// Creates a reader and parses the gzip header.
    ///
    /// - parameter fileDescriptor: a descriptor open for reading, positioned at the start of
    ///   the gzip data.
    /// - parameter expectedSize: the exact number of bytes the data must inflate to (from a
    ///   snapshot's manifest), or nil when unknown. Inflating more stops at once with
    ///   `GzipError.tooLarge`; ending with fewer fails with `GzipError.sizeMismatch`.
    /// - throws: `GzipError.notGzip` when the file does not start with the gzip magic bytes,
    ///   `GzipError.truncated` when it ends inside the header, `GzipError.corrupt` for an
    ///   unknown method, reserved flags or a wrong header CRC, `GzipError.readFailed`.
    public init(fileDescriptor: Int32, expectedSize: Int64?) throws {
        if let expectedSize, expectedSize < 0 {
            throw GzipError.invalidArgument("expected size \(expectedSize) is negative")
        }
        self.fileDescriptor = fileDescriptor
        self.expectedSize = expectedSize
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: Self.inputCapacity, alignment: 16)
        // From here on deinit runs if init throws, and frees both.
        try readHeader()
        let code = crmenv_inflate_init2(stream, -15)
        guard code == Z_OK else {
            throw GzipError.compressionFailed(
                "cannot start inflate: \(GzipError.zlibMessage(stream.pointee.msg, code: code))")
        }
        isStreamStarted = true
    }

    deinit {
        if isStreamStarted {
            inflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Inflates into `buffer` and returns how many bytes it holds; 0 means the end of the data
    /// (or an empty buffer).
    ///
    /// The call fills the buffer unless the data ends first. The call that reaches the end of
    /// the compressed data checks the trailer and the end of the file before returning, so a
    /// reader that returned 0 has verified the whole file.
    ///
    /// - throws: `GzipError.truncated`, `.corrupt` (zlib's message, or trailing data),
    ///   `.checksumMismatch`, `.sizeMismatch`, `.tooLarge`, `.readFailed`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch state {
        case .inflating: break
        case .ended: return 0
        case .failed(let error): throw error
        }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        do throws(GzipError) {
            var produced = 0
            while produced < buffer.count {
                if stream.pointee.avail_in == 0, !isAtEndOfFile {
                    try refill()
                }
                var room = buffer.count - produced
                if let expectedSize {
                    // One byte past the limit is enough to know the data is too large.
                    room = min(room, Int(clamping: expectedSize - bytesOut + 1))
                }
                let available = UInt32(clamping: room)
                stream.pointee.next_out = (base + produced).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = available
                let code = inflate(stream, Z_NO_FLUSH)
                let count = Int(available - stream.pointee.avail_out)
                crc32 = CRC32.update(
                    crc32, UnsafeRawBufferPointer(start: base + produced, count: count))
                produced += count
                bytesOut += Int64(count)
                if let expectedSize, bytesOut > expectedSize {
                    throw .tooLarge(limit: expectedSize)
                }
                switch code {
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress: inflate needs input and the file has none left.
                    if isAtEndOfFile, stream.pointee.avail_in == 0 {
                        throw .truncated
                    }
                case Z_STREAM_END:
                    try checkTrailer()
                    state = .ended
                    return produced
                case Z_NEED_DICT:
                    throw .corrupt("the data needs a preset dictionary")
                case Z_MEM_ERROR:
                    throw .compressionFailed("inflate ran out of memory")
                default:
                    throw .corrupt(GzipError.zlibMessage(stream.pointee.msg, code: code))
                }
            }
            return produced
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Reads the gzip header up to the compressed data (RFC 1952, 2.3).
    private func readHeader() throws(GzipError) {
        guard let first = try nextByteIfAny() else { throw .truncated }
        var headerCRC = CRC32.update(0, first)
        func byte() throws(GzipError) -> UInt8 {
            let value = try nextByte()
            headerCRC = CRC32.update(headerCRC, value)
            return value
        }
        guard first == 0x1f, try byte() == 0x8b else { throw .notGzip }
        let method = try byte()
        guard method == 8 else {
            throw .corrupt("unknown compression method \(method) (only deflate, 8, is defined)")
        }
        let flags = try byte()
        guard flags & 0xe0 == 0 else {
            throw .corrupt("reserved header flags are set")
        }
        for _ in 0..<6 {  // modification time, extra flags, operating system
            _ = try byte()
        }
        if flags & 0x04 != 0 {  // FEXTRA: a 2-byte length, then that many bytes
            let length = Int(try byte()) | Int(try byte()) << 8
            for _ in 0..<length {
                _ = try byte()
            }
        }
        if flags & 0x08 != 0 {  // FNAME, zero-terminated
            while try byte() != 0 {}
        }
        if flags & 0x10 != 0 {  // FCOMMENT, zero-terminated
            while try byte() != 0 {}
        }
        if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the CRC-32 of the header so far
            let expected = UInt16(headerCRC & 0xffff)
            let stored = UInt16(try nextByte()) | UInt16(try nextByte()) << 8
            guard stored == expected else {
                throw .corrupt("the header checksum does not match the header")
            }
        }
    }

    /// Checks the 8-byte trailer after the compressed data, and that nothing follows it.
    private func checkTrailer() throws(GzipError) {
        var trailer = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 {
            trailer[index] = try nextByte()
        }
        func littleEndian(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(trailer[offset + $1]) << (8 * $1) }
        }
        let storedCRC = littleEndian(0)
        let storedSize = littleEndian(4)
        guard storedCRC == crc32 else {
            throw .checksumMismatch(expected: storedCRC, actual: crc32)
        }
        guard storedSize == UInt32(truncatingIfNeeded: bytesOut) else {
            throw .sizeMismatch(expected: Int64(storedSize), actual: bytesOut)
        }
        if let expectedSize, expectedSize != bytesOut {
            throw .sizeMismatch(expected: expectedSize, actual: bytesOut)
        }
        if try nextByteIfAny() != nil {
            throw .corrupt("unexpected data after the end of the gzip stream")
        }
    }

    private func nextByte() throws(GzipError) -> UInt8 {
        guard let value = try nextByteIfAny() else { throw .truncated }
        return value
    }

    /// The next unread byte of the file, or nil at its end.
    private func nextByteIfAny() throws(GzipError) -> UInt8? {
        if stream.pointee.avail_in == 0 {
            if isAtEndOfFile {
                return nil
            }
            try refill()
            if stream.pointee.avail_in == 0 {
                return nil
            }
        }
        guard let next = stream.pointee.next_in else { return nil }
        stream.pointee.next_in = next + 1
        stream.pointee.avail_in -= 1
        return next.pointee
    }

    /// Reads the next chunk of the file into the input buffer, which must be used up; sets
    /// `isAtEndOfFile` when there is none.
    private func refill() throws(GzipError) {
        guard let base = input.baseAddress else { return }
        while true {
            let count = systemRead(fileDescriptor, base, input.count)
            if count < 0 {
                let code = errno
                if code == EINTR {
                    continue
                }
                throw .readFailed(errno: code)
            }
            if count == 0 {
                isAtEndOfFile = true
            }
            stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = UInt32(count)
            return
        }
    }
}

extension CRC32 {
    /// Returns `crc` updated with one byte.
    fileprivate static func update(_ crc: UInt32, _ byte: UInt8) -> UInt32 {
        withUnsafeBytes(of: byte) { update(crc, $0) }
    }
}

private func systemRead(_ fileDescriptor: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int)
    -> Int
{
    #if canImport(Glibc)
        return Glibc.read(fileDescriptor, pointer, count)
    #else
        return Darwin.read(fileDescriptor, pointer, count)
    #endif
}

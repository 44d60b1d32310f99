#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure while writing or reading a gzip stream.
///
/// The description is one lowercase line a user can read; the caller puts the file name in
/// front of it (`'snapshots/live-2024.gz': the gzip stream is truncated ...`).
public enum GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input does not start with the gzip magic bytes `1f 8b`.
    case notGzip
    /// The input ended before the end of the compressed data or before the 8-byte trailer.
    case truncated
    /// zlib rejected the compressed data, or the header is malformed; the associated text says
    /// why (zlib's own message, such as `invalid distance too far back`).
    case corrupt(String)
    /// The CRC-32 in the trailer differs from the CRC-32 of the inflated data.
    case checksumMismatch(expected: UInt32, actual: UInt32)
    /// The inflated data does not have the size the trailer (ISIZE, modulo 2^32) or the caller
    /// said it must have.
    case sizeMismatch(expected: Int64, actual: Int64)
    /// The data inflates to more than the size the caller allowed; inflating stopped there.
    case tooLarge(limit: Int64)
    /// Writing the compressed stream failed (`ENOSPC`, `EIO`, `EBADF`, ...).
    case writeFailed(errno: Int32, message: String)
    /// Reading the compressed stream failed.
    case readFailed(errno: Int32, message: String)
    /// zlib could not compress or set up a stream (in practice: out of memory).
    case compressionFailed(String)
    /// A parameter is out of range (a level outside 0...9, no threads, a zero block size).
    case invalidArgument(String)
    /// The stream was already finished, or failed earlier; nothing more can be written.
    case alreadyFinished

    public var description: String {
        switch self {
        case .notGzip:
            return "not a gzip file (it does not start with the gzip magic bytes 1f 8b)"
        case .truncated:
            return "the gzip stream is truncated: the file ends before the end of the "
                + "compressed data; it was cut short or not completely written"
        case .corrupt(let reason):
            return "the gzip stream is corrupt: \(reason)"
        case .checksumMismatch(let expected, let actual):
            return "the data does not match its checksum (CRC-32 \(hex(expected)) in the "
                + "trailer, \(hex(actual)) computed); the file is corrupt"
        case .sizeMismatch(let expected, let actual):
            return "the data has the wrong size (\(expected) bytes expected, \(actual) "
                + "inflated); the file is corrupt"
        case .tooLarge(let limit):
            return "the data inflates to more than the expected \(limit) bytes; stopped "
                + "there (the file is corrupt or not the one expected)"
        case .writeFailed(let errno, let message):
            return "cannot write the compressed data: \(lowercasingFirst(message)) "
                + "(errno \(errno))"
        case .readFailed(let errno, let message):
            return "cannot read the compressed data: \(lowercasingFirst(message)) "
                + "(errno \(errno))"
        case .compressionFailed(let reason):
            return "compression failed: \(reason)"
        case .invalidArgument(let reason):
            return "invalid gzip parameter: \(reason)"
        case .alreadyFinished:
            return "the gzip stream is already finished or has failed; nothing more can be "
                + "written to it"
        }
    }

    /// The error for a failed `write(2)`, with the system's message for `code`.
    static func writeFailed(errno code: Int32) -> GzipError {
        .writeFailed(errno: code, message: systemMessage(code))
    }

    /// The error for a failed `read(2)`, with the system's message for `code`.
    static func readFailed(errno code: Int32) -> GzipError {
        .readFailed(errno: code, message: systemMessage(code))
    }

    /// zlib's message for a stream, or a generic one built from the return code.
    static func zlibMessage(_ message: UnsafePointer<CChar>?, code: Int32) -> String {
        if let message {
            return String(cString: message)
        }
        return "zlib error \(code)"
    }
}

private func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

private func lowercasingFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    // "No space left on device" reads as "no space left on device"; keep acronyms as they are.
    if text.dropFirst().first?.isUppercase == true {
        return text
    }
    return first.lowercased() + text.dropFirst()
}

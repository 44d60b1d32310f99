#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An input file opened read-only and read front to back with `read(2)`.
///
/// The descriptor is closed when the value is released.
final class InputFile {
    /// The file name as the user gave it, for messages.
    let displayName: String
    private let descriptor: Int32

    /// Opens `path` for reading.
    ///
    /// - throws: `CRMEnvError.fileNotFound` when there is no such file,
    ///   `CRMEnvError.fileUnreadable` when it cannot be opened.
    init(path: String, displayName: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw CRMEnvError.fileNotFound(path: displayName, purpose: "input file")
            }
            throw CRMEnvError.fileUnreadable(path: displayName, reason: Self.reason(code))
        }
        self.descriptor = descriptor
        self.displayName = displayName
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `count` bytes into `buffer` and returns how many were read.
    ///
    /// The buffer is filled completely unless the file ends first, so a short count means the
    /// end of the file; 0 means nothing was left.
    ///
    /// - throws: `CRMEnvError.fileUnreadable` when the system refuses (a folder, an I/O error).
    func fill(_ buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var total = 0
        while total < count {
            let result = read(descriptor, buffer + total, count - total)
            if result > 0 {
                total += result
            } else if result == 0 {
                break
            } else {
                let code = errno
                if code == EINTR {
                    continue
                }
                throw CRMEnvError.fileUnreadable(path: displayName, reason: Self.reason(code))
            }
        }
        return total
    }

    /// The system's description of `code`, starting lowercase as our messages do.
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        let reason = String(cString: text)
        guard let first = reason.first else {
            return "error \(code)"
        }
        return first.lowercased() + reason.dropFirst()
    }
}

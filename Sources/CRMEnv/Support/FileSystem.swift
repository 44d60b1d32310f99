import Foundation

/// Small, checked file operations the library needs, with errors a user can read.
enum FileSystem {
    /// True when `path` exists and is a folder.
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// True when something exists at `path`.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Creates `path` and its parents when missing.
    static func createDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        if exists(path) {
            throw CRMEnvError.fileUnwritable(path: path, reason: "it exists and is not a folder")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CRMEnvError.fileUnwritable(path: path, reason: reason(error))
        }
    }

    /// `path` made absolute against `base` and with `.`/`..` resolved (symlinks kept).
    static func absolute(_ path: String, relativeTo base: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// Writes `data` to `path` atomically: a temporary file in the same folder, flushed,
    /// renamed over `path`, then the folder flushed.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: errnoText())
        }
        do {
            try writeAll(data, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else {
                throw CRMEnvError.fileUnwritable(path: temporary, reason: errnoText())
            }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw CRMEnvError.fileUnwritable(path: path, reason: reason)
        }
        syncDirectory(directory)
    }

    /// Writes every byte of `data` to `descriptor`, retrying partial writes and EINTR.
    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(
                    descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CRMEnvError.fileUnwritable(path: path, reason: errnoText())
                }
                offset += written
            }
        }
    }

    /// Flushes a folder's entries (after a rename into it) to disk.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Reads a whole (small) file.
    static func read(_ path: String, purpose: String) throws -> Data {
        guard exists(path) else {
            throw CRMEnvError.fileNotFound(path: path, purpose: purpose)
        }
        guard !isDirectory(path) else {
            throw CRMEnvError.fileUnreadable(path: path, reason: "it is a folder, not a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CRMEnvError.fileUnreadable(path: path, reason: reason(error))
        }
    }

    /// The current `errno` as text.
    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// A Foundation error's reason, lowercased, without its "The file couldn't..." preamble.
    static func reason(_ error: Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            posix.domain == NSPOSIXErrorDomain
        {
            return errnoText(Int32(posix.code))
        }
        return error.localizedDescription
    }
}

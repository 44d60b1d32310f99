import Foundation

/// An exclusive, non-blocking lock on one environment, held while a command writes it.
///
/// The lock is an `flock` on a file beside the database (`<database>.lock`): the kernel
/// releases it when the process ends, however it ends, so a crash never leaves a stale lock.
/// A second writer does not wait: it gets `CRMEnvError.environmentBusy` at once, naming the
/// command that holds the lock (written into the lock file by the holder).
public final class EnvironmentLock {
    /// The lock file's path.
    public let path: String
    private var descriptor: Int32

    /// Takes the lock for `environment`, or throws at once when another command holds it.
    ///
    /// - parameter holder: what to tell a second command, e.g. `crmenv values add`.
    public init(environment: EnvironmentName, databasePath: String, holder: String) throws {
        path = databasePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CRMEnvError.fileUnwritable(path: path, reason: FileSystem.errnoText())
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = FileSystem.errnoText()
            let current = Self.readHolder(descriptor)
            close(descriptor)
            // The object is fully initialised, so `deinit` runs as the error leaves: it must
            // not close (or truncate) the number again, which another thread may own by now.
            descriptor = -1
            if busy {
                throw CRMEnvError.environmentBusy(
                    environment: environment, holder: current ?? "another crmenv command")
            }
            throw CRMEnvError.fileUnwritable(path: path, reason: reason)
        }
        let timestamp = Timestamp.string(from: Date())
        let text = "\(holder), pid \(getpid()), since \(timestamp)"
        ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        release()
    }

    /// Releases the lock; also done when the lock is deallocated or the process ends.
    public func release() {
        guard descriptor >= 0 else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 512, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

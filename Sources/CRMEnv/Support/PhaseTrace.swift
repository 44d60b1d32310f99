import Foundation

/// Phase timings for long commands, written to standard error when `CRMENV_TRACE` is set:
/// for finding where the time goes (the benchmarks use it). Silent otherwise.
enum PhaseTrace {
    private static let enabled = ProcessInfo.processInfo.environment["CRMENV_TRACE"] != nil
    nonisolated(unsafe) private static var last = Date()

    /// Notes that `phase` just ended.
    static func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        let line = String(
            format: "trace: %-28@ %7.3f s\n", phase as NSString, now.timeIntervalSince(last))
        FileHandle.standardError.write(Data(line.utf8))
        last = now
    }
}

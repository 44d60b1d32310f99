import Foundation

/// Phase timings for long commands, written to standard error when `CRMENV_TRACE` is set:
/// for finding where the time goes (the benchmarks use it). Silent otherwise.
enum PhaseTrace {
    private static let enabled = ProcessInfo.processInfo.environment["CRMENV_TRACE"] != nil
    nonisolated(unsafe) private static var last: Date?

    /// Notes that `phase` just ended; the first mark only starts the clock.
    static func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        defer { last = now }
        guard let previous = last else { return }
        let name = phase.padding(toLength: max(phase.count, 28), withPad: " ", startingAt: 0)
        let line = "trace: \(name) " + String(format: "%7.3f s\n", now.timeIntervalSince(previous))
        FileHandle.standardError.write(Data(line.utf8))
    }
}

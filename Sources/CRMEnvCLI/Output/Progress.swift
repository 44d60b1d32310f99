import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    private let console: Console
    private let label: String
    private var lastDrawn = Date.distantPast
    private var shown = false

    init(console: Console, label: String) {
        self.console = console
        self.label = label
    }

    /// Redraws at most ten times a second.
    func update(_ done: Int64, _ total: Int64) {
        guard console.isErrorTerminal, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) > 0.1 || done == total else { return }
        lastDrawn = now
        let fraction = Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar =
            String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        console.errorText(
            "\r\(label) [\(bar)] \(Int(fraction * 100))% of \(ByteCount.text(total))")
        shown = true
    }

    /// Clears the bar's line.
    func finish() {
        guard shown else { return }
        console.errorText("\r" + String(repeating: " ", count: 72) + "\r")
        shown = false
    }
}

/// Sizes for people: `198.4 MB`.
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}

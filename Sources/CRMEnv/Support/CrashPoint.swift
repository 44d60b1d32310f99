import Foundation

/// Named places in the long operations (snapshot, rollback, refresh, promote, undo) where a
/// test can make the process die, to show that the next command finds everything either as it
/// was or as it should be.
///
/// Set `CRMENV_CRASH_AT` to a point's name and the process exits at once with status 86 when it
/// reaches it, without cleaning up, as a power cut would. Unset (always, outside tests), a
/// point does nothing.
public enum CrashPoint {
    /// The exit status of a simulated crash.
    public static let exitStatus: Int32 = 86

    /// Dies here when `CRMENV_CRASH_AT` names this point.
    public static func reach(_ name: String) {
        guard let target = ProcessInfo.processInfo.environment["CRMENV_CRASH_AT"],
            target == name
        else { return }
        _exit(exitStatus)
    }
}

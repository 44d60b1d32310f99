import Foundation

/// Runs the built `crmenv` executable, for what only a separate process shows: exit statuses,
/// and crashes simulated with `CRMENV_CRASH_AT`.
public enum Executable {
    /// The result of one run.
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let error: String
    }

    /// The executable, beside the test bundle in the build folder.
    public static func path() throws -> String {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0?.appendingPathComponent("crmenv").path }
        guard let found = candidates.first(where: FileManager.default.isExecutableFile) else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.joined(separator: ", ")])
        }
        return found
    }

    /// Runs `crmenv arguments` in `directory`.
    ///
    /// - parameter shellPrefix: shell commands run before (e.g. `ulimit -f 64`); the
    ///   executable then runs under `/bin/sh`.
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:],
        shellPrefix: String? = nil
    ) throws -> Result {
        let process = Process()
        let binary = try path()
        if let shellPrefix {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let quoted = ([binary] + arguments).map {
                "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
            }
            process.arguments = ["-c", shellPrefix + "; exec " + quoted.joined(separator: " ")]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ["PATH": "/usr/bin:/bin", "USER": "tester"]
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }
}

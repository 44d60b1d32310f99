import CRMEnv
import Foundation

/// The sample data shipped with crmenv: copied next to the executable by SwiftPM as a resource
/// bundle, or, when running from the source tree, found beside this file.
enum SampleFiles {
    /// The `Samples` folder.
    static func directory() throws -> String {
        var candidates = [
            Bundle.main.bundleURL.appendingPathComponent("crmenv_CRMEnvCLI.resources/Samples").path,
            Bundle.main.bundleURL.appendingPathComponent("crmenv_CRMEnvCLI.bundle/Samples").path,
        ]
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Samples").path)
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate + "/plan/values/lead-status.csv") {
            return candidate
        }
        throw CRMEnvError.fileNotFound(
            path: candidates[0], purpose: "sample data folder (build crmenv with 'swift build')")
    }
}

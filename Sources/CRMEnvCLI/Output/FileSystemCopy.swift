import CRMEnv
import Foundation

/// Copies a folder of sample files.
enum FileSystemCopy {
    static func copyFolder(_ source: String, to target: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            throw CRMEnvError.fileUnwritable(path: target, reason: error.localizedDescription)
        }
    }
}

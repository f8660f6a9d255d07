import Foundation

/// The tests' folders, all in one folder of the test process that is removed when the process
/// exits: a run of the tests leaves nothing behind in the system's temporary folder (it left a few
/// hundred folders, stores of test data among them, every run).
public enum TemporaryFolders {
    /// A new, empty folder whose name starts with `prefix`.
    public static func make(_ prefix: String) -> URL {
        let folder = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private static let root: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusoi-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))",
            isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        rootPath = folder.path
        atexit {
            if let path = TemporaryFolders.rootPath { try? FileManager.default.removeItem(atPath: path) }
        }
        return folder
    }()

    /// `root`'s path, for the exit handler (which cannot capture anything).
    nonisolated(unsafe) private static var rootPath: String?
}

import Foundation
import TusoiTestSupport

/// Where the built executables are: next to the test bundle, whatever the scratch path
/// (`swift test --scratch-path .build-bridge` as well as `.build`), or `$TUSOI_BIN_DIR`.
enum Binaries {
    static let directory: URL = {
        if let directory = ProcessInfo.processInfo.environment["TUSOI_BIN_DIR"] {
            return URL(fileURLWithPath: directory)
        }
        let starts = [
            Bundle(for: Marker.self).bundleURL, Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]),
        ]
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                if FileManager.default.isExecutableFile(
                    atPath: directory.appendingPathComponent("tusoi-telegram").path)
                {
                    return directory
                }
                directory.deleteLastPathComponent()
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            ".build/debug")
    }()

    static var tusoi: String { directory.appendingPathComponent("tusoi").path }
    static var telegram: String { directory.appendingPathComponent("tusoi-telegram").path }
    static var zalo: String { directory.appendingPathComponent("tusoi-zalo").path }
    static var shared: String { directory.appendingPathComponent("tusoi-bridge").path }

    /// A fresh folder under the system's temporary folder.
    static func temporaryDirectory() -> URL {
        TemporaryFolders.make("tusoi-bridge")
    }

    private final class Marker {}
}

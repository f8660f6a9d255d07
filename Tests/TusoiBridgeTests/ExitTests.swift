import Foundation
import Testing

@testable import TusoiBridge

/// How the built bridges end when they cannot work: exit codes after sysexits, and a log that never
/// shows the token.
@Suite("The bridges' exits", .serialized)
struct ExitTests {
    static func tokenFile(_ token: String) -> String {
        let path = Binaries.temporaryDirectory().appendingPathComponent("token").path
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    @Test("--help prints the usage; a command line without -- is refused with 64")
    func usage() throws {
        let help = try ChildRunner(Binaries.telegram, ["--help"])
        #expect(help.wait() == 0)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(help.outputLines.first?.hasPrefix("tusoi-telegram: connects tusoi to Telegram") == true)
        let wrong = try ChildRunner(
            Binaries.zalo, ["--token-file", Self.tokenFile(FakeZalo.token), "tusoi", "serve"])
        #expect(wrong.wait() == 64)
        #expect(wrong.waitForLog("the bot's command comes after --", timeout: 5), "\(wrong.log)")
    }

    @Test("a token the messenger refuses ends the bridge with 77")
    func refused() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let token = "999:wrong-token"
        let bridge = try ChildRunner(
            Binaries.telegram,
            ["--token-file", Self.tokenFile(token), "--api-base", fake.base, "--", Binaries.tusoi, "serve"])
        #expect(bridge.wait() == 77)
        #expect(bridge.waitForLog("the token was refused (401 Unauthorized)", timeout: 5), "\(bridge.log)")
        #expect(!bridge.log.contains(token))
    }

    @Test("a messenger that cannot be reached ends the bridge with 69 after a few tries, the token unsaid")
    func unreachable() throws {
        let bridge = try ChildRunner(
            Binaries.zalo,
            [
                "--token-file", Self.tokenFile(FakeZalo.token), "--api-base", "http://127.0.0.1:1",
                "--retry-delay",
                "0.001", "--", Binaries.tusoi, "serve",
            ])
        #expect(bridge.wait(timeout: 20) == 69)
        #expect(bridge.waitForLog("zalo cannot be reached", timeout: 5), "\(bridge.log)")
        #expect(!bridge.log.contains(FakeZalo.token))
        #expect(!bridge.log.contains("zalo-FAKE"))
    }
}

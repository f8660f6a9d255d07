import Foundation
import Testing

@testable import TusoiBridge

@Suite("The token stays secret")
struct SecretsTests {
    static let token = "123456:AAH-secret_token"

    @Test("Foundation's errors carry the address with the token; the redactor takes it out")
    func redactor() {
        let url = URL(string: "https://api.telegram.org/bot\(Self.token)/getUpdates")!
        let error = URLError(.cannotConnectToHost, userInfo: [NSURLErrorFailingURLErrorKey: url])
        let described = String(describing: error)
        let redactor = Redactor(secrets: [Self.token])
        #expect(
            described.contains(Self.token) || described.contains("123456%3AAAH"),
            "the leak this guards against")
        #expect(!redactor.clean(described).contains("secret_token"))
        #expect(redactor.clean("/bot123456%3AAAH-secret_token/x") == "/bot<token>/x")
    }

    @Test("the log passes every line through the redactor")
    func log() {
        let collector = LogCollector()
        collector.log.error("GET /bot123:secret/getMe failed")
        #expect(collector.text == "test: error: GET /bot<token>/getMe failed\n")
    }

    @Test("a network failure through libcurl names no address")
    func urlSession() async {
        let client = CurlHTTPClient(redactor: Redactor(secrets: [Self.token]))
        let request = HTTPRequest(
            url: URL(string: "http://127.0.0.1:1/bot\(Self.token)/getMe")!, contentType: "application/json",
            body: Data(), timeout: 5)
        do {
            _ = try await client.post(request)
            Issue.record("port 1 answered")
        } catch {
            #expect(!error.reason.contains("secret"))
            #expect(error.reason.hasPrefix("curl error 7"))
        }
    }

    @Test("tokens: letters, digits, colon, underscore, dash only; read from a file or the environment")
    func tokens() throws {
        #expect(Token.isWellFormed(Self.token))
        #expect(!Token.isWellFormed("123/../x"))
        #expect(!Token.isWellFormed("a b"))
        #expect(!Token.isWellFormed(""))
        let file = Binaries.temporaryDirectory().appendingPathComponent("token").path
        _ = FileManager.default.createFile(
            atPath: file, contents: Data("\(Self.token)\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect(try Token.read(file: file, variable: "X", environment: [:]) == Self.token)
        #expect(Token.isExposed(file))
        #expect(try Token.read(file: nil, variable: "X", environment: ["X": Self.token]) == Self.token)
        #expect(throws: UsageError("no token: pass --token-file PATH or set X")) {
            try Token.read(file: nil, variable: "X", environment: [:])
        }
    }
}

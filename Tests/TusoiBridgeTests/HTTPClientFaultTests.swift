import Foundation
import Testing

@testable import TusoiBridge

/// The bridges' HTTP client against a server that resets, half-closes, stalls and trickles.
///
/// Before (URLSession over FoundationNetworking, issue 14): a reset on a reused connection hung until
/// the request's timeout and was followed by a POST without its body.
@Suite struct HTTPClientFaultTests {
    let client = CurlHTTPClient(redactor: Redactor(secrets: ["SECRET"]), connectTimeout: 2)

    func request(_ server: FaultyHTTPServer, _ body: String, timeout: Double = 20, idle: Double? = 10)
        -> HTTPRequest
    {
        HTTPRequest(
            url: URL(string: "\(server.base)/botSECRET/sendMessage")!, contentType: "application/json",
            body: Data(body.utf8), timeout: timeout, idleTimeout: idle)
    }

    @Test func aResetOnAReusedConnectionIsRetriedAtOnceWithItsBody() async throws {
        let server = try FaultyHTTPServer { index, received in
            // The second request arrives on the kept-alive connection, which the server resets.
            received.onConnection == 2 ? .reset : .answer(200, #"{"ok":true,"result":\#(index)}"#)
        }
        defer { server.stop() }
        let first = try await client.post(request(server, #"{"chat_id":"1","text":"a"}"#))
        #expect(first.status == 200)
        let started = Date()
        let second = try await client.post(request(server, #"{"chat_id":"2","text":"b"}"#))
        let elapsed = Date().timeIntervalSince(started)
        #expect(second.status == 200)
        #expect(elapsed < 2, "took \(elapsed) s")
        let bodies = server.requests.map(\.body)
        #expect(bodies.count == 3)
        #expect(bodies.allSatisfy { $0.contains("chat_id") }, "a request went without its body: \(bodies)")
        #expect(bodies.last == #"{"chat_id":"2","text":"b"}"#)
    }

    @Test func aHalfCloseFailsQuicklyInsteadOfHanging() async throws {
        let server = try FaultyHTTPServer { _, _ in .halfClose }
        defer { server.stop() }
        let started = Date()
        await #expect(throws: HTTPFailure.self) { try await client.post(request(server, "{}")) }
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func aStalledAnswerIsGivenUpAfterTheIdleTimeoutNotTheWholeTimeout() async throws {
        let server = try FaultyHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let started = Date()
        let error = await #expect(throws: HTTPFailure.self) {
            try await client.post(request(server, "{}", timeout: 30, idle: 2))
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 1.5 && elapsed < 6, "took \(elapsed) s: \(String(describing: error))")
    }

    @Test func aSlowButSteadyAnswerIsWaitedFor() async throws {
        let server = try FaultyHTTPServer { _, _ in .trickle(200, #"{"ok":true}"#, interval: 0.02) }
        defer { server.stop() }
        let response = try await client.post(request(server, "{}", idle: 1))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
    }

    @Test func aLongPollIsCancelledWithinASecondOrSo() async throws {
        let server = try FaultyHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let poll = Task { [client] in try await client.post(request(server, "{}", timeout: 60, idle: nil)) }
        try await Task.sleep(for: .milliseconds(300))
        let started = Date()
        poll.cancel()
        let result = await poll.result
        #expect(Date().timeIntervalSince(started) < 2.5)
        guard case .failure(let error as HTTPFailure) = result else {
            Issue.record("the poll was not cancelled: \(result)")
            return
        }
        #expect(error.cancelled)
    }

    @Test func errorsNeverCarryTheToken() async throws {
        let server = try FaultyHTTPServer { _, _ in .halfClose }
        server.stop()
        do {
            _ = try await client.post(request(server, "{}"))
            Issue.record("a stopped server answered")
        } catch {
            #expect(!error.reason.contains("SECRET"))
            #expect(!error.reason.isEmpty)
        }
    }
}

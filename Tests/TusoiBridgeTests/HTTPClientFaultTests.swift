import Foundation
import Testing

@testable import TusoiBridge

/// The bridges' HTTP client against a server that resets, half-closes, stalls and trickles.
///
/// Before (URLSession over FoundationNetworking, issue 14): a reset on a reused connection hung until
/// the request's timeout and was followed by a POST without its body.
///
/// Durations are timed around ``CurlHTTPClient/postBlocking(_:cancelled:)`` on the test's own thread:
/// through `async` calls, a test process whose concurrency pool is held by the other suites' blocking
/// waits saw 7 to 10 s pass before a result that curl had at once reached the test.
@Suite struct HTTPClientFaultTests {
    /// The result and the seconds it took.
    func timed(_ work: () -> Result<HTTPResponse, HTTPFailure>) -> (Result<HTTPResponse, HTTPFailure>, Double)
    {
        let started = Date()
        let result = work()
        return (result, Date().timeIntervalSince(started))
    }

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
        let (second, elapsed) = timed { client.postBlocking(request(server, #"{"chat_id":"2","text":"b"}"#)) }
        #expect((try? second.get())?.status == 200)
        #expect(elapsed < 2, "took \(elapsed) s")
        let bodies = server.requests.map(\.body)
        #expect(bodies.count == 3)
        #expect(bodies.allSatisfy { $0.contains("chat_id") }, "a request went without its body: \(bodies)")
        #expect(bodies.last == #"{"chat_id":"2","text":"b"}"#)
    }

    @Test func aHalfCloseFailsQuicklyInsteadOfHanging() async throws {
        let server = try FaultyHTTPServer { _, _ in .halfClose }
        defer { server.stop() }
        let (result, elapsed) = timed { client.postBlocking(request(server, "{}")) }
        #expect(throws: HTTPFailure.self) { try result.get() }
        #expect(elapsed < 3, "took \(elapsed) s; the request's timeout is 20 s")
    }

    @Test func aStalledAnswerIsGivenUpAfterTheIdleTimeoutNotTheWholeTimeout() throws {
        let server = try FaultyHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let (result, elapsed) = timed { client.postBlocking(request(server, "{}", timeout: 30, idle: 2)) }
        #expect(throws: HTTPFailure.self) { try result.get() }
        #expect(elapsed >= 1.5 && elapsed < 6, "the request's timeout is 30 s; took \(elapsed) s")
    }

    @Test func aSlowButSteadyAnswerIsWaitedFor() async throws {
        let server = try FaultyHTTPServer { _, _ in .trickle(200, #"{"ok":true}"#, interval: 0.02) }
        defer { server.stop() }
        let response = try await client.post(request(server, "{}", idle: 1))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
    }

    @Test func aLongPollIsGivenUpWithinASecondOrSoOfTheCancel() throws {
        let server = try FaultyHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let flag = NSLock()
        nonisolated(unsafe) var cancelAt: Date?
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<HTTPResponse, HTTPFailure>?
        Thread.detachNewThread { [client] in
            outcome = client.postBlocking(request(server, "{}", timeout: 60, idle: nil)) {
                flag.lock()
                defer { flag.unlock() }
                return cancelAt.map { Date() >= $0 } ?? false
            }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        flag.lock()
        let started = Date()
        cancelAt = started
        flag.unlock()
        #expect(done.wait(timeout: .now() + 30) == .success, "the poll's timeout is 60 s")
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 2.5, "took \(elapsed) s")
        guard case .failure(let error)? = outcome else {
            Issue.record("the poll was not cancelled: \(String(describing: outcome))")
            return
        }
        #expect(error.cancelled)
    }

    @Test func cancellingTheTaskCancelsThePoll() async throws {
        let server = try FaultyHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let poll = Task { [client] in try await client.post(request(server, "{}", timeout: 60, idle: nil)) }
        try await Task.sleep(for: .milliseconds(300))
        let started = Date()
        poll.cancel()
        let result = await poll.result
        // Loose: the concurrency pool may be held by other suites' blocking waits (timed above).
        #expect(Date().timeIntervalSince(started) < 30, "the poll's timeout is 60 s")
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

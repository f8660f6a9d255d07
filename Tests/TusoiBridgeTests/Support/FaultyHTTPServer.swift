import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 server on loopback that keeps connections alive and misbehaves as scripted, the way
/// networks and APIs do in production: a reset (RST) instead of an answer, a half-close, a stall, an
/// answer trickled byte by byte.
final class FaultyHTTPServer: @unchecked Sendable {
    enum Action: Sendable {
        /// Answers with this status and body, keeping the connection open.
        case answer(Int, String)
        /// Closes the connection with a reset, without answering.
        case reset
        /// Shuts down its sending side without answering, and keeps reading.
        case halfClose
        /// Never answers (until the server stops).
        case stall
        /// Answers, one byte every `interval` seconds.
        case trickle(Int, String, interval: Double)
    }

    struct Received: Sendable {
        var path: String
        var body: String
        /// Which request this is on its connection, from 1: above 1, the connection was reused.
        var onConnection: Int
    }

    let port: UInt16
    private let listener: Int32
    private let script: @Sendable (_ index: Int, _ received: Received) -> Action
    private let lock = NSLock()
    private var received: [Received] = []
    private var connections: [Int32] = []
    private var stopped = false

    /// - Parameter script: the action for the request numbered `index` (from 0, across connections).
    init(script: @escaping @Sendable (_ index: Int, _ received: Received) -> Action) throws {
        self.script = script
        (listener, port) = try Self.openListener()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    var requests: [Received] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    func stop() {
        lock.lock()
        stopped = true
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        lock.unlock()
        // Only shut down here: the accept loop closes it, so that its number is not reused by another
        // server's socket while the loop may still call accept(2) on it.
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if isStopped {
                    close(listener)
                    return
                }
                continue
            }
            lock.lock()
            connections.append(client)
            lock.unlock()
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        var buffer = Data()
        var onConnection = 0
        while let (path, body) = readRequest(client, &buffer) {
            onConnection += 1
            let request = Received(path: path, body: body, onConnection: onConnection)
            lock.lock()
            let index = received.count
            received.append(request)
            lock.unlock()
            switch script(index, request) {
            case .answer(let status, let text):
                write(client, Self.response(status, text))
            case .reset:
                var abort = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
                finish(client)
                return
            case .halfClose:
                shutdown(client, Int32(SHUT_WR))
                var scratch = Data()
                _ = readRequest(client, &scratch)
                finish(client)
                return
            case .stall:
                while !isStopped { usleep(50_000) }
                finish(client)
                return
            case .trickle(let status, let text, let interval):
                for byte in Self.response(status, text) {
                    write(client, Data([byte]))
                    usleep(UInt32(interval * 1_000_000))
                }
            }
        }
        finish(client)
    }

    /// Closes a connection and forgets it (its number may be reused by another socket at once).
    private func finish(_ client: Int32) {
        lock.lock()
        connections.removeAll { $0 == client }
        close(client)
        lock.unlock()
    }

    private static func response(_ status: Int, _ text: String) -> Data {
        let body = Data(text.utf8)
        let head =
            "HTTP/1.1 \(status) Status\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Data(head.utf8) + body
    }

    /// Reads one request (its path and body) from the connection, or `nil` when it closes.
    private func readRequest(_ client: Int32, _ buffer: inout Data) -> (String, String)? {
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard let chunk = receive(client) else { return nil }
            buffer.append(chunk)
        }
        let end = buffer.range(of: separator)!
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).lowercased()
        let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let length =
            head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        buffer.removeSubrange(..<end.upperBound)
        while buffer.count < length {
            guard let chunk = receive(client) else { return nil }
            buffer.append(chunk)
        }
        let body = String(decoding: buffer.prefix(length), as: UTF8.self)
        buffer.removeFirst(length)
        return (path, body)
    }

    private func receive(_ client: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 65536)
        let count = recv(client, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return Data(bytes[0..<count])
    }

    private func write(_ client: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                    let flags = Int32(MSG_NOSIGNAL)
                #else
                    let flags: Int32 = 0
                #endif
                let sent = send(client, raw.baseAddress! + offset, raw.count - offset, flags)
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    private static func openListener() throws -> (Int32, UInt16) {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw FakeServerError(step: "socket") }
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else { throw FakeServerError(step: "bind") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, UInt16(bigEndian: actual.sin_port))
    }
}

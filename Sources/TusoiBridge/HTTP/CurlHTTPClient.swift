import CCurl
import Foundation

/// ``HTTPClient`` over libcurl's easy interface (the library FoundationNetworking itself sits on),
/// reached directly through the `CCurl` system-library target.
///
/// Why not `URLSession`: over FoundationNetworking, a connection reset on a reused keep-alive
/// connection hung until the request's whole timeout and was then followed by a POST without its
/// body (issue 14; `HTTPClientFaultTests` measures both). libcurl notices the reset at once, opens a
/// fresh connection and sends the request again, body included.
///
/// Each transfer runs on a thread of its own (a blocking `curl_easy_perform`); handles are kept in a
/// small pool so that their connections are reused. A request that is not a long poll is given up
/// after ``HTTPRequest/idleTimeout`` seconds without a byte, a connection after `connectTimeout`.
/// Errors carry curl's message, cleaned by the redactor (they may name the host, never the token).
public final class CurlHTTPClient: HTTPClient, @unchecked Sendable {
    private let redactor: Redactor
    private let connectTimeout: Double
    private let lock = NSLock()
    /// Idle handles, with their open connections. Guarded by `lock`.
    private var idle: [UnsafeMutableRawPointer] = []
    private static let maxIdle = 16

    private static let ready: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// - Parameter connectTimeout: seconds to wait for a connection (TCP and TLS) to be set up.
    public init(redactor: Redactor, connectTimeout: Double = 5) {
        self.redactor = redactor
        self.connectTimeout = connectTimeout
    }

    deinit {
        for handle in idle { curl_easy_cleanup(handle) }
    }

    public func post(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse {
        guard Self.ready else { throw HTTPFailure(reason: "libcurl could not be initialised") }
        let transfer = Transfer(request: request)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponse, HTTPFailure>, Never>) in
                Thread.detachNewThread { [self] in continuation.resume(returning: perform(transfer)) }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }

    /// The request on the calling thread, which it blocks until the answer, a failure, or until
    /// `cancelled` says so (asked at least once a second). ``post(_:)`` runs this on a thread of its
    /// own; the tests call it to time the client apart from the concurrency pool.
    func postBlocking(_ request: HTTPRequest, cancelled: (@Sendable () -> Bool)? = nil)
        -> Result<HTTPResponse, HTTPFailure>
    {
        guard Self.ready else { return .failure(HTTPFailure(reason: "libcurl could not be initialised")) }
        return perform(Transfer(request: request, cancelled: cancelled))
    }

    /// One transfer, start to end, on the calling thread.
    ///
    /// A request that failed on a kept-alive connection before a byte of answer came back is sent
    /// once more on a fresh connection: the server had closed that connection while it was idle,
    /// so the request was not taken. Any other failure is the caller's to retry or not.
    private func perform(_ transfer: Transfer) -> Result<HTTPResponse, HTTPFailure> {
        guard let handle = takeHandle() else { return .failure(HTTPFailure(reason: "libcurl has no handle")) }
        defer { putBack(handle) }
        var outcome = attempt(transfer, on: handle, fresh: false)
        if case .failure(let failure) = outcome, failure.stale, !transfer.isCancelled {
            transfer.restart()
            outcome = attempt(transfer, on: handle, fresh: true)
        }
        return outcome.mapError(\.failure)
    }

    private struct AttemptFailure: Error {
        var failure: HTTPFailure
        /// The connection was reused and died before answering.
        var stale: Bool
    }

    private func attempt(_ transfer: Transfer, on handle: UnsafeMutableRawPointer, fresh: Bool)
        -> Result<HTTPResponse, AttemptFailure>
    {
        let request = transfer.request
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = curl_slist_append(headers, "Content-Type: \(request.contentType)")
        // No "Expect: 100-continue" round trip before a large body.
        headers = curl_slist_append(headers, "Expect:")
        let errors = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errors.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer {
            curl_slist_free_all(headers)
            errors.deallocate()
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let code: CURLcode = request.body.withUnsafeBytes { body in
            curl_easy_reset(handle)
            tusoi_curl_set_text(handle, CURLOPT_URL, request.url.absoluteString)
            tusoi_curl_set_text(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            tusoi_curl_set_long(handle, CURLOPT_POST, 1)
            tusoi_curl_set_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // An empty body still needs a valid address (never read: its size is 0).
            tusoi_curl_set_pointer(
                handle, CURLOPT_POSTFIELDS,
                body.baseAddress.map(UnsafeMutableRawPointer.init(mutating:))
                    ?? UnsafeMutableRawPointer(errors))
            tusoi_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
            tusoi_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errors))
            tusoi_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            tusoi_curl_set_long(handle, CURLOPT_FRESH_CONNECT, fresh ? 1 : 0)
            tusoi_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
            tusoi_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
            if let idle = request.idleTimeout {
                // Less than a byte a second for this long: the other side stalled.
                tusoi_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
                tusoi_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(idle.rounded(.up))))
            }
            // A long poll on a connection that died silently is noticed by the keep-alive probes.
            tusoi_curl_set_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
            tusoi_curl_set_long(handle, CURLOPT_TCP_KEEPIDLE, 15)
            tusoi_curl_set_long(handle, CURLOPT_TCP_KEEPINTVL, 5)
            tusoi_curl_set_write_callback(handle, receiveBytes)
            tusoi_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
            tusoi_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            tusoi_curl_set_progress_callback(handle, checkCancelled)
            tusoi_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let message =
                errors.pointee != 0 ? String(cString: errors) : String(cString: curl_easy_strerror(code))
            let cancelled = code == CURLE_ABORTED_BY_CALLBACK
            let reused = tusoi_curl_new_connections(handle) == 0
            let dropped = [CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING].contains(code)
            let failure = HTTPFailure(
                reason: cancelled ? "cancelled" : redactor.clean("curl error \(code.rawValue): \(message)"),
                cancelled: cancelled)
            return .failure(
                AttemptFailure(failure: failure, stale: reused && dropped && transfer.received().isEmpty))
        }
        return .success(HTTPResponse(status: tusoi_curl_response_code(handle), body: transfer.received()))
    }

    private func takeHandle() -> UnsafeMutableRawPointer? {
        lock.lock()
        let handle = idle.popLast()
        lock.unlock()
        if let handle { return handle }
        return curl_easy_init()
    }

    private func putBack(_ handle: UnsafeMutableRawPointer) {
        lock.lock()
        if idle.count < Self.maxIdle {
            idle.append(handle)
            lock.unlock()
        } else {
            lock.unlock()
            curl_easy_cleanup(handle)
        }
    }
}

/// What one transfer shares with curl's callbacks: the answer so far and whether it was cancelled.
private final class Transfer: @unchecked Sendable {
    let request: HTTPRequest
    private let lock = NSLock()
    private var body = Data()
    private var cancelled = false
    private let asked: (@Sendable () -> Bool)?

    init(request: HTTPRequest, cancelled asked: (@Sendable () -> Bool)? = nil) {
        self.request = request
        self.asked = asked
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    var isCancelled: Bool {
        lock.lock()
        let cancelled = cancelled
        lock.unlock()
        return cancelled || asked?() == true
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        lock.lock()
        body.append(contentsOf: bytes)
        lock.unlock()
    }

    /// Forgets a partial answer before the request is sent again.
    func restart() {
        lock.lock()
        body = Data()
        lock.unlock()
    }

    func received() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return body
    }
}

/// curl's write callback: the answer's bytes, appended to the transfer.
private func receiveBytes(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.append(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

/// curl's progress callback, called at least once a second: a non-zero answer aborts the transfer.
private func checkCancelled(
    _ context: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
    _ uploadTotal: curl_off_t, _ uploaded: curl_off_t
) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
}

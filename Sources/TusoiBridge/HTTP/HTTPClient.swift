import Foundation

/// A POST to a messenger's API.
public struct HTTPRequest: Sendable {
    public var url: URL
    public var contentType: String
    public var body: Data
    /// Seconds to wait for the whole answer; a long poll needs its own timeout plus a margin.
    public var timeout: Double
    /// Seconds without a byte after which the other side is taken to have stalled; `nil` for a long
    /// poll, where silence until the answer is normal.
    public var idleTimeout: Double?

    public init(url: URL, contentType: String, body: Data, timeout: Double, idleTimeout: Double? = nil) {
        self.url = url
        self.contentType = contentType
        self.body = body
        self.timeout = timeout
        self.idleTimeout = idleTimeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// The network failed before an HTTP answer came back. `reason` never contains the request's address.
public struct HTTPFailure: Error, Equatable, Sendable {
    public var reason: String
    public var cancelled: Bool

    public init(reason: String, cancelled: Bool = false) {
        self.reason = reason
        self.cancelled = cancelled
    }
}

/// The one edge through which the bridge talks HTTP; tests may put anything behind it.
public protocol HTTPClient: Sendable {
    func post(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse
}

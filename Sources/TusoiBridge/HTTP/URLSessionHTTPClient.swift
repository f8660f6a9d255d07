import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// ``HTTPClient`` over Foundation's `URLSession` (FoundationNetworking on Linux).
///
/// Errors are rebuilt from the `URLError`'s code and description only: its `userInfo` holds the
/// failing address, which contains the bot token.
public struct URLSessionHTTPClient: HTTPClient {
    private let session: URLSession
    private let redactor: Redactor

    public init(redactor: Redactor) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
        self.redactor = redactor
    }

    public func post(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue(request.contentType, forHTTPHeaderField: "Content-Type")
        urlRequest.httpBody = request.body
        urlRequest.timeoutInterval = request.timeout
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw HTTPFailure(reason: "the answer was not HTTP")
            }
            return HTTPResponse(status: http.statusCode, body: data)
        } catch let failure as HTTPFailure {
            throw failure
        } catch let error as URLError {
            let reason = redactor.clean("URL error \(error.code.rawValue): \(error.localizedDescription)")
            throw HTTPFailure(reason: reason, cancelled: error.code == .cancelled)
        } catch is CancellationError {
            throw HTTPFailure(reason: "cancelled", cancelled: true)
        } catch {
            throw HTTPFailure(reason: "the request failed (\(type(of: error)))", cancelled: Task.isCancelled)
        }
    }
}

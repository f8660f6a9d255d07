import TusoiWire

/// An error reply of the protocol: a JSON-RPC error code, a message, and what exactly was wrong.
public struct ProtocolError: Error, Equatable, Sendable {
    public var code: Int
    public var message: String
    /// A plain explanation of the problem, for the bridge's log.
    public var reason: String
    /// The request's id when it could be read; errors about unreadable lines have none.
    public var id: JSONValue?

    public init(code: Int, message: String, reason: String, id: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
        self.id = id
    }

    public static func parse(_ reason: String) -> ProtocolError {
        ProtocolError(code: -32700, message: "Parse error", reason: reason)
    }

    public static func invalidRequest(_ reason: String, id: JSONValue? = nil) -> ProtocolError {
        ProtocolError(code: -32600, message: "Invalid request", reason: reason, id: id)
    }

    public static func methodNotFound(_ method: String, id: JSONValue?) -> ProtocolError {
        ProtocolError(
            code: -32601, message: "Method not found", reason: "unknown method \"\(method)\"", id: id)
    }

    public static func invalidParams(_ reason: String, id: JSONValue?) -> ProtocolError {
        ProtocolError(code: -32602, message: "Invalid params", reason: reason, id: id)
    }

    public static func lineTooLong(_ length: Int) -> ProtocolError {
        ProtocolError(
            code: -32000, message: "Line too long",
            reason: "a line of \(length) bytes exceeds the limit of \(LineReader.maxLineLength) bytes"
        )
    }

    public static func notInitialized(id: JSONValue?) -> ProtocolError {
        ProtocolError(
            code: -32001, message: "Not initialized", reason: "send \"initialize\" before any message", id: id
        )
    }

    public static func storeFailure(_ reason: String, id: JSONValue?) -> ProtocolError {
        ProtocolError(
            code: -32002, message: "Not stored",
            reason: "the message was not stored and is not acknowledged; send it again later (\(reason))",
            id: id)
    }
}

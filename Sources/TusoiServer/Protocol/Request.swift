import TusoiWire

/// A line from the bridge, decoded: one of the protocol's requests, or a reply to one of the bot's.
public enum Request: Equatable, Sendable {
    case initialize(id: JSONValue, protocolVersion: String, channels: [String: ChannelCapabilities])
    case message(id: JSONValue, InboundMessage)
    /// The bridge's answer to a request the bot sent (a proactive message): success or failure.
    case response(id: JSONValue, error: String?)

    /// The protocol version this server speaks.
    public static let protocolVersion = "1"

    /// Decodes one line, or says precisely what is wrong with it.
    public static func decode(_ line: UnsafeRawBufferPointer) throws(ProtocolError) -> Request {
        // Most lines are members' messages of plain strings: those need no JSON tree.
        if let request = try PlainMessage.decode(line) { return request }
        return try decodeFully(line)
    }

    /// The same through the JSON tree, for every line.
    static func decodeFully(_ line: UnsafeRawBufferPointer) throws(ProtocolError) -> Request {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw .parse(error.message)
        }
        guard case .object(let object) = value else {
            throw .invalidRequest("a line must be a JSON object")
        }
        let id = object["id"]
        if let id {
            switch id {
            case .string, .number: break
            default: throw .invalidRequest("\"id\" must be a string or a number")
            }
        }
        guard object["jsonrpc"] == .string("2.0") else {
            throw .invalidRequest("\"jsonrpc\" must be \"2.0\"", id: id)
        }
        guard let methodValue = object["method"] else {
            guard let id else { throw .invalidRequest("a line needs \"method\" (or \"id\" with \"result\")") }
            if let error = object["error"] {
                return .response(id: id, error: error["message"]?.stringValue ?? "error")
            }
            guard object["result"] != nil else {
                throw .invalidRequest("a response needs \"result\" or \"error\"", id: id)
            }
            return .response(id: id, error: nil)
        }
        guard case .string(let method) = methodValue else {
            throw .invalidRequest("\"method\" must be a string", id: id)
        }
        guard let id else {
            throw .invalidRequest("\"\(method)\" needs an \"id\": without one it could never be acknowledged")
        }
        let params = object["params"]?.objectValue
        if object["params"] != nil && params == nil {
            throw .invalidParams("\"params\" must be an object", id: id)
        }
        switch method {
        case "initialize":
            return try decodeInitialize(id: id, params ?? [:])
        case "message":
            return .message(id: id, try decodeMessage(id: id, MessageParameters(params ?? [:])))
        default:
            throw .methodNotFound(method, id: id)
        }
    }

    private static func decodeInitialize(id: JSONValue, _ params: [String: JSONValue]) throws(ProtocolError)
        -> Request
    {
        guard let version = params["protocolVersion"]?.stringValue else {
            throw .invalidParams("\"protocolVersion\" (a string) is required", id: id)
        }
        guard version == protocolVersion else {
            throw .invalidParams(
                "protocol version \"\(version)\" is not supported; use \"\(protocolVersion)\"", id: id)
        }
        var channels: [String: ChannelCapabilities] = [:]
        if let declared = params["channels"] {
            guard case .object(let entries) = declared else {
                throw .invalidParams("\"channels\" must be an object", id: id)
            }
            for (name, value) in entries {
                guard case .object(let fields) = value else {
                    throw .invalidParams("channels.\(name) must be an object", id: id)
                }
                var capabilities = ChannelCapabilities.plain
                if let length = fields["maxTextLength"] {
                    guard let number = length.int64Value, number >= 200, number <= 1_000_000 else {
                        throw .invalidParams(
                            "channels.\(name).maxTextLength must be an integer from 200", id: id)
                    }
                    capabilities.maxTextLength = Int(number)
                }
                if let buttons = fields["buttons"] {
                    guard let flag = buttons.boolValue else {
                        throw .invalidParams("channels.\(name).buttons must be true or false", id: id)
                    }
                    capabilities.buttons = flag
                }
                if let documents = fields["documents"] {
                    guard let flag = documents.boolValue else {
                        throw .invalidParams("channels.\(name).documents must be true or false", id: id)
                    }
                    capabilities.documents = flag
                }
                channels[name] = capabilities
            }
        }
        return .initialize(id: id, protocolVersion: version, channels: channels)
    }

    static func decodeMessage(id: JSONValue, _ params: MessageParameters) throws(ProtocolError)
        -> InboundMessage
    {
        func field(_ value: JSONValue?, _ name: String, required: Bool = true) throws(ProtocolError)
            -> String?
        {
            switch value {
            case .string(let value)?:
                guard !value.isEmpty, value.utf8.count <= 256 else {
                    throw .invalidParams("\"\(name)\" must be 1 to 256 bytes", id: id)
                }
                return value
            case .number(let lexeme)? where Request.isWholeNumber(lexeme):
                // Telegram's chat and user ids are integers (negative for groups): taken as written.
                return lexeme
            case nil, .null?:
                if required { throw .invalidParams("\"\(name)\" is required", id: id) }
                return nil
            default:
                throw .invalidParams("\"\(name)\" must be a string or a whole number", id: id)
            }
        }
        guard let channel = try field(params.channel, "channel"), let chat = try field(params.chat, "chat"),
            let user = try field(params.user, "user"),
            let messageID = try field(params.messageID, "messageId")
        else {
            throw .invalidParams("\"channel\", \"chat\", \"user\" and \"messageId\" are required", id: id)
        }
        var time: String?
        if let value = params.time {
            guard case .string(let string) = value, string.utf8.count <= 64 else {
                throw .invalidParams("\"time\" must be an ISO 8601 string of at most 64 bytes", id: id)
            }
            time = string
        }
        var text: String?
        if let value = params.text {
            guard case .string(let string) = value else {
                throw .invalidParams("\"text\" must be a string", id: id)
            }
            text = string
        }
        var button: String?
        if let value = params.button {
            guard case .string(let string) = value, !string.isEmpty, string.utf8.count <= 64 else {
                throw .invalidParams("\"button\" must be a string of 1 to 64 bytes", id: id)
            }
            button = string
        }
        var kind: InboundMessage.Kind?
        if let value = params.kind {
            guard let name = value.stringValue, let known = InboundMessage.Kind(rawValue: name) else {
                throw .invalidParams("\"kind\" must be \"media\" or \"edited\"", id: id)
            }
            kind = known
        }
        guard [text != nil, button != nil, kind != nil].filter({ $0 }).count == 1 else {
            throw .invalidParams(
                "a message carries exactly one of \"text\", \"button\" and \"kind\"", id: id)
        }
        // Without "chatType", a chat that is not the member's own is taken as a group: fail closed.
        var chatType: InboundMessage.ChatType = chat == user ? .private : .group
        if let value = params.chatType {
            guard let name = value.stringValue, let type = InboundMessage.ChatType(rawValue: name) else {
                throw .invalidParams("\"chatType\" must be \"private\" or \"group\"", id: id)
            }
            chatType = type
        }
        let content: InboundMessage.Content
        if let text {
            content = .text(text)
        } else if let button {
            content = .button(button)
        } else {
            content = .kind(kind!)
        }
        return InboundMessage(
            channel: channel, chat: chat, user: user, messageID: messageID, content: content,
            chatType: chatType, time: time)
    }

    /// Whether a JSON number is written as a whole number: digits, perhaps after a minus sign.
    static func isWholeNumber(_ lexeme: String) -> Bool {
        let digits = lexeme.hasPrefix("-") ? lexeme.dropFirst() : Substring(lexeme)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

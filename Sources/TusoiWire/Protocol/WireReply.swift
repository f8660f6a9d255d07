import Foundation

/// One item of the bot's `replies` as a bridge reads it: a text with its buttons, or a document.
public enum WireReply: Equatable, Sendable {
    case text(String, buttons: [WireButton])
    case document(WireDocument)

    /// Reads one item of `replies`; `nil` when it is neither a text nor a document.
    public init?(json: JSONValue) {
        if let document = json["document"] {
            guard let name = document["name"]?.stringValue,
                let encoded = document["base64"]?.stringValue,
                let contents = Data(base64Encoded: encoded)
            else { return nil }
            let mediaType = document["mediaType"]?.stringValue ?? "application/octet-stream"
            self = .document(WireDocument(name: name, mediaType: mediaType, contents: contents))
            return
        }
        guard let text = json["text"]?.stringValue else { return nil }
        let buttons = (json["buttons"]?.arrayValue ?? []).compactMap { item -> WireButton? in
            guard let label = item["label"]?.stringValue, let data = item["data"]?.stringValue else {
                return nil
            }
            return WireButton(label: label, data: data)
        }
        self = .text(text, buttons: buttons)
    }

    /// Reads a whole `replies` array, dropping items that are neither texts nor documents.
    public static func list(_ json: JSONValue?) -> [WireReply] {
        (json?.arrayValue ?? []).compactMap(WireReply.init(json:))
    }
}

/// A button under a text: the member sees `label`; pressing it sends `data` back to the bot.
public struct WireButton: Equatable, Sendable {
    public var label: String
    public var data: String

    public init(label: String, data: String) {
        self.label = label
        self.data = data
    }
}

/// A file to send, such as the copy of a submitted self-review.
public struct WireDocument: Equatable, Sendable {
    public var name: String
    public var mediaType: String
    public var contents: Data

    public init(name: String, mediaType: String, contents: Data) {
        self.name = name
        self.mediaType = mediaType
        self.contents = contents
    }
}

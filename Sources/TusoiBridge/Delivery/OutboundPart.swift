import Foundation
import TusoiWire

/// One message as the messenger sends it: a text that fits the channel, or a file.
public enum OutboundPart: Equatable, Sendable {
    case text(String, buttons: [WireButton])
    case document(WireDocument)

    /// Telegram's limit on a button's callback data.
    public static let maxButtonData = 64

    /// The messages that carry `replies` on a channel: texts split under its limit with the buttons on
    /// the last piece, options numbered in the text where buttons cannot be shown (or their data is too
    /// long), and documents sent as text where files cannot be sent.
    public static func parts(for replies: [WireReply], on capabilities: ChannelCapabilities) -> [OutboundPart]
    {
        var parts: [OutboundPart] = []
        for reply in replies {
            switch reply {
            case .text(var text, var buttons):
                let fits = buttons.allSatisfy { !$0.data.isEmpty && $0.data.utf8.count <= maxButtonData }
                if !buttons.isEmpty && !(capabilities.buttons && fits) {
                    let lines = buttons.enumerated().map { "\($0.offset + 1). \($0.element.label)" }
                    text += "\n\n" + lines.joined(separator: "\n")
                    buttons = []
                }
                let pieces = TextSplitter.split(text, limit: capabilities.maxTextLength)
                for (index, piece) in pieces.enumerated() {
                    parts.append(.text(piece, buttons: index == pieces.count - 1 ? buttons : []))
                }
            case .document(let document):
                if capabilities.documents {
                    parts.append(.document(document))
                } else if document.mediaType.hasPrefix("text/") {
                    let text = String(decoding: document.contents, as: UTF8.self)
                    for piece in TextSplitter.split(text, limit: capabilities.maxTextLength) {
                        parts.append(.text(piece, buttons: []))
                    }
                }
            }
        }
        return parts
    }
}

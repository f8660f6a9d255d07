import Foundation
import TusoiEngine

/// Fits the engine's replies to a channel: buttons or numbered lines, texts split under the limit,
/// documents as files or as text.
public struct ReplyRenderer: Sendable {
    /// One message as the bridge sends it.
    public enum Part: Equatable, Sendable {
        case text(String, buttons: [Button])
        case document(Attachment)
    }

    public var capabilities: ChannelCapabilities

    public init(capabilities: ChannelCapabilities) {
        self.capabilities = capabilities
    }

    public func render(_ replies: [Reply]) -> [Part] {
        var parts: [Part] = []
        for reply in replies {
            var text = reply.text
            var buttons = reply.buttons
            if !buttons.isEmpty && !capabilities.buttons {
                let lines = buttons.enumerated().map { "\($0.offset + 1). \($0.element.label)" }
                text += "\n\n" + lines.joined(separator: "\n")
                buttons = []
            }
            let chunks = ReplyRenderer.split(text, limit: capabilities.maxTextLength)
            for (index, chunk) in chunks.enumerated() {
                parts.append(.text(chunk, buttons: index == chunks.count - 1 ? buttons : []))
            }
            if let attachment = reply.attachment {
                if capabilities.documents {
                    parts.append(.document(attachment))
                } else {
                    for chunk in ReplyRenderer.split(attachment.text, limit: capabilities.maxTextLength) {
                        parts.append(.text(chunk, buttons: []))
                    }
                }
            }
        }
        return parts
    }

    /// Splits `text` into pieces of at most `limit` UTF-16 units (the unit messengers count in),
    /// at a paragraph break if possible, else a line break, a sentence end, a space, or anywhere.
    public static func split(_ text: String, limit: Int) -> [String] {
        guard text.utf16.count > limit else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            let window = rest.prefix(utf16Limit: limit)
            var cut = breakPoint(in: window)
            if cut == window.startIndex { cut = window.endIndex }
            pieces.append(String(rest[..<cut]).trimmingCharacters(in: .whitespacesAndNewlines))
            rest = rest[cut...].drop { $0 == " " || $0 == "\n" }
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces.filter { !$0.isEmpty }
    }
}

/// Where to cut a window of text: the last paragraph break, line break, sentence end or space.
private func breakPoint(in window: Substring) -> Substring.Index {
    if let paragraph = window.range(of: "\n\n", options: .backwards) { return paragraph.lowerBound }
    if let line = window.lastIndex(of: "\n") { return line }
    if let sentence = window.range(of: ". ", options: .backwards) {
        return window.index(after: sentence.lowerBound)
    }
    if let space = window.lastIndex(of: " ") { return space }
    return window.endIndex
}

extension Substring {
    /// The longest prefix of whole characters that fits in `limit` UTF-16 units.
    func prefix(utf16Limit limit: Int) -> Substring {
        var count = 0
        var end = startIndex
        for index in indices {
            count += self[index].utf16.count
            if count > limit { break }
            end = self.index(after: index)
        }
        return self[..<end]
    }
}

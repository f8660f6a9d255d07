import Foundation
import TusoiEngine
import TusoiWire

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
                    // Never markup on a channel without files: the document's plain form, split.
                    let plain = attachment.plainText ?? attachment.text
                    for chunk in ReplyRenderer.split(plain, limit: capabilities.maxTextLength)
                    where !plain.isEmpty {
                        parts.append(.text(chunk, buttons: []))
                    }
                }
            }
        }
        return parts
    }

    /// Splits `text` into pieces of at most `limit` UTF-16 units (the unit messengers count in),
    /// at a paragraph break if possible, else a line break, a sentence end, a space, or anywhere.
    ///
    /// Works on the UTF-8 bytes in one pass per piece: replies are split on the hot path.
    public static func split(_ text: String, limit: Int) -> [String] {
        // A text has at most as many UTF-16 units as UTF-8 bytes: within the limit in bytes, it fits
        // (and counting UTF-16 units of a native string walks it).
        guard text.utf8.count > limit else { return [text] }
        let bytes = Array(text.utf8)
        var pieces: [String] = []
        var start = 0
        while start < bytes.count {
            var units = 0
            var index = start
            var paragraph = -1
            var line = -1
            var sentence = -1
            var space = -1
            while index < bytes.count {
                let lead = bytes[index]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                units += width == 4 ? 2 : 1
                if units > limit { break }
                if lead == 0x0A {
                    if index > start && bytes[index - 1] == 0x0A { paragraph = index - 1 }
                    line = index
                } else if lead == 0x20 {
                    if index > start && bytes[index - 1] == 0x2E { sentence = index }
                    space = index
                }
                index += width
            }
            var end = index
            if index < bytes.count {
                for candidate in [paragraph, line, sentence, space] where candidate > start {
                    end = candidate
                    break
                }
            }
            let piece = trimmed(bytes[start..<end])
            if !piece.isEmpty { pieces.append(piece) }
            start = end
        }
        return pieces
    }

    /// The bytes as a string without leading and trailing spaces and line breaks.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x0A { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x0A { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}

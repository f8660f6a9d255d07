import TusoiEngine
import TusoiWire

/// The channel-neutral form in which a message's replies are stored, so that a redelivered
/// message gets exactly the same replies again.
///
/// Written field by field (keys in sorted order) rather than through ``JSONValue``: it runs for
/// every message.
enum ReplyCoding {
    static func encode(_ replies: [Reply]) -> String {
        String(decoding: encodeUTF8(replies), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, valid by construction: the texts are Swift strings, escaped.
    static func encodeUTF8(_ replies: [Reply]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(replies.reduce(16) { $0 + $1.text.utf8.count + 64 })
        out.append(UInt8(ascii: "["))
        for (index, reply) in replies.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let attachment = reply.attachment {
                out += #""attachment":{"mediaType":"#.utf8
                JSONWriter.appendString(attachment.mediaType, to: &out)
                out += #","name":"#.utf8
                JSONWriter.appendString(attachment.name, to: &out)
                if let plain = attachment.plainText {
                    out += #","plainText":"#.utf8
                    JSONWriter.appendString(plain, to: &out)
                }
                out += #","text":"#.utf8
                JSONWriter.appendString(attachment.text, to: &out)
                out += "},".utf8
            }
            if !reply.buttons.isEmpty {
                out += #""buttons":["#.utf8
                for (number, button) in reply.buttons.enumerated() {
                    if number > 0 { out.append(UInt8(ascii: ",")) }
                    out += #"{"label":"#.utf8
                    JSONWriter.appendString(button.label, to: &out)
                    out += #","payload":"#.utf8
                    JSONWriter.appendString(button.payload, to: &out)
                    out.append(UInt8(ascii: "}"))
                }
                out += "],".utf8
            }
            out += #""text":"#.utf8
            JSONWriter.appendString(reply.text, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func decode(_ text: String) -> [Reply]? {
        guard let value = try? JSONParser.parse(Array(text.utf8), maxDepth: 8), case .array(let items) = value
        else {
            return nil
        }
        var replies: [Reply] = []
        for item in items {
            guard let text = item["text"]?.stringValue else { return nil }
            let buttons = (item["buttons"]?.arrayValue ?? []).compactMap { button -> Button? in
                guard let label = button["label"]?.stringValue, let payload = button["payload"]?.stringValue
                else {
                    return nil
                }
                return Button(label: label, payload: payload)
            }
            var attachment: Attachment?
            if let file = item["attachment"], let name = file["name"]?.stringValue,
                let type = file["mediaType"]?.stringValue, let body = file["text"]?.stringValue
            {
                // Replies stored before documents had a plain form have none: they are shown as stored.
                attachment = Attachment(
                    name: name, mediaType: type, text: body, plainText: file["plainText"]?.stringValue)
            }
            replies.append(Reply(text: text, buttons: buttons, attachment: attachment))
        }
        return replies
    }
}

import TusoiEngine

/// The channel-neutral form in which a message's replies are stored, so that a redelivered
/// message gets exactly the same replies again.
enum ReplyCoding {
    static func encode(_ replies: [Reply]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, reply) in replies.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            var fields: [String: JSONValue] = ["text": .string(reply.text)]
            if !reply.buttons.isEmpty {
                fields["buttons"] = .array(
                    reply.buttons.map {
                        .object(["label": .string($0.label), "payload": .string($0.payload)])
                    })
            }
            if let attachment = reply.attachment {
                fields["attachment"] = .object([
                    "name": .string(attachment.name), "mediaType": .string(attachment.mediaType),
                    "text": .string(attachment.text),
                ])
            }
            JSONWriter.appendValue(.object(fields), to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
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
                attachment = Attachment(name: name, mediaType: type, text: body)
            }
            replies.append(Reply(text: text, buttons: buttons, attachment: attachment))
        }
        return replies
    }
}

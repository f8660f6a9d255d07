import Foundation
import TusoiEngine
import TusoiWire

/// Writes the server's lines: results, errors and rendered replies, with sorted keys, one per line.
enum WireWriter {
    static func result(id: JSONValue, _ result: JSONValue, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendValue(id, to: &out)
        out.append(contentsOf: #","jsonrpc":"2.0","result":"#.utf8)
        JSONWriter.appendValue(result, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    static func error(_ error: ProtocolError, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"error":{"code":"#.utf8)
        JSONWriter.appendInteger(Int64(error.code), to: &out)
        out.append(contentsOf: #","data":{"reason":"#.utf8)
        JSONWriter.appendString(error.reason, to: &out)
        out.append(contentsOf: #"},"message":"#.utf8)
        JSONWriter.appendString(error.message, to: &out)
        out.append(contentsOf: #"},"id":"#.utf8)
        JSONWriter.appendValue(error.id ?? .null, to: &out)
        out.append(contentsOf: #","jsonrpc":"2.0"}"#.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    /// The acknowledgement of a message, carrying its replies; written field by field (sorted keys).
    static func replies(id: JSONValue, _ parts: [ReplyRenderer.Part], replay: Bool, to out: inout [UInt8]) {
        out += #"{"id":"#.utf8
        JSONWriter.appendValue(id, to: &out)
        out += #","jsonrpc":"2.0","result":{"replay":"#.utf8
        out += (replay ? "true" : "false").utf8
        out += #","replies":"#.utf8
        appendParts(parts, to: &out)
        out += "}}\n".utf8
    }

    /// A message the bot starts (a reminder, a notification): a `send` request the bridge answers.
    static func send(
        id: String, channel: String, chat: String, _ parts: [ReplyRenderer.Part], to out: inout [UInt8]
    ) {
        out += #"{"id":"#.utf8
        JSONWriter.appendString(id, to: &out)
        out += #","jsonrpc":"2.0","method":"send","params":{"channel":"#.utf8
        JSONWriter.appendString(channel, to: &out)
        out += #","chat":"#.utf8
        JSONWriter.appendString(chat, to: &out)
        out += #","replies":"#.utf8
        appendParts(parts, to: &out)
        out += "}}\n".utf8
    }

    private static func appendParts(_ parts: [ReplyRenderer.Part], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, part) in parts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch part {
            case .text(let text, let buttons):
                out.append(UInt8(ascii: "{"))
                if !buttons.isEmpty {
                    out += #""buttons":["#.utf8
                    for (number, button) in buttons.enumerated() {
                        if number > 0 { out.append(UInt8(ascii: ",")) }
                        out += #"{"data":"#.utf8
                        JSONWriter.appendString(button.payload, to: &out)
                        out += #","label":"#.utf8
                        JSONWriter.appendString(button.label, to: &out)
                        out.append(UInt8(ascii: "}"))
                    }
                    out += "],".utf8
                }
                out += #""text":"#.utf8
                JSONWriter.appendString(text, to: &out)
                out.append(UInt8(ascii: "}"))
            case .document(let attachment):
                out += #"{"document":{"base64":"#.utf8
                JSONWriter.appendString(Data(attachment.text.utf8).base64EncodedString(), to: &out)
                out += #","mediaType":"#.utf8
                JSONWriter.appendString(attachment.mediaType, to: &out)
                out += #","name":"#.utf8
                JSONWriter.appendString(attachment.name, to: &out)
                out += "}}".utf8
            }
        }
        out.append(UInt8(ascii: "]"))
    }
}

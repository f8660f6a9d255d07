import Foundation
import TusoiEngine

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

    /// The acknowledgement of a message, carrying its replies.
    static func replies(id: JSONValue, _ parts: [ReplyRenderer.Part], replay: Bool, to out: inout [UInt8]) {
        let items: [JSONValue] = parts.map { part in
            switch part {
            case .text(let text, let buttons):
                var fields: [String: JSONValue] = ["text": .string(text)]
                if !buttons.isEmpty {
                    fields["buttons"] = .array(
                        buttons.map { .object(["label": .string($0.label), "data": .string($0.payload)]) })
                }
                return .object(fields)
            case .document(let attachment):
                return .object([
                    "document": .object([
                        "name": .string(attachment.name), "mediaType": .string(attachment.mediaType),
                        "base64": .string(Data(attachment.text.utf8).base64EncodedString()),
                    ])
                ])
            }
        }
        result(id: id, .object(["replay": .bool(replay), "replies": .array(items)]), to: &out)
    }
}

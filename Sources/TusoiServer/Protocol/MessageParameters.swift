import TusoiWire

/// The parameters of a `message` request that the server reads, each as the JSON value given (nil
/// when absent); any other parameter is ignored.
struct MessageParameters {
    var channel: JSONValue?
    var chat: JSONValue?
    var user: JSONValue?
    var messageID: JSONValue?
    var time: JSONValue?
    var text: JSONValue?
    var button: JSONValue?
    var kind: JSONValue?
    var chatType: JSONValue?

    init() {}

    /// The parameters read from a decoded `params` object.
    init(_ object: [String: JSONValue]) {
        channel = object["channel"]
        chat = object["chat"]
        user = object["user"]
        messageID = object["messageId"]
        time = object["time"]
        text = object["text"]
        button = object["button"]
        kind = object["kind"]
        chatType = object["chatType"]
    }
}

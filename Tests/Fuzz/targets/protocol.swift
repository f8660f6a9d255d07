// libFuzzer target: one input line through the protocol decoder (JSON parser and request shapes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocol(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let request = try? Request.decode(bytes), case .message(_, let message) = request {
        precondition(!message.channel.isEmpty && !message.messageID.isEmpty)
    }
    var reader = LineReader(limit: 256)
    _ = reader.feed(bytes)
    _ = reader.finish()
    return 0
}

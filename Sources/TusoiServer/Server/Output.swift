import TusoiEngine
import TusoiWire

/// What the server answers to one batch, in order, ready to be rendered to bytes once its
/// transaction has committed: by ``Server/process(_:)`` at once, or by the ``OutputWriter`` on its own
/// thread while the server handles the next batch.
struct Output: Sendable {
    enum Item: Sendable {
        /// Lines already written: errors, the handshake's result, `send` requests.
        case bytes([UInt8])
        /// The acknowledgement of a message with its replies, fitted to the channel when rendered.
        case replies(id: JSONValue, capabilities: ChannelCapabilities, replies: [Reply], replay: Bool)
    }

    var items: [Item] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func append(_ bytes: [UInt8]) {
        if !bytes.isEmpty { items.append(.bytes(bytes)) }
    }

    /// The lines, as the bridge reads them.
    func rendered() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize)
        for item in items {
            switch item {
            case .bytes(let bytes):
                out.append(contentsOf: bytes)
            case .replies(let id, let capabilities, let replies, let replay):
                let renderer = ReplyRenderer(capabilities: capabilities)
                WireWriter.replies(id: id, renderer.render(replies), replay: replay, to: &out)
            }
        }
        return out
    }

    /// About the size of the rendered lines, so that the buffer seldom grows (and copies) on the way.
    private var estimatedSize: Int {
        items.reduce(0) { total, item in
            switch item {
            case .bytes(let bytes): return total + bytes.count
            case .replies(_, _, let replies, _):
                return replies.reduce(total + 96) { $0 + $1.text.utf8.count + 64 * $1.buttons.count + 32 }
            }
        }
    }
}

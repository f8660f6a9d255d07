import CZlib

/// Long texts of the SQLite record (reply texts, submitted versions) kept deflated.
///
/// A text column holds either the text (SQLite type TEXT) or, for a long one that shrinks, the
/// zlib stream of its UTF-8 bytes (type BLOB): the type tells which, so old rows and short texts
/// stay readable as they are. Anything that reads these columns outside tusoi inflates a BLOB
/// with zlib (Python: `zlib.decompress(value).decode()`).
enum PackedText {
    /// Shorter texts are kept as they are: a prompt or a short reply gains little.
    static let threshold = 512

    /// The zlib stream of `text`, or nil when it is short or does not shrink by a tenth.
    ///
    /// Level 1, an 8 KB window and a small hash table (zlib's defaults: level 6, 32 KB, 64 KB): a
    /// reply is a few kilobytes. Measured with callgrind over 20,000 messages: compress2 at the
    /// defaults cost about 300,000 instructions a call, this about 195,000, for 2.7 times smaller
    /// texts instead of 2.9. Still a standard zlib stream.
    static func pack(_ text: [UInt8]) -> [UInt8]? {
        guard text.count >= threshold else { return nil }
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, 1, Z_DEFLATED, 13, 5, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var packed = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(text.count))))
        let code = packed.withUnsafeMutableBufferPointer { target in
            text.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        let size = Int(stream.total_out)
        guard code == Z_STREAM_END, size * 10 < text.count * 9 else { return nil }
        packed.removeLast(packed.count - size)
        return packed
    }

    /// The text of a zlib stream, or nil when it is not one.
    static func unpack(_ packed: [UInt8]) -> [UInt8]? {
        var capacity = max(4 * packed.count, 1024)
        while capacity <= 1 << 30 {
            var size = uLong(capacity)
            var text = [UInt8](repeating: 0, count: capacity)
            let code = text.withUnsafeMutableBufferPointer { target in
                packed.withUnsafeBufferPointer { source in
                    uncompress(target.baseAddress, &size, source.baseAddress, uLong(source.count))
                }
            }
            if code == Z_OK {
                text.removeLast(capacity - Int(size))
                return text
            }
            guard code == Z_BUF_ERROR else { return nil }
            capacity *= 4
        }
        return nil
    }
}

/// A text bound packed when it is long (a BLOB), else as text.
struct PackedArgument: SQLBindable {
    var text: [UInt8]

    func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        if let packed = PackedText.pack(text) {
            try statement.bind(packed, at: index)
        } else {
            try statement.bindText(bytes: text, at: index)
        }
    }
}

extension Statement {
    /// A column that may hold a packed text (``PackedText``): its text, inflated if need be.
    func packedText(_ index: Int32) -> String? {
        guard let bytes = packedBytes(index) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same as bytes.
    func packedBytes(_ index: Int32) -> [UInt8]? {
        guard let bytes = blob(index) else { return nil }
        guard isBlob(index) else { return bytes }
        return PackedText.unpack(bytes) ?? bytes
    }
}

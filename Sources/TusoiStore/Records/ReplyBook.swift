#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Keeps each reply text once in the store: an inbound message refers to its replies' row, and a
/// text sent before (a question's prompt, the same re-ask to another member) is found again in
/// memory instead of being written again.
///
/// What is remembered: for each text stored, its hash and row; once a text is met a second time
/// (its row read back and compared byte for byte), the text itself, so that later meetings cost a
/// hash and a comparison. A text met once (most replies that quote a member's words) costs a hash
/// and a row id. Rows written inside a transaction that is rolled back are forgotten with it, so no
/// reference ever points at a row that was never committed. Forgetting is always safe: the text is
/// then stored again, in a row of its own.
final class ReplyBook {
    private struct Entry {
        var row: Int64
        /// The text, once met a second time.
        var text: [UInt8]?
    }

    /// At most this many texts are remembered; past it, all are forgotten and learned again.
    private let limit: Int
    private var entries: [Int: Entry] = [:]
    /// The texts remembered (their bytes), to keep memory bounded.
    private var rememberedBytes = 0
    private let byteLimit: Int
    /// Rows stored since the last commit, in order: forgotten if the transaction or savepoint that
    /// wrote them is rolled back.
    private var uncommitted: [(hash: Int, row: Int64)] = []

    init(limit: Int = 65_536, byteLimit: Int = 8 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// The row of `text`: one already stored, or one `store` writes now.
    ///
    /// - Parameters:
    ///   - stored: reads back a row's text (used once per text, the second time it is met).
    ///   - store: writes a new row and returns its id.
    ///   - inTransaction: whether the write may still be rolled back.
    func row(
        for text: [UInt8], stored: (Int64) throws -> [UInt8]?, store: () throws -> Int64, inTransaction: Bool
    ) throws -> Int64 {
        let hash = ReplyBook.fingerprint(text)
        if let entry = entries[hash] {
            if let known = entry.text {
                if ReplyBook.same(known, text) { return entry.row }
            } else if let earlier = try stored(entry.row), ReplyBook.same(earlier, text) {
                entries[hash]?.text = text
                rememberedBytes += text.count
                if rememberedBytes > byteLimit { forgetAll() }
                return entry.row
            }
            // Another text with the same hash: stored on its own, the entry kept as it is.
            return try store()
        }
        let row = try store()
        if entries.count >= limit { forgetAll() }
        entries[hash] = Entry(row: row, text: nil)
        if inTransaction { uncommitted.append((hash, row)) }
        return row
    }

    /// A 64-bit fingerprint of the text, eight bytes at a step (about a byte an instruction; the
    /// standard hasher took four times as long on a reply of a kilobyte). Two texts with the same
    /// fingerprint are told apart by comparing them: the cost of a collision is a row stored twice.
    static func fingerprint(_ text: [UInt8]) -> Int {
        text.withUnsafeBytes { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                hash =
                    (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                offset += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < raw.count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
            return Int(bitPattern: UInt(hash))
        }
    }

    /// Whether two texts are the same bytes: `memcmp`, not `==`, which compares arrays element by
    /// element (a reply of a few kilobytes took about a thousand instructions a kilobyte).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
    }

    /// Where a savepoint starts: what ``rollBack(to:)`` takes back to.
    var mark: Int { uncommitted.count }

    /// Forgets the rows stored since `mark`: their transaction or savepoint was rolled back.
    func rollBack(to mark: Int) {
        guard mark < uncommitted.count else { return }
        for (hash, row) in uncommitted[mark...] where entries[hash]?.row == row {
            if let text = entries[hash]?.text { rememberedBytes -= text.count }
            entries[hash] = nil
        }
        uncommitted.removeSubrange(mark...)
    }

    /// The transaction committed: its rows are there to stay.
    func committed() {
        uncommitted.removeAll(keepingCapacity: true)
    }

    /// Forgets every text. The list of rows not committed yet stays: a savepoint's mark taken before
    /// still points into it, and a rollback must still be able to find what came after the mark.
    func forgetAll() {
        entries.removeAll(keepingCapacity: true)
        rememberedBytes = 0
    }
}

import Testing

@testable import TusoiServer

/// The operator's log while the store refuses batch after batch: one line, then one a minute.
@Suite struct FailureDigestTests {
    @Test("a full disk for three minutes: a line a minute with the count, then one when it is over")
    func fullDisk() {
        var digest = FailureDigest()
        var lines: [String] = []
        for second in stride(from: Int64(0), to: 180, by: 2) {
            if let line = digest.failed(
                count: 10, reason: "the disk is full (SQLite 13)", now: 1_000 + second)
            {
                lines.append(line)
            }
        }
        #expect(lines.count == 3)
        #expect(lines[0] == "a batch of 10 lines was not stored: the disk is full (SQLite 13)")
        #expect(
            lines[1]
                == "a batch of 10 lines was not stored: the disk is full (SQLite 13) (and 29 more batches, 290 lines, since the last such line)"
        )
        #expect(
            digest.stored() == "the store takes writes again, after 29 more batches (290 lines) not stored")
        #expect(digest.stored() == nil)
    }

    @Test("another reason is logged at once; a store that never failed says nothing")
    func otherReason() {
        var digest = FailureDigest()
        #expect(digest.stored() == nil)
        #expect(digest.failed(count: 3, reason: "the disk is full (SQLite 13)", now: 10) != nil)
        #expect(digest.failed(count: 3, reason: "the disk is full (SQLite 13)", now: 11) == nil)
        #expect(
            digest.failed(count: 2, reason: "the store is locked by another process (SQLite 5)", now: 12)
                != nil)
        #expect(digest.stored() == "the store takes writes again")
    }
}

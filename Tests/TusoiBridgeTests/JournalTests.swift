import Foundation
import Testing

@testable import TusoiBridge

@Suite("The journal of messages in progress")
struct JournalTests {
    @Test("kept owner-only, read back as written, emptied when done")
    func roundTrip() throws {
        let path = Binaries.temporaryDirectory().appendingPathComponent("zalo.journal").path
        let journal = Journal(path: path)
        #expect(journal.load().isEmpty)
        let messages = [
            InboundMessage(
                channel: "zalo", chat: "c1", user: "c1", messageID: "m1",
                content: .text("Tôi chưa học kỹ\nnghị quyết"),
                chatType: .private, time: "2026-11-26T08:00:00Z"),
            InboundMessage(
                channel: "zalo", chat: "g", user: "u", messageID: "m2", content: .button("c/done"),
                chatType: .group),
        ]
        try journal.save(messages)
        #expect(journal.load() == messages)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        try journal.save([])
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a journal that cannot be written says where and why")
    func unwritable() {
        let journal = Journal(path: "/nonexistent-folder/zalo.journal")
        #expect(throws: JournalError.self) {
            try journal.save([
                InboundMessage(
                    channel: "zalo", chat: "c", user: "c", messageID: "m", content: .text("x"),
                    chatType: .private)
            ])
        }
    }
}

import Foundation
import Testing
import TusoiWire

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

    static func message(_ id: String, _ text: String = "x") -> InboundMessage {
        InboundMessage(
            channel: "zalo", chat: "c", user: "c", messageID: id, content: .text(text), chatType: .private)
    }

    @Test("appended as received, marked done as replied: the next start takes up only what is left")
    func appendAndMarkDone() throws {
        let path = Binaries.temporaryDirectory().appendingPathComponent("zalo.journal").path
        let journal = Journal(path: path)
        try journal.append([Self.message("m1"), Self.message("m2")])
        try journal.append([Self.message("m3")])
        journal.markDone([Self.message("m1").key, Self.message("m3").key])
        // The same message appended twice (taken up, then given again) is taken up once.
        try journal.append([Self.message("m2")])
        #expect(journal.load() == [Self.message("m2")])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600, "it holds members' words: owner-only")
        // Compacted at start: only what is left is kept.
        try journal.save(journal.load())
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
    }

    @Test("a line cut short by a crash is skipped; the lines before it are kept")
    func cutLine() throws {
        let path = Binaries.temporaryDirectory().appendingPathComponent("zalo.journal").path
        let journal = Journal(path: path)
        try journal.append([Self.message("m1", "Tôi đã đọc")])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"channel":"zalo","chat":"c","user":"c","messageId":"m2","te"#.utf8))
        handle.closeFile()
        #expect(journal.load() == [Self.message("m1", "Tôi đã đọc")])
        // What comes after the cut line is read again, on a line of its own.
        try journal.append([Self.message("m3")])
        #expect(journal.load().map(\.messageID) == ["m1", "m3"])
    }
}

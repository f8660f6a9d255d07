import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

/// The messages the bot starts itself (section 4 of the protocol), through the built `tusoi-telegram`
/// and a scripted bot, since `tusoi serve` does not send them yet.
@Suite("Requests the bot starts", .serialized)
struct BotRequestTests {
    static let firstParagraph = String(
        repeating: "Đồng chí chưa hoàn thành bản tự kiểm điểm; chi bộ sinh hoạt vào thứ Năm tuần sau. ",
        count: 36
    ).trimmingCharacters(in: .whitespaces)
    static let secondParagraph = String(
        repeating: "Đồng chí gửi «tiếp tục» để làm tiếp phần còn dở. ", count: 40
    ).trimmingCharacters(in: .whitespaces)

    static func send(_ id: String, channel: String = "telegram", chat: String, _ replies: [JSONValue])
        -> String
    {
        JSONValue.object([
            "jsonrpc": "2.0", "id": .string(id), "method": "send",
            "params": ["channel": .string(channel), "chat": .string(chat), "replies": .array(replies)],
        ]).text + "\n"
    }

    /// A text of 5,000 characters split at its paragraph, a file, a blocked member, another channel, an
    /// unknown method, and a repeated id answered without a second delivery.
    @Test("the bot's send requests delivered and answered")
    func botRequests() throws {
        let text = Self.firstParagraph + "\n\n" + Self.secondParagraph
        #expect(text.utf16.count > 4096 && text.utf16.count < 8192)
        let copy = Data("# Bản tự kiểm điểm\n\nĐã nộp.\n".utf8)
        let folder = Binaries.temporaryDirectory()
        let first = folder.appendingPathComponent("first.jsonl")
        let second = folder.appendingPathComponent("second.jsonl")
        let answers = folder.appendingPathComponent("answers.jsonl")
        try
            (Self.send("b-1", chat: "9001", [["text": .string(text)]])
            + Self.send(
                "b-2", chat: "9001",
                [
                    [
                        "document": [
                            "name": "ban-kiem-diem.md", "mediaType": "text/markdown",
                            "base64": .string(copy.base64EncodedString()),
                        ]
                    ]
                ])
            + Self.send("b-3", chat: "9002", [["text": "Nhắc đồng chí hoàn thành bản tự kiểm điểm."]])
            + Self.send("b-4", channel: "zalo", chat: "9001", [["text": "x"]])
            + #"{"jsonrpc":"2.0","id":"b-5","method":"remind","params":{}}"# + "\n").write(
                to: first, atomically: true, encoding: .utf8)
        try Self.send("b-1", chat: "9001", [["text": .string(text)]]).write(
            to: second, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: answers.path, contents: nil)
        // The bridge's answers are collected in the background; the repeated request goes out once the
        // first five are answered.
        // (An asynchronous list reads /dev/null unless given the input explicitly, through fd 3.)
        let script =
            ShellBot.handshake + """
                exec 3<&0
                (while IFS= read -r line; do printf '%s\\n' "$line" >> "$3"; done <&3) &
                cat "$1"
                while [ "$(wc -l < "$3")" -lt 5 ]; do sleep 0.02; done
                cat "$2"
                wait

                """
        let command = ShellBot.command(
            script, in: folder, arguments: [first.path, second.path, answers.path])

        let fake = try FakeTelegram()
        defer { fake.stop() }
        fake.setBlocked("9002", true)
        let tokenFile = folder.appendingPathComponent("token").path
        _ = FileManager.default.createFile(
            atPath: tokenFile, contents: Data(FakeTelegram.token.utf8), attributes: [.posixPermissions: 0o600]
        )
        let bridge = try ChildRunner(
            Binaries.telegram,
            ["--token-file", tokenFile, "--api-base", fake.base] + BridgeLauncher.fastOptions + ["--"]
                + command)
        defer { bridge.stop() }

        func answerLines() -> [String] {
            (try? String(contentsOf: answers, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        }
        let deadline = Date().addingTimeInterval(10)
        while answerLines().count < 6 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let lines = answerLines()
        #expect(lines.count == 6, "\(bridge.log)")
        var byID: [String: [String]] = [:]
        for line in lines {
            let id = try #require(try JSONValue.parse(Data(line.utf8))["id"]?.stringValue)
            byID[id, default: []].append(line)
        }
        #expect(byID["b-1"] == Array(repeating: #"{"id":"b-1","jsonrpc":"2.0","result":{}}"#, count: 2))
        #expect(byID["b-2"] == [#"{"id":"b-2","jsonrpc":"2.0","result":{}}"#])
        #expect(byID["b-3"] == [#"{"error":{"code":1,"message":"blocked"},"id":"b-3","jsonrpc":"2.0"}"#])
        #expect(byID["b-4"]?.first?.contains(#""code":2"#) == true)
        #expect(byID["b-5"]?.first?.contains(#""code":-32601"#) == true)

        Thread.sleep(forTimeInterval: 0.2)
        let delivered = fake.locked { fake.delivered }
        #expect(
            delivered.map(\.part) == [
                .text(Self.firstParagraph, buttons: []), .text(Self.secondParagraph, buttons: []),
                .document(WireDocument(name: "ban-kiem-diem.md", mediaType: "text/markdown", contents: copy)),
            ])
        #expect(delivered.allSatisfy { $0.chat == "9001" })
        #expect(fake.locked { fake.attempts.filter { $0.chat == "9002" }.map(\.status) } == [403])
        #expect(fake.locked { fake.invalid }.isEmpty)
    }
}

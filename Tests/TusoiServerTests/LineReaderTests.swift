import Testing
import TusoiStore

@testable import TusoiServer

@Suite("Cutting input into lines")
struct LineReaderTests {
    func feed(_ reader: inout LineReader, _ text: String) -> [LineReader.Line] {
        Array(text.utf8).withUnsafeBytes { reader.feed($0) }
    }

    @Test("lines split across reads are joined; a last line without newline comes at the end")
    func joins() {
        var reader = LineReader()
        #expect(feed(&reader, "ab").isEmpty)
        #expect(feed(&reader, "c\nde\nf") == [.line(Array("abc".utf8)), .line(Array("de".utf8))])
        #expect(reader.finish() == [.line(Array("f".utf8))])
        #expect(reader.finish().isEmpty)
    }

    @Test("an over-long line is drained to its newline without being kept, and the next line is read")
    func overLong() {
        var reader = LineReader(limit: 10)
        #expect(feed(&reader, "0123456789").isEmpty)
        #expect(feed(&reader, "ABCDEFGHIJ").isEmpty)
        #expect(feed(&reader, "XY\nok\n") == [.tooLong(22), .line(Array("ok".utf8))])
        #expect(feed(&reader, "0123456789012\n") == [.tooLong(13)])
        #expect(feed(&reader, "0123456789\n") == [.line(Array("0123456789".utf8))])
    }
}

@Suite("Fitting replies to a channel")
struct ReplyRendererTests {
    @Test("a long text is split under the limit at paragraph, then line, then sentence, then word boundaries")
    func split() {
        let paragraph = String(repeating: "Câu trả lời dài. ", count: 20)
        let text = paragraph + "\n\n" + paragraph + "\n\n" + paragraph
        let pieces = ReplyRenderer.split(text, limit: 400)
        #expect(pieces.allSatisfy { $0.utf16.count <= 400 })
        #expect(
            pieces.joined(separator: " ").split(separator: " ") == text.split(whereSeparator: \.isWhitespace))
        #expect(ReplyRenderer.split("ngắn", limit: 400) == ["ngắn"])
        let unbroken = String(repeating: "a", count: 1000)
        #expect(ReplyRenderer.split(unbroken, limit: 400).map(\.count) == [400, 400, 200])
    }

    @Test("a 5,000-character message becomes two on Telegram and three on Zalo")
    func channels() {
        let text = String(repeating: "Đồng chí hãy viết câu trả lời. ", count: 162)
        #expect(text.count > 5000)
        #expect(ReplyRenderer.split(text, limit: 4096).count == 2)
        #expect(ReplyRenderer.split(text, limit: 2000).count == 3)
    }
}

@Suite("Decoding requests")
struct RequestTests {
    func decode(_ text: String) -> Result<Request, ProtocolError> {
        Array(text.utf8).withUnsafeBytes { raw in
            Result { () throws(ProtocolError) in try Request.decode(raw) }
        }
    }

    @Test("without chatType, a chat that is not the member's own is a group (fail closed)")
    func groupByDefault() throws {
        let own =
            #"{"jsonrpc":"2.0","id":1,"method":"message","params":{"channel":"t","chat":"5","user":"5","messageId":"1","text":"a"}}"#
        let other =
            #"{"jsonrpc":"2.0","id":1,"method":"message","params":{"channel":"t","chat":"-9","user":"5","messageId":"1","text":"a"}}"#
        guard case .success(.message(_, let first)) = decode(own),
            case .success(.message(_, let second)) = decode(other)
        else { Issue.record("both must decode"); return }
        #expect(first.chatType == .private)
        #expect(second.chatType == .group)
    }

    @Test("an empty button and a time that is not a short string are refused")
    func fields() {
        let empty =
            #"{"jsonrpc":"2.0","id":1,"method":"message","params":{"channel":"t","chat":"5","user":"5","messageId":"1","button":""}}"#
        let time =
            #"{"jsonrpc":"2.0","id":1,"method":"message","params":{"channel":"t","chat":"5","user":"5","messageId":"1","text":"a","time":7}}"#
        for line in [empty, time] {
            guard case .failure(let error) = decode(line) else {
                Issue.record("must fail: \(line)"); continue
            }
            #expect(error.code == -32602)
        }
    }

    @Test(
        "chat, user and messageId may be whole numbers, taken as written; other numbers are refused",
        arguments: [
            ("123456", "123456", true), ("-100200", "-100200", true), ("0", "0", true), ("1.5", "", false),
            ("-1.5", "", false), ("1e3", "", false), ("-", "", false),
        ])
    func numbers(lexeme: String, expected: String, accepted: Bool) {
        let line =
            #"{"jsonrpc":"2.0","id":1,"method":"message","params":{"channel":"t","chat":"#
            + lexeme + #","user":"#
            + lexeme + #","messageId":"#
            + lexeme + #","text":""}}"#
        switch decode(line) {
        case .success(.message(_, let message)):
            #expect(accepted, "\(lexeme) must be refused")
            #expect(message.chat == expected && message.user == expected && message.messageID == expected)
            #expect(message.text == "")
        case .failure(let error):
            #expect(!accepted, "\(lexeme): \(error.reason)")
            #expect(error.code == -32602 || error.code == -32700)
        default:
            Issue.record("not a message: \(line)")
        }
    }

    @Test(
        "a blank line or one of white space gets an error response with a null id, and the next line is answered"
    )
    func blankLine() throws {
        let service = try ChatService(
            store: try SessionStore(path: ":memory:"), library: try GoldenHarness.library(),
            questionnaireID: "mini")
        let server = Server(service: service, clock: { 100 })
        var input: [LineReader.Line] = [
            .line(
                Array(
                    #"{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":"1"}}"#.utf8
                )),
            .line([]), .line(Array(" \t\r".utf8)),
            .line(Array(#"{"jsonrpc":"2.0","id":"x","method":"nope"}"#.utf8)),
        ]
        let output = String(decoding: server.process(input), as: UTF8.self)
        input.removeAll()
        let lines = output.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].contains(#""code":-32700"#) && lines[1].contains(#""id":null"#))
        #expect(lines[2].contains(#""code":-32700"#))
        #expect(lines[3].contains(#""id":"x""#))
    }
}

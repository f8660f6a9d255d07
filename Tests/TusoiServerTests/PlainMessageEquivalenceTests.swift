import Testing
import TusoiTestSupport

@testable import TusoiServer

/// The fast decoder of everyday lines (``PlainMessage``) must never change what a line means: for any
/// line, ``Request/decode(_:)`` (which tries the fast path first) and ``Request/decodeFully(_:)`` (the
/// JSON tree, for every line) give the same request or the same error.
struct PlainMessageEquivalenceTests {

    enum Outcome: Equatable {
        case request(Request)
        case error(ProtocolError)
    }

    static func outcome(_ line: [UInt8], fully: Bool) -> Outcome {
        line.withUnsafeBytes { buffer in
            do throws(ProtocolError) {
                return .request(fully ? try Request.decodeFully(buffer) : try Request.decode(buffer))
            } catch {
                return .error(error)
            }
        }
    }

    /// Checks one line; returns it when the two decoders disagree.
    static func disagreement(_ line: [UInt8]) -> String? {
        let fast = outcome(line, fully: false)
        let full = outcome(line, fully: true)
        guard fast != full else { return nil }
        return "\(String(decoding: line, as: UTF8.self))\n  decode: \(fast)\n  decodeFully: \(full)"
    }

    static let whitespace = ["", " ", "  ", "\t", "\n ", "\r\n"]
    static let texts = [
        "có", "co", "1, 3", "0", "dạ có", "Tôi đã đọc kỹ Quy định 144", "", " ", "a\\\"b", "\\u00e9",
        "\\n", "x\ty", "🙂", "=SUM(A1)", "yes", "2026-12-31",
    ]
    static let keys = ["channel", "chat", "user", "messageId", "time", "text", "button", "chatType"]

    /// A message line of plain strings, keys in a random order, random whitespace, sometimes a key
    /// left out, given twice or unknown, and an id of several kinds.
    static func messageLine(_ random: inout SplitMix) -> String {
        func space() -> String { whitespace.randomElement(using: &random)! }
        var fields: [(String, String)] = [
            ("channel", ["telegram", "zalo", "", "x"].randomElement(using: &random)!),
            ("chat", String(Int.random(in: -5...99_999, using: &random))),
            ("user", String(Int.random(in: 1...99_999, using: &random))),
            ("messageId", "m\(Int.random(in: 0...999, using: &random))"),
            (
                "time",
                ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00+07:00", "yesterday", ""].randomElement(
                    using: &random)!
            ),
        ]
        if Bool.random(using: &random) {
            fields.append(("text", texts.randomElement(using: &random)!))
        } else {
            fields.append(("button", ["yes", "no", "opt:1", ""].randomElement(using: &random)!))
        }
        if Int.random(in: 0..<4, using: &random) == 0 {
            fields.append(("chatType", ["private", "group"].randomElement(using: &random)!))
        }
        if Int.random(in: 0..<8, using: &random) == 0 { fields.removeLast() }
        if Int.random(in: 0..<10, using: &random) == 0, let twice = fields.randomElement(using: &random) {
            fields.append(twice)
        }
        if Int.random(in: 0..<12, using: &random) == 0 {
            fields.append((["extra", "Text", "id"].randomElement(using: &random)!, "v"))
        }
        fields.shuffle(using: &random)
        let parameters = fields.map { "\(space())\"\($0.0)\"\(space()):\(space())\"\($0.1)\"\(space())" }
        let params = "{\(parameters.joined(separator: ","))}"
        // Mostly what a bridge sends, sometimes something else in each place.
        func usually(_ common: String, else rare: [String]) -> String {
            Int.random(in: 0..<8, using: &random) == 0 ? rare.randomElement(using: &random)! : common
        }
        let id = usually(
            ["\"r1\"", "7", "-3", "0"].randomElement(using: &random)!,
            else: ["01", "1.5", "1e3", "null", "true", "\"\"", "12345678901234567890", "-"])
        var top = [
            ("jsonrpc", usually("\"2.0\"", else: ["\"1.0\"", "2", "\"2.0 \""])),
            ("id", id),
            ("method", usually("\"message\"", else: ["\"initialize\"", "\"messages\"", "\"Message\""])),
            ("params", Int.random(in: 0..<20, using: &random) == 0 ? "[]" : params),
        ]
        if Int.random(in: 0..<10, using: &random) == 0 { top.removeLast() }
        top.shuffle(using: &random)
        return
            "\(space()){\(top.map { "\(space())\"\($0.0)\"\(space()):\(space())\($0.1)" }.joined(separator: ","))}\(space())"
    }

    /// A byte-level change: delete, insert, replace or duplicate a few bytes.
    static func mutate(_ line: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var bytes = line
        let interesting: [UInt8] = Array("{}[]:,\"\\ 0-e.".utf8) + [0, 0x80, 0xC3, 0xFF, 0x0A]
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(interesting.randomElement(using: &random)!, at: at)
            case 2: bytes[at] = interesting.randomElement(using: &random)!
            default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 4)], at: at)
            }
        }
        return bytes
    }

    @Test func generatedLinesDecodeTheSameBothWays() {
        var random = SplitMix(state: 20_261_126)
        var disagreements: [String] = []
        var fastPathTaken = 0
        for _ in 0..<20_000 {
            let line = Array(Self.messageLine(&random).utf8)
            if let problem = Self.disagreement(line) { disagreements.append(problem) }
            if line.withUnsafeBytes({ (try? PlainMessage.decode($0)) ?? nil }) != nil { fastPathTaken += 1 }
        }
        #expect(disagreements.count == 0, "\(disagreements.prefix(3).joined(separator: "\n"))")
        // The generator must exercise the fast path, not only the lines it declines.
        #expect(fastPathTaken > 2_000)
    }

    @Test func mutatedLinesDecodeTheSameBothWays() {
        var random = SplitMix(state: 144)
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let line = Self.mutate(Array(Self.messageLine(&random).utf8), &random)
            if let problem = Self.disagreement(line) { disagreements.append(problem) }
        }
        #expect(disagreements.count == 0, "\(disagreements.prefix(3).joined(separator: "\n"))")
    }
}

import Foundation
import Testing
import TusoiEngine

/// The message budget of docs/CONVERSATION.md, walked on each questionnaire's full path
/// (`Golden/budget-*.in.jsonl`: every question kind, one edit, submission, on Zalo).
///
/// `swift test --skip-build --filter MessageBudget` prints the figures of each path.
@Suite("Message budget")
struct MessageBudgetTests {
    /// One message the bot sent, with the member's message that caused it.
    struct Sent {
        var after: String
        var text: String
        /// The copy of the submitted self-review, or a review the member asked for: no length limit.
        var exempt: Bool
    }

    /// What the budget allows (docs/CONVERSATION.md).
    enum Budget {
        static let firstScreen = 600
        static let message = 1_200
    }

    /// Each path with the characters it sent before the budget (measured at 9197ded): its total must
    /// stay at most half of that.
    static let paths: [(name: String, before: Int)] = [
        ("budget-tu-soi", 17_726), ("budget-2b", 16_038), ("budget-2c", 11_501),
    ]

    /// Runs a path and returns every message the bot sent, in order.
    static func walk(_ name: String) throws -> [Sent] {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let output = try GoldenHarness.run(name, storePath: path)
        let input = try String(
            contentsOf: GoldenHarness.directory.appendingPathComponent("Golden/\(name).in.jsonl"),
            encoding: .utf8)
        var typed: [String: String] = [:]
        for line in input.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let params = object["params"] as? [String: Any], let text = params["text"] as? String
            else { continue }
            typed["\(object["id"] ?? "")"] = text
        }
        var sent: [Sent] = []
        for line in output.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let result = object["result"] as? [String: Any],
                let replies = result["replies"] as? [[String: Any]]
            else { continue }
            let after = typed["\(object["id"] ?? "")"] ?? "?"
            let asked = ["xem lại", "xem lai", "review"].contains(after.lowercased())
            let submitted = ["xác nhận", "xac nhan", "confirm"].contains(after.lowercased())
            for (index, reply) in replies.enumerated() {
                let text = reply["text"] as? String ?? ""
                sent.append(Sent(after: after, text: text, exempt: asked || (submitted && index > 0)))
            }
        }
        return sent
    }

    /// The figures of one path: messages, characters and words sent, the longest message.
    static func figures(_ sent: [Sent]) -> String {
        let characters = sent.reduce(0) { $0 + $1.text.count }
        let words = sent.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
        let limited = sent.filter { !$0.exempt }
        let longest = limited.max { $0.text.count < $1.text.count }
        let document = sent.filter(\.exempt).reduce(0) { $0 + $1.text.count }
        let first = sent.prefix { $0.after == sent.first?.after }.reduce(0) { $0 + $1.text.count }
        return
            "first screen \(first) characters; \(sent.count) messages, \(characters) characters, \(words) words "
            + "(of which \(document) characters in the copy and asked-for reviews); "
            + "longest other message \(longest?.text.count ?? 0) characters, after “\(longest?.after ?? "")”"
    }

    @Test("each path keeps the budget: first screen, longest message, total", arguments: paths)
    func budget(path: (name: String, before: Int)) throws {
        let sent = try MessageBudgetTests.walk(path.name)
        let first = sent.prefix { $0.after == sent.first?.after }
        let firstScreen = first.reduce(0) { $0 + $1.text.count }
        #expect(
            firstScreen <= Budget.firstScreen,
            "\(path.name): the greeting and first question take \(firstScreen) characters, \(firstScreen - Budget.firstScreen) over \(Budget.firstScreen)"
        )
        let greetings = first.map { Folding.fold($0.text).components(separatedBy: "chao").count - 1 }.reduce(
            0, +)
        #expect(greetings == 1, "\(path.name): \(greetings) greetings on the first screen")
        for message in sent where !message.exempt && message.text.count > Budget.message {
            Issue.record(
                "\(path.name): the reply to “\(message.after)” is \(message.text.count) characters, \(message.text.count - Budget.message) over \(Budget.message): \(message.text.prefix(80))…"
            )
        }
        let total = sent.reduce(0) { $0 + $1.text.count }
        #expect(
            total * 2 <= path.before,
            "\(path.name): \(total) characters sent, \(total - path.before / 2) over half of the \(path.before) before"
        )
    }

    @Test("prints each path's figures", arguments: paths.map(\.name))
    func printFigures(name: String) throws {
        let sent = try MessageBudgetTests.walk(name)
        #expect(!sent.isEmpty)
        print("budget \(name): \(MessageBudgetTests.figures(sent))")
    }
}

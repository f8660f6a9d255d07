import Foundation
import Testing
import TusoiEngine
import TusoiWire

@testable import TusoiServer
@testable import TusoiStore

/// Every role against every action of the facilitator's desk, through the real server: who may see
/// what, and that every refusal is audited and shows nothing of anyone's answers.
@Suite("Authorization matrix")
struct AuthorizationTests {
    /// A sentence only An writes: it must reach no one but those allowed to read An's self-review.
    static let secret = "Bí mật của An 7Q4Z"

    enum Actor: String, CaseIterable {
        case stranger = "u9"
        case revoked = "u7"
        case member = "u2"
        case ownSecretary = "u1"
        case otherSecretary = "u4"
        case committee = "u6"
    }

    enum Action: String, CaseIterable {
        case progress = "/tiendo"
        case pending = "/chuaxong"
        case pull = "/xem cb24 2"
        case pullByName = "/xem Nguyễn Văn An"
        case pullBranch = "/xemchibo cb24"
        case returnForRevision = "/tralai cb24 2 Xin viết rõ hơn."
        case remind = "/nhac cb24 2"
        case report = "/baocao"
    }

    /// Whether the actor may carry out the action (on An, member 2 of branch cb24, where it names him).
    /// A secretary of another branch may see the progress of their own branch, which An is not in.
    static func allowed(_ actor: Actor, _ action: Action) -> Bool {
        switch actor {
        case .committee: return true
        case .ownSecretary: return action != .report
        case .otherSecretary: return action == .progress || action == .pending
        default: return false
        }
    }

    /// Whether the actor may read An's name and status.
    static func seesAn(_ actor: Actor) -> Bool { actor == .ownSecretary || actor == .committee }

    final class Harness {
        var now: Int64 = 1_764_000_000
        let server: Server
        let store: SessionStore
        var id = 0

        /// - Parameter path: the store's file; in memory by default.
        init(library: PromptLibrary? = nil, questionnaireID: String = "mini", path: String = ":memory:")
            throws
        {
            store = try SessionStore(path: path)
            let service = try ChatService(
                store: store, library: try library ?? GoldenHarness.library(),
                questionnaireID: questionnaireID)
            try WardFixture.add(to: store, now: now)
            var clock: () -> Int64 = { 0 }
            server = Server(service: service, clock: { clock() })
            clock = { [unowned self] in self.now }
            _ = server.process(
                [
                    .line(
                        Array(
                            #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"1","channels":{"t":{"documents":true}}}}"#
                                .utf8))
                ])
        }

        /// Sends a text and returns everything written back: the response and any `send` lines.
        @discardableResult
        func send(_ user: String, _ text: String) -> String {
            id += 1
            now += 1
            let params: [String: JSONValue] = [
                "channel": .string("t"), "chat": .string(user), "user": .string(user),
                "messageId": .string("m\(id)"), "text": .string(text),
            ]
            let line = JSONValue.object([
                "jsonrpc": .string("2.0"), "id": .integer(Int64(id)), "method": .string("message"),
                "params": .object(params),
            ]).jsonText
            let output = String(decoding: server.process([.line(Array(line.utf8))]), as: UTF8.self)
            // Documents travel in base64: decode them, so that a leak inside one is seen.
            // Messages the bot starts to An himself (his returned self-review) are his to read.
            return output.split(separator: "\n").compactMap { line -> String? in
                guard let value = try? JSONParser.parse(Array(line.utf8)) else { return String(line) }
                if value["method"] == .string("send"), value["params"]?["chat"] == .string("u2") {
                    return "(to An)"
                }
                return Self.flatten(value)
            }.joined(separator: "\n")
        }

        static func flatten(_ value: JSONValue) -> String {
            switch value {
            case .object(let fields):
                if case .string(let base64)? = fields["base64"], let data = Data(base64Encoded: base64) {
                    return String(decoding: data, as: UTF8.self)
                }
                return fields.values.map(flatten).joined(separator: "\n")
            case .array(let items): return items.map(flatten).joined(separator: "\n")
            case .string(let text): return text
            default: return ""
            }
        }
    }

    /// A ward where An has submitted a self-review with the secret in it, and everyone but the
    /// stranger is bound; Lộc was bound, then revoked.
    func ward() throws -> Harness {
        let harness = try Harness()
        for person in WardFixture.people.enumerated() where !person.element.revoked {
            harness.send("u\(person.offset + 1)", person.element.code)
        }
        try harness.store.database.execute("UPDATE members SET revoked = 0 WHERE id = 7")
        harness.send("u7", WardFixture.people[6].code)
        try harness.store.database.execute("UPDATE members SET revoked = 1 WHERE id = 7")
        for answer in ["có", AuthorizationTests.secret, "0", "2", "bỏ qua", "nộp", "xác nhận"] {
            harness.send("u2", answer)
        }
        return harness
    }

    @Test("every role against every action", arguments: Actor.allCases)
    func matrix(actor: Actor) throws {
        for action in Action.allCases {
            let harness = try ward()
            let auditBefore = try harness.store.auditLog(limit: 10_000).count
            let output = harness.send(actor.rawValue, action.rawValue)
            let audit = try harness.store.auditLog(limit: 10_000).dropFirst(auditBefore)
            let allowed = AuthorizationTests.allowed(actor, action)
            let label = "\(actor) \(action)"
            #expect(!audit.isEmpty, "\(label): not audited")
            #expect(
                audit.contains { $0.action.hasSuffix("-refused") } == !allowed,
                "\(label): audited as \(audit.map(\.action))")
            let status = try harness.store.progress(branchCode: "cb24").first { $0.member.id == 2 }?.status
            switch action {
            case .pull, .pullByName, .pullBranch:
                #expect(output.contains(AuthorizationTests.secret) == allowed, "\(label): \(output)")
            case .returnForRevision:
                #expect(
                    (status == .returned) == allowed, "\(label): An's status is \(status?.rawValue ?? "?")")
                #expect(!output.contains(AuthorizationTests.secret), "\(label) leaks: \(output)")
            case .remind:
                #expect(output.contains("(to An)") == allowed, "\(label): \(output)")
                #expect(!output.contains(AuthorizationTests.secret), "\(label) leaks: \(output)")
            case .progress, .pending:
                // An has submitted: he is on the progress list, not on the list of those pending.
                let listed = action == .progress && AuthorizationTests.seesAn(actor)
                #expect(output.contains("Nguyễn Văn An") == listed, "\(label): \(output)")
                #expect(!output.contains(AuthorizationTests.secret), "\(label) leaks: \(output)")
            case .report:
                #expect(output.contains("<svg") == allowed, "\(label): \(output.prefix(300))")
                #expect(!output.contains(AuthorizationTests.secret), "\(label) leaks: \(output)")
            }
        }
    }

    @Test("a reminder reaches the member only when the actor may send it")
    func remindReachesMember() throws {
        for actor in Actor.allCases {
            let harness = try ward()
            try harness.store.database.execute("UPDATE members SET revoked = 0 WHERE id = 7")
            harness.send("u2", "/tiendo")  // nothing: An is a member
            try harness.store.database.execute("UPDATE members SET revoked = 1 WHERE id = 7")
            let pending = try harness.store.pendingOutbox(now: .max, limit: 100).count
            harness.send(actor.rawValue, "/nhac 3")
            let queued = try harness.store.pendingOutbox(now: .max, limit: 100).count - pending
            #expect((queued == 1) == AuthorizationTests.allowed(actor, .remind), "\(actor): \(queued) queued")
        }
    }

    @Test("in a group chat even the committee gets only the request to write privately")
    func groupChat() throws {
        let harness = try ward()
        harness.id += 1
        let line =
            #"{"jsonrpc":"2.0","id":999,"method":"message","params":{"channel":"t","chat":"g1","user":"u6","messageId":"g1","text":"/xem 2","chatType":"group"}}"#
        let output = String(decoding: harness.server.process([.line(Array(line.utf8))]), as: UTF8.self)
        #expect(output.contains("nhắn tin riêng"))
        #expect(!output.contains("document"))
    }
}

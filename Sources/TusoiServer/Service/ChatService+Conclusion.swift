import TusoiEngine
import TusoiStore
import TusoiWire

/// The branch's conclusion recorded from the command line (`tusoi conclude`), by the same decider
/// and the same applier as `/ketluan` in the chat: the member's review keeps it in its history, the
/// member is told through the outbox (sent by `tusoi serve` when it next runs) and asked to take it
/// in the next time they write, and the audit log has it with the operator as its author.
extension ChatService {
    /// What became of a conclusion from the command line.
    enum OperatorConclusion: Equatable {
        /// Recorded; `notified` accounts of the member will be told.
        case concluded(MemberRecord, notified: Int)
        /// No active member has that number, or not in the branch named.
        case unknownMember
        /// The member's latest self-review is not a submitted one.
        case notSubmitted(MemberRecord)
        /// The desk refused it for another reason, with its answer.
        case refused(String)
    }

    /// Records the branch's conclusion on `memberID`'s submitted self-review, with `rating` (the words
    /// `/ketluan` takes: “tốt”, “xuat sac”, “good”…) when the branch proposes one. Call it inside a
    /// transaction, with the store's writer lock held: the session is written at once.
    func concludeAsOperator(
        memberID: Int64, branchCode: String?, rating: String?, comment: String, now: Int64
    ) throws -> OperatorConclusion {
        guard let member = try store.member(id: memberID), !member.revoked,
            branchCode == nil || branchCode == member.branchCode
        else {
            try store.audit(
                actor: "operator", action: "conclude-refused", subject: "member \(memberID) (unknown)",
                channel: "cli", now: now)
            return .unknownMember
        }
        guard try currentSession(ofMember: memberID)?.state.phase == .submitted else {
            try store.audit(
                actor: "operator", action: "conclude-refused", subject: "member \(memberID) (not submitted)",
                channel: "cli", now: now)
            return .notSubmitted(member)
        }
        // The member's number in the chat (their place in their branch's list), which `/ketluan` takes.
        let branch = try store.members(branchCode: member.branchCode).sorted { $0.id < $1.id }
        let number = (branch.firstIndex { $0.id == memberID } ?? 0) + 1
        // The desk decides for a secretary of the member's branch; the operator is not a member.
        let secretary = MemberRecord(
            id: 0, branchID: member.branchID, branchCode: member.branchCode, branchName: member.branchName,
            committee: member.committee, name: "operator", role: .facilitator, revoked: false)
        let written = ["\(number)", rating ?? "", comment].filter { !$0.isEmpty }.joined(separator: " ")
        let decision = try Desk.decide(
            .conclude(written), reads: self, catalog: catalog, actor: secretary, channel: "cli",
            user: "operator",
            now: now)
        let effects = decision.effects.map(Self.byOperator)
        let applied = try applier.apply(effects, inbound: nil, now: now)
        for changed in applied.reopened {
            try store.updateSession(id: changed.sessionID, state: changed.state, now: now)
        }
        guard effects.contains(where: { if case .concluded = $0 { true } else { false } }) else {
            return .refused(decision.replies.map(\.text).joined(separator: "\n"))
        }
        return .concluded(member, notified: applied.notified)
    }

    /// The desk's effect with the operator, not the stand-in secretary, as its author.
    private static func byOperator(_ effect: BotEffect) -> BotEffect {
        switch effect {
        case .audit(var line):
            line.actor = "operator"
            line.channel = "cli"
            return .audit(line)
        case .concluded(let memberID, let sessionID, let state, let document):
            guard var record = (try? JSONParser.parse(Array(document.utf8))).flatMap(\.objectValue) else {
                return effect
            }
            record["by"] = .string("operator")
            return .concluded(
                memberID: memberID, sessionID: sessionID, state: state,
                document: JSONValue.object(record).jsonText)
        default:
            return effect
        }
    }
}

import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// What the desk may read, answered from memory: a branch of three (a secretary, An who submitted,
/// Bình who has no account linked) and a second branch out of the secretary's reach.
final class MemoryDeskReads: DeskReads {
    struct Unused: Error {}

    let library: PromptLibrary
    var people: [(MemberRecord, ReviewStatus)]
    var sessions: [Int64: LiveSession] = [:]
    var linked: Set<Int64>
    /// Usable codes, by member.
    var invites: [Int64: InviteRecord] = [:]
    /// The times of each session's submissions.
    var submitted: [Int64: [Int64]] = [:]

    init() throws {
        library = try GoldenHarness.library()
        func member(_ id: Int64, _ branch: Int64, _ name: String, _ role: MemberRecord.Role) -> MemberRecord {
            MemberRecord(
                id: id, branchID: branch, branchCode: "cb\(23 + branch)", branchName: "Chi bộ \(23 + branch)",
                committee: "Đảng ủy phường", name: name, role: role, revoked: false)
        }
        people = [
            (member(1, 1, "Phạm Thu Hà", .facilitator), .inProgress),
            (member(2, 1, "Nguyễn Văn An", .member), .submitted),
            (member(3, 1, "Trần Thị Bình", .member), .notStarted),
            (member(4, 2, "Đỗ Minh Tâm", .facilitator), .notStarted),
        ]
        linked = [1, 2, 4]
        sessions[2] = LiveSession(
            id: 20, questionnaireRow: 1, campaignID: nil,
            state: SessionState(phase: .submitted, answers: ["vi-pham": .yesNo(false)], submittedAt: 50),
            dirty: false)
    }

    func branches() throws -> [(id: Int64, code: String, name: String, committee: String)] {
        [(1, "cb24", "Chi bộ 24", "Đảng ủy phường"), (2, "cb25", "Chi bộ 25", "Đảng ủy phường")]
    }
    func members() throws -> [MemberRecord] { people.map(\.0) }
    func identities(memberID: Int64) throws -> [BoundIdentity] {
        linked.contains(memberID) ? [BoundIdentity(channel: "t", user: "u\(memberID)", blocked: false)] : []
    }
    func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord? { invites[memberID] }
    func campaigns() throws -> [CampaignRecord] { [] }
    func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord? { nil }
    func progress(branchCode: String, campaignID: Int64?) throws -> [Reports.Line] {
        people.filter { $0.0.branchCode == branchCode }.map { member, status in
            Reports.Line(
                progress: MemberProgress(
                    member: member, sessionID: status == .notStarted ? nil : member.id * 10,
                    questionnaireRow: status == .notStarted ? nil : 1, status: status, updatedAt: 50),
                answered: status == .notStarted ? nil : 1, total: status == .notStarted ? nil : 4)
        }
    }
    func session(ofMember memberID: Int64) throws -> LiveSession? { sessions[memberID] }
    func questionnaire(row: Int64) throws -> Questionnaire { library.questionnaires["mini"]!.questionnaire }
    func defaultQuestionnaire() throws -> Questionnaire { try questionnaire(row: 1) }
    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language) throws -> PaperForm
    {
        throw Unused()
    }
    func submissions(sessionID: Int64) throws -> [Int64] { submitted[sessionID] ?? [] }
    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language, version: Int) throws
        -> PaperForm
    {
        throw Unused()
    }
    func meetingPacket(branchCode: String, campaign: CampaignRecord?, date: String, language: Language) throws
        -> MeetingPacket
    {
        throw Unused()
    }
    func summary(
        committee: String, branchCodes: [String], campaign: CampaignRecord?, now: Int64, language: Language
    ) throws -> SummaryReport { throw Unused() }
}

/// The desk and the timekeeper decided without a store: whole replies and effect lists.
@Suite("Deciders without a store")
struct DeciderTests {
    let reads: MemoryDeskReads
    var catalog: Catalog { reads.library.catalog }
    init() throws { reads = try MemoryDeskReads() }

    func decide(_ text: String, by actor: Int64) throws -> (replies: [Reply], effects: [BotEffect]) {
        let command = try #require(StaffCommand.parse(text, names: catalog.commandNames))
        let member = try #require(try reads.members().first { $0.id == actor })
        return try Desk.decide(
            command, reads: reads, catalog: catalog, actor: member, channel: "t", user: "u\(actor)", now: 100)
    }

    func audit(_ actor: Int64, _ action: String, _ subject: String?) -> BotEffect {
        .audit(
            AuditLine(actor: "member \(actor) (t:u\(actor))", action: action, subject: subject, channel: "t"))
    }

    @Test("/nhac reminds everyone who has not submitted; only members with an account count as reached")
    func remind() throws {
        let (replies, effects) = try decide("/nhac", by: 1)
        // Bình, the only one to remind, has no account linked yet: the secretary is told so.
        #expect(replies.map(\.text) == [catalog.text(.staffRemindedNone, .vi)])
        let reminder = catalog.text(
            .reminderByFacilitatorNoDeadline, .vi,
            ["from": "Phạm Thu Hà", "title": "Phiếu thử", "deadline": catalog.text(.deadlineNone, .vi)])
        #expect(
            effects == [
                .notify(memberID: 3, replies: [Reply(text: reminder)], kind: .reminder),
                audit(1, "remind", "branch"),
            ])
        reads.linked.insert(3)
        let (linked, _) = try decide("/nhac", by: 1)
        #expect(linked.map(\.text) == [catalog.text(.staffReminded, .vi, ["count": "1"])])
    }

    @Test(
        "/tralai reopens the submitted review, tells the member, and audits; nothing is written by the desk")
    func returnForRevision() throws {
        let (replies, effects) = try decide("/tralai 2 Cần nêu rõ hơn.", by: 1)
        #expect(replies.map(\.text) == [catalog.text(.staffReturned, .vi, ["name": "Nguyễn Văn An"])])
        guard effects.count == 3, case .reopened(2, 20, let state, "Cần nêu rõ hơn.") = effects[0],
            case .notify(2, let told, .returned) = effects[1]
        else {
            Issue.record("expected reopen, notify, audit: \(effects)")
            return
        }
        #expect(state.phase != .submitted)
        #expect(state.returnNote == "Cần nêu rõ hơn.")
        #expect(told.contains { $0.text.contains("Cần nêu rõ hơn.") })
        #expect(effects[2] == audit(1, "return-for-revision", "member 2"))
        // A name of several words is matched whole; the rest is the comment.
        let (named, byName) = try decide("/tralai Nguyễn Văn An cần nêu rõ hơn", by: 1)
        #expect(named.map(\.text) == [catalog.text(.staffReturned, .vi, ["name": "Nguyễn Văn An"])])
        guard case .reopened(2, 20, _, "cần nêu rõ hơn") = byName.first else {
            Issue.record("the comment must be what follows the whole name: \(byName)")
            return
        }
        // A review not submitted cannot be returned: refused, audited, nothing reopened.
        let (again, refused) = try decide("/tralai 3 Sửa lại", by: 1)
        #expect(again.map(\.text) == [catalog.text(.staffNotSubmitted, .vi, ["name": "Trần Thị Bình"])])
        #expect(refused == [audit(1, "return-for-revision-refused", "member 3 (not submitted)")])
    }

    @Test("/xem N vK: a version that was never submitted is answered and audited as refused")
    func unknownVersion() throws {
        reads.submitted[20] = [50, 80]
        for (text, number) in [("/xem 2 v3", "3"), ("/xem Nguyễn Văn An lần 0", "0")] {
            let (replies, effects) = try decide(text, by: 1)
            #expect(
                replies.map(\.text) == [
                    catalog.text(
                        .staffUnknownVersion, .vi, ["name": "Nguyễn Văn An", "count": "2", "number": number])
                ])
            #expect(effects == [audit(1, "pull-member-refused", "member 2 (no version \(number))")])
        }
        // Bình has not started: there is no version to open.
        let (none, refused) = try decide("/xem 3 v1", by: 1)
        #expect(none.map(\.text) == [catalog.text(.staffNotStarted, .vi, ["name": "Trần Thị Bình"])])
        #expect(refused == [audit(1, "pull-member", "member 3 (not started)")])
    }

    @Test("a member out of reach is answered like one who does not exist; a member's command is refused")
    func reach() throws {
        let (replies, effects) = try decide("/xem 4", by: 1)
        #expect(replies.map(\.text) == [catalog.text(.staffUnknownMember, .vi, ["who": "4"])])
        #expect(effects == [audit(1, "pull-member-refused", "4")])
        let (memberReplies, memberEffects) = try decide("/xemchibo", by: 2)
        #expect(memberReplies.map(\.text) == [catalog.text(.staffOnly, .vi)])
        #expect(memberEffects == [audit(2, "pull-branch-refused", nil)])
    }

    @Test("idle and deadline reminders due together: the deadline one alone; a submitted member: none")
    func timekeeper() {
        let campaign = CampaignRecord(
            id: 1, code: "dot", title: "Đợt 2026", questionnaireRow: 1, opensAt: 0, closesAt: 3 * 86_400,
            closedAt: nil, remindAfterDays: 2, remindBeforeDays: 2, branchCodes: ["cb24"])
        let an = reads.people[1].0
        func due(_ id: Int64, _ kind: TimerRecord.Kind, member: MemberRecord, submitted: Bool)
            -> Timekeeper.Due
        {
            Timekeeper.Due(
                timer: TimerRecord(
                    id: id, memberID: member.id, campaignID: 1, kind: kind, dueAt: 90, marker: 7),
                campaign: campaign, member: member,
                activity: CampaignActivity(lastActivity: 7, submitted: submitted), session: nil,
                questionnaire: nil)
        }
        let effects = Timekeeper.decide(
            [
                due(1, .inactive, member: an, submitted: false),
                due(2, .deadline, member: an, submitted: false),
                due(3, .deadline, member: reads.people[2].0, submitted: true),
            ], catalog: catalog, now: 100)
        let text = catalog.text(
            .reminderDeadline, .vi,
            ["title": "Đợt 2026", "deadline": CampaignCalendar.deadline(campaign), "days": "3"])
        #expect(
            effects == [
                .settleTimer(id: 1, fired: false),
                .notify(memberID: 2, replies: [Reply(text: text)], kind: .reminder),
                .settleTimer(id: 2, fired: true),
                .settleTimer(id: 3, fired: false),
            ])
    }
}

import TusoiEngine
import TusoiStore
import TusoiWire

/// What the service loads for the deciders (the door's view, a submission's notice, the roster,
/// whether the store has a roster and campaigns), and the timers' path.
extension ChatService {
    // MARK: Loading what the deciders need

    func doorView(_ message: InboundMessage) throws -> Door.View {
        guard message.chatType != .group, try rosterInUse() else { return Door.View(rosterInUse: false) }
        var view = Door.View(rosterInUse: true)
        view.bound = try store.member(channel: message.channel, user: message.user)
        guard view.bound == nil, let code = message.text.flatMap(InviteCode.read) else { return view }
        view.code = code
        view.failures = try store.inviteFailures(channel: message.channel, user: message.user)
        view.invite = try store.invite(code: code)
        if let invite = view.invite, let member = try store.member(id: invite.memberID) {
            view.inviteMember = member
            view.inviteMemberLinked = try store.hasIdentity(memberID: member.id)
            if invite.purpose == .reissue {
                view.secretaries = try store.members(branchCode: member.branchCode)
                    .filter { $0.role == .facilitator && !$0.revoked }.map(\.id)
            }
        }
        return view
    }

    func submissionNotice(_ member: MemberRecord, session: LiveSession) throws -> [BotEffect] {
        let branch = try store.progress(branchCode: member.branchCode, campaignID: session.campaignID)
            .filter { !$0.member.revoked }
        let readers = try branch.map(\.member).filter { $0.role == .facilitator }.map { facilitator in
            SubmissionNotice.Reader(
                memberID: facilitator.id,
                language: try currentSession(ofMember: facilitator.id)?.state.language ?? .vi)
        }
        let again = try session.id != 0 && store.submittedDocument(sessionID: session.id) != nil
        return SubmissionNotice.decide(
            member: member, branch: branch, readers: readers, again: again, catalog: catalog)
    }

    /// Whether members are registered; once they are, only bound identities may chat (checked until true).
    func rosterInUse() throws -> Bool {
        if rosterSeen { return true }
        if noRosterInBatch { return false }
        rosterSeen = try store.hasRoster()
        noRosterInBatch = !rosterSeen
        return rosterSeen
    }

    func campaignsInUse() throws -> Bool {
        if campaignsSeen { return true }
        campaignsSeen = try store.hasCampaigns()
        return campaignsSeen
    }

    /// The member's fellow members, for `member` questions.
    func roster(_ member: MemberRecord) throws -> [RosterEntry] {
        let own = "m\(member.id)"
        if let cached = branchRosters[member.branchID] { return cached.filter { $0.id != own } }
        let entries = try store.members(branchCode: member.branchCode).filter { !$0.revoked }.map {
            RosterEntry(id: "m\($0.id)", name: $0.name)
        }
        branchRosters[member.branchID] = entries
        return entries.filter { $0.id != own }
    }

    // MARK: Timers

    /// Sets missing timers, decides the due ones and applies the decision; call it inside a transaction.
    /// - Returns: how many timers fired and how many were dropped.
    func tick(now: Int64) throws -> (fired: Int, dropped: Int) {
        forgetCacheIfReconnected()
        guard try store.hasCampaigns() else { return (0, 0) }
        try sharedWriter?.lockTimers()
        try store.ensureTimers(now: now)
        var campaigns: [Int64: CampaignRecord] = [:]
        let due = try store.dueTimers(now: now, limit: Timekeeper.batchLimit).map { timer in
            if campaigns[timer.campaignID] == nil {
                campaigns[timer.campaignID] = try store.campaign(id: timer.campaignID)
            }
            let session = try currentSession(ofMember: timer.memberID)
            return Timekeeper.Due(
                timer: timer, campaign: campaigns[timer.campaignID],
                member: try store.member(id: timer.memberID),
                activity: try store.activity(memberID: timer.memberID, campaignID: timer.campaignID),
                session: session,
                questionnaire: try session.map { try shelf.questionnaire(row: $0.questionnaireRow) })
        }
        let effects = Timekeeper.decide(due, catalog: catalog, now: now)
        try applier.apply(effects, inbound: nil, now: now)
        let fired = effects.filter {
            if case .settleTimer(_, true) = $0 { return true } else { return false }
        }.count
        return (fired, due.count - fired)
    }
}

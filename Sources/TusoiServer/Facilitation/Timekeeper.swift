import TusoiEngine
import TusoiStore

/// Fires the stored timers of the campaigns: a reminder after days without activity, and one before
/// the deadline. A timer carries the member's last activity when it was set: if the member moved on
/// since (answered, or submitted), it is dropped instead of fired, and the next one is set from there.
/// A member gets at most one reminder a campaign in one tick: when the idle reminder and the deadline
/// reminder are due together, the deadline one (which says how many days are left) goes alone.
struct Timekeeper {
    let service: ChatService
    /// The most timers handled in one tick, so that a tick stays short; the rest wait for the next.
    static let batchLimit = 500

    /// Sets missing timers and fires the due ones; call it inside a transaction.
    /// - Returns: how many timers fired and how many were dropped.
    func tick(now: Int64) throws -> (fired: Int, dropped: Int) {
        let store = service.store
        guard try store.hasCampaigns() else { return (0, 0) }
        try store.ensureTimers(now: now)
        var campaigns: [Int64: CampaignRecord] = [:]
        var fired = 0
        var dropped = 0
        let due = try store.dueTimers(now: now, limit: Timekeeper.batchLimit)
        let deadlineDue = Set(due.filter { $0.kind == .deadline }.map { Pair(timer: $0) })
        var reminded: Set<Pair> = []
        for timer in due {
            if campaigns[timer.campaignID] == nil {
                campaigns[timer.campaignID] = try store.campaign(id: timer.campaignID)
            }
            let activity = try store.activity(memberID: timer.memberID, campaignID: timer.campaignID)
            let member = try store.member(id: timer.memberID)
            guard let campaign = campaigns[timer.campaignID], campaign.isOpen(at: now), let member,
                !member.revoked,
                !activity.submitted, timer.kind == .deadline || activity.lastActivity == timer.marker,
                timer.kind == .deadline || !deadlineDue.contains(Pair(timer: timer)),
                !reminded.contains(Pair(timer: timer))
            else {
                try store.settleTimer(id: timer.id, fired: false, now: now)
                dropped += 1
                continue
            }
            let reply = try reminder(timer, campaign: campaign, now: now)
            try Notifier(store: store).send([reply], toMember: member.id, kind: "reminder", now: now)
            try store.settleTimer(id: timer.id, fired: true, now: now)
            reminded.insert(Pair(timer: timer))
            fired += 1
        }
        return (fired, dropped)
    }

    /// A member in a campaign.
    private struct Pair: Hashable {
        let memberID: Int64
        let campaignID: Int64
        init(timer: TimerRecord) {
            memberID = timer.memberID
            campaignID = timer.campaignID
        }
    }

    private func reminder(_ timer: TimerRecord, campaign: CampaignRecord, now: Int64) throws
        -> Reply
    {
        let session = try service.currentSession(ofMember: timer.memberID)
        let language = session?.state.language ?? .vi
        var values = ["title": campaign.title, "deadline": CampaignCalendar.deadline(campaign)]
        let key: MessageKey
        switch timer.kind {
        case .deadline:
            key = .reminderDeadline
            values["days"] = String(max(1, (campaign.closesAt - now + 86_399) / 86_400))
        case .inactive where session?.campaignID != campaign.id || session?.state.answers.isEmpty ?? true:
            key = .reminderNotStarted
        case .inactive:
            key = .reminderInactive
            var percent = 0
            if let session {
                let steps = try service.shelf.questionnaire(row: session.questionnaireRow).steps(
                    given: session.state.answers)
                let answered = steps.filter { session.state.answers[$0.key] != nil }.count
                percent = steps.isEmpty ? 0 : answered * 100 / steps.count
            }
            values["percent"] = String(percent)
        }
        return Reply(text: service.catalog.text(key, language, values))
    }
}

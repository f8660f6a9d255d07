import TusoiEngine
import TusoiStore

/// Decides the campaigns' due timers: a reminder after days without activity, and one before the
/// deadline. A timer carries the member's last activity when it was set: if the member moved on
/// since (answered, or submitted), it is dropped instead of fired, and the next one is set from there.
/// A member gets at most one reminder a campaign in one tick: when the idle reminder and the deadline
/// reminder are due together, the deadline one (which says how many days are left) goes alone.
enum Timekeeper {
    /// The most timers handled in one tick, so that a tick stays short; the rest wait for the next.
    static let batchLimit = 500

    /// A due timer with what the store knows of its member and campaign.
    struct Due {
        var timer: TimerRecord
        var campaign: CampaignRecord?
        var member: MemberRecord?
        var activity: CampaignActivity
        /// The member's current session, and its questionnaire (for how far they are).
        var session: LiveSession?
        var questionnaire: Questionnaire?
    }

    /// The effects of one tick: a notification and a settled timer for each reminder that goes, a
    /// dropped timer for each of the others.
    static func decide(_ due: [Due], catalog: Catalog, now: Int64) -> [BotEffect] {
        let deadlineDue = Set(due.filter { $0.timer.kind == .deadline }.map { Pair(timer: $0.timer) })
        var reminded: Set<Pair> = []
        var effects: [BotEffect] = []
        for item in due {
            let timer = item.timer
            guard let campaign = item.campaign, campaign.isOpen(at: now), let member = item.member,
                !member.revoked, !item.activity.submitted,
                timer.kind == .deadline || item.activity.lastActivity == timer.marker,
                timer.kind == .deadline || !deadlineDue.contains(Pair(timer: timer)),
                !reminded.contains(Pair(timer: timer))
            else {
                effects.append(.settleTimer(id: timer.id, fired: false))
                continue
            }
            let reply = reminder(item, campaign: campaign, catalog: catalog, now: now)
            effects.append(.notify(memberID: member.id, replies: [reply], kind: .reminder))
            effects.append(.settleTimer(id: timer.id, fired: true))
            reminded.insert(Pair(timer: timer))
        }
        return effects
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

    private static func reminder(_ item: Due, campaign: CampaignRecord, catalog: Catalog, now: Int64) -> Reply
    {
        let session = item.session
        let language = session?.state.language ?? .vi
        var values = ["title": campaign.title, "deadline": CampaignCalendar.deadline(campaign)]
        let key: MessageKey
        switch item.timer.kind {
        case .deadline:
            key = .reminderDeadline
            values["days"] = String(max(1, (campaign.closesAt - now + 86_399) / 86_400))
        case .inactive where session?.campaignID != campaign.id || session?.state.answers.isEmpty ?? true:
            key = .reminderNotStarted
        case .inactive:
            key = .reminderInactive
            var percent = 0
            if let session, let questionnaire = item.questionnaire {
                let steps = questionnaire.steps(given: session.state.answers)
                let answered = steps.filter { session.state.answers[$0.key] != nil }.count
                percent = steps.isEmpty ? 0 : answered * 100 / steps.count
            }
            values["percent"] = String(percent)
        }
        return Reply(text: catalog.text(key, language, values))
    }
}

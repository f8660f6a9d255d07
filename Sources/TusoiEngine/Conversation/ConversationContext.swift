/// Everything the reducer reads besides the session: the questionnaire, the wording, the time.
public struct ConversationContext: Sendable {
    public var questionnaire: Questionnaire
    public var catalog: Catalog
    /// The current time in seconds since 1970, given by the host: the engine never reads a clock.
    public var now: Int64
    /// When the member sent the message being reduced (the protocol's `time`, in seconds since
    /// 1970), given by the host with the event; nil when the bridge did not say.
    public var sentAt: Int64?
    /// The other members of the member's branch, for `member` questions; empty when unknown.
    public var roster: [RosterEntry]
    /// The host's memos (``EngineMemos``), for work repeated from one message to the next; nil
    /// works everything out each time, with the same results.
    public var memos: EngineMemos?

    public init(
        questionnaire: Questionnaire, catalog: Catalog, now: Int64, roster: [RosterEntry] = [],
        sentAt: Int64? = nil, memos: EngineMemos? = nil
    ) {
        self.questionnaire = questionnaire
        self.catalog = catalog
        self.now = now
        self.roster = roster
        self.sentAt = sentAt
        self.memos = memos
    }

    /// What answer matching needs: today in Vietnam, and the roster.
    var matchEnvironment: MatchEnvironment {
        MatchEnvironment(today: CivilDate(vietnamTime: now), roster: roster)
    }
}

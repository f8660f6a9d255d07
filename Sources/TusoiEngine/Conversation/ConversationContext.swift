/// Everything the reducer reads besides the session: the questionnaire, the wording, the time.
public struct ConversationContext: Sendable {
    public var questionnaire: Questionnaire
    public var catalog: Catalog
    /// The current time in seconds since 1970, given by the host: the engine never reads a clock.
    public var now: Int64
    /// The other members of the member's branch, for `member` questions; empty when unknown.
    public var roster: [RosterEntry]

    public init(questionnaire: Questionnaire, catalog: Catalog, now: Int64, roster: [RosterEntry] = []) {
        self.questionnaire = questionnaire
        self.catalog = catalog
        self.now = now
        self.roster = roster
    }

    /// What answer matching needs: today in Vietnam, and the roster.
    var matchEnvironment: MatchEnvironment {
        MatchEnvironment(today: CivilDate(vietnamTime: now), roster: roster)
    }
}

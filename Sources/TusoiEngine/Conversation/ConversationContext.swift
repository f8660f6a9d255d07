/// Everything the reducer reads besides the session: the questionnaire, the wording, the time.
public struct ConversationContext: Sendable {
    public var questionnaire: Questionnaire
    public var catalog: Catalog
    /// The current time in seconds since 1970, given by the host: the engine never reads a clock.
    public var now: Int64

    public init(questionnaire: Questionnaire, catalog: Catalog, now: Int64) {
        self.questionnaire = questionnaire
        self.catalog = catalog
        self.now = now
    }
}

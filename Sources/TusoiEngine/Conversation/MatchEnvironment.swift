/// What answer matching needs besides the text: today's date and the branch's roster.
public struct MatchEnvironment: Sendable {
    public var today: CivilDate
    public var roster: [RosterEntry]

    public init(today: CivilDate, roster: [RosterEntry] = []) {
        self.today = today
        self.roster = roster
    }
}

/// A fellow member of the branch, as a `member` question offers them.
public struct RosterEntry: Equatable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

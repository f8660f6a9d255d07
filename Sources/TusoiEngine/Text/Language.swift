/// A language the bot speaks: Vietnamese first, English available.
public enum Language: String, Sendable, CaseIterable {
    case vi
    case en
}

/// A failure of the store that a person can act on, with a plain explanation.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a tusoi store (another program's database, or not a database).
    case notAStore(path: String, reason: String)
    /// A saved session could not be read back; the reason never quotes the stored text.
    case corruptSession(String)
    /// The underlying SQLite call failed.
    case sqlite(SQLiteError)

    public var description: String {
        switch self {
        case .notAStore(let path, let reason): return "\(path) is not a tusoi store: \(reason)"
        case .corruptSession(let reason): return "a saved session cannot be read: \(reason)"
        case .sqlite(let error): return error.description
        }
    }
}

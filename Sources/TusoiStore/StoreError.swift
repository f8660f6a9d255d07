/// A failure of the store that a person can act on, with a plain explanation.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a tusoi store (another program's database, or not a database).
    case notAStore(path: String, reason: String)
    /// A saved session could not be read back; the reason never quotes the stored text.
    case corruptSession(String)
    /// Another process serves the store already: one store has one writer.
    case inUse(path: String, holder: String)
    /// The disk failed a sync of the store while it was served (`<store>.sync-failed` holds when
    /// and why): no writer starts on it until the operator has checked the disk and removed the file.
    case syncFailed(path: String, record: String)
    /// The underlying SQLite call failed.
    case sqlite(SQLiteError)
    /// PostgreSQL (or libpq, reaching it) failed.
    case postgres(PostgresError)

    public var description: String {
        switch self {
        case .notAStore(let path, let reason): return "\(path) is not a tusoi store: \(reason)"
        case .corruptSession(let reason): return "a saved session cannot be read: \(reason)"
        case .inUse(let path, let holder):
            return "\(path) is served by \(holder) already: a store has one writer "
                + "(stop the other one first, or give this one a store of its own)"
        case .syncFailed(let path, let record):
            return "the disk failed a sync of \(path) while it was served (\(record)); what the system holds "
                + "of the store may not be what is on disk: check the disk, restart the machine, then remove "
                + "\(LogSync.failureMark(database: path)) and start again"
        case .sqlite(let error): return error.description
        case .postgres(let error): return error.description
        }
    }
}

extension StoreError {
    /// A failure of the store (of any backend) in words an operator can act on, never with a
    /// member's text; nil when `error` is not the store's.
    public static func explain(_ error: any Error) -> String? {
        if let storeError = error as? StoreError {
            switch storeError {
            case .corruptSession: return "a saved session cannot be read back (the store is damaged)"
            case .notAStore: return "the file is not a tusoi store"
            case .inUse, .syncFailed: return storeError.description
            case .sqlite(let sqlite): return explain(sqlite)
            case .postgres(let postgres): return explain(postgres)
            }
        }
        if let postgres = error as? PostgresError { return explain(postgres) }
        guard let sqlite = error as? SQLiteError else { return nil }
        if sqlite.isFull { return "the disk is full (SQLite \(sqlite.code))" }
        if sqlite.code == SQLiteError.ioErrorFsync {
            // The message names a file and the system's reason, never a member's text.
            return "the store's commits could not be made durable: \(sqlite.message) (SQLite \(sqlite.code))"
        }
        if sqlite.primaryCode == 10 {
            return
                "the store file cannot be written: a full disk, a file-size limit or an I/O error (SQLite \(sqlite.code))"
        }
        if sqlite.isCorrupt || sqlite.isNotADatabase {
            return "the store file is damaged (SQLite \(sqlite.code))"
        }
        if sqlite.isBusy { return "the store is locked by another process (SQLite \(sqlite.code))" }
        return "SQLite error \(sqlite.code)"
    }
}

extension StoreError {
    /// A PostgreSQL failure in words an operator can act on (never the statement's values).
    static func explain(_ error: PostgresError) -> String {
        if error.isConnectionFailure {
            return
                "PostgreSQL cannot be reached or closed the connection (\(error.sqlState): \(error.message))"
        }
        if error.sqlState == "53100" { return "PostgreSQL's disk is full (\(error.sqlState))" }
        if error.isOutOfResources { return "PostgreSQL is out of resources (\(error.sqlState))" }
        if error.isTransactionAborted { return "the PostgreSQL transaction was aborted by an earlier error" }
        if error.sqlState == "22021" { return "a text with a NUL character, which PostgreSQL cannot store" }
        return "PostgreSQL error \(error.sqlState)"
    }
}

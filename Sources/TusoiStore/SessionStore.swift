import TusoiEngine

/// The durable record of every conversation: sessions, messages in and out, answers and their history.
///
/// The only type that talks to SQLite for the conversation. Not `Sendable`: one owner uses it at a time.
public final class SessionStore {
    /// Marks a SQLite file as a tusoi store (`PRAGMA application_id`, "tuso").
    static let applicationID: Int64 = 0x7475_736F
    public let database: Database
    /// Where the store is (`":memory:"` for one in memory).
    public let path: String
    private var writerLock: WriterLock?
    /// Set while commits are synced behind them (``syncCommitsBehind()``).
    private var logSync: LogSync?
    /// Each reply text once: which rows hold the texts already stored.
    let replyBook = ReplyBook()

    /// Opens (or creates, owner-only) the store at `path`; `":memory:"` gives a store for tests.
    ///
    /// - Throws: ``StoreError/notAStore(path:reason:)`` for a file that is not a tusoi store.
    public convenience init(path: String, options: Database.Options = .durable) throws(StoreError) {
        try self.init(path: path, options: options, busyTimeoutMilliseconds: 5000)
    }

    /// The same, with how long to wait for another process's lock (tests use a short wait).
    init(path: String, options: Database.Options, busyTimeoutMilliseconds: Int32) throws(StoreError) {
        self.path = path
        do {
            database = try Database(
                path: path, options: options, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            if error.isNotADatabase || error.isCorrupt {
                throw .notAStore(path: path, reason: "the file is not a SQLite database or is damaged")
            }
            throw .sqlite(error)
        }
        do {
            let owner = try database.scalarInt("PRAGMA application_id")
            if owner == 0 {
                guard try database.scalarInt("SELECT count(*) FROM sqlite_master") == 0 else {
                    throw StoreError.notAStore(path: path, reason: "it is another program's database")
                }
                try database.execute("PRAGMA application_id = \(SessionStore.applicationID)")
            } else if owner != SessionStore.applicationID {
                throw StoreError.notAStore(path: path, reason: "it is another program's database")
            }
            try database.migrate(Schema.migrations)
            // A batch of a thousand messages should fit in the page cache, or SQLite spills dirty pages
            // to the WAL in the middle of the transaction. 5 MB: as fast as 8 MB with the bridge's
            // batches (Scripts/bench), and the 3 MB go to the session cache (`ChatService`).
            try database.execute("PRAGMA cache_size = -5000")
            try database.execute("PRAGMA wal_autocheckpoint = 4000")
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            if error.isNotADatabase || error.isCorrupt {
                throw .notAStore(path: path, reason: "the file is damaged (\(error.message))")
            }
            throw .sqlite(error)
        } catch {
            throw .sqlite(SQLiteError(code: 1, message: "\(error)", sql: nil))
        }
    }

    /// From now on, checkpoints the write-ahead log on a thread of its own rather than in the middle
    /// of a commit (for a long-running writer: the server); does nothing for a store in memory.
    public func checkpointInBackground() throws {
        try database.checkpointInBackground()
    }

    /// From now on, commits return once written to the write-ahead log, and the returned sync makes
    /// them durable (``Database/syncCommitsBehind()``); nil for a store in memory or not in WAL mode.
    public func syncCommitsBehind() throws -> (any CommitSync)? {
        guard logSync == nil else { return logSync }
        logSync = try database.syncCommitsBehind()
        return logSync
    }

    /// Each commit synced inside itself again, after a last sync of the log.
    public func syncCommitsAtCommit() throws {
        guard let sync = logSync else { return }
        logSync = nil
        try database.syncCommitsAtCommit(after: sync)
    }

    /// Makes this process the store's only long-running writer (`tusoi serve`, `tusoi chat`) until
    /// it closes the store; a store in memory has no other writer.
    ///
    /// - Throws: ``StoreError/inUse(path:holder:)`` when another process holds the store;
    ///   ``StoreError/syncFailed(path:record:)`` when the disk failed a sync of it (``LogSync``).
    public func claimSoleWriter() throws {
        guard writerLock == nil, path != ":memory:", !path.isEmpty else { return }
        let file = WriterLock.resolved(path)
        if let record = LogSync.failureRecord(database: file) {
            throw StoreError.syncFailed(path: file, record: record)
        }
        writerLock = try WriterLock(store: file)
    }

    func releaseWriter() {
        writerLock?.release()
        writerLock = nil
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is stored, or none of it.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try database.transaction(body)
            replyBook.committed()
            return result
        } catch {
            replyBook.rollBack(to: 0)
            throw error
        }
    }

    // MARK: Questionnaires

    /// The row of this exact questionnaire text, stored on first use so that sessions stay pinned to it.
    public func questionnaireRow(name: String, version: String, source: String, now: Int64) throws -> Int64 {
        let hash = SessionStore.hash(source)
        let find = try database.cachedStatement("SELECT id FROM questionnaires WHERE hash = ?")
        try find.bind(hash)
        if try find.step() {
            let id = find.int64(0)
            find.reset()
            return id
        }
        find.reset()
        try database.execute(
            sql: "INSERT INTO questionnaires(name, version, hash, source, loaded_at) VALUES (?, ?, ?, ?, ?)",
            arguments: name, version, hash, source, now)
        return database.lastInsertRowID
    }

    /// The text of a stored questionnaire.
    public func questionnaireSource(row: Int64) throws -> (name: String, source: String)? {
        let statement = try database.cachedStatement("SELECT name, source FROM questionnaires WHERE id = ?")
        try statement.bind(row)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return (statement.text(0) ?? "", statement.text(1) ?? "")
    }

    /// A 64-bit FNV-1a hash of the text, in hex: enough to tell versions of a file apart.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(value, radix: 16) + "-" + String(text.utf8.count)
    }
}

extension Database {
    /// The first column of the first row as an integer, or nil when there is no row or it is not an integer.
    func scalarInt(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int64(0)
    }
}

extension SessionStore {
    /// Runs `body` inside a savepoint: if it throws, what it wrote is undone and the error rethrown,
    /// while the enclosing transaction goes on.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try database.cachedStatement("SAVEPOINT message").run()
        let mark = replyBook.mark
        do {
            let result = try body()
            try database.cachedStatement("RELEASE message").run()
            return result
        } catch {
            replyBook.rollBack(to: mark)
            try? database.cachedStatement("ROLLBACK TO message").run()
            try? database.cachedStatement("RELEASE message").run()
            throw error
        }
    }
}

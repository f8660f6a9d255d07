import TusoiEngine

/// The second backend behind the ports: the same record as ``SessionStore``, in PostgreSQL.
///
/// Same schema history (``PostgresSchema``), same idempotency (the unique key of `inbound`), same
/// outbox and timers; every commit waits for the server's disk (`synchronous_commit=on`). Not
/// `Sendable`: one owner uses it at a time, through one connection.
public final class PostgresStore {
    public let connection: PostgresConnection
    /// The store's address with any password left out, for messages.
    public let location: String
    private var holdsWriterLock = false
    /// Set once this process joined the store's shared writers (``joinSharedWriters()``).
    var sharedWriters = false
    /// Each reply text once: which rows hold the texts already stored.
    let replyBook = ReplyBook()

    /// Whether `address` names a PostgreSQL store rather than a SQLite file.
    public static func isAddress(_ address: String) -> Bool {
        address.hasPrefix("postgres://") || address.hasPrefix("postgresql://")
    }

    /// Connects to the store at `url`, creating its tables (or bringing them up to date) on first use.
    ///
    /// - Throws: ``StoreError/postgres(_:)`` when the server cannot be reached or refuses, and
    ///   ``StoreError/notAStore(path:reason:)`` when the schema holds another program's tables.
    public init(url: String) throws(StoreError) {
        location = PostgresStore.redact(url)
        do {
            connection = try PostgresConnection(url: url)
        } catch {
            throw .postgres(error)
        }
        do {
            try migrate()
        } catch let error as StoreError {
            connection.close()
            throw error
        } catch let error as PostgresError {
            connection.close()
            throw .postgres(error)
        } catch {
            connection.close()
            throw .postgres(PostgresError(sqlState: "XX000", message: "\(error)"))
        }
    }

    /// Applies the migrations this store has not had yet, in one transaction, while holding a lock
    /// that keeps two processes starting at once from migrating twice.
    private func migrate() throws {
        try connection.transaction {
            try connection.execute(
                sql: "SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), $1))",
                arguments: PostgresStore.schemaLock)
            let known = try connection.fetchOne(sql: "SELECT to_regclass('tusoi_schema') IS NOT NULL") {
                $0.bool(0)
            }
            var version: Int64 = 0
            if known == true {
                version =
                    try connection.fetchOne(sql: "SELECT version FROM tusoi_schema") { $0.int64(0) } ?? 0
            } else {
                let foreign = try connection.fetchOne(
                    sql: "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                ) { $0.int64(0) }
                guard foreign == 0 else {
                    throw StoreError.notAStore(path: location, reason: "it is another program's database")
                }
                try connection.execute("CREATE TABLE tusoi_schema(version BIGINT NOT NULL)")
                try connection.execute("INSERT INTO tusoi_schema(version) VALUES (0)")
            }
            let migrations = PostgresSchema.migrations
            guard version <= Int64(migrations.count) else {
                throw StoreError.notAStore(
                    path: location, reason: "it was written by a newer tusoi (schema \(version))")
            }
            for (index, migration) in migrations.enumerated() where Int64(index + 1) > version {
                try connection.execute(migration)
            }
            if version < Int64(migrations.count) {
                try connection.execute(
                    sql: "UPDATE tusoi_schema SET version = $1", arguments: Int64(migrations.count))
            }
        }
    }

    /// The advisory lock key (in the current database) of migrations: "tusoi:sc".
    static let schemaLock: Int64 = 0x7475_736F_6953_4300
    /// The advisory lock key (per schema) that transactions take first: "tusoi:tx".
    static let transactionLock: Int64 = 0x7475_736F_6954_5800
    /// The advisory lock key of the sole writer: "tusoi:wr".
    static let writerLock: Int64 = 0x7475_736F_6957_5200

    /// `url` without its password (`postgres://user:secret@host` and `password=` both).
    public static func redact(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let userInfo = text[scheme.upperBound..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                text.replaceSubrange(colon..<at, with: ":***")
            }
        }
        if let range = text.range(of: "password=") {
            let end = text[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " }) ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }

    // MARK: Questionnaires

    /// The row of this exact questionnaire text, stored on first use (by whichever process comes first).
    public func questionnaireRow(name: String, version: String, source: String, now: Int64) throws -> Int64 {
        let hash = SessionStore.hash(source)
        let find = "SELECT id FROM questionnaires WHERE hash = $1"
        if let id = try connection.fetchOne(sql: find, arguments: hash, row: { $0.int64(0) }) { return id }
        if let id = try connection.fetchOne(
            sql: """
                INSERT INTO questionnaires(name, version, hash, source, loaded_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (hash) DO NOTHING RETURNING id
                """, arguments: name, version, hash, source, now, row: { $0.int64(0) })
        {
            return id
        }
        return try connection.fetchOne(sql: find, arguments: hash, row: { $0.int64(0) }) ?? 0
    }

    /// The text of a stored questionnaire.
    public func questionnaireSource(row: Int64) throws -> (name: String, source: String)? {
        try connection.fetchOne(sql: "SELECT name, source FROM questionnaires WHERE id = $1", arguments: row)
        {
            ($0.text(0) ?? "", $0.text(1) ?? "")
        }
    }
}

extension PostgresStore: UnitOfWork {
    /// Runs `body` in one transaction: all of it is committed, or none of it.
    ///
    /// Transactions of one store follow one another as SQLite's `BEGIN IMMEDIATE` makes them do: each
    /// first takes the store's transaction lock (a command's writes never interleave with a batch's),
    /// in shared mode for the batches of `--shared-store` writers, which then run side by side under
    /// their chat and member locks while a command still waits for all of them.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try connection.transaction {
                try connection.execute(
                    sql: sharedWriters
                        ? "SELECT pg_advisory_xact_lock_shared(hashtextextended(current_schema(), $1))"
                        : "SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), $1))",
                    arguments: PostgresStore.transactionLock)
                return try body()
            }
            replyBook.committed()
            return result
        } catch {
            replyBook.rollBack(to: 0)
            throw error
        }
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let mark = replyBook.mark
        do {
            return try connection.savepoint(body)
        } catch {
            replyBook.rollBack(to: mark)
            throw error
        }
    }

    public var isInsideTransaction: Bool { connection.isInsideTransaction }

    /// PostgreSQL checkpoints on its own: nothing to move.
    public func checkpointInBackground() throws {}
    /// nil: a commit is durable when PostgreSQL answers it (`synchronous_commit` as the server has it).
    public func syncCommitsBehind() throws -> (any CommitSync)? { nil }
    public func syncCommitsAtCommit() throws {}

    /// Makes this process the store's only long-running writer (`serve`, `chat`) while its
    /// connection lives: a session advisory lock, released by the server when the process ends,
    /// even by `kill -9`. The session cache of a writer is ahead of the store, so one writer it is.
    ///
    /// - Throws: ``StoreError/inUse(path:holder:)`` when another process holds it.
    public func claimSoleWriter() throws {
        guard !holdsWriterLock else { return }
        // One lock per schema of the database: a store is a schema (`search_path`). Tried for a
        // second: the session of a writer killed a moment ago (kill -9, then a restart) may not
        // have ended yet on the server.
        var taken = false
        for attempt in 0..<20 {
            if attempt > 0 { try connection.execute("SELECT pg_sleep(0.05)") }
            taken =
                try connection.fetchOne(
                    sql: "SELECT pg_try_advisory_lock(hashtextextended(current_schema(), $1))",
                    arguments: PostgresStore.writerLock, row: { $0.bool(0) }) ?? false
            if taken { break }
        }
        guard taken else {
            throw StoreError.inUse(
                path: location, holder: "another process (its PostgreSQL session holds the lock)")
        }
        holdsWriterLock = true
        // A new connection (the server restarted) has lost the lock: take it again before any write,
        // or stop writing if another process took it meanwhile.
        connection.afterReconnect = { [unowned self] in
            self.holdsWriterLock = false
            do {
                try self.claimSoleWriter()
            } catch {
                self.connection.close()
                throw error
            }
        }
    }

    public func close() {
        // Released at once, not when the server gets round to the closed connection: a writer that
        // stops lets the next one start straight away.
        if holdsWriterLock {
            connection.afterReconnect = nil
            _ = try? connection.execute(
                sql: "SELECT pg_advisory_unlock(hashtextextended(current_schema(), $1))",
                arguments: PostgresStore.writerLock)
        }
        if sharedWriters {
            connection.afterReconnect = nil
            _ = try? connection.execute(
                sql: "SELECT pg_advisory_unlock_shared(hashtextextended(current_schema(), $1))",
                arguments: PostgresStore.writerLock)
        }
        connection.close()
        holdsWriterLock = false
        sharedWriters = false
    }
}

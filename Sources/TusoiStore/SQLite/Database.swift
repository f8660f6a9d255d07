import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection to an SQLite database file, with a statement cache, transactions and migrations.
///
/// A connection is opened with `SQLITE_OPEN_NOMUTEX`, so it must be used by one thread at a time;
/// it is deliberately not `Sendable`. Errors carry SQLite's extended result code and the SQL involved.
public final class Database {
    /// How a connection configures durability and integrity right after opening.
    public struct Options: Sendable {
        /// Whether to switch the file to write-ahead logging (`journal_mode=WAL`); ignored for `:memory:`.
        public var journalWAL: Bool
        /// Whether to fsync at every commit (`synchronous=FULL`) rather than never (`synchronous=OFF`).
        public var synchronousFull: Bool
        /// Whether to enforce foreign keys (`foreign_keys=ON`).
        public var foreignKeys: Bool

        /// Creates options from their parts.
        public init(journalWAL: Bool, synchronousFull: Bool, foreignKeys: Bool) {
            self.journalWAL = journalWAL
            self.synchronousFull = synchronousFull
            self.foreignKeys = foreignKeys
        }

        /// WAL, `synchronous=FULL`, foreign keys on: a committed transaction survives a power cut.
        public static let durable = Options(journalWAL: true, synchronousFull: true, foreignKeys: true)
        /// Journal mode left alone, `synchronous=OFF`, foreign keys on: for tests and scratch data.
        public static let fast = Options(journalWAL: false, synchronousFull: false, foreignKeys: true)
    }

    /// The SQLite connection; nil once closed.
    private var handle: OpaquePointer?
    /// Statements prepared by `cachedStatement(_:)`, by SQL text.
    private var statementCache: [String: Statement] = [:]
    /// The same statements by the address of their SQL's bytes: a string literal keeps one address,
    /// so a lookup hashes one integer rather than the whole text. A hit is confirmed by comparing the
    /// texts, which is immediate for the same literal, so a reused address cannot mislead it.
    private var statementsByAddress: [Int: (sql: String, statement: Statement)] = [:]
    /// Shared with every statement, so that a statement outliving `close()` refuses to run.
    private let state = ConnectionState()
    /// The thread that checkpoints the write-ahead log, once ``checkpointInBackground()`` started it.
    private var checkpointer: Checkpointer?

    /// Opens (creating if needed) the database at `path`, or an in-memory database for `":memory:"`.
    ///
    /// A file that does not exist yet is created owner-only (mode 0600) before SQLite opens it, and
    /// SQLite gives its `-wal` and `-shm` files the same mode; an existing file's mode is left alone.
    /// Throws an error with `isNotADatabase` or `isCorrupt` when the file is not a usable database.
    public convenience init(path: String, options: Options = .durable) throws(SQLiteError) {
        try self.init(path: path, options: options, busyTimeoutMilliseconds: 5000)
    }

    /// Opens the database at `path`, waiting up to `busyTimeoutMilliseconds` for another connection's lock.
    init(path: String, options: Options, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        let isFile = path != ":memory:" && !path.isEmpty
        if isFile { try createOwnerOnlyFileIfMissing(path) }

        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let openCode = sqlite3_open_v2(path, &connection, flags, nil)
        guard openCode == SQLITE_OK, let connection else {
            let code = connection.map { sqlite3_extended_errcode($0) } ?? openCode
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(connection)
            throw SQLiteError(
                code: code,
                message: "cannot open \(path): \(message ?? String(cString: sqlite3_errstr(code)))"
            )
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)

        do {
            // The first read of the file: a file that is not a database fails here with SQLITE_NOTADB.
            try execute("PRAGMA schema_version")
            if isFile && options.journalWAL { try execute("PRAGMA journal_mode = WAL") }
            try execute("PRAGMA synchronous = \(options.synchronousFull ? "FULL" : "OFF")")
            try execute("PRAGMA foreign_keys = \(options.foreignKeys ? "ON" : "OFF")")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the connection, finalizing cached statements first; calling it again does nothing.
    ///
    /// Statements from `prepare(_:)` that are still alive keep SQLite's connection (but not the ability
    /// to run: stepping them throws `SQLITE_MISUSE`) until they are released.
    public func close() {
        if let checkpointer, let handle {
            sqlite3_wal_hook(handle, nil, nil)
            checkpointer.stop()
        }
        checkpointer = nil
        for statement in statementCache.values { statement.finalize() }
        statementCache.removeAll()
        statementsByAddress.removeAll()
        guard let handle else { return }
        state.isOpen = false
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    // MARK: Running SQL

    /// Runs one or more `;`-separated statements, discarding any rows they produce.
    public func execute(_ sql: String) throws(SQLiteError) {
        let connection = try open()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        if code != SQLITE_OK {
            throw SQLiteError(
                code: code,
                message: message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code)),
                sql: sql
            )
        }
    }

    /// Compiles a single SQL statement; the caller owns it and it is finalized when released.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try prepare(sql, flags: 0)
    }

    /// Returns the statement for `sql` from the connection's cache, compiling it on first use.
    ///
    /// The statement comes back reset with its bindings cleared. It is shared: finish with it (step to
    /// the end or `reset()`) before asking for the same SQL again, and do not keep it past `close()`.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        let address = sql.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) } ?? 0
        if address != 0, let entry = statementsByAddress[address], entry.sql == sql {
            entry.statement.reset()
            return entry.statement
        }
        let statement: Statement
        if let cached = statementCache[sql] {
            cached.reset()
            statement = cached
        } else {
            statement = try prepare(sql, flags: UInt32(SQLITE_PREPARE_PERSISTENT))
            statementCache[sql] = statement
        }
        if address != 0 {
            // Texts built at run time leave addresses behind; a few hundred statements is plenty.
            if statementsByAddress.count >= 512 { statementsByAddress.removeAll() }
            statementsByAddress[address] = (sql, statement)
        }
        return statement
    }

    /// Runs the cached statement for `sql` with `bind` and collects one value per row with `row`.
    public func query<T>(
        _ sql: String,
        bind: (Statement) throws -> Void = { _ in },
        row: (Statement) throws -> T
    ) throws -> [T] {
        try cachedStatement(sql).query(bind, row: row)
    }

    private func prepare(_ sql: String, flags: UInt32) throws(SQLiteError) -> Statement {
        let connection = try open()
        var statement: OpaquePointer?
        var code: Int32 = SQLITE_OK
        var hasMoreStatements = false
        sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
            guard code == SQLITE_OK, let tail, tail.pointee != 0 else { return }
            // Compile what follows to see whether it is more SQL or only blanks, `;` and comments.
            var next: OpaquePointer?
            let nextCode = sqlite3_prepare_v2(connection, tail, -1, &next, nil)
            hasMoreStatements = nextCode != SQLITE_OK || next != nil
            sqlite3_finalize(next)
        }
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        guard let statement else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "the SQL holds no statement", sql: sql)
        }
        guard !hasMoreStatements else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                code: SQLITE_MISUSE,
                message: "prepare takes a single statement; use execute for several",
                sql: sql
            )
        }
        return Statement(handle: statement, connection: state)
    }

    /// The connection handle, or a misuse error once the connection is closed.
    private func open() throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "the database connection is closed")
        }
        return handle
    }

    // MARK: Transactions

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if `body` throws or the commit fails.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock at once, so a second writer waits (up to the busy timeout)
    /// at `BEGIN` rather than failing halfway through. The error from `body` is rethrown unchanged.
    /// Transactions do not nest.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return result
    }

    /// Rolls back the open transaction, if SQLite has not already done so.
    private func rollback() {
        guard let handle, sqlite3_get_autocommit(handle) == 0 else { return }
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
    }

    /// Whether a transaction is open on this connection.
    public var isInsideTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    // MARK: Schema versions

    /// The schema version stored in the file header (`PRAGMA user_version`); 0 for a new database.
    public var userVersion: Int {
        get throws(SQLiteError) {
            let statement = try cachedStatement("PRAGMA user_version")
            defer { statement.reset() }
            return try statement.step() ? statement.int(0) : 0
        }
    }

    /// Stores `version` as the schema version (`PRAGMA user_version`).
    public func setUserVersion(_ version: Int) throws(SQLiteError) {
        try execute("PRAGMA user_version = \(Int32(truncatingIfNeeded: version))")
    }

    /// Brings the schema up to date: migration `i` (counting from 0) takes `user_version` from `i` to `i + 1`.
    ///
    /// Each pending migration runs in its own transaction together with its version bump, so a failure
    /// leaves the store at the last completed version. Running it again on an up-to-date store does nothing.
    /// Throws `MigrationError.storeTooNew` when the store was written by a newer program. A migration's
    /// SQL must not open or close transactions itself.
    /// The oldest SQLite the store's migrations run on: 3.35 (March 2021) for `ALTER TABLE … DROP
    /// COLUMN` (migration 6). Debian 12 has 3.40, macOS 12 and later 3.36 or later.
    public static let oldestVersion: Int32 = 3_035_000

    /// Fails with a clear reason on an older SQLite than the migrations need.
    public static func checkVersion() throws(SQLiteError) {
        guard sqlite3_libversion_number() >= oldestVersion else {
            throw SQLiteError(
                code: SQLITE_ERROR,
                message:
                    "tusoi needs SQLite 3.35 or later; this system has \(String(cString: sqlite3_libversion()))",
                sql: nil)
        }
    }

    public func migrate(_ migrations: [String]) throws {
        try Database.checkVersion()
        let known = migrations.count
        func pendingVersion(_ version: Int) throws -> Int? {
            guard version <= known else {
                throw MigrationError.storeTooNew(storeVersion: version, knownVersion: known)
            }
            guard version >= 0 else { throw MigrationError.invalidVersion(version) }
            return version < known ? version : nil
        }
        guard try pendingVersion(userVersion) != nil else { return }
        var done = false
        while !done {
            // Read the version again under the write lock: another process may have migrated meanwhile.
            done = try transaction {
                guard let version = try pendingVersion(userVersion) else { return true }
                try execute(migrations[version])
                try setUserVersion(version + 1)
                return false
            }
        }
    }

    // MARK: Connection state

    /// The rowid of the most recent successful INSERT on this connection; 0 if none.
    public var lastInsertRowID: Int64 {
        guard let handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// The number of rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes(handle))
    }

    /// From now on, copies the write-ahead log into the database file on a thread of its own (see
    /// ``Checkpointer``) rather than in the middle of a commit; does nothing unless the database is a
    /// file in WAL mode, or if it was called before.
    ///
    /// - Parameters:
    ///   - nudgeFrames: the log size, in pages, from which a commit wakes the thread. Small, so that
    ///     each checkpoint has little to sync: a checkpoint's sync of the database file holds up the
    ///     writer's sync of the log on the same disk (p99 at 1,000 messages/s: about 2 to 4 ms with
    ///     100 pages, 4 to 9 ms with 1,000; throughput the same; docs/PERFORMANCE.md).
    ///   - fallbackFrames: about the log size from which the writer checkpoints itself (as
    ///     `PRAGMA wal_autocheckpoint` does), so that the log can start over.
    public func checkpointInBackground(nudgeFrames: Int32 = 100, fallbackFrames: Int32 = 4000)
        throws(SQLiteError)
    {
        let connection = try open()
        guard checkpointer == nil, let name = sqlite3_db_filename(connection, "main") else { return }
        let path = String(cString: name)
        let mode = try prepare("PRAGMA journal_mode")
        guard !path.isEmpty, try mode.step(), mode.text(0) == "wal" else { return }
        let checkpointer = Checkpointer(path: path, nudgeFrames: nudgeFrames, fallbackFrames: fallbackFrames)
        self.checkpointer = checkpointer
        let hook:
            @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 =
                {
                    context, connection, _, frames in
                    guard let context, let connection else { return SQLITE_OK }
                    Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue()
                        .committed(frames: frames, connection: connection)
                    return SQLITE_OK
                }
        sqlite3_wal_hook(connection, hook, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// From now on, commits return once their frames are written to the log, not synced
    /// (`synchronous=NORMAL`); the returned ``LogSync`` makes them durable, on any thread, and the
    /// caller calls it before it tells anyone that a commit is stored. nil (commits stay synced inside
    /// each commit) unless the database is a file in WAL mode and its connection syncs at commit.
    ///
    /// Undone by ``syncCommitsAtCommit()``; meanwhile a commit not followed by ``LogSync/sync()`` is
    /// consistent after a power cut but may be missing, as with `NORMAL` in general.
    public func syncCommitsBehind() throws(SQLiteError) -> LogSync? {
        let connection = try open()
        guard let name = sqlite3_db_filename(connection, "main"), name.pointee != 0 else { return nil }
        let mode = try prepare("PRAGMA journal_mode")
        guard try mode.step(), mode.text(0) == "wal" else { return nil }
        let level = try prepare("PRAGMA synchronous")
        guard try level.step(), level.int(0) >= 2 else { return nil }
        let sync = try LogSync(database: String(cString: name))
        try execute("PRAGMA synchronous = NORMAL")
        return sync
    }

    /// Commits sync the log inside each commit again (`synchronous=FULL`), after one last sync of
    /// what was committed since ``syncCommitsBehind()``.
    public func syncCommitsAtCommit(after sync: LogSync) throws(SQLiteError) {
        try execute("PRAGMA synchronous = FULL")
        try sync.sync()
    }

    /// Copies the write-ahead log into the database file and truncates it; true if it completed.
    ///
    /// It does not complete (returns false) while another connection is reading an older snapshot.
    @discardableResult
    public func checkpoint() throws(SQLiteError) -> Bool {
        let statement = try prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        guard try statement.step() else { return true }
        return statement.int(0) == 0
    }
}

@available(*, unavailable)
extension Database: Sendable {}

/// Why `Database.migrate(_:)` refused a store.
public enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store's schema version is higher than the number of migrations this program knows.
    case storeTooNew(storeVersion: Int, knownVersion: Int)
    /// The store's schema version is negative, which no tusoi ever writes.
    case invalidVersion(Int)

    /// A message fit to show the user.
    public var description: String {
        switch self {
        case .storeTooNew(let storeVersion, let knownVersion):
            "the store was written by a newer tusoi (schema \(storeVersion)); "
                + "this one knows up to \(knownVersion)"
        case .invalidVersion(let version):
            "the store has an invalid schema version (\(version))"
        }
    }
}

/// Creates `path` with mode 0600 if nothing exists there yet, so the store is readable by its owner only.
private func createOwnerOnlyFileIfMissing(_ path: String) throws(SQLiteError) {
    let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR, 0o600)
    if descriptor >= 0 {
        close(descriptor)
        return
    }
    var failure = errno
    // A symbolic link to a file not there yet (`ward.sqlite -> data/ward.sqlite`): the file it names
    // is created owner-only, as the path itself would be, not left to SQLite's default mode.
    var target = stat()
    if failure == EEXIST, stat(path, &target) != 0, errno == ENOENT {
        let created = open(path, O_CREAT | O_RDWR, 0o600)
        if created >= 0 {
            close(created)
            return
        }
        failure = errno
    } else if failure == EEXIST {
        return
    }
    throw SQLiteError(
        code: SQLITE_CANTOPEN,
        message: "cannot create \(path): \(String(cString: strerror(failure)))"
    )
}

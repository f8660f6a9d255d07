/// Several `serve` processes on one PostgreSQL store (`--shared-store`).
///
/// Each batch's transaction takes a transaction-level advisory lock per chat of the batch (in one
/// sorted order) before it reads anything, and one per member before it reads the member's session;
/// a process waiting for a lock sees, once it has it, everything the other process committed. The
/// session cache of such a process lives for one batch only (`ChatService`'s `cacheLimit` 0), so
/// that no state is ever served from memory across another process's commit. Ticks take one lock
/// for the timers; the outbox's due rows are claimed with `FOR UPDATE SKIP LOCKED`, each by one
/// process, which pushes their next try past its own resend delay.
extension PostgresStore: SharedWriterPort {
    /// Lock keys, in the two-key form of `pg_advisory_xact_lock(int, int)`: a class and a hash.
    static let chatLockClass: Int32 = 0x7475_0001
    static let memberLockClass: Int32 = 0x7475_0002
    static let timerLockClass: Int32 = 0x7475_0003

    public var isShared: Bool { sharedWriters }

    public var connections: Int { connection.connections }

    /// Joins the store's writers instead of being its only one: refused while a sole writer
    /// (``claimSoleWriter()``) serves the store, and a sole writer is refused while shared ones do.
    public func joinSharedWriters() throws {
        guard !sharedWriters else { return }
        let taken = try connection.fetchOne(
            sql: "SELECT pg_try_advisory_lock_shared(hashtextextended(current_schema(), $1))",
            arguments: PostgresStore.writerLock, row: { $0.bool(0) })
        guard taken == true else {
            throw StoreError.inUse(
                path: location, holder: "a process that serves it alone (without --shared-store)")
        }
        sharedWriters = true
        connection.afterReconnect = { [unowned self] in
            self.sharedWriters = false
            do {
                try self.joinSharedWriters()
            } catch {
                self.connection.close()
                throw error
            }
        }
    }

    public func lockChats(_ chats: [(channel: String, chat: String)]) throws {
        guard sharedWriters else { return }
        let keys = Set(chats.map { $0.channel + "\u{1F}" + $0.chat }).sorted()
        for key in keys {
            try connection.execute(
                sql: "SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema() || $2))",
                arguments: Int(PostgresStore.chatLockClass), key)
        }
    }

    public func lockMember(_ memberID: Int64) throws {
        guard sharedWriters else { return }
        try connection.execute(
            sql: "SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema() || $2))",
            arguments: Int(PostgresStore.memberLockClass), String(memberID))
    }

    public func lockTimers() throws {
        guard sharedWriters else { return }
        try connection.execute(
            sql: "SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema()))",
            arguments: Int(PostgresStore.timerLockClass))
    }

    /// How long a claimed outbox row is left to the process that claimed it before another may send
    /// it (the server's own resend delay).
    static let outboxClaimSeconds: Int64 = 600

    /// The due rows no other process is sending, claimed for this one (their next try pushed past
    /// the claim), oldest first.
    func claimOutbox(now: Int64, limit: Int) throws -> [OutboxItem] {
        try connection.transaction {
            try connection.fetchAll(
                sql: """
                    UPDATE outbox o SET next_at = $1 + $3 FROM (
                        SELECT id FROM outbox
                        WHERE delivered_at IS NULL AND failure IS NULL AND next_at <= $1
                        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) due
                    WHERE o.id = due.id
                    RETURNING o.id, o.channel, o.chat_id, o.replies, o.attempts
                    """, arguments: now, limit, PostgresStore.outboxClaimSeconds
            ) {
                OutboxItem(
                    id: $0.int64(0), channel: $0.text(1) ?? "", chat: $0.text(2) ?? "",
                    replies: $0.text(3) ?? "[]", attempts: $0.int(4))
            }.sorted { $0.id < $1.id }
        }
    }
}

import Testing
import TusoiEngine

@testable import TusoiStore

/// What only the PostgreSQL backend has: its connection, its schema table, its writer lock.
@Suite("The PostgreSQL store", .enabled(if: Backend.postgresURL != nil, postgresSkipReason))
struct PostgresStoreTests {
    @Test("a schema that holds another program's tables is refused; an empty one becomes a store once")
    func foreignAndReopened() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let foreign = try PostgresScratch()
        defer { foreign.drop() }
        let other = try PostgresConnection(url: foreign.url)
        try other.execute("CREATE TABLE invoices(id BIGINT)")
        other.close()
        #expect(throws: StoreError.notAStore(path: foreign.url, reason: "it is another program's database")) {
            _ = try PostgresStore(url: foreign.url)
        }
        let first = try PostgresStore(url: scratch.url)
        let session = try first.createSession(
            channel: "t", user: "u", chat: "c",
            questionnaireRow: first.questionnaireRow(name: "q", version: "1", source: "s", now: 1),
            state: SessionState(), now: 1)
        first.close()
        let again = try PostgresStore(url: scratch.url)
        defer { again.close() }
        #expect(try again.latestSession(channel: "t", user: "u")?.id == session)
        let version = try again.connection.fetchOne(sql: "SELECT version FROM tusoi_schema") { $0.int64(0) }
        #expect(version == Int64(PostgresSchema.migrations.count))
        #expect(PostgresSchema.migrations.count == Schema.migrations.count)
    }

    @Test(
        "a store of schema 5 (replies inline) moves to one row per reply text, every message's replies kept")
    func repliesMigration() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let old = try PostgresConnection(url: scratch.url)
        try old.execute("CREATE TABLE tusoi_schema(version BIGINT NOT NULL)")
        try old.execute("INSERT INTO tusoi_schema(version) VALUES (5)")
        for migration in PostgresSchema.migrations.prefix(5) { try old.execute(migration) }
        let texts = [#"[{"text":"Câu 1"}]"#, #"[{"text":"Câu 2"}]"#, #"[{"text":"Đã ghi: “đi họp muộn”."}]"#]
        for number in 0..<30 {
            try old.execute(
                sql: """
                    INSERT INTO inbound(channel, chat_id, message_id, user_id, received_at, text, replies)
                    VALUES ('zalo', $1, $2, 'u', 1, 'có', $3)
                    """, arguments: "c\(number % 4)", "m\(number)", texts[number % 3])
        }
        old.close()
        let store = try PostgresStore(url: scratch.url)
        defer { store.close() }
        let version = try store.connection.fetchOne(sql: "SELECT version FROM tusoi_schema") { $0.int64(0) }
        #expect(version == 6)
        #expect(try store.connection.fetchOne(sql: "SELECT count(*) FROM replies") { $0.int64(0) } == 3)
        for number in 0..<30 {
            #expect(
                try store.replies(channel: "zalo", chat: "c\(number % 4)", messageID: "m\(number)")
                    == texts[number % 3])
        }
        // New messages go on from there, each text still once.
        try store.transaction {
            _ = try store.recordInbound(
                InboundRecord(
                    channel: "zalo", chat: "c9", messageID: "n1", user: "u", sessionID: nil, sentAt: nil,
                    receivedAt: 2, text: "có", button: nil, replies: texts[0]))
        }
        #expect(try store.replies(channel: "zalo", chat: "c9", messageID: "n1") == texts[0])
    }

    @Test("one long-running writer a store: a second is refused until the first closes")
    func soleWriter() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let first = try PostgresStore(url: scratch.url)
        try first.claimSoleWriter()
        let second = try PostgresStore(url: scratch.url)
        defer { second.close() }
        #expect {
            try second.claimSoleWriter()
        } throws: { error in
            guard case StoreError.inUse = error else { return false }
            return true
        }
        first.close()
        try second.claimSoleWriter()
    }

    @Test("a server that cannot be reached is a store error that says so, without the password")
    func unreachable() throws {
        let url = "postgresql://tusoi:s3cret@127.0.0.1:1/none?connect_timeout=2"
        #expect {
            _ = try PostgresStore(url: url)
        } throws: { error in
            guard case StoreError.postgres(let postgres) = error else { return false }
            return postgres.isConnectionFailure && !"\(error)".contains("s3cret")
                && StoreError.explain(error)?.hasPrefix("PostgreSQL cannot be reached") == true
        }
        #expect(PostgresStore.redact(url) == "postgresql://tusoi:***@127.0.0.1:1/none?connect_timeout=2")
        #expect(
            PostgresStore.redact("postgres:///db?host=/tmp&password=x&user=u")
                == "postgres:///db?host=/tmp&password=***&user=u")
    }
}

/// A transaction whose connection the server ends in its middle: it throws a connection failure.
private func lostInside(_ store: PostgresStore, admin: PostgresConnection, pid: Int64) throws {
    var failure: (any Error)?
    do {
        try store.transaction {
            try admin.execute(sql: "SELECT pg_terminate_backend($1::int, 5000)", arguments: pid)
            try store.audit(actor: "a", action: "lost", subject: nil, channel: nil, now: 3)
        }
    } catch {
        failure = error
    }
    #expect((failure as? PostgresError)?.isConnectionFailure == true)
}

@Suite("The PostgreSQL store's connection", .enabled(if: Backend.postgresURL != nil, postgresSkipReason))
struct PostgresReconnectTests {
    @Test("a connection lost between batches fails one batch, then is made again with its writer lock")
    func reconnects() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let store = try PostgresStore(url: scratch.url)
        defer { store.close() }
        try store.claimSoleWriter()
        let pid = try #require(try store.connection.fetchOne(sql: "SELECT pg_backend_pid()") { $0.int64(0) })
        let admin = try PostgresConnection(url: scratch.url)
        defer { admin.close() }
        try admin.execute(sql: "SELECT pg_terminate_backend($1::int, 5000)", arguments: pid)
        try store.transaction {
            try store.audit(actor: "a", action: "kept", subject: nil, channel: nil, now: 2)
        }
        #expect(try store.auditLog(limit: 10).map(\.action) == ["kept"])
        let again = try #require(
            try store.connection.fetchOne(sql: "SELECT pg_backend_pid()") { $0.int64(0) })
        #expect(again != pid)
        // Lost inside a transaction: that one fails, and the next is on a new connection.
        try lostInside(store, admin: admin, pid: again)
        #expect(store.isInsideTransaction == false)
        try store.transaction {
            try store.audit(actor: "a", action: "kept 2", subject: nil, channel: nil, now: 4)
        }
        #expect(try store.auditLog(limit: 10).map(\.action) == ["kept", "kept 2"])
        let second = try PostgresStore(url: scratch.url)
        defer { second.close() }
        #expect(throws: StoreError.self) { try second.claimSoleWriter() }
    }
}

@Suite(
    "Several writers on one PostgreSQL store", .enabled(if: Backend.postgresURL != nil, postgresSkipReason))
struct PostgresSharedWritersTests {
    @Test(
        "shared writers exclude a sole one and the other way round; each due outbox row goes to one of them")
    func sharedOutbox() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let first = try PostgresStore(url: scratch.url)
        defer { first.close() }
        let second = try PostgresStore(url: scratch.url)
        defer { second.close() }
        let alone = try PostgresStore(url: scratch.url)
        defer { alone.close() }
        try first.joinSharedWriters()
        try second.joinSharedWriters()
        #expect(first.isShared && second.isShared && !alone.isShared)
        #expect(throws: StoreError.self) { try alone.claimSoleWriter() }
        let ids = try (1...3).map { index in
            try first.enqueue(
                channel: "telegram", chat: "c\(index)", memberID: nil, kind: "notice", replies: "[]", now: 100
            )
        }
        #expect(try first.pendingOutbox(now: 100, limit: 2).map(\.id) == Array(ids.prefix(2)))
        #expect(try second.pendingOutbox(now: 100, limit: 10).map(\.id) == [ids[2]])
        #expect(try first.pendingOutbox(now: 100, limit: 10).isEmpty)
        // Unconfirmed, a claimed row is due again after the claim, for whichever process asks first.
        try first.markDelivered(outboxID: ids[0], now: 101)
        #expect(
            try second.pendingOutbox(now: 100 + PostgresStore.outboxClaimSeconds, limit: 10).map(\.id) == [
                ids[1], ids[2],
            ])
        first.close()
        second.close()
        try alone.claimSoleWriter()
        let late = try PostgresStore(url: scratch.url)
        defer { late.close() }
        #expect(throws: StoreError.self) { try late.joinSharedWriters() }
    }
}

@Suite("Text PostgreSQL cannot hold", .enabled(if: Backend.postgresURL != nil, postgresSkipReason))
struct PostgresNulTests {
    @Test("a NUL character in a value is refused with its own error, never cut short into another key")
    func nul() throws {
        try Backend.postgres.withStore { store in
            _ = try store.recordInbound(StoreContract.inbound("m1", session: nil, replies: "[]"))
            var record = StoreContract.inbound("m1", session: nil, replies: "[]")
            record.chat = "c1\u{0}other"
            #expect {
                try store.transaction { try store.recordInbound(record) }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "22021"
                    && StoreError.explain(error)
                        == "a text with a NUL character, which PostgreSQL cannot store"
            }
            record.chat = "c2"
            record.text = "xin\u{0}chào"
            #expect(throws: PostgresError.self) { try store.recordInbound(record) }
            #expect(try store.replies(channel: "telegram", chat: "c2", messageID: "m1") == nil)
        }
    }
}

@Suite(
    "PostgreSQL transactions follow one another", .enabled(if: Backend.postgresURL != nil, postgresSkipReason)
)
struct PostgresTransactionLockTests {
    /// Whether `store` could take the transaction lock (exclusively, or shared) right now.
    func free(_ store: PostgresStore, shared: Bool) throws -> Bool {
        let function = shared ? "pg_try_advisory_xact_lock_shared" : "pg_try_advisory_xact_lock"
        return try store.connection.transaction {
            try store.connection.fetchOne(
                sql: "SELECT \(function)(hashtextextended(current_schema(), $1))",
                arguments: PostgresStore.transactionLock, row: { $0.bool(0) }) ?? false
        }
    }

    @Test("a transaction holds the store's lock: alone, or shared with other shared writers' batches")
    func serialized() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let first = try PostgresStore(url: scratch.url)
        defer { first.close() }
        let other = try PostgresStore(url: scratch.url)
        defer { other.close() }
        var seen: [Bool] = []
        try first.transaction {
            seen.append(try free(other, shared: true))
            seen.append(try free(other, shared: false))
        }
        seen.append(try free(other, shared: false))
        #expect(seen == [false, false, true])
        try first.joinSharedWriters()
        seen = []
        try first.transaction {
            seen.append(try free(other, shared: true))
            seen.append(try free(other, shared: false))
        }
        #expect(seen == [true, false])
    }
}

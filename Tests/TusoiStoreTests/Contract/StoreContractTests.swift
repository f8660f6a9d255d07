import Testing

@testable import TusoiStore

// One set of tests (`StoreContract`), two stores and the in-memory twin: SQLite and the twin always, PostgreSQL when TUSOI_TEST_POSTGRES
// names a server (else its suite reports itself skipped, with the reason).

@Suite("The store contract on SQLite")
struct SQLiteStoreContractTests {
    let backend = Backend.sqlite

    @Test func replayKey() throws { try backend.withStore(StoreContract.replayKey) }
    @Test func repliesKeptOnce() throws { try backend.withStore(StoreContract.repliesKeptOnce) }
    @Test func answerRevisions() throws { try backend.withStore(StoreContract.answerRevisions) }
    @Test func sessionEvents() throws { try backend.withStore(StoreContract.sessionEvents) }
    @Test func invitesAndIdentities() throws { try backend.withStore(StoreContract.invitesAndIdentities) }
    @Test func throttling() throws { try backend.withStore(StoreContract.throttling) }
    @Test func outbox() throws { try backend.withStore(StoreContract.outbox) }
    @Test func campaignsAndTimers() throws { try backend.withStore(StoreContract.campaignsAndTimers) }
    @Test func audit() throws { try backend.withStore(StoreContract.audit) }
    @Test func transactions() throws { try backend.withStore(StoreContract.transactions) }
}

@Suite("The store contract on PostgreSQL", .enabled(if: Backend.postgresURL != nil, postgresSkipReason))
struct PostgresStoreContractTests {
    let backend = Backend.postgres

    @Test func replayKey() throws { try backend.withStore(StoreContract.replayKey) }
    @Test func repliesKeptOnce() throws { try backend.withStore(StoreContract.repliesKeptOnce) }
    @Test func answerRevisions() throws { try backend.withStore(StoreContract.answerRevisions) }
    @Test func sessionEvents() throws { try backend.withStore(StoreContract.sessionEvents) }
    @Test func invitesAndIdentities() throws { try backend.withStore(StoreContract.invitesAndIdentities) }
    @Test func throttling() throws { try backend.withStore(StoreContract.throttling) }
    @Test func outbox() throws { try backend.withStore(StoreContract.outbox) }
    @Test func campaignsAndTimers() throws { try backend.withStore(StoreContract.campaignsAndTimers) }
    @Test func audit() throws { try backend.withStore(StoreContract.audit) }
    @Test func transactions() throws { try backend.withStore(StoreContract.transactions) }
}

@Suite("The store contract on the in-memory twin")
struct MemoryStoreContractTests {
    let backend = Backend.memory

    @Test func replayKey() throws { try backend.withStore(StoreContract.replayKey) }
    @Test func repliesKeptOnce() throws { try backend.withStore(StoreContract.repliesKeptOnce) }
    @Test func answerRevisions() throws { try backend.withStore(StoreContract.answerRevisions) }
    @Test func sessionEvents() throws { try backend.withStore(StoreContract.sessionEvents) }
    @Test func invitesAndIdentities() throws { try backend.withStore(StoreContract.invitesAndIdentities) }
    @Test func throttling() throws { try backend.withStore(StoreContract.throttling) }
    @Test func outbox() throws { try backend.withStore(StoreContract.outbox) }
    @Test func campaignsAndTimers() throws { try backend.withStore(StoreContract.campaignsAndTimers) }
    @Test func audit() throws { try backend.withStore(StoreContract.audit) }
    @Test func transactions() throws { try backend.withStore(StoreContract.transactions) }
}

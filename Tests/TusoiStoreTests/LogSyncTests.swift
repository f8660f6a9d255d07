import Foundation
import Testing
import TusoiTestSupport

@testable import TusoiStore

/// Commits synced behind them (`tusoi serve`): when the mode applies, what it changes on the
/// connection, and that it is undone.
@Suite struct LogSyncTests {
    func temporaryPath() -> String {
        TemporaryFolders.make("tusoi-logsync").appendingPathComponent("s.sqlite").path
    }

    func synchronous(_ database: Database) throws -> Int {
        let statement = try database.prepare("PRAGMA synchronous")
        _ = try statement.step()
        return statement.int(0)
    }

    @Test("a store file in WAL mode: commits at NORMAL while synced behind, at FULL again after")
    func switchesAndBack() throws {
        let store = try SessionStore(path: temporaryPath())
        #expect(try synchronous(store.database) == 2)
        let sync = try #require(try store.syncCommitsBehind() as? LogSync)
        #expect(sync.path == store.path + "-wal")
        #expect(try synchronous(store.database) == 1)
        // Asked again, the same sync: one log, one descriptor.
        #expect(try store.syncCommitsBehind() === sync)
        try store.database.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        try sync.sync()
        try store.syncCommitsAtCommit()
        #expect(try synchronous(store.database) == 2)
        // Undone once: a second call has nothing to undo.
        try store.syncCommitsAtCommit()
        #expect(try synchronous(store.database) == 2)
    }

    @Test("no sync behind for a store in memory, nor for a file not in WAL mode")
    func onlyForALogFile() throws {
        let memory = try SessionStore(path: ":memory:")
        #expect(try memory.syncCommitsBehind() == nil)
        #expect(try synchronous(memory.database) != 1)
        let rollback = try Database(path: temporaryPath(), options: .fast)
        #expect(try rollback.syncCommitsBehind() == nil)
        #expect(try synchronous(rollback) == 0)
        #expect(try MemoryStore().syncCommitsBehind() == nil)
    }

    @Test("a log deleted while in use: the sync fails, and says which file")
    func deletedLog() throws {
        let store = try SessionStore(path: temporaryPath())
        let sync = try #require(try store.syncCommitsBehind())
        try FileManager.default.removeItem(atPath: store.path + "-wal")
        #expect {
            try sync.sync()
        } throws: { error in
            guard let sqlite = error as? SQLiteError else { return false }
            return sqlite.primaryCode == 10 && sqlite.message.contains("-wal")
        }
    }
}

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

    @Test("a log replaced by another file of the same name: the sync fails (the writer keeps the old one)")
    func replacedLog() throws {
        let store = try SessionStore(path: temporaryPath())
        let sync = try #require(try store.syncCommitsBehind())
        let log = store.path + "-wal"
        try FileManager.default.moveItem(atPath: log, toPath: log + ".old")
        #expect(FileManager.default.createFile(atPath: log, contents: Data()))
        #expect {
            try sync.sync()
        } throws: { error in
            (error as? SQLiteError)?.message.contains("was replaced by another file while in use") == true
        }
    }

    @Test("the disk fails a sync: the error says so, and the store's mark keeps writers out until removed")
    func failedSync() throws {
        let path = temporaryPath()
        let store = try SessionStore(path: path)
        let sync = try #require(try store.syncCommitsBehind() as? LogSync)
        sync.syncFile = { _ in
            errno = EIO
            return -1
        }
        #expect {
            try sync.sync()
        } throws: { error in
            (error as? SQLiteError)?.message.contains("the disk failed a sync of \(path)-wal") == true
        }
        let mark = try String(contentsOfFile: path + ".sync-failed", encoding: .utf8)
        #expect(mark.hasPrefix("20") && mark.contains("the disk failed a sync"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path + ".sync-failed")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        store.close()
        let again = try SessionStore(path: path)
        #expect {
            try again.claimSoleWriter()
        } throws: { error in
            guard case .syncFailed(let failed, let record) = error as? StoreError else { return false }
            return failed == path && record.contains("the disk failed a sync")
                && "\(error)".contains("remove \(path).sync-failed")
        }
        try FileManager.default.removeItem(atPath: path + ".sync-failed")
        try again.claimSoleWriter()
    }

    @Test("a sync interrupted by a signal is tried again, not taken for a failure")
    func interruptedSync() throws {
        let store = try SessionStore(path: temporaryPath())
        let sync = try #require(try store.syncCommitsBehind() as? LogSync)
        var calls = 0
        sync.syncFile = { _ in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 0
        }
        try sync.sync()
        #expect(calls == 3)
        #expect(!FileManager.default.fileExists(atPath: store.path + ".sync-failed"))
    }

    @Test("a log cut short under the writer (truncate -s 0): the sync fails before anything is acknowledged")
    func truncatedLog() throws {
        let path = temporaryPath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        let sync = try #require(try database.syncCommitsBehind())
        try database.execute("INSERT INTO t VALUES (2)")
        try sync.sync()
        #expect(truncate(path + "-wal", 0) == 0)
        #expect {
            try sync.sync()
        } throws: { error in
            (error as? SQLiteError)?.message.contains("was cut short while in use") == true
        }
        // The writer's next commit goes after the hole: the log's header is gone, and still said.
        try database.execute("INSERT INTO t VALUES (3)")
        #expect {
            try sync.sync()
        } throws: { error in
            (error as? SQLiteError)?.message.contains("its header is gone") == true
        }
    }

    @Test("a checkpoint that truncates the log on purpose is not taken for a log cut short")
    func checkpointTruncate() throws {
        let path = temporaryPath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        let sync = try #require(try database.syncCommitsBehind())
        try database.execute("INSERT INTO t VALUES (2)")
        let other = try Database(path: path)
        #expect(try other.checkpoint())
        let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber
        #expect(size?.intValue == 0)
        try sync.sync()
        try database.execute("INSERT INTO t VALUES (3)")
        try sync.sync()
    }

    @Test("a store reached through a symbolic link: the same writer lock and the same mark")
    func throughALink() throws {
        let path = temporaryPath()
        let alias = (path as NSString).deletingLastPathComponent + "/alias.sqlite"
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: path)
        let store = try SessionStore(path: path)
        try store.claimSoleWriter()
        let other = try SessionStore(path: alias)
        #expect(throws: StoreError.self) { try other.claimSoleWriter() }
        store.close()
        #expect(FileManager.default.createFile(atPath: path + ".sync-failed", contents: Data("x\n".utf8)))
        #expect {
            try other.claimSoleWriter()
        } throws: { error in
            guard case .syncFailed = error as? StoreError else { return false }
            return true
        }
    }

    @Test("a store created through a link to a file not there yet is owner-only")
    func danglingLink() throws {
        let folder = (temporaryPath() as NSString).deletingLastPathComponent
        let target = folder + "/data.sqlite"
        let alias = folder + "/ward.sqlite"
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: target)
        // (Under the usual umask 022, SQLite alone would create it readable by everyone.)
        _ = try SessionStore(path: alias)
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

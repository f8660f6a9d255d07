import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes durable, from any thread, what a connection in WAL mode committed with
/// `synchronous=NORMAL`: syncs the write-ahead log file as `synchronous=FULL` syncs it inside every
/// commit, so that the writer goes on with its next transaction while the disk works.
///
/// What it relies on (SQLite's WAL mode, <https://sqlite.org/wal.html>, and `PRAGMA synchronous`,
/// checked against SQLite 3.40's `wal.c` and `pager.c`): a commit at `NORMAL` has written its frames to
/// the log file, not synced; a sync of the file afterwards, from any descriptor of it, makes them
/// durable, frames of later commits written meanwhile being harmless (frames carry chained checksums,
/// and recovery stops at the last whole commit); every checkpoint still syncs the log before copying
/// it and the database file before the log may start over, and the log's header is synced when it
/// starts over, at `NORMAL` as at `FULL`. So, with SQLite's defaults (power-safe overwrite on, no
/// `fullfsync`) on a local file system, a message acknowledged after ``sync()`` returned is as
/// durable as one acknowledged after a `FULL` commit.
///
/// The log file's directory is synced once, when this opens the file: SQLite syncs it at the first
/// sync of a log it created, which at `NORMAL` comes later (a checkpoint, the log starting over).
///
/// The log is deleted only when the last connection closes, and the writer's stays open. Should the
/// path name no file, or another file, the writer goes on writing to the log it has open, which is
/// lost at the next start: ``sync()`` then fails, and nothing more may be acknowledged.
///
/// A failed sync of the disk is worse: the system may mark the pages it could not write as written,
/// so that the store read back (by a restarted server: a replay) is not what is on disk. ``sync()``
/// then leaves `<store>.sync-failed`, which keeps every writer from starting on the store until the
/// operator has checked the disk and removed it (``SessionStore/claimSoleWriter()``).
///
/// `@unchecked Sendable`: the descriptor is guarded by `lock`.
public final class LogSync: CommitSync, @unchecked Sendable {
    /// The write-ahead log's path (the database's path with `-wal`).
    public let path: String
    /// The file left when the disk failed a sync (the database's path with `.sync-failed`).
    public let failureMark: String
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var identity = stat()
    /// SQLite's index of the log (`-shm`), read to tell a log cut short; -1 without one.
    private var index: Int32 = -1
    /// The call that syncs the file; the tests make it fail.
    var syncFile: (Int32) -> Int32 = { descriptor in
        #if canImport(Glibc)
            fdatasync(descriptor)
        #else
            fsync(descriptor)
        #endif
    }

    /// Opens the log of the database at `database` and syncs its directory.
    init(database: String) throws(SQLiteError) {
        path = database + "-wal"
        failureMark = LogSync.failureMark(database: database)
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw LogSync.failure("cannot open \(path)", system: true) }
        descriptor = opened
        fstat(opened, &identity)
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { throw LogSync.failure("cannot open the folder of \(path)", system: true) }
        defer { close(directory) }
        if fsync(directory) != 0 { throw LogSync.failure("cannot sync the folder of \(path)", system: true) }
        index = open(database + "-shm", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if index >= 0 { close(index) }
    }

    /// The file that marks a store whose disk failed a sync.
    public static func failureMark(database: String) -> String { database + ".sync-failed" }

    /// When and why the disk failed a sync of the store at `database`, if it did (its mark is there).
    static func failureRecord(database: String) -> String? {
        let mark = failureMark(database: database)
        guard FileManager.default.fileExists(atPath: mark) else { return nil }
        let record = (try? String(contentsOfFile: mark, encoding: .utf8)) ?? ""
        let line = record.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.isEmpty ? "no details recorded" : line
    }

    /// Syncs the log: everything committed before this call is durable when it returns.
    ///
    /// - Throws: `SQLITE_IOERR_FSYNC` when the disk reports a failure, or when the log is no longer
    ///   whole at its path. Nothing committed since the last sync that succeeded can then be taken
    ///   as stored: the caller must not acknowledge it, and should stop.
    public func sync() throws(SQLiteError) {
        lock.lock()
        defer { lock.unlock() }
        // A log deleted, replaced or cut short while in use (a clean-up script, another program)
        // takes every commit since the last checkpoint with it at the next start. Closing the store
        // still copies the log it has open into the database file, when the log is whole.
        var now = stat()
        guard stat(path, &now) == 0 else {
            throw LogSync.failure("the store's log \(path) was deleted while in use (by a clean-up script?)")
        }
        guard now.st_ino == identity.st_ino, now.st_dev == identity.st_dev else {
            throw LogSync.failure("the store's log \(path) was replaced by another file while in use")
        }
        if let damage = cutShort(size: Int64(now.st_size)) {
            throw LogSync.failure("the store's log \(path) was cut short while in use (\(damage))")
        }
        var code = syncFile(descriptor)
        while code != 0 && errno == EINTR { code = syncFile(descriptor) }
        guard code == 0 else {
            let reason = String(cString: strerror(errno))
            let message = "the disk failed a sync of \(path): \(reason)"
            markFailure(message)
            throw LogSync.failure(message + "; the store is marked (\(failureMark))")
        }
    }

    /// What is wrong with the log file, if it holds less than SQLite's index of it (`-shm`) says:
    /// `truncate -s 0` of a log in use leaves SQLite writing after a hole, and a checkpoint would
    /// copy the hole's zeros into the database. nil when whole, or when it cannot be told.
    ///
    /// The index's header (<https://sqlite.org/walformat.html>, "The WAL-Index Header") is kept
    /// twice, 48 bytes each, in the machine's byte order: `isInit` at 12, the page size at 14 (1 for
    /// 65,536), `mxFrame`, the frames of the last commit, at 16. A log of `mxFrame` frames is at least
    /// 32 + `mxFrame` × (page size + 24) bytes and begins with the magic number 0x377f0682 or
    /// 0x377f0683. A checkpoint that truncates the log on purpose sets `mxFrame` to 0 first.
    private func cutShort(size: Int64) -> String? {
        guard index >= 0 else { return nil }
        var header = [UInt8](repeating: 0, count: 96)
        // The writer may be changing the header: the two copies agree once it is done.
        var agreed = false
        for _ in 0..<3 {
            guard pread(index, &header, 96, 0) == 96 else { return nil }
            if header[0..<48] == header[48..<96] {
                agreed = true
                break
            }
        }
        guard agreed, header[12] == 1 else { return nil }
        func number(_ range: Range<Int>) -> Int64 {
            let bytes = header[range]
            let ordered = UInt32(1).littleEndian == 1 ? Array(bytes.reversed()) : Array(bytes)
            return ordered.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        let page = number(14..<16)
        let mxFrame = number(16..<20)
        guard mxFrame > 0 else { return nil }
        let expected = 32 + mxFrame * ((page == 1 ? 65536 : page) + 24)
        if size < expected { return "\(size) bytes where its index counts \(expected)" }
        var magic = [UInt8](repeating: 0, count: 4)
        guard pread(descriptor, &magic, 4, 0) == 4 else { return "its header cannot be read" }
        guard magic == [0x37, 0x7F, 0x06, 0x82] || magic == [0x37, 0x7F, 0x06, 0x83] else {
            return "its header is gone"
        }
        return nil
    }

    /// Leaves the mark of a failed sync, owner-only, with when and why (best effort: the disk failed).
    private func markFailure(_ reason: String) {
        let text = Array("\(ISO8601DateFormatter().string(from: Date())) \(reason)\n".utf8)
        let file = open(failureMark, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { return }
        _ = text.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        _ = fsync(file)
        close(file)
    }

    /// What failed, with the system's reason (`errno`) for a call that failed.
    private static func failure(_ what: String, system: Bool) -> SQLiteError {
        SQLiteError(
            code: SQLiteError.ioErrorFsync,
            message: system ? "\(what): \(String(cString: strerror(errno)))" : what)
    }

    private static func failure(_ what: String) -> SQLiteError { failure(what, system: false) }
}

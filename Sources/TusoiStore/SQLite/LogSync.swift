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
        guard opened >= 0 else { throw LogSync.failure("cannot open \(path)") }
        descriptor = opened
        fstat(opened, &identity)
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { throw LogSync.failure("cannot open the folder of \(path)") }
        defer { close(directory) }
        if fsync(directory) != 0 { throw LogSync.failure("cannot sync the folder of \(path)") }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
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
    ///   the file at its path. Nothing committed since the last sync that succeeded can then be taken
    ///   as stored: the caller must not acknowledge it, and should stop.
    public func sync() throws(SQLiteError) {
        lock.lock()
        defer { lock.unlock() }
        // A log deleted (or replaced) while in use, by a clean-up script or another program, takes
        // every commit since the last checkpoint with it at the next start. (Closing the store still
        // copies the log it has open into the database file.)
        var now = stat()
        guard stat(path, &now) == 0 else {
            throw LogSync.failure("cannot find \(path)", "deleted while in use?")
        }
        guard now.st_ino == identity.st_ino, now.st_dev == identity.st_dev else {
            throw LogSync.failure("\(path) is another file than the log in use", "replaced while in use?")
        }
        var code = syncFile(descriptor)
        while code != 0 && errno == EINTR { code = syncFile(descriptor) }
        guard code == 0 else {
            let error = LogSync.failure("the disk failed a sync of \(path)")
            markFailure(error.message)
            throw error
        }
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

    /// What failed, with the system's reason (`errno`) and perhaps a hint at the cause.
    private static func failure(_ what: String, _ hint: String? = nil) -> SQLiteError {
        let reason = String(cString: strerror(errno))
        return SQLiteError(
            code: SQLiteError.ioErrorFsync, message: "\(what): \(reason)" + (hint.map { " (\($0))" } ?? ""))
    }
}

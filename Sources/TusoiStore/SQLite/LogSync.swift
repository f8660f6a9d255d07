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
/// What it relies on (SQLite's WAL mode, <https://sqlite.org/wal.html>, "Performance Considerations",
/// and `PRAGMA synchronous`): a commit at `NORMAL` has written its frames to the log file (not synced);
/// a sync of the file afterwards, from any descriptor of it, makes them durable, frames of later
/// commits written meanwhile being harmless (a torn frame fails its checksum, and recovery stops at
/// the last whole commit); every checkpoint still syncs the log before copying it and the database
/// file before the log may start over, at `NORMAL` as at `FULL`. So a message acknowledged after
/// ``sync()`` returned is exactly as durable as one acknowledged after a `FULL` commit.
///
/// The log file's directory is synced once, when this opens the file: SQLite does so at the first
/// sync of a log it created, which at `NORMAL` would only come with the first checkpoint. The log is
/// deleted only when the last connection closes, and the writer's stays open; should it still be
/// another file (same path, another inode), ``sync()`` opens the new one and syncs the directory again,
/// and should it be gone, ``sync()`` fails.
///
/// `@unchecked Sendable`: the descriptor is guarded by `lock`.
public final class LogSync: CommitSync, @unchecked Sendable {
    /// The write-ahead log's path (the database's path with `-wal`).
    public let path: String
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var identity = stat()

    /// Opens the log at `path` and syncs its directory.
    init(path: String) throws(SQLiteError) {
        self.path = path
        lock.lock()
        defer { lock.unlock() }
        try reopen()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Syncs the log: everything committed before this call is durable when it returns.
    ///
    /// - Throws: `SQLITE_IOERR_FSYNC` when the disk reports a failure. Nothing committed since the
    ///   last sync that succeeded can then be taken as stored: the caller must not acknowledge it
    ///   (and should stop: after a failed sync, the system may have dropped the pages it could not write).
    public func sync() throws(SQLiteError) {
        lock.lock()
        defer { lock.unlock() }
        // A log deleted while in use (a clean-up script) takes every commit since the last checkpoint
        // with it at the next start: nothing more may be acknowledged. (Closing the store then still
        // copies the open log into the database file.)
        var now = stat()
        guard stat(path, &now) == 0 else { throw failure("cannot find \(path)", "deleted while in use?") }
        if now.st_ino != identity.st_ino || now.st_dev != identity.st_dev { try reopen() }
        #if canImport(Glibc)
            let code = fdatasync(descriptor)
        #else
            let code = fsync(descriptor)
        #endif
        if code != 0 { throw failure("cannot sync \(path)") }
    }

    /// Opens the log file (again) and syncs the folder that holds its name.
    private func reopen() throws(SQLiteError) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw failure("cannot open \(path)") }
        if descriptor >= 0 { close(descriptor) }
        descriptor = opened
        fstat(opened, &identity)
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { throw failure("cannot open the folder of \(path)") }
        defer { close(directory) }
        if fsync(directory) != 0 { throw failure("cannot sync the folder of \(path)") }
    }

    /// What failed, with the system's reason (`errno`) and perhaps a hint at the cause.
    private func failure(_ what: String, _ hint: String? = nil) -> SQLiteError {
        let reason = String(cString: strerror(errno))
        return SQLiteError(
            code: SQLiteError.ioErrorFsync, message: "\(what): \(reason)" + (hint.map { " (\($0))" } ?? ""))
    }
}

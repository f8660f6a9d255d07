import CSQLite
import Foundation

/// Copies the write-ahead log into the database file on a thread and a connection of its own, so
/// that the writer does not stop for it.
///
/// The writer's commits nudge it (through the connection's WAL hook) each time the log has grown by
/// ``nudgeFrames`` frames; it then runs a `PASSIVE` checkpoint, which never waits for the writer.
/// (Nudged at every commit, it would sync the database file as often as the writer syncs the log.)
/// The log can only start over when a checkpoint has copied all of it and the writer begins its next
/// transaction, which a busy writer rarely leaves room for: so once the log holds ``fallbackFrames``,
/// the writer checkpoints itself, as SQLite's automatic checkpoint does, but with most frames already
/// copied. The checkpoint connection runs with `synchronous=FULL`: the database file is synced
/// before the log may be reused, as with any checkpoint, so durability is unchanged.
///
/// `@unchecked Sendable`: the state shared with the thread is guarded by `condition`; the thread's
/// connection lives and dies on the thread; `framesAtNudge` is the writer's alone.
final class Checkpointer: @unchecked Sendable {
    /// Frames (pages) in the log from which a commit wakes the checkpoint thread.
    let nudgeFrames: Int32
    /// Frames in the log from which the writer checkpoints itself, so that the log starts over.
    let fallbackFrames: Int32

    private let path: String
    /// The log's size at the last nudge; used by the writer's thread only.
    private var framesAtNudge: Int32 = 0
    private let condition = NSCondition()
    private var pending = false
    private var stopping = false
    private var finished = false

    /// Starts the thread; it opens its own connection to the database at `path`.
    init(path: String, nudgeFrames: Int32, fallbackFrames: Int32) {
        self.path = path
        self.nudgeFrames = nudgeFrames
        self.fallbackFrames = fallbackFrames
        let thread = Thread { [self] in run() }
        thread.name = "tusoi-checkpoint"
        thread.start()
    }

    /// Called by the writer after a commit, with the number of frames in the log.
    func committed(frames: Int32, connection: OpaquePointer) {
        if frames < framesAtNudge { framesAtNudge = 0 }  // the log started over
        if frames >= fallbackFrames {
            // Busy when the thread is checkpointing right now: the next commit tries again.
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if frames - framesAtNudge >= nudgeFrames {
            framesAtNudge = frames
            condition.lock()
            pending = true
            condition.signal()
            condition.unlock()
        }
    }

    /// Stops the thread and closes its connection; returns once it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if sqlite3_open_v2(path, &connection, flags, nil) == SQLITE_OK, let connection {
            sqlite3_exec(connection, "PRAGMA synchronous = FULL", nil, nil, nil)
            while waitForWork() {
                // Errors (a full disk, a lock held by another process) leave the log as it is; the
                // writer's own fallback checkpoint reports nothing either, like SQLite's automatic one.
                sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
        } else {
            while waitForWork() {}
        }
        sqlite3_close_v2(connection)
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for a nudge; false once the checkpointer is stopping.
    private func waitForWork() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !pending && !stopping { condition.wait() }
        pending = false
        return !stopping
    }
}

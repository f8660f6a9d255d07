import CSQLite
import Foundation

/// Copies the write-ahead log into the database file on a thread and a connection of its own, so
/// that the writer does not stop for it.
///
/// The writer's commits nudge it (through the connection's WAL hook) each time the log has grown by
/// ``nudgeFrames`` frames; it then runs a `PASSIVE` checkpoint, which never waits for the writer.
/// (Nudged at every commit, it would sync the database file as often as the writer syncs the log.)
/// The log can only start over when a checkpoint has copied all of it and the writer begins its next
/// transaction: the thread copies what the writer added meanwhile again (a few passes), and once the
/// log holds ``fallbackFrames`` and a quarter of ``nudgeFrames`` more (time for the thread to copy the
/// last nudge's frames), the writer checkpoints itself, as SQLite's automatic checkpoint does, with
/// few frames left to copy. The checkpoint connection runs with `synchronous=FULL`: the database file
/// is synced before the log may be reused, as with any checkpoint, so durability is unchanged.
///
/// `@unchecked Sendable`: the state shared with the thread is guarded by `condition`; the thread's
/// connection lives and dies on the thread; `framesAtNudge` is the writer's alone.
final class Checkpointer: @unchecked Sendable {
    /// Frames (pages) in the log from which a commit wakes the checkpoint thread.
    let nudgeFrames: Int32
    /// Frames in the log from which the writer checkpoints itself, so that the log starts over.
    let fallbackFrames: Int32

    /// Passes of one nudge at most: a busy writer may never leave the log copied whole.
    static let catchUpPasses = 8

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
        // Past the fallback, the thread gets a last nudge and some time to copy before the writer
        // checkpoints itself, so that the writer has few frames to copy and little to sync.
        if frames >= fallbackFrames + nudgeFrames / 4 {
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
                // Again while the writer added frames meanwhile (each pass has less to copy): once the
                // log is copied whole, the writer's next transaction starts it over, and the writer
                // does not reach its fallback. Errors (a full disk, a lock held by another process)
                // leave the log as it is, as SQLite's automatic checkpoint does.
                var previous: Int32 = -1
                for _ in 0..<Checkpointer.catchUpPasses {
                    var frames: Int32 = 0
                    var copied: Int32 = 0
                    let code = sqlite3_wal_checkpoint_v2(
                        connection, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied)
                    // A pass reports the log as it found it: caught up only when no frame came since.
                    if code != SQLITE_OK || (copied >= frames && frames == previous) { break }
                    previous = frames
                }
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

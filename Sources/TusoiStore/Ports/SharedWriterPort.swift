/// A store that several `serve` processes write at once (PostgreSQL with `--shared-store`): the
/// locks that keep one chat's messages, one member's session and the timers to one process at a
/// time. Each lock is held by the caller's transaction until it commits or rolls back.
public protocol SharedWriterPort: AnyObject {
    /// Whether this process shares the store with other writers; when false the locks are not needed.
    var isShared: Bool { get }
    /// How many connections the store has made so far (one more each time a lost one is made
    /// again): sessions kept in memory from before a new connection may be stale, since another
    /// process may have written while this one was away.
    var connections: Int { get }
    /// Waits until no other process's transaction holds these chats, then holds them (taken in one
    /// fixed order, so that two batches never wait for each other).
    func lockChats(_ chats: [(channel: String, chat: String)]) throws
    /// The same for a member's session, which their chats on several messengers share.
    func lockMember(_ memberID: Int64) throws
    /// The same for the timers: one process sets and fires them at a time.
    func lockTimers() throws
}

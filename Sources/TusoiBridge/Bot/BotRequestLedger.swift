import Foundation

/// The bookkeeping of the requests the bot starts (`send`): which are being delivered, the answers
/// already given, and for each chat the delivery the next one must wait for.
///
/// The bot may send a request again (after a restart it cannot know whether it was answered); a
/// request whose id was answered gets the same answer again, without a second delivery.
struct BotRequestLedger {
    /// What to do with a request from the bot.
    enum Decision {
        /// Answered before: write this answer again.
        case answer(Data)
        /// Being delivered right now: its answer will come.
        case ignore
        /// New: deliver it after this earlier delivery to the same chat, if any.
        case deliver(after: Task<Void, Never>?)
    }

    private var inProgress: Set<String> = []
    private var answered = RecentMemory<Data>(capacity: 10_000)
    /// The last delivery started for each chat, and how many of that chat's are not finished.
    private var queues: [String: (tail: Task<Void, Never>, count: Int)] = [:]

    mutating func begin(key: String, chat: String) -> Decision {
        if let answer = answered[key] { return .answer(answer) }
        guard inProgress.insert(key).inserted else { return .ignore }
        return .deliver(after: queues[chat]?.tail)
    }

    /// Records the delivery just started for `chat`: the next one for that chat waits for it.
    mutating func started(_ task: Task<Void, Never>, chat: String) {
        queues[chat] = (task, (queues[chat]?.count ?? 0) + 1)
    }

    mutating func finish(key: String, chat: String, answer: Data) {
        inProgress.remove(key)
        answered.remember(key, answer)
        if let queue = queues[chat] {
            queues[chat] = queue.count > 1 ? (queue.tail, queue.count - 1) : nil
        }
    }
}

import Foundation
import TusoiWire

/// The bridge's requests that the bot has not answered yet, by id, with whoever waits for each
/// answer: the correlation half of the JSON-lines client.
struct PendingRequests {
    typealias Outcome = Result<MessageResult, BotFailure>

    private struct Request {
        let line: Data
        /// Who waits for the answer, once someone does.
        var waiter: CheckedContinuation<Outcome, Never>?
        /// How many runs of the bot were given this request.
        var attempts = 0
    }

    private var requests: [Int: Request] = [:]
    /// Outcomes that came before anyone waited for them.
    private var finished: [Int: Outcome] = [:]
    private var nextID = 1

    var count: Int { requests.count }

    /// The unanswered requests' ids, oldest first.
    var ids: [Int] { requests.keys.sorted() }

    func contains(_ id: Int) -> Bool { requests[id] != nil }

    /// Takes a new id for `message` and returns it with the line to write.
    mutating func add(_ message: InboundMessage) -> (id: Int, line: Data) {
        let id = nextID
        nextID += 1
        let line = BotWire.message(id: id, message)
        requests[id] = Request(line: line)
        return (id, line)
    }

    /// Takes a new id for a request that fails at once (the connection is stopping).
    mutating func add(failing failure: BotFailure) -> Int {
        let id = nextID
        nextID += 1
        finished[id] = .failure(failure)
        return id
    }

    /// The request's line, counting one more run of the bot that is given it.
    mutating func lineToWrite(_ id: Int) -> Data? {
        requests[id]?.attempts += 1
        return requests[id]?.line
    }

    /// The line of a request, to write it again to the same run of the bot.
    func line(_ id: Int) -> Data? { requests[id]?.line }

    /// The outcome if it came already; otherwise `nil` and the caller waits with ``wait(for:_:)``.
    mutating func takeFinished(_ id: Int) -> Outcome? {
        if let outcome = finished.removeValue(forKey: id) { return outcome }
        return requests[id] == nil ? .failure(.stopped) : nil
    }

    mutating func wait(for id: Int, _ waiter: CheckedContinuation<Outcome, Never>) {
        requests[id]?.waiter = waiter
    }

    mutating func complete(_ id: Int, _ outcome: Outcome) {
        guard let request = requests.removeValue(forKey: id) else { return }
        if let waiter = request.waiter {
            waiter.resume(returning: outcome)
        } else {
            finished[id] = outcome
        }
    }

    mutating func completeAll(_ failure: BotFailure) {
        for id in requests.keys { complete(id, .failure(failure)) }
    }

    /// Gives up the requests that this many runs of the bot were given; returns their ids.
    mutating func giveUp(after attempts: Int) -> [Int] {
        let worn = requests.filter { $0.value.attempts >= attempts }.keys.sorted()
        for id in worn { complete(id, .failure(.gaveUp(attempts: attempts))) }
        return worn
    }
}

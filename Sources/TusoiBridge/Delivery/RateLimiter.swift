/// Spaces the messages the bridge sends after a ``RateSchedule``, on the continuous clock.
public actor RateLimiter {
    private var schedule: RateSchedule
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init(schedule: RateSchedule) {
        self.schedule = schedule
        origin = clock.now
    }

    /// Waits until a message to `chat` may be sent.
    public func waitForTurn(chat: String) async {
        let now = elapsed()
        let slot = schedule.reserve(chat: chat, now: now)
        if slot > now {
            try? await Task.sleep(for: .seconds(slot - now))
        }
    }

    /// Holds messages back for `seconds`, after the messenger answered "too many requests".
    public func pause(chat: String, seconds: Double) {
        schedule.pause(chat: chat, until: elapsed() + seconds)
    }

    private func elapsed() -> Double {
        (clock.now - origin).seconds
    }
}

import Testing

@testable import TusoiBridge

@Suite("Rate limits")
struct RateScheduleTests {
    @Test("one message a second per chat, 30 a second overall")
    func spacing() {
        var schedule = RateSchedule(perChat: 1, overallPerSecond: 30)
        #expect(schedule.reserve(chat: "a", now: 10) == 10)
        #expect(schedule.reserve(chat: "a", now: 10) == 11)
        let b = schedule.reserve(chat: "b", now: 10)
        #expect(abs(b - (10 + 1.0 / 30)) < 1e-9, "between a's slots, 1/30 s after the first")
        let c = schedule.reserve(chat: "c", now: 10)
        #expect(abs(c - (10 + 2.0 / 30)) < 1e-9)
        let d = schedule.reserve(chat: "d", now: 11)
        #expect(abs(d - (11 + 1.0 / 30)) < 1e-9, "not at 11, a's slot")
        #expect(schedule.reserve(chat: "a", now: 20) == 20, "a quiet chat goes at once")
    }

    @Test("too many requests holds every chat back until the time said")
    func pause() {
        var schedule = RateSchedule(perChat: 0, overallPerSecond: 1000)
        schedule.pause(chat: "a", until: 15)
        #expect(schedule.reserve(chat: "a", now: 10) == 15)
        #expect(schedule.reserve(chat: "b", now: 10) >= 15)
    }

    @Test("the limiter sleeps out the spacing")
    func limiter() async {
        let limiter = RateLimiter(schedule: RateSchedule(perChat: 0.05, overallPerSecond: 1000))
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<3 { await limiter.waitForTurn(chat: "a") }
        #expect(clock.now - start >= .milliseconds(95))
    }
}

import Testing

@testable import TusoiServer

@Suite("The protocol's time, read for the quick-succession rule")
struct MessageTimeTests {
    @Test(
        "ISO 8601 times are read as seconds since 1970",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)), ("2026-11-26T08:00:17Z", 1_795_680_017),
            ("2026-11-26T08:00:17.250Z", 1_795_680_017), ("2026-11-26T15:00:17+07:00", 1_795_680_017),
            ("2000-02-29T23:59:59-01:30", 951_874_199),
        ])
    func reads(text: String, seconds: Int64) {
        #expect(MessageTime.seconds(text) == seconds)
    }

    @Test(
        "anything else is no time, and the rule does not apply",
        arguments: [
            "", "2026-11-26", "2026-11-26T08:00:17", "2026-13-26T08:00:17Z", "2026-11-26T08:00:17+0700",
            "2026-11-26T08:00:17Zjunk", "yesterday at noon",
        ])
    func refuses(text: String) {
        #expect(MessageTime.seconds(text) == nil)
    }
}

import Testing
import TusoiEngine
import TusoiTestSupport

@testable import TusoiServer

/// Sessions held between batches are packed into bytes (``PackedSession``): unpacked, each must be
/// the session that was packed, whatever its state holds.
@Suite("Packed sessions")
struct PackedSessionTests {

    static let pieces = [
        "", "a", "tự phê bình", "Đồng chí", "line\nbreak", "tab\there", "back\\slash", "🇻🇳", "e\u{301}",
        "a very long answer that goes on and on past the fifteen bytes kept inline in a string",
        "nhom-1-mo-ta:bh3", "han-che#2", "\r\n", "\u{0}", "ừ",
    ]

    static func text(_ random: inout SplitMix) -> String {
        (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            .joined()
    }

    static func optional(_ random: inout SplitMix) -> String? {
        Bool.random(using: &random) ? text(&random) : nil
    }

    static func answer(_ random: inout SplitMix) -> Answer {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .yesNo(Bool.random(using: &random))
        case 1: return .choice(text(&random))
        case 2: return .choices((0..<Int.random(in: 0...4, using: &random)).map { _ in text(&random) })
        case 3: return .text(text(&random))
        case 4: return .number([0, 1, -1, 127, 128, Int.max, Int.min, 2026].randomElement(using: &random)!)
        case 5: return .date("2026-12-0\(Int.random(in: 1...9, using: &random))")
        case 6: return .member(id: "m\(Int.random(in: 1...40, using: &random))", name: text(&random))
        default: return .skipped
        }
    }

    static func state(_ random: inout SplitMix) -> SessionState {
        var state = SessionState()
        let phases: [SessionState.Phase] = [
            .new, .asking(text(&random)), .reviewing, .confirmingSubmit, .confirmingDiscard(returnTo: nil),
            .confirmingDiscard(returnTo: text(&random)), .submitted,
        ]
        state.phase = phases.randomElement(using: &random)!
        state.language = Bool.random(using: &random) ? .vi : .en
        for _ in 0..<Int.random(in: 0...40, using: &random) { state.answers[text(&random)] = answer(&random) }
        state.paused = Bool.random(using: &random)
        state.submittedAt =
            Bool.random(using: &random) ? Int64.random(in: .min ... .max, using: &random) : nil
        state.buttons = (0..<Int.random(in: 0...5, using: &random)).map { _ in text(&random) }
        state.draft = (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) }
        state.draftKey = optional(&random)
        state.returnNote = optional(&random)
        state.conclusion = optional(&random)
        state.numbered = (0..<Int.random(in: 0...20, using: &random)).map { _ in text(&random) }
        state.lastAnswer =
            Bool.random(using: &random)
            ? LastAnswer(key: text(&random), at: Int64.random(in: -5...1_800_000_000, using: &random)) : nil
        state.held = optional(&random)
        state.rosterPage = [0, 1, 2, 500].randomElement(using: &random)!
        return state
    }

    @Test("a packed session unpacks to the same session: 5,000 random states")
    func roundTrip() {
        var random = SplitMix(state: 2026)
        var scratch: [UInt8] = []
        for round in 0..<5_000 {
            var session = LiveSession(
                id: Int64.random(in: 1...1_000_000, using: &random), questionnaireRow: Int64(round % 7),
                campaignID: Bool.random(using: &random) ? Int64(round) : nil, state: Self.state(&random),
                dirty: false)
            session.steps = Bool.random(using: &random) ? [] : nil
            let back = PackedSession(session, scratch: &scratch).unpacked()
            #expect(back.state == session.state, "round \(round)")
            #expect(back.id == session.id && back.questionnaireRow == session.questionnaireRow)
            #expect(back.campaignID == session.campaignID && back.steps == session.steps && !back.dirty)
            if back.state != session.state { return }
        }
    }

    /// A field added to the state must be packed too; this count is the reminder.
    @Test("every field of the state is packed (14 fields; a new one must be added to PackedSession)")
    func everyField() {
        #expect(Mirror(reflecting: SessionState()).children.count == 14)
    }

    enum AnswerCodingSize {
        static func text(_ answer: Answer) -> Int {
            if case .text(let text) = answer { return text.utf8.count }
            return 0
        }
    }

    @Test("a session half-way through a self-review packs into its texts and a few bytes each")
    func packedSize() {
        var state = SessionState(phase: .asking("gop-y-cap-uy"))
        for index in 0..<16 {
            state.answers["cau-hoi-so-\(index):muc"] = .text("Câu trả lời thứ \(index) của đồng chí")
        }
        state.buttons = ["c/skip", "c/pause"]
        var scratch: [UInt8] = []
        let packed = PackedSession(
            LiveSession(id: 1, questionnaireRow: 1, campaignID: nil, state: state, dirty: false),
            scratch: &scratch)
        // The texts themselves, and a few bytes for each: a tag, two lengths; then the phase and
        // the buttons (36 bytes with their lengths) and a few flags and counts.
        let payload = state.answers.reduce(0) { $0 + $1.key.utf8.count + AnswerCodingSize.text($1.value) }
        #expect(packed.bytes.count <= payload + 3 * state.answers.count + 36 + 8)
        #expect(packed.bytes.count >= payload)
    }
}

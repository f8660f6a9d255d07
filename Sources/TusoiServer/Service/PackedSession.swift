import TusoiEngine

/// A session held in memory between batches, in few bytes: its state and answers packed into one
/// byte array, unpacked into a ``LiveSession`` when its member writes again.
///
/// As Swift values a session half-way through a self-review takes about 3 KB (the dictionary of
/// answers with its free buckets, a string allocation per answer, the state's own fields in the
/// cache's table); packed it takes about 1 KB (docs/PERFORMANCE.md, "Sessions kept packed"). The
/// step list and the review's numbering are kept as they are: the reducer's memos share them
/// between sessions, so they cost one reference each.
///
/// The bytes are this process's own, never stored or sent: the store keeps sessions in its own
/// format (``SessionCoding``, answer rows), and a new version of the program starts with an empty
/// cache.
struct PackedSession: Sendable {
    var id: Int64
    var questionnaireRow: Int64
    var campaignID: Int64?
    var steps: [Step]?
    var numbered: [String]
    var bytes: [UInt8]
    /// The session's ``LiveSession/token``, given by the service when it packed it.
    var token: UInt64 = 0

    /// Packs `session`, which must have been written to the store (a packed session is never dirty).
    init(_ session: LiveSession, scratch: inout [UInt8], token: UInt64 = 0) {
        self.token = token
        id = session.id
        questionnaireRow = session.questionnaireRow
        campaignID = session.campaignID
        steps = session.steps
        numbered = session.state.numbered
        // The scratch buffer is moved into the writer and back, never shared, so that appending
        // to it never copies; the bytes kept are a copy at their exact size.
        var writer = Writer(bytes: [])
        swap(&writer.bytes, &scratch)
        writer.bytes.removeAll(keepingCapacity: true)
        writer.state(session.state)
        swap(&writer.bytes, &scratch)
        bytes = scratch.withUnsafeBufferPointer { packed in
            [UInt8](unsafeUninitializedCapacity: packed.count) { buffer, count in
                _ = buffer.initialize(from: packed)
                count = packed.count
            }
        }
    }

    /// The session as the reducer works on it: equal to the one packed.
    func unpacked() -> LiveSession {
        var reader = Reader(bytes: bytes)
        var state = reader.state()
        state.numbered = numbered
        var session = LiveSession(
            id: id, questionnaireRow: questionnaireRow, campaignID: campaignID, state: state, dirty: false)
        session.steps = steps
        session.token = token
        return session
    }

    // MARK: The format

    // A state is: the phase (a tag, then the key it names, if any); the language; a byte of flags
    // saying which optional fields follow; those fields in a fixed order; the buttons' payloads and
    // the draft's parts (a count, then each); the answers (a count, then each key with its answer).
    // Numbers are unsigned LEB128 (signed ones zigzagged first); a text is its UTF-8 length, then
    // its bytes.

    private enum PhaseTag: UInt8 {
        case new, asking, reviewing, confirmingSubmit, confirmingDiscard, confirmingDiscardTo, submitted
    }

    private enum AnswerTag: UInt8 {
        case no, yes, choice, choices, text, number, date, member, skipped
    }

    private struct Flags: OptionSet {
        let rawValue: UInt16
        static let paused = Flags(rawValue: 1 << 0)
        static let submittedAt = Flags(rawValue: 1 << 1)
        static let draftKey = Flags(rawValue: 1 << 2)
        static let returnNote = Flags(rawValue: 1 << 3)
        static let conclusion = Flags(rawValue: 1 << 4)
        static let lastAnswer = Flags(rawValue: 1 << 5)
        static let held = Flags(rawValue: 1 << 6)
        static let rosterPage = Flags(rawValue: 1 << 7)
        static let english = Flags(rawValue: 1 << 8)
    }

    private struct Writer {
        var bytes: [UInt8]

        mutating func state(_ state: SessionState) {
            switch state.phase {
            case .new: tag(PhaseTag.new)
            case .asking(let key):
                tag(PhaseTag.asking)
                text(key)
            case .reviewing: tag(PhaseTag.reviewing)
            case .confirmingSubmit: tag(PhaseTag.confirmingSubmit)
            case .confirmingDiscard(let returnTo?):
                tag(PhaseTag.confirmingDiscardTo)
                text(returnTo)
            case .confirmingDiscard(nil): tag(PhaseTag.confirmingDiscard)
            case .submitted: tag(PhaseTag.submitted)
            }
            var flags: Flags = []
            if state.paused { flags.insert(.paused) }
            if state.submittedAt != nil { flags.insert(.submittedAt) }
            if state.draftKey != nil { flags.insert(.draftKey) }
            if state.returnNote != nil { flags.insert(.returnNote) }
            if state.conclusion != nil { flags.insert(.conclusion) }
            if state.lastAnswer != nil { flags.insert(.lastAnswer) }
            if state.held != nil { flags.insert(.held) }
            if state.rosterPage != 0 { flags.insert(.rosterPage) }
            switch state.language {
            case .vi: break
            case .en: flags.insert(.english)
            }
            number(UInt64(flags.rawValue))
            if let at = state.submittedAt { signed(at) }
            if let key = state.draftKey { text(key) }
            if let note = state.returnNote { text(note) }
            if let conclusion = state.conclusion { text(conclusion) }
            if let last = state.lastAnswer {
                text(last.key)
                signed(last.at)
            }
            if let held = state.held { text(held) }
            if state.rosterPage != 0 { signed(Int64(state.rosterPage)) }
            texts(state.buttons)
            texts(state.draft)
            number(UInt64(state.answers.count))
            for (key, answer) in state.answers {
                text(key)
                self.answer(answer)
            }
        }

        mutating func answer(_ answer: Answer) {
            switch answer {
            case .yesNo(let value): tag(value ? AnswerTag.yes : AnswerTag.no)
            case .choice(let id):
                tag(AnswerTag.choice)
                text(id)
            case .choices(let ids):
                tag(AnswerTag.choices)
                texts(ids)
            case .text(let value):
                tag(AnswerTag.text)
                text(value)
            case .number(let value):
                tag(AnswerTag.number)
                signed(Int64(value))
            case .date(let iso):
                tag(AnswerTag.date)
                text(iso)
            case .member(let id, let name):
                tag(AnswerTag.member)
                text(id)
                text(name)
            case .skipped: tag(AnswerTag.skipped)
            }
        }

        mutating func tag<Tag: RawRepresentable<UInt8>>(_ tag: Tag) { bytes.append(tag.rawValue) }

        mutating func number(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func signed(_ value: Int64) {
            number(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
        }

        mutating func text(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                number(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func texts(_ values: [String]) {
            number(UInt64(values.count))
            for value in values { text(value) }
        }
    }

    /// Reads what ``Writer`` wrote. The bytes come from this process alone, so a byte out of place is
    /// a fault of the program: it stops there rather than make up a session.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func state() -> SessionState {
            var state = SessionState()
            switch tag(PhaseTag.self) {
            case .new: state.phase = .new
            case .asking: state.phase = .asking(text())
            case .reviewing: state.phase = .reviewing
            case .confirmingSubmit: state.phase = .confirmingSubmit
            case .confirmingDiscard: state.phase = .confirmingDiscard(returnTo: nil)
            case .confirmingDiscardTo: state.phase = .confirmingDiscard(returnTo: text())
            case .submitted: state.phase = .submitted
            }
            let flags = Flags(rawValue: UInt16(truncatingIfNeeded: number()))
            state.paused = flags.contains(.paused)
            state.language = flags.contains(.english) ? .en : .vi
            if flags.contains(.submittedAt) { state.submittedAt = signed() }
            if flags.contains(.draftKey) { state.draftKey = text() }
            if flags.contains(.returnNote) { state.returnNote = text() }
            if flags.contains(.conclusion) { state.conclusion = text() }
            if flags.contains(.lastAnswer) {
                let key = text()
                state.lastAnswer = LastAnswer(key: key, at: signed())
            }
            if flags.contains(.held) { state.held = text() }
            if flags.contains(.rosterPage) { state.rosterPage = Int(signed()) }
            state.buttons = texts()
            state.draft = texts()
            let count = Int(number())
            var answers: [String: Answer] = [:]
            answers.reserveCapacity(count + 1)  // room for the answer the next message adds
            for _ in 0..<count {
                let key = text()
                answers[key] = answer()
            }
            state.answers = answers
            precondition(index == bytes.count, "a packed session with bytes left over")
            return state
        }

        mutating func answer() -> Answer {
            switch tag(AnswerTag.self) {
            case .no: return .yesNo(false)
            case .yes: return .yesNo(true)
            case .choice: return .choice(text())
            case .choices: return .choices(texts())
            case .text: return .text(text())
            case .number: return .number(Int(signed()))
            case .date: return .date(text())
            case .member:
                let id = text()
                return .member(id: id, name: text())
            case .skipped: return .skipped
            }
        }

        mutating func tag<Tag: RawRepresentable<UInt8>>(_: Tag.Type) -> Tag {
            guard let tag = Tag(rawValue: bytes[index]) else { preconditionFailure("a packed session's tag") }
            index += 1
            return tag
        }

        mutating func number() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
                precondition(shift < 64, "a packed session's number")
            }
        }

        mutating func signed() -> Int64 {
            let value = number()
            return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
        }

        mutating func text() -> String {
            let count = Int(number())
            let end = index + count
            precondition(end <= bytes.count, "a packed session's text")
            defer { index = end }
            return bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[index..<end]), as: UTF8.self)
            }
        }

        mutating func texts() -> [String] {
            let count = Int(number())
            guard count > 0 else { return [] }
            var values: [String] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(text()) }
            return values
        }
    }
}

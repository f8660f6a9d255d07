import TusoiEngine

/// Writes a session's state as text and reads it back.
///
/// One field a line: `phase …`, `lang …`, `paused`, `submitted …`, `b PAYLOAD` per button shown,
/// `returned COMMENT` while returned for revision, `n KEY` per step in the review's numbering,
/// `last SECONDS KEY` for the short answer sent last, `held TEXT` for a message held until the
/// member says where it belongs, `page N` for the page of the branch's list shown,
/// with `\`, newline and tab escaped. The answers are not here: they are rows of `answers`, read
/// back by ``SessionStore/latestSession(channel:user:)``, so that a message rewrites only a few bytes.
public enum SessionCoding {
    public static func encode(_ state: SessionState) -> String {
        // Built as bytes: the flush encodes every changed session at every batch, and appending
        // `"\nn " + key` to a string made a string of each line first.
        var out: [UInt8] = []
        out.reserveCapacity(32 + 24 * (state.numbered.count + state.buttons.count + state.draft.count))
        func add(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        func line(_ head: StaticString, _ value: String) {
            out.append(0x0A)
            out.append(contentsOf: UnsafeBufferPointer(start: head.utf8Start, count: head.utf8CodeUnitCount))
            out.append(0x20)
            add(value)
        }
        add("phase ")
        switch state.phase {
        case .new: add("new")
        case .asking(let key):
            add("asking ")
            add(key)
        case .reviewing: add("reviewing")
        case .confirmingSubmit: add("confirm-submit")
        case .confirmingDiscard(let returnTo):
            add("confirm-discard")
            if let returnTo {
                out.append(0x20)
                add(returnTo)
            }
        case .submitted: add("submitted")
        }
        line("lang", state.language.rawValue)
        if state.paused { add("\npaused") }
        if let at = state.submittedAt { line("submitted", String(at)) }
        for payload in state.buttons { line("b", escape(payload)) }
        if let key = state.draftKey { line("draft", key) }
        for part in state.draft { line("d", escape(part)) }
        if let note = state.returnNote { line("returned", escape(note)) }
        if let conclusion = state.conclusion { line("concluded", escape(conclusion)) }
        for key in state.numbered { line("n", key) }
        if let last = state.lastAnswer { line("last", String(last.at) + " " + last.key) }
        if let held = state.held { line("held", escape(held)) }
        if state.rosterPage > 0 { line("page", String(state.rosterPage)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The state encoded in `text`; throws when the text is not a session this version can read.
    public static func decode(_ text: String) throws(StoreError) -> SessionState {
        var state = SessionState()
        for line in text.utf8.split(separator: 0x0A).map(Substring.init) {
            let (head, rest) = split(line)
            switch head {
            case "phase":
                let (phase, argument) = split(rest)
                switch phase {
                case "new": state.phase = .new
                case "asking": state.phase = .asking(String(argument))
                case "reviewing": state.phase = .reviewing
                case "confirm-submit": state.phase = .confirmingSubmit
                case "confirm-discard":
                    state.phase = .confirmingDiscard(returnTo: argument.isEmpty ? nil : String(argument))
                case "submitted": state.phase = .submitted
                default: throw StoreError.corruptSession("an unknown phase")
                }
            case "lang":
                guard let language = Language(rawValue: String(rest)) else {
                    throw StoreError.corruptSession("an unknown language")
                }
                state.language = language
            case "b":
                state.buttons.append(unescape(rest))
            case "d":
                state.draft.append(unescape(rest))
            case "draft":
                state.draftKey = String(rest)
            case "paused":
                state.paused = true
            case "submitted":
                state.submittedAt = Int64(rest)
            case "returned":
                state.returnNote = unescape(rest)
            case "concluded":
                state.conclusion = unescape(rest)
            case "page":
                state.rosterPage = Int(rest) ?? 0
            case "held":
                state.held = unescape(rest)
            case "n":
                state.numbered.append(String(rest))
            case "last":
                let (at, key) = split(rest)
                guard let seconds = Int64(at), !key.isEmpty else {
                    throw StoreError.corruptSession("a last answer without its time")
                }
                state.lastAnswer = LastAnswer(key: String(key), at: seconds)
            default:
                throw StoreError.corruptSession("an unknown field")
            }
        }
        return state
    }

    /// Splits at the first space, by bytes: a value may start with a combining mark, which would
    /// join the space into one Character.
    private static func split(_ line: Substring) -> (Substring, Substring) {
        guard let index = line.utf8.firstIndex(of: 0x20) else { return (line, "") }
        return (Substring(line.utf8[..<index]), Substring(line.utf8[line.utf8.index(after: index)...]))
    }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) else {
            return value
        }
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func unescape(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var out = ""
        var escaping = false
        for character in value.unicodeScalars {
            if escaping {
                switch character {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                default: out.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

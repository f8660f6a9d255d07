import Foundation

/// Renders a member's answers as a document: the copy they receive and the secretary reads.
public enum TranscriptRenderer {
    /// One section of a transcript: its title and each question that applies with its answer.
    public struct Section: Equatable, Sendable {
        public var title: String
        public var items: [(question: String, answer: String)]
        /// The section's heading on the printed form, and the form's part it belongs to, where the
        /// questionnaire gives them (`print-title:`, `print-part:`).
        public var printedTitle: String? = nil
        public var printedPart: String? = nil
        /// The step key of each item, in the same order.
        public var keys: [String] = []

        public static func == (lhs: Section, rhs: Section) -> Bool {
            lhs.title == rhs.title && lhs.items.elementsEqual(rhs.items) { $0 == $1 }
                && lhs.printedTitle == rhs.printedTitle && lhs.printedPart == rhs.printedPart
        }
    }

    /// The answers that apply, section by section, as plain text (for the paper form, the exports).
    ///
    /// With `short`, each item is named by its short label (``Question/short``), as in the review.
    public static func sections(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog,
        short: Bool = false
    ) -> [Section] {
        let turn = Turn(
            state: SessionState(language: language, answers: answers),
            context: ConversationContext(questionnaire: questionnaire, catalog: catalog, now: 0))
        var sections: [Section] = []
        var currentSection: String?
        for step in turn.steps {
            // The short copy leaves out a group's “add another?”: its rounds say it already.
            if short && questionnaire.questions[step.position].isGroupMore { continue }
            let section = questionnaire.section(atPosition: step.position)
            if section.id != currentSection {
                currentSection = section.id
                sections.append(
                    Section(
                        title: section.title.text(language), items: [],
                        printedTitle: section.printedTitle?.text(language),
                        printedPart: section.printedPart?.text(language)))
            }
            var title = short ? turn.shortTitle(of: step) : turn.questionText(step)
            if !short, let round = step.round { title = "[\(round)] " + title }
            let described =
                answers[step.key].map { turn.describe($0, for: step) }
                ?? catalog.text(.answerMissing, language)
            sections[sections.count - 1].items.append((title, described))
            sections[sections.count - 1].keys.append(step.key)
        }
        return sections
    }

    /// The member's copy as plain text, for a channel without files (Zalo, a terminal): the
    /// questionnaire's title, the day it was submitted, then each section and its items, named by
    /// their short labels as in the review, numbered in order. No markup, and control characters
    /// shown as U+FFFD.
    ///
    /// - Parameter numbers: the review's number of each step (``SessionState/numbered``), so that the
    ///   copy's "7." is the item the member saw as 7 and could edit with “sửa 7”; without them the
    ///   items are numbered in order.
    public static func plainText(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog,
        submittedAt: Int64, numbers: [String: Int] = [:]
    ) -> String {
        var out = questionnaire.title.text(language).uppercased() + "\n"
        out += catalog.text(.copyHeader, language, ["date": CivilDate(vietnamTime: submittedAt).vietnamese])
        out += "\n"
        var number = 0
        for section in sections(
            questionnaire: questionnaire, answers: answers, language: language, catalog: catalog, short: true)
        {
            out += "\n▶ " + neutralizingControls(section.title) + "\n"
            for (index, item) in section.items.enumerated() {
                number += 1
                let shown = numbers[section.keys[index]] ?? number
                out +=
                    "\(shown). \(neutralizingControls(item.question))\n→ \(neutralizingControls(item.answer))\n"
            }
        }
        return out
    }

    /// The answers that apply, section by section, as Markdown.
    public static func markdown(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog
    ) -> String {
        var out = "# \(questionnaire.title.text(language))\n\n"
        out += "\(questionnaire.id) \(questionnaire.version)\n"
        for section in sections(
            questionnaire: questionnaire, answers: answers, language: language, catalog: catalog)
        {
            out += "\n## \(escape(section.title))\n"
            for item in section.items {
                out += "\n**\(escape(item.question))**\n\n\(escape(item.answer))\n"
            }
        }
        return out
    }

    public static func escapeMarkdown(_ text: String) -> String { escape(text) }

    /// `text` with the control characters that could steer a terminal or a viewer (C0 controls but
    /// tab, line feed and carriage return; DEL; C1 controls) replaced by U+FFFD. The stored answer
    /// keeps them; documents made from it show the replacement character instead.
    public static func neutralizingControls(_ text: String) -> String {
        // Only a text that has one is rebuilt: a scan of its bytes (C1 controls are C2 80 to C2 9F).
        let utf8 = text.utf8
        var previous: UInt8 = 0
        var found = false
        for byte in utf8 {
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
                || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
            {
                found = true
                break
            }
            previous = byte
        }
        guard found else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control =
                (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D)
                || (0x7F...0x9F).contains(value)
            out.append(control ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    static func escape(_ text: String) -> String {
        let text = neutralizingControls(text)
        // Lines end at a line feed that is a character of its own (not the end of "\r\n"), as
        // splitting at the character "\n" does, without cutting the whole text into characters.
        var lines: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A && previous != 0x0D {
                lines.append(escapeLine(neutralized(String(text[start..<index]))))
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        lines.append(escapeLine(neutralized(String(text[start..<utf8.endIndex]))))
        return lines.joined(separator: "\n")
    }

    /// A heading, a quote, a list item, a rule or a setext underline ("---", "==="), a table, or an
    /// ordered list item ("1. ", "2) ") cannot start a line: such a line gets a backslash in front
    /// (and loses its leading spaces).
    private static func escapeLine(_ line: String) -> String {
        if let plain = plainLine(line) { return plain ? line : "\\" + line.drop { $0 == " " } }
        let trimmed = line.drop { $0 == " " }
        guard let first = trimmed.first else { return line }
        let ordered =
            first.isNumber && trimmed.drop(while: \.isNumber).first.map { ".)".contains($0) } ?? false
        let marker = "#>=-+*_|`~".contains(first) || ordered
        return marker ? "\\" + trimmed : line
    }

    /// Whether the line stays as it is (true) or gets a backslash (false), decided from its bytes
    /// where they settle it as the characters would; nil where only the characters can tell (a
    /// marker or a digit that a combining mark may join, a number that is not ASCII).
    private static func plainLine(_ line: String) -> Bool? {
        let utf8 = line.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        guard index != utf8.endIndex else { return true }
        let first = utf8[index]
        /// Whether the ASCII byte at `position` is a character of its own: nothing after it can join it.
        func standsAlone(_ position: String.UTF8View.Index) -> Bool {
            let next = utf8.index(after: position)
            return next == utf8.endIndex || utf8[next] < 0x80
        }
        if first >= 0x80 {
            // Never a marker; a number only if its first scalar is one.
            let scalar = line.unicodeScalars[index]
            return scalar.properties.numericType == nil ? true : nil
        }
        if "#>=-+*_|`~".utf8.contains(first) { return standsAlone(index) ? false : nil }
        guard first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return true }
        var after = index
        while after != utf8.endIndex, utf8[after] >= UInt8(ascii: "0"), utf8[after] <= UInt8(ascii: "9") {
            after = utf8.index(after: after)
        }
        guard after != utf8.endIndex else { return true }
        let next = utf8[after]
        guard next < 0x80, standsAlone(after) else { return nil }
        return !(next == UInt8(ascii: ".") || next == UInt8(ascii: ")"))
    }

    /// The line with each `<` written `&lt;`, and `[` and `]` escaped, as Foundation's
    /// `replacingOccurrences(of:with:)` does it, which costs more than the rest of a submission: so
    /// only where one of them sits next to something that is not ASCII (and Foundation's idea of
    /// where a character ends matters) does the line go through it.
    private static func neutralized(_ line: String) -> String {
        var line = line
        let simple: Bool? = line.withUTF8 { bytes in
            var found = false
            for (offset, byte) in bytes.enumerated() where isNeutralized(byte) {
                let previous = offset > 0 ? bytes[offset - 1] : 0
                let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
                if previous >= 0x80 || next >= 0x80 { return false }
                found = true
            }
            return found ? true : nil
        }
        switch simple {
        case nil: return line
        case false?:
            return line.replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
        case true?:
            var out: [UInt8] = []
            out.reserveCapacity(line.utf8.count + 16)
            for byte in line.utf8 {
                switch byte {
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: "["): out += "\\[".utf8
                case UInt8(ascii: "]"): out += "\\]".utf8
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func isNeutralized(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }
}

/// Reads a questionnaire from the plain-text format described in `Prompts/README.md`.
///
/// Every problem is reported with its file and line; a questionnaire is returned only when
/// there is no error (warnings are returned beside it).
public struct QuestionnaireParser {
    public struct Result: Sendable {
        public var questionnaire: Questionnaire?
        public var diagnostics: [Diagnostic]
    }

    private let file: String
    private var diagnostics: [Diagnostic] = []

    private init(file: String) {
        self.file = file
    }

    /// Parses `text`, naming `file` in every diagnostic.
    public static func parse(_ text: String, file: String) -> Result {
        var parser = QuestionnaireParser(file: file)
        let structure = KeyValueFile(text: text, file: file)
        parser.diagnostics = structure.diagnostics
        let questionnaire = parser.build(structure.blocks)
        let failed = parser.diagnostics.contains { $0.severity == .error }
        return Result(questionnaire: failed ? nil : questionnaire, diagnostics: parser.diagnostics)
    }

    /// Parses `text` and throws its diagnostics when it has an error.
    public static func load(_ text: String, file: String) throws(DiagnosticsError) -> Questionnaire {
        let result = parse(text, file: file)
        guard let questionnaire = result.questionnaire else { throw DiagnosticsError(result.diagnostics) }
        return questionnaire
    }

    private mutating func report(_ line: Int, _ message: String, _ severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(file: file, line: line, severity: severity, message: message))
    }

    private mutating func build(_ blocks: [KeyValueFile.Block]) -> Questionnaire? {
        var header = Attributes(blocks[0])
        let id = header.take("questionnaire")
        let version = header.take("version")
        let title = localized(&header, "title", required: true)
        let intro = localized(&header, "intro", required: false)
        var documents: [Document] = []
        for key in header.keys(withPrefix: "document ") where !key.hasSuffix(".en") {
            let docKey = String(key.dropFirst("document ".count))
            if let text = localized(&header, key, required: true) {
                documents.append(Document(key: docKey, title: text))
            }
        }
        if id == nil { report(1, "the file must start with \"questionnaire: ID\"") }
        if version == nil { report(1, "the questionnaire needs \"version:\"") }
        reportUnknown(header)

        var sections: [Section] = []
        var groups: [String: Group] = [:]
        var values: [String: Value] = [:]
        /// The group being read, with the "add another?" question that will close it.
        var openGroup: (group: Group, more: Question)?
        func closeGroup(at line: Int) {
            guard let (group, more) = openGroup else { return }
            openGroup = nil
            if group.questionIDs.isEmpty {
                report(line, "group \(group.id) has no question")
                return
            }
            var closed = group
            closed.questionIDs.append(more.id)
            groups[group.id] = closed
            sections[sections.count - 1].questions.append(more)
        }
        for block in blocks.dropFirst() {
            if block.kind == "end" && block.id == "group" {
                if openGroup == nil { report(block.line, "[end group] without a [group ID] above it") }
                reportUnknown(Attributes(block))
                closeGroup(at: block.line)
                continue
            }
            guard isValidID(block.id) else {
                report(
                    block.line, "\"\(block.id)\" is not a valid ID: use lowercase letters a-z, digits and -")
                continue
            }
            switch block.kind {
            case "section":
                if openGroup != nil {
                    report(block.line, "a group must end with [end group] before a new section")
                    closeGroup(at: block.line)
                }
                var attributes = Attributes(block)
                let sectionTitle = localized(&attributes, "title", required: true)
                let sectionIntro = localized(&attributes, "intro", required: false)
                let condition = attributes.take("when").flatMap { parseCondition($0, line: block.line) }
                let printedTitle = localized(&attributes, "print-title", required: false)
                let printedPart = localized(&attributes, "print-part", required: false)
                reportUnknown(attributes)
                sections.append(
                    Section(
                        id: block.id, title: sectionTitle ?? LocalizedText(vi: "", en: ""),
                        intro: sectionIntro,
                        condition: condition, questions: [], printedTitle: printedTitle,
                        printedPart: printedPart))
            case "question":
                guard !sections.isEmpty else {
                    report(block.line, "a question must come after a [section ID] line")
                    continue
                }
                if var question = buildQuestion(block) {
                    if let group = openGroup?.group {
                        question.group = group.id
                        // The group's own condition holds for each of its questions.
                        if let shared = openGroup?.more.condition {
                            question.condition = question.condition.map { .and(shared, $0) } ?? shared
                        }
                        openGroup?.group.questionIDs.append(question.id)
                    }
                    sections[sections.count - 1].questions.append(question)
                }
            case "group":
                guard !sections.isEmpty, openGroup == nil else {
                    report(block.line, "a group must be inside a section, and groups cannot be nested")
                    continue
                }
                var attributes = Attributes(block)
                let groupTitle =
                    localized(&attributes, "title", required: true) ?? LocalizedText(vi: "", en: "")
                let more = localized(&attributes, "more", required: true) ?? LocalizedText(vi: "", en: "")
                let maximum = attributes.take("max").map { Int($0) ?? 0 } ?? 10
                let condition = attributes.take("when").flatMap { parseCondition($0, line: block.line) }
                if !(1...50).contains(maximum) {
                    report(attributes.line(of: "max"), "max: takes a number from 1 to 50")
                }
                reportUnknown(attributes)
                let moreQuestion = Question(
                    id: block.id, kind: .yesNo, text: more, help: nil, reask: nil, citation: nil,
                    optional: false,
                    condition: condition, forEach: nil, options: [], none: nil, line: block.line,
                    group: block.id,
                    isGroupMore: true)
                openGroup = (
                    Group(id: block.id, title: groupTitle, questionIDs: [], maximum: maximum), moreQuestion
                )
            case "value":
                var attributes = Attributes(block)
                if let value = buildValue(block, &attributes) { values[block.id] = value }
                reportUnknown(attributes)
            default:
                report(
                    block.line,
                    "unknown block [\(block.kind) …]: use [section ID], [question ID], [group ID] or [value ID]"
                )
            }
        }
        if openGroup != nil {
            report(blocks.last?.line ?? 1, "the last group has no [end group]")
            closeGroup(at: blocks.last?.line ?? 1)
        }
        guard let id, let version, let title else { return nil }
        let questionnaire = Questionnaire(
            id: id, version: version, title: title, intro: intro, documents: documents, sections: sections,
            groups: groups, values: values)
        QuestionnaireChecks.check(questionnaire, file: file, into: &diagnostics)
        return questionnaire
    }

    private mutating func buildValue(_ block: KeyValueFile.Block, _ attributes: inout Attributes) -> Value? {
        if let parts = attributes.take("sum") {
            let ids = parts.split(separator: ",").map { String($0.trimmingSpaces) }
            return Value(id: block.id, rule: .sum(ids), line: block.line)
        }
        if let source = attributes.take("bands of") {
            var bands: [(floor: Int, label: LocalizedText)] = []
            for key in attributes.keys(withPrefix: "band ") where !key.hasSuffix(".en") {
                guard let floor = Int(key.dropFirst("band ".count)) else {
                    report(attributes.line(of: key), "\"\(key):\" must be \"band NUMBER:\"")
                    _ = attributes.take(key)
                    continue
                }
                if let label = localized(&attributes, key, required: true) { bands.append((floor, label)) }
            }
            if bands.isEmpty { report(block.line, "value \(block.id) needs \"band NUMBER: label\" lines") }
            return Value(id: block.id, rule: .bands(of: source, bands), line: block.line)
        }
        report(block.line, "value \(block.id) needs \"sum: QUESTION, QUESTION…\" or \"bands of: VALUE\"")
        return nil
    }

    private mutating func buildQuestion(_ block: KeyValueFile.Block) -> Question? {
        var attributes = Attributes(block)
        let kindText = attributes.take("kind")
        let text = localized(&attributes, "text", required: true)
        let help = localized(&attributes, "help", required: false)
        let reask = localized(&attributes, "reask", required: false)
        let none = localized(&attributes, "none", required: false)
        let short = localized(&attributes, "short", required: false)
        let citation = attributes.take("cite")
        let optionalText = attributes.take("optional")
        let condition = attributes.take("when").flatMap { parseCondition($0, line: block.line) }
        let forEach = attributes.take("for each")
        let meetingText = attributes.take("meeting")
        let meeting = meetingText.flatMap(Question.MeetingUse.init(rawValue:))
        if let meetingText, meeting == nil {
            report(
                attributes.line(of: "meeting"),
                "meeting: is one of "
                    + Question.MeetingUse.allCases.map(\.rawValue).joined(separator: ", ")
                    + ", not \"\(meetingText)\"")
        }
        let minimumText = attributes.take("min")
        let maximumText = attributes.take("max")
        var options: [Option] = []
        for key in attributes.keys(withPrefix: "option ") where !key.contains(".") {
            let optionID = String(key.dropFirst("option ".count))
            guard isValidID(optionID) else {
                report(attributes.line(of: key), "\"\(optionID)\" is not a valid option ID")
                continue
            }
            let label = localized(&attributes, key, required: true) ?? LocalizedText(vi: "", en: "")
            let cite = attributes.take(key + ".cite")
            let full = attributes.take(key + ".full")
            options.append(Option(id: optionID, label: label, citation: cite, fullText: full))
        }
        reportUnknown(attributes)

        guard let kindText else {
            report(block.line, "question \(block.id) needs \"kind:\" (\(Question.Kind.names))")
            return nil
        }
        guard let kind = Question.Kind(rawValue: kindText) ?? (kindText == "yesno" ? .yesNo : nil) else {
            report(
                attributes.line(of: "kind"),
                "unknown kind \"\(kindText)\": use \(Question.Kind.names)")
            return nil
        }
        var optional = false
        switch optionalText.map(Folding.fold) {
        case nil, "no": optional = false
        case "yes": optional = true
        default: report(attributes.line(of: "optional"), "optional: takes yes or no")
        }
        let hasOptions = kind == .single || kind == .multiple
        if hasOptions && options.isEmpty {
            report(block.line, "question \(block.id) is \(kind.rawValue) but has no \"option ID:\" lines")
        }
        if !hasOptions && !options.isEmpty {
            report(
                block.line,
                "question \(block.id) is \(kind.rawValue): options are only for single or multiple")
        }
        let minimum = minimumText.flatMap { Int($0) }
        let maximum = maximumText.flatMap { Int($0) }
        if kind == .number {
            if minimumText != nil && minimum == nil {
                report(attributes.line(of: "min"), "min: takes a whole number")
            }
            if maximumText != nil && maximum == nil {
                report(attributes.line(of: "max"), "max: takes a whole number")
            }
            if let minimum, let maximum, minimum > maximum {
                report(attributes.line(of: "min"), "min: is larger than max:")
            }
        } else if kind == .date, maximumText == nil, let minimumText {
            if !["today", "hom nay"].contains(Folding.fold(minimumText)) {
                report(attributes.line(of: "min"), "min: of a date question takes only \"today\"")
            }
        } else if minimumText != nil || maximumText != nil {
            report(
                attributes.line(of: "min"),
                "min: and max: are only for number questions (and min: today for a date)")
        }
        if none != nil && kind != .multiple {
            report(attributes.line(of: "none"), "\"none:\" is only for multiple-choice questions")
        }
        var question = Question(
            id: block.id, kind: kind, text: text ?? LocalizedText(vi: "", en: ""), help: help, reask: reask,
            citation: citation, optional: optional, condition: condition, forEach: forEach,
            options: options, none: none, line: block.line, minimum: kind == .date ? nil : minimum,
            maximum: maximum)
        question.notBeforeToday = kind == .date && minimumText != nil
        question.meeting = meeting
        question.short = short
        return question
    }

    /// Takes `key` and `key.en`; a missing English text is a warning, a missing Vietnamese one an error.
    private mutating func localized(_ attributes: inout Attributes, _ key: String, required: Bool)
        -> LocalizedText?
    {
        let line = attributes.line(of: key)
        let vi = attributes.take(key)
        let en = attributes.take(key + ".en")
        guard let vi else {
            if let en {
                report(
                    attributes.line(of: key + ".en"), "\"\(key).en:\" has no Vietnamese \"\(key):\" beside it"
                )
                return LocalizedText(vi: en, en: en)
            }
            if required { report(attributes.blockLine, "\"\(key):\" is missing") }
            return nil
        }
        if en == nil {
            report(line, "\"\(key):\" has no English text (add \"\(key).en:\")", .warning)
        }
        return LocalizedText(vi: vi, en: en ?? "")
    }

    private mutating func reportUnknown(_ attributes: Attributes) {
        for entry in attributes.remaining {
            if attributes.duplicates.contains(entry.line) {
                report(entry.line, "\"\(entry.key):\" is given twice in this block")
            } else {
                report(entry.line, "unknown key \"\(entry.key):\"")
            }
        }
    }

    private mutating func parseCondition(_ text: String, line: Int) -> Condition? {
        switch ConditionParser.parse(text) {
        case .success(let condition): return condition
        case .failure(let problem):
            report(line, "condition \"\(text)\": \(problem.message)")
            return nil
        }
    }
}

/// An ID as the format allows it: lowercase ASCII letters, digits and `-`.
func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 48
        && id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
}

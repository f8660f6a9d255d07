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
        for block in blocks.dropFirst() {
            guard isValidID(block.id) else {
                report(
                    block.line, "\"\(block.id)\" is not a valid ID: use lowercase letters a-z, digits and -")
                continue
            }
            switch block.kind {
            case "section":
                var attributes = Attributes(block)
                let sectionTitle = localized(&attributes, "title", required: true)
                let sectionIntro = localized(&attributes, "intro", required: false)
                let condition = attributes.take("when").flatMap { parseCondition($0, line: block.line) }
                reportUnknown(attributes)
                sections.append(
                    Section(
                        id: block.id, title: sectionTitle ?? LocalizedText(vi: "", en: ""),
                        intro: sectionIntro,
                        condition: condition, questions: []))
            case "question":
                guard !sections.isEmpty else {
                    report(block.line, "a question must come after a [section ID] line")
                    continue
                }
                if let question = buildQuestion(block) {
                    sections[sections.count - 1].questions.append(question)
                }
            default:
                report(block.line, "unknown block [\(block.kind) …]: use [section ID] or [question ID]")
            }
        }
        guard let id, let version, let title else { return nil }
        let questionnaire = Questionnaire(
            id: id, version: version, title: title, intro: intro, documents: documents, sections: sections)
        QuestionnaireChecks.check(questionnaire, file: file, into: &diagnostics)
        return questionnaire
    }

    private mutating func buildQuestion(_ block: KeyValueFile.Block) -> Question? {
        var attributes = Attributes(block)
        let kindText = attributes.take("kind")
        let text = localized(&attributes, "text", required: true)
        let help = localized(&attributes, "help", required: false)
        let reask = localized(&attributes, "reask", required: false)
        let none = localized(&attributes, "none", required: false)
        let citation = attributes.take("cite")
        let optionalText = attributes.take("optional")
        let condition = attributes.take("when").flatMap { parseCondition($0, line: block.line) }
        let forEach = attributes.take("for each")
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
            report(block.line, "question \(block.id) needs \"kind:\" (yes/no, single, multiple or text)")
            return nil
        }
        guard let kind = Question.Kind(rawValue: kindText) ?? (kindText == "yesno" ? .yesNo : nil) else {
            report(
                attributes.line(of: "kind"),
                "unknown kind \"\(kindText)\": use yes/no, single, multiple or text")
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
        if none != nil && kind != .multiple {
            report(attributes.line(of: "none"), "\"none:\" is only for multiple-choice questions")
        }
        return Question(
            id: block.id, kind: kind, text: text ?? LocalizedText(vi: "", en: ""), help: help, reask: reask,
            citation: citation, optional: optional, condition: condition, forEach: forEach,
            options: options, none: none, line: block.line)
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

extension Turn {
    /// The text and buttons that ask one step.
    func prompt(for step: Step) -> (text: String, buttons: [Button]) {
        let question = questionnaire.questions[step.position]
        // Values from the answers and the roster change from one member to the next.
        guard question.kind != .member, !Turn.showsValues(question.text.text(language)) else {
            return composePrompt(for: step)
        }
        guard let memos = context.memos else { return composePrompt(for: step) }
        return memos.prompts.prompt(for: step, in: questionnaire, language: language) {
            composePrompt(for: step)
        }
    }

    /// Whether a question's text has a placeholder other than `{option}` (the option a `for each`
    /// follow-up is about, which the step itself says): those show values worked out from the answers.
    static func showsValues(_ text: String) -> Bool {
        let utf8 = text.utf8
        var rest = utf8[...]
        while let open = rest.firstIndex(of: UInt8(ascii: "{")) {
            let afterOpen = utf8.index(after: open)
            guard let close = utf8[afterOpen...].firstIndex(of: UInt8(ascii: "}")) else { return false }
            if !utf8[afterOpen..<close].elementsEqual("option".utf8) { return true }
            rest = utf8[utf8.index(after: close)...]
        }
        return false
    }

    private func composePrompt(for step: Step) -> (text: String, buttons: [Button]) {
        let question = questionnaire.questions[step.position]
        var lines = [questionText(step)]
        if let round = step.round, let groupID = question.group, let group = questionnaire.groups[groupID],
            group.questionIDs.first == question.id
        {
            lines.insert(
                text(.groupRound, ["title": group.title.text(language), "round": String(round)]), at: 0)
        }
        var buttons: [Button] = []
        switch question.kind {
        case .multiple:
            var list = question.options.enumerated().map {
                "\($0.offset + 1). \($0.element.label.text(language))"
            }
            if let none = question.none {
                list.append(text(.noneOption, ["label": none.text(language)]))
            }
            lines.append(list.joined(separator: "\n"))
        case .single:
            buttons = question.options.map {
                Button(label: $0.label.text(language), payload: "a/\(step.position)/\($0.id)")
            }
        case .yesNo:
            buttons = [
                Button(label: text(.answerYes), payload: "a/\(step.position)/yes"),
                Button(label: text(.answerNo), payload: "a/\(step.position)/no"),
            ]
        case .text, .number, .date:
            break
        case .longText:
            // Said at the first long answer; after each part the member is told again.
            if !questionnaire.questions[..<step.position].contains(where: { $0.kind == .longText }) {
                lines.append(text(.longTextHint))
            }
        case .member:
            lines += rosterPage()
        }
        var notes: [String] = []
        if let citation = step.option(in: questionnaire)?.citation ?? question.citation,
            !citesAsBefore(step),
            case let shown = questionnaire.citationText(citation, language: language),
            !lines[0].contains(shown)
        {
            notes.append(
                text(.citation, ["citation": shown]))
        }
        if question.optional { notes.append(text(.optionalHint)) }
        if !notes.isEmpty { lines.append(notes.joined(separator: "\n")) }
        return (lines.joined(separator: "\n\n"), buttons)
    }

    /// How many names of the branch's list a `member` question shows at once.
    static let rosterPageSize = 20

    /// The page of the branch's list a `member` question shows, numbered as the whole list, and how
    /// to see the rest when it does not fit one page.
    func rosterPage() -> [String] {
        let roster = context.roster
        // No list to choose from (a store without a roster, a branch of one): the name is typed.
        guard !roster.isEmpty else { return [text(.rosterNone)] }
        let size = Turn.rosterPageSize
        let start = min(state.rosterPage * size, (roster.count - 1) / size * size)
        let end = min(start + size, roster.count)
        var lines = [
            roster[start..<end].enumerated().map { "\(start + $0.offset + 1). \($0.element.name)" }
                .joined(separator: "\n")
        ]
        if roster.count > size {
            let more = end < roster.count ? MessageKey.rosterMore : .rosterLast
            lines.append(
                text(more, ["from": String(start + 1), "to": String(end), "count": String(roster.count)]))
        }
        return lines
    }

    /// Whether the question before this one in the same section shows the same citation: it is
    /// then not repeated (an option's own citation always is).
    func citesAsBefore(_ step: Step) -> Bool {
        guard step.option(in: questionnaire)?.citation == nil, step.position > 0,
            let citation = questionnaire.questions[step.position].citation
        else { return false }
        let previous = questionnaire.questions[step.position - 1]
        return previous.citation == citation
            && questionnaire.section(atPosition: step.position - 1).id
                == questionnaire.section(atPosition: step.position).id
    }

    /// A typed name without the title before it (“đồng chí”, “dong chi”, “đ/c”, “đc”), as the
    /// questions put “đồng chí” before the name themselves; the name itself when it is all title.
    static func withoutTitle(_ name: String) -> String {
        let words = name.split(separator: " ")
        let folded = words.prefix(2).map { Folding.fold(String($0)) }
        let count: Int
        if let first = words.first, ["đ/c", "d/c", "đc", "dc"].contains(first.lowercased()) {
            count = 1
        } else if folded.count >= 2, folded[0] == "dong", folded[1] == "chi" {
            count = 2
        } else {
            count = 0
        }
        guard count > 0, words.count > count else { return name }
        return words.dropFirst(count).joined(separator: " ")
    }

    /// The question's text with `{option}` and every `{VALUE}` filled in.
    func questionText(_ step: Step) -> String {
        let question = questionnaire.questions[step.position]
        let body = question.text.text(language)
        guard body.utf8.contains(UInt8(ascii: "{")) else { return body }
        var values: [String: String] = [:]
        if let option = step.option(in: questionnaire) { values["option"] = option.label.text(language) }
        for id in questionnaire.values.keys {
            values[id] = questionnaire.valueText(id, given: state.answers, language: language) ?? "?"
        }
        // A fellow member chosen earlier (in the same round of a group): their name, said back.
        for other in questionnaire.questions where other.kind == .member && body.contains("{\(other.id)}") {
            let key = step.round.map { "\(other.id)#\($0)" } ?? other.id
            switch state.answers[key] ?? state.answers[other.id] {
            case .member(_, let name)?: values[other.id] = name
            // Without a roster the member typed the name: said back as typed, never the placeholder,
            // without a title typed before it (“dong chi Tran Van Binh”): the question says “đồng chí”.
            case .text(let name)?: values[other.id] = Turn.withoutTitle(AnswerMatcher.trimmedText(name))
            default: break
            }
        }
        return Catalog.fill(body, values)
    }

    func sectionHeading(_ section: Section) -> String {
        guard let memos = context.memos else { return composeHeading(section) }
        return memos.prompts.heading(of: section, in: questionnaire, language: language) {
            composeHeading(section)
        }
    }

    private func composeHeading(_ section: Section) -> String {
        let number = (questionnaire.sections.firstIndex { $0.id == section.id } ?? 0) + 1
        var heading = text(
            .sectionHeading,
            [
                "number": String(number), "total": String(questionnaire.sections.count),
                "title": section.title.text(language),
            ])
        if let intro = section.intro { heading += "\n" + intro.text(language) }
        return heading
    }

    /// An answer as the member reads it back.
    func describe(_ answer: Answer, for step: Step) -> String {
        let question = questionnaire.questions[step.position]
        switch answer {
        case .yesNo(let value): return text(value ? .answerYes : .answerNo)
        case .choice(let id): return question.option(id)?.label.text(language) ?? id
        case .choices(let ids):
            if ids.isEmpty { return question.none?.text(language) ?? text(.answerNone) }
            return ids.map { id in
                let index = question.options.firstIndex { $0.id == id }
                let label = index.map { question.options[$0].label.text(language) } ?? id
                return index.map { "\($0 + 1). \(label)" } ?? label
            }.joined(separator: "; ")
        case .text(let value): return value
        case .number(let value): return String(value)
        case .date(let iso): return CivilDate(iso: iso)?.vietnamese ?? iso
        case .member(_, let name): return name
        case .skipped: return text(.answerSkipped)
        }
    }

    /// The step's question in one short line, for the review list: remembered per questionnaire,
    /// step and language when the host gave memos and the title takes nothing from the answers (a
    /// short title, or a question without `{…}`). A review list shows every step's title each time.
    func shortTitle(of step: Step) -> String {
        let question = questionnaire.questions[step.position]
        guard let memos = context.memos,
            question.short != nil || !question.text.text(language).utf8.contains(UInt8(ascii: "{"))
        else { return composeShortTitle(step) }
        return memos.prompts.title(of: step, in: questionnaire, language: language) {
            composeShortTitle(step)
        }
    }

    private func composeShortTitle(_ step: Step) -> String {
        let question = questionnaire.questions[step.position]
        var title =
            question.short.map { short in
                let label = short.text(language)
                guard let option = step.option(in: questionnaire) else { return label }
                return label + ": " + option.label.text(language)
            } ?? questionText(step)
        if let round = step.round { title = "[\(round)] " + title }
        var count = 0
        let scalars = title.unicodeScalars
        for index in scalars.indices {
            if scalars[index] == "\n" { return String(scalars[..<index]) }
            count += 1
            if count == 90 { return String(scalars[..<index]) + "…" }
        }
        return title
    }
}

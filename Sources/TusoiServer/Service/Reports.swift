import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// Progress and transcripts for facilitators: reads the store, renders with the engine.
public struct Reports {
    public let store: any BotStore
    public let catalog: Catalog
    private var questionnaires: [Int64: Questionnaire] = [:]

    public init(store: any BotStore, catalog: Catalog) {
        self.store = store
        self.catalog = catalog
    }

    /// One member's line of the progress table.
    public struct Line: Sendable {
        public var progress: MemberProgress
        /// Steps answered and steps that apply; nil before the member started.
        public var answered: Int?
        public var total: Int?
        public var percent: Int? { answered.flatMap { done in total.map { $0 == 0 ? 0 : done * 100 / $0 } } }
    }

    public mutating func progress(branchCode: String?, campaignID: Int64? = nil) throws -> [Line] {
        try store.progress(branchCode: branchCode, campaignID: campaignID).map { item in
            guard let session = item.sessionID, let row = item.questionnaireRow else {
                return Line(progress: item, answered: nil, total: nil)
            }
            let questionnaire = try self.questionnaire(row)
            let answers = try store.currentAnswers(sessionID: session)
            let steps = questionnaire.steps(given: answers)
            return Line(
                progress: item, answered: steps.filter { answers[$0.key] != nil }.count, total: steps.count)
        }
    }

    /// The member's self-review as Markdown: the submitted copy, or the answers so far.
    public mutating func markdown(_ item: MemberProgress) throws -> String {
        // Whose review this is, visibly (the comment is for tools): reviews one after another in one
        // file must be told apart once rendered.
        let escape = TranscriptRenderer.escapeMarkdown
        let header =
            "<!-- \(item.member.name), \(item.member.branchName), \(item.status.rawValue) -->\n"
            + "**\(catalog.text(.formName, .vi)):** \(escape(item.member.name)) · "
            + "**\(catalog.text(.formBranch, .vi)):** \(escape(item.member.branchName))\n\n"
        guard let session = item.sessionID, let row = item.questionnaireRow else {
            return header + "(\(catalog.text(.statusNotStarted, .vi)))\n"
        }
        if let submitted = try store.submittedDocument(sessionID: session) {
            return header + submitted.document + (try historyMarkdown(sessionID: session))
        }
        let answers = try store.currentAnswers(sessionID: session)
        return header
            + TranscriptRenderer.markdown(
                questionnaire: try questionnaire(row), answers: answers, language: .vi, catalog: catalog)
    }

    /// The member's self-review laid out like the paper form, for a printable HTML page: the current
    /// answers (the final submission once submitted), with the history of submissions and returns.
    /// A review returned for revision shows its last submission (the revision is a draft until it is
    /// sent); `version` (from 1) shows an earlier submission.
    public mutating func paperForm(
        _ item: MemberProgress, campaign: CampaignRecord?, language: Language, version shown: Int? = nil
    ) throws -> PaperForm {
        let member = item.member
        let role: MessageKey =
            switch member.role {
            case .member: .formRoleMember
            case .facilitator: .formRoleFacilitator
            case .committee: .formRoleCommittee
            }
        var sections: [PaperForm.Section] = []
        var history: [PaperForm.HistoryEntry] = []
        var branchView: PaperForm.BranchView?
        var status = catalog.text(.formStatusDraft, language)
        var signedAt: Int64?
        var title = campaign?.title ?? ""
        var version = ""
        if let session = item.sessionID, let row = item.questionnaireRow {
            let questionnaire = try questionnaire(row)
            title = title.isEmpty ? questionnaire.title.text(language) : title
            version = "\(questionnaire.id) \(questionnaire.version)"
            let events = try store.history(sessionID: session)
            let total = events.filter { $0.kind == SessionEventKind.submitted.rawValue }.count
            let asOf = shown ?? (item.status == .returned && total > 0 ? total : nil)
            let answers =
                try asOf.flatMap { try store.answers(sessionID: session, asOfSubmission: $0) }
                ?? store.currentAnswers(sessionID: session)
            sections = TranscriptRenderer.sections(
                questionnaire: questionnaire, answers: answers, language: language, catalog: catalog
            ).map { section in
                PaperForm.Section(
                    title: section.printedTitle ?? section.title,
                    items: section.items.map { PaperForm.Item(question: $0.question, answer: $0.answer) },
                    part: section.printedPart)
            }
            var submissions = 0
            var shownAt: Int64?
            for event in events {
                let date = CampaignCalendar.day(event.at)
                if event.kind == SessionEventKind.submitted.rawValue { branchView = nil }
                if event.kind == SessionEventKind.submitted.rawValue {
                    submissions += 1
                    signedAt = event.at
                    if submissions == asOf { shownAt = event.at }
                    history.append(
                        PaperForm.HistoryEntry(
                            label: catalog.text(
                                .historySubmitted, language, ["number": String(submissions), "date": date]),
                            at: date))
                } else if event.kind == SessionEventKind.returned.rawValue {
                    history.append(
                        PaperForm.HistoryEntry(
                            label: catalog.text(.formHistoryReturned, language), at: date,
                            comment: event.document)
                    )
                } else if event.kind == SessionEventKind.concluded.rawValue,
                    let view = Self.conclusion(event.document)
                {
                    branchView = PaperForm.BranchView(comment: view.comment, rating: view.rating)
                    history.append(
                        PaperForm.HistoryEntry(
                            label: catalog.text(.historyConcluded, language, ["date": date]), at: date,
                            comment: view.comment))
                } else if event.kind == SessionEventKind.tookIn.rawValue {
                    branchView?.answer = event.document ?? catalog.text(.formTookIn, language)
                    history.append(
                        PaperForm.HistoryEntry(
                            label: catalog.text(.historyTookIn, language), at: date, comment: event.document))
                }
            }
            if let asOf, let shownAt, asOf < total || item.status == .returned {
                // An earlier submission, or the last one of a review being revised.
                signedAt = shownAt
                if asOf < total { branchView = nil }
                status = catalog.text(
                    asOf < total ? .formStatusSuperseded : .formStatusReturned, language,
                    ["number": String(asOf), "date": CampaignCalendar.day(shownAt), "latest": String(total)])
            } else if item.status == .submitted, let signedAt {
                status = catalog.text(
                    .formStatusSubmitted, language,
                    ["number": String(submissions), "date": CampaignCalendar.day(signedAt)])
            }
        }
        let date = CivilDate(vietnamTime: signedAt ?? 0)
        // Dated from the committee's place; left to fill by hand until the member submits.
        let placeAndDate = catalog.text(
            .formDate, language,
            [
                "place": PaperForm.place(of: member.committee),
                "day": signedAt == nil ? "…" : String(date.day),
                "month": signedAt == nil ? "…" : String(date.month),
                "year": signedAt == nil ? "…" : String(date.year),
            ])
        return PaperForm(
            committee: member.committee, branch: member.branchName, memberName: member.name,
            dateOfBirth: member.birthDate.flatMap { CivilDate(iso: $0)?.vietnamese ?? $0 },
            workplace: member.unit, partyRole: catalog.text(role, language),
            campaignTitle: campaign?.title ?? "",
            questionnaireTitle: title, questionnaireVersion: version, placeAndDate: placeAndDate,
            status: status,
            sections: sections, history: history.count > 1 ? history : [], branchView: branchView)
    }

    /// The comment and rating of a `concluded` event's document.
    static func conclusion(_ document: String?) -> (comment: String, rating: String?)? {
        guard let document, let value = try? JSONParser.parse(Array(document.utf8)),
            case .string(let comment)? = value["comment"]
        else { return nil }
        if case .string(let rating)? = value["rating"] { return (comment, rating) }
        return (comment, nil)
    }

    /// The submissions and returns of a session, as a Markdown section; empty after a single submission.
    public func historyMarkdown(sessionID: Int64) throws -> String {
        let events = try store.history(sessionID: sessionID)
        guard events.count > 1 else { return "" }
        var out = "\n## \(catalog.text(.historyHeader, .vi))\n\n"
        var submissions = 0
        for event in events {
            let date = CampaignCalendar.day(event.at)
            if event.kind == SessionEventKind.submitted.rawValue {
                submissions += 1
                out +=
                    "- "
                    + catalog.text(.historySubmitted, .vi, ["number": String(submissions), "date": date])
                    + "\n"
            } else if event.kind == SessionEventKind.returned.rawValue {
                let comment = TranscriptRenderer.escapeMarkdown(event.document ?? "")
                out += "- " + catalog.text(.historyReturned, .vi, ["date": date, "comment": comment]) + "\n"
            } else if event.kind == SessionEventKind.concluded.rawValue,
                let view = Self.conclusion(event.document)
            {
                out +=
                    "- " + catalog.text(.historyConcluded, .vi, ["date": date]) + ": “"
                    + TranscriptRenderer.escapeMarkdown(view.comment) + "”"
                    + (view.rating.map { " (" + TranscriptRenderer.escapeMarkdown($0) + ")" } ?? "") + "\n"
            } else if event.kind == SessionEventKind.tookIn.rawValue {
                out +=
                    "- " + catalog.text(.historyTookIn, .vi)
                    + (event.document.map { ": “" + TranscriptRenderer.escapeMarkdown($0) + "”" } ?? "")
                    + "\n"
            }
        }
        return out
    }

    /// One answer of a self-review, for spreadsheets and other tools.
    public struct AnswerRow: Equatable, Sendable {
        /// The step's key (`chi-tiet:lam-bieng`, `gop-y#2`).
        public var key: String
        /// The question as the member read it (a follow-up names its option).
        public var question: String
        /// The answer as the store encodes it: its kind and its value (option ids, `yes`…).
        public var kind: String
        public var value: String
        /// The answer as a person reads it: option labels (several joined by “; ”), “Có”, a name.
        public var label: String
        /// The answer's code beside its label (option ids, `yes`/`no`, a member's `m12`, an ISO
        /// date); empty for a text, whose label is all there is.
        public var code: String
    }

    /// The member's answers that apply, in step order, with their questions in `language`.
    public mutating func answerRows(_ item: MemberProgress, language: Language = .vi) throws -> [AnswerRow] {
        guard let session = item.sessionID, let row = item.questionnaireRow else { return [] }
        let questionnaire = try questionnaire(row)
        let answers = try store.currentAnswers(sessionID: session)
        let asked = TranscriptRenderer.sections(
            questionnaire: questionnaire, answers: answers, language: language, catalog: catalog
        ).flatMap { $0.items.map(\.question) }
        return zip(questionnaire.steps(given: answers), asked).compactMap { step, question in
            guard let answer = answers[step.key] else { return nil }
            let (kind, value) = AnswerCoding.encode(answer)
            let (label, code) = Self.labelAndCode(
                answer, question: questionnaire.questions[step.position], language: language, catalog: catalog
            )
            return AnswerRow(
                key: step.key, question: question, kind: kind, value: value, label: label, code: code)
        }
    }

    /// How an answer reads in a spreadsheet's cell, and its code for the cell beside it.
    static func labelAndCode(_ answer: Answer, question: Question, language: Language, catalog: Catalog) -> (
        String, String
    ) {
        switch answer {
        case .yesNo(let value):
            return (catalog.text(value ? .answerYes : .answerNo, language), value ? "yes" : "no")
        case .choice(let id):
            return (question.option(id)?.label.text(language) ?? id, id)
        case .choices(let ids):
            guard !ids.isEmpty else {
                return (question.none?.text(language) ?? catalog.text(.answerNone, language), "0")
            }
            let labels = ids.map { question.option($0)?.label.text(language) ?? $0 }
            return (labels.joined(separator: "; "), ids.joined(separator: "; "))
        case .text(let text): return (text, "")
        case .number(let value): return (String(value), String(value))
        case .date(let iso): return (CivilDate(iso: iso)?.vietnamese ?? iso, iso)
        case .member(let id, let name): return (name, id)
        case .skipped: return (catalog.text(.answerSkipped, language), "")
        }
    }

    mutating func questionnaire(_ row: Int64) throws -> Questionnaire {
        if let loaded = questionnaires[row] { return loaded }
        guard let stored = try store.questionnaireSource(row: row) else {
            throw ServiceError.missingQuestionnaire(row: row)
        }
        let parsed = try QuestionnaireParser.load(stored.source, file: "store:questionnaire/\(row)")
        questionnaires[row] = parsed
        return parsed
    }
}

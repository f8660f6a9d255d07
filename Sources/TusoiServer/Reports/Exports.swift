import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// The exports of self-reviews for the branch meeting and for other tools, in each format.
enum Exports {
    /// The formats, by the name `--format` takes. Rendering switches over every case, so a format
    /// added here does not compile until it is rendered.
    enum Format: String, CaseIterable, Sendable {
        case md, html, csv, json
    }

    /// The members' self-reviews in `format`: Markdown (the final versions with their history), the
    /// printable paper form (HTML), one CSV row per answer (for a spreadsheet: see ``csv(_:language:wording:reports:)``),
    /// or JSON (everything).
    /// - Parameters:
    ///   - versions: whether the earlier submissions of reviews returned for revision are included
    ///     (md, html and json; see `Exports+Versions.swift`).
    static func render(
        _ items: [MemberProgress], format: Format, campaign: CampaignRecord?, language: Language,
        wording: CommandWording, csvSeparator: Character = ",", versions: Bool = false, reports: inout Reports
    ) throws -> String {
        switch format {
        case .csv:
            return try csv(
                items, language: language, wording: wording, separator: csvSeparator, reports: &reports)
        case .json:
            return JSONValue.array(
                try items.map { item in
                    let value = try json(item, reports: &reports)
                    return versions ? try withVersions(value, item, reports: &reports) : value
                }
            ).jsonText + "\n"
        case .html:
            let forms = try items.flatMap { item in
                [try reports.paperForm(item, campaign: campaign, language: language)]
                    + (versions
                        ? try earlierForms(item, campaign: campaign, language: language, reports: &reports)
                        : [])
            }
            return PaperForm.htmlBook(forms, language: language, catalog: reports.catalog)
        case .md:
            return try items.map { item in
                try reports.markdown(item)
                    + (versions ? try earlierMarkdown(item, language: language, reports: reports) : "")
            }.joined(separator: "\n\n---\n\n")
        }
    }

    /// Everything about one member's self-review, for other tools: answers, the final Markdown, and
    /// the history of submissions and returns.
    private static func json(_ item: MemberProgress, reports: inout Reports) throws -> JSONValue {
        let history: [JSONValue] =
            try item.sessionID.map { session in
                try reports.store.history(sessionID: session).map { event in
                    .object([
                        "kind": .string(event.kind), "at": .integer(event.at),
                        "comment": event.kind == SessionEventKind.submitted.rawValue
                            ? .null
                            : event.kind == SessionEventKind.concluded.rawValue
                                ? (Reports.conclusion(event.document)?.comment).map(JSONValue.string) ?? .null
                                : event.document.map(JSONValue.string) ?? .null,
                        "rating": (Reports.conclusion(event.document)?.rating).map(JSONValue.string) ?? .null,
                    ])
                }
            } ?? []
        return .object([
            "member": .string(item.member.name), "branch": .string(item.member.branchCode),
            "status": .string(item.status.rawValue),
            "answers": .array(
                try reports.answerRows(item).map { row in
                    .object(["key": .string(row.key), "kind": .string(row.kind), "value": .string(row.value)])
                }),
            "markdown": .string(try reports.markdown(item)),
            "history": .array(history),
        ])
    }

    /// One row per answer, for a spreadsheet: the labels of `cli.txt` as column headings, the
    /// status and the answers as a person reads them (option labels, several joined by “; ” in one
    /// cell), the codes in columns of their own, one value a cell. Safe against formulas.
    static func csv(
        _ items: [MemberProgress], language: Language, wording: CommandWording, separator: Character = ",",
        reports: inout Reports
    ) throws -> String {
        let header: [CommandKey] = [
            .columnBranch, .columnName, .columnStatus, .columnQuestion, .columnAnswer, .columnQuestionKey,
            .columnAnswerCode,
        ]
        var rows: [[String]] = []
        for item in items {
            let status = Console(language: language, wording: wording).status(item.status)
            for answer in try reports.answerRows(item, language: language) {
                rows.append([
                    item.member.branchCode, item.member.name, status, answer.question, answer.label,
                    answer.key,
                    answer.code,
                ])
            }
        }
        return CSV.document(
            header: header.map { wording.text($0, language) }, rows: rows, separator: separator)
    }
}

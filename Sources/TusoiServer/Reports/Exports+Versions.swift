import TusoiEngine
import TusoiStore
import TusoiWire

/// The earlier submissions of a self-review returned for revision, for `tusoi export --versions`:
/// every submission but the last (which the export shows anyway), oldest first.
extension Exports {
    /// The times and stored documents (the member's copy, Markdown) of a review's submissions.
    private static func submissions(_ item: MemberProgress, reports: Reports) throws -> [(
        at: Int64, document: String?
    )] {
        guard let session = item.sessionID else { return [] }
        return try reports.store.history(sessionID: session).filter {
            $0.kind == SessionEventKind.submitted.rawValue
        }
        .map { ($0.at, $0.document) }
    }

    /// The paper forms of the earlier submissions.
    static func earlierForms(
        _ item: MemberProgress, campaign: CampaignRecord?, language: Language, reports: inout Reports
    ) throws -> [PaperForm] {
        let count = try submissions(item, reports: reports).count
        guard count > 1 else { return [] }
        return try (1..<count).map {
            try reports.paperForm(item, campaign: campaign, language: language, version: $0)
        }
    }

    /// The earlier submissions as the member received them, each under its heading.
    static func earlierMarkdown(_ item: MemberProgress, language: Language, reports: Reports) throws -> String
    {
        try submissions(item, reports: reports).dropLast().enumerated().map { index, submission in
            let heading = reports.catalog.text(
                .exportVersionHeading, language,
                ["number": String(index + 1), "date": CampaignCalendar.day(submission.at)])
            return "\n\n---\n\n## \(heading)\n\n" + (submission.document ?? "")
        }.joined()
    }

    /// `value` with a `versions` array: each earlier submission's number, time and Markdown.
    static func withVersions(_ value: JSONValue, _ item: MemberProgress, reports: inout Reports) throws
        -> JSONValue
    {
        guard case .object(var fields) = value else { return value }
        fields["versions"] = .array(
            try submissions(item, reports: reports).dropLast().enumerated().map { index, submission in
                .object([
                    "number": .integer(Int64(index + 1)), "at": .integer(submission.at),
                    "markdown": submission.document.map(JSONValue.string) ?? .null,
                ])
            })
        return .object(fields)
    }
}

import TusoiEngine
import TusoiStore

/// Counts a committee's campaign for its summary: members by status per branch, how many members
/// named each manifestation (every multiple-choice question, by its section), and the rating
/// proposals (every single-choice question, by option). Only submitted self-reviews are tallied,
/// and in them only the questions that apply to the answers given.
struct SummaryBuilder {
    let store: any BotStore
    let catalog: Catalog
    private var questionnaires: [Int64: Questionnaire] = [:]

    init(store: any BotStore, catalog: Catalog) {
        self.store = store
        self.catalog = catalog
    }

    mutating func build(
        committee: String, branchCodes: [String], campaign: CampaignRecord?, now: Int64, language: Language
    ) throws -> SummaryReport {
        let names = Dictionary(uniqueKeysWithValues: try store.branches().map { ($0.code, $0.name) })
        var rows: [SummaryReport.BranchRow] = []
        var totals = SummaryReport.Counts(members: 0, submitted: 0, inProgress: 0, notStarted: 0, returned: 0)
        // Section title → option label → members; kept in the questionnaire's order.
        var groups: [(title: String, items: [(label: String, count: Int)])] = []
        var ratings: [(label: String, count: Int)] = []
        var branchRatings: [(label: String, count: Int)] = []
        func add(_ label: String, to list: inout [(label: String, count: Int)]) {
            if let index = list.firstIndex(where: { $0.label == label }) {
                list[index].count += 1
            } else {
                list.append((label, 1))
            }
        }
        for code in branchCodes {
            let members = try store.progress(branchCode: code, campaignID: campaign?.id).filter {
                !$0.member.revoked
            }
            var counts = SummaryReport.Counts(
                members: members.count, submitted: 0, inProgress: 0, notStarted: 0, returned: 0)
            for item in members {
                switch item.status {
                case .submitted: counts.submitted += 1
                case .returned: counts.returned += 1
                case .inProgress: counts.inProgress += 1
                default: counts.notStarted += 1
                }
                guard item.status == .submitted, let session = item.sessionID,
                    let row = item.questionnaireRow
                else { continue }
                // The branch's latest conclusion since the last submission, if it proposed a rating.
                var proposed: String?
                for event in try store.history(sessionID: session) {
                    if event.kind == SessionEventKind.submitted.rawValue { proposed = nil }
                    if event.kind == SessionEventKind.concluded.rawValue {
                        proposed = Reports.conclusion(event.document)?.rating
                    }
                }
                if let proposed { add(proposed, to: &branchRatings) }
                let questionnaire = try self.questionnaire(row)
                let answers = try store.currentAnswers(sessionID: session)
                // An answer to a question that no longer applies (the member changed an earlier
                // answer) stays in the history but is not part of the submission: it is not counted.
                let applicable = Set(questionnaire.steps(given: answers).map(\.key))
                for question in questionnaire.questions where applicable.contains(question.id) {
                    let section = questionnaire.section(of: question.id)?.title.text(language) ?? ""
                    switch (question.kind, answers[question.id]) {
                    case (.multiple, .choices(let chosen)?):
                        if !groups.contains(where: { $0.title == section }) {
                            // Every option is listed, named or not, so that zeros show.
                            groups.append((section, question.options.map { ($0.label.text(language), 0) }))
                        }
                        let index = groups.firstIndex { $0.title == section }!
                        for option in question.options where chosen.contains(option.id) {
                            add(option.label.text(language), to: &groups[index].items)
                        }
                    case (.single, .choice(let chosen)?):
                        if ratings.isEmpty {
                            // Every rating any single-choice question offers is listed, in the
                            // questionnaire's order, so that zeros show when the rating is asked
                            // by score band (one question per band, each with the ratings it allows).
                            for single in questionnaire.questions where single.kind == .single {
                                for option in single.options
                                where !ratings.contains(where: { $0.label == option.label.text(language) }) {
                                    ratings.append((option.label.text(language), 0))
                                }
                            }
                        }
                        if let option = question.options.first(where: { $0.id == chosen }) {
                            add(option.label.text(language), to: &ratings)
                        }
                    default: break
                    }
                }
            }
            totals.members += counts.members
            totals.submitted += counts.submitted
            totals.inProgress += counts.inProgress
            totals.notStarted += counts.notStarted
            totals.returned += counts.returned
            rows.append(SummaryReport.BranchRow(name: names[code] ?? code, counts: counts))
        }
        return SummaryReport(
            committee: committee, campaignTitle: campaign?.title ?? "",
            generatedAt: CampaignCalendar.day(now) + " " + CampaignCalendar.time(now), totals: totals,
            branches: rows,
            manifestations: groups.map { group in
                SummaryReport.ManifestationGroup(
                    title: group.title, items: group.items.map { SummaryReport.Tally($0.label, $0.count) })
            },
            ratings: ratings.map { SummaryReport.Tally($0.label, $0.count) },
            branchRatings: branchRatings.map { SummaryReport.Tally($0.label, $0.count) })
    }

    private mutating func questionnaire(_ row: Int64) throws -> Questionnaire {
        if let loaded = questionnaires[row] { return loaded }
        guard let stored = try store.questionnaireSource(row: row) else {
            throw ServiceError.missingQuestionnaire(row: row)
        }
        let parsed = try QuestionnaireParser.load(stored.source, file: "store:questionnaire/\(row)")
        questionnaires[row] = parsed
        return parsed
    }
}

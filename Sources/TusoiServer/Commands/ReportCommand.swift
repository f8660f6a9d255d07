import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi report [--committee NAME] [--campaign CODE] [--format text|html|json] [--output FILE]`: the
/// committee's summary of a campaign: members by status per branch, manifestations named, ratings.
/// One committee a report: without `--committee`, a store of several committees is refused (64)
/// with their names and branches.
enum ReportCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let committee: String?
        let campaignCode: String?
        let format: String
        let output: String?
        let prompts: String?
        let language: Language
        do {
            options = try StoreOptions(&arguments, environment: environment)
            committee = try arguments.option("--committee")
            campaignCode = try arguments.option("--campaign")
            format = try arguments.option("--format") ?? "text"
            output = try arguments.option("--output")
            prompts = try arguments.option("--prompts")
            try arguments.finish()
            language = Console.language(environment)
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard ["text", "html", "json"].contains(format) else {
            return Tusoi.usageFailure(
                UsageError(
                    .formatOneOf, ["formats": "text, html, json", "format": format],
                    english: "--format is text, html or json"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        do {
            let all = try store.branches()
            // One committee's report: it is headed by that committee and counts its branches only.
            let scope: Scope
            switch Scope.choose(committee, among: all) {
            case .success(let chosen): scope = chosen
            case .failure(.several(let committees)):
                say.error(.reportWhichCommittee, ["committees": Scope.list(committees, say)])
                return .usage
            case .failure(.unknown(let committees)):
                say.error(
                    .reportUnknownCommittee,
                    ["committee": committee ?? "", "committees": Scope.list(committees, say)])
                return .dataError
            case .failure(.none):
                say.error(.reportNoBranches)
                return .dataError
            }
            var campaign = try CampaignOption.find(campaignCode, in: store)
            if campaignCode == nil {
                // The latest campaign that takes in a branch of this committee.
                campaign = try store.campaigns().last { $0.branchCodes.contains(where: scope.codes.contains) }
            }
            var branchCodes = scope.codes
            if let campaign { branchCodes = branchCodes.filter(campaign.branchCodes.contains) }
            guard !branchCodes.isEmpty else {
                say.error(
                    .reportNoBranchInCampaign,
                    ["committee": scope.committee, "campaign": campaign?.code ?? ""])
                return .dataError
            }
            let now = systemNow()
            var builder = SummaryBuilder(store: store, catalog: catalog)
            let report = try builder.build(
                committee: scope.committee, branchCodes: branchCodes, campaign: campaign, now: now,
                language: language)
            let text: String
            switch format {
            case "html": text = report.html(language: language, catalog: catalog)
            case "json": text = json(report).jsonText + "\n"
            default: text = report.text(language: language, catalog: catalog)
            }
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "report-\(format)",
                    subject: [campaign?.code, scope.committee].compactMap { $0 }.joined(separator: ", "),
                    channel: "cli", now: now)
            }
            try OwnerOnlyFile.deliver(text, to: output) { say(.reportWritten, ["file": $0]) }
            return .success
        } catch let unknown as CampaignOption.Unknown {
            say.error(.unknownCampaign, ["code": unknown.code])
            return .dataError
        } catch let failure as OwnerOnlyFile.Failure {
            say.error(.reportNotWritten, ["reason": failure.description])
            return .failure
        } catch {
            say.error(.reportFailed, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    /// The committee a report is about, and its branches.
    struct Scope: Equatable {
        var committee: String
        var codes: [String]

        enum Refusal: Error, Equatable {
            /// No `--committee`, and the store has several: the operator must say which.
            case several([Scope])
            /// `--committee` names none of them.
            case unknown([Scope])
            /// The store has no branch at all.
            case none
        }

        /// The committee `--committee` names (its name, with or without diacritics and capitals), or
        /// the store's only one.
        static func choose(
            _ wanted: String?, among branches: [(id: Int64, code: String, name: String, committee: String)]
        ) -> Result<Scope, Refusal> {
            var committees: [Scope] = []
            for branch in branches {
                if let index = committees.firstIndex(where: { $0.committee == branch.committee }) {
                    committees[index].codes.append(branch.code)
                } else {
                    committees.append(Scope(committee: branch.committee, codes: [branch.code]))
                }
            }
            guard !committees.isEmpty else { return .failure(.none) }
            guard let wanted else {
                return committees.count == 1 ? .success(committees[0]) : .failure(.several(committees))
            }
            let folded = Folding.fold(wanted)
            let found = committees.filter { $0.committee == wanted || Folding.fold($0.committee) == folded }
            return found.count == 1 ? .success(found[0]) : .failure(.unknown(committees))
        }

        /// The committees, one a line, each with its branches' codes.
        static func list(_ committees: [Scope], _ say: Console) -> String {
            committees.map { scope in
                "  " + (scope.committee.isEmpty ? say(.reportNoCommittee) : "“\(scope.committee)”") + " ("
                    + scope.codes.joined(separator: ", ") + ")"
            }.joined(separator: "\n")
        }
    }

    static func json(_ report: SummaryReport) -> JSONValue {
        func counts(_ counts: SummaryReport.Counts) -> JSONValue {
            .object([
                "members": .integer(Int64(counts.members)), "submitted": .integer(Int64(counts.submitted)),
                "inProgress": .integer(Int64(counts.inProgress)),
                "notStarted": .integer(Int64(counts.notStarted)),
                "returned": .integer(Int64(counts.returned)),
            ])
        }
        func tallies(_ items: [SummaryReport.Tally]) -> JSONValue {
            .array(items.map { .object(["label": .string($0.label), "count": .integer(Int64($0.count))]) })
        }
        return .object([
            "committee": .string(report.committee), "campaign": .string(report.campaignTitle),
            "generatedAt": .string(report.generatedAt), "totals": counts(report.totals),
            "branches": .array(
                report.branches.map { .object(["name": .string($0.name), "counts": counts($0.counts)]) }),
            "manifestations": .array(
                report.manifestations.map {
                    .object(["group": .string($0.title), "items": tallies($0.items)])
                }),
            "ratings": tallies(report.ratings), "branchRatings": tallies(report.branchRatings),
        ])
    }
}

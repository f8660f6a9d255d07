import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi report [--committee NAME] [--campaign CODE] [--format text|html|json] [--output FILE]`: the
/// committee's summary of a campaign: members by status per branch, manifestations named, ratings.
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
            language = try arguments.option("--lang") == "en" ? .en : .vi
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard ["text", "html", "json"].contains(format) else {
            return Tusoi.usageFailure(UsageError("--format is text, html or json"))
        }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open() else { return .storeError }
        do {
            var campaign = try CampaignOption.find(campaignCode, in: store)
            if campaignCode == nil { campaign = try store.campaigns().last }
            var branches = try store.branches()
            if let committee { branches = branches.filter { $0.committee == committee } }
            if let campaign { branches = branches.filter { campaign.branchCodes.contains($0.code) } }
            guard !branches.isEmpty else {
                Log.error(
                    committee.map { "no branch under the committee \"\($0)\"" } ?? "there are no branches yet"
                )
                return .dataError
            }
            let now = systemNow()
            var builder = SummaryBuilder(store: store, catalog: catalog)
            let report = try builder.build(
                committee: committee ?? branches.first?.committee ?? "", branchCodes: branches.map(\.code),
                campaign: campaign, now: now, language: language)
            let text: String
            switch format {
            case "html": text = report.html(language: language)
            case "json": text = json(report).jsonText + "\n"
            default: text = report.text(language: language)
            }
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "report-\(format)", subject: campaign?.code, channel: "cli",
                    now: now)
            }
            try OwnerOnlyFile.deliver(text, to: output) { "the report is written to \($0)" }
            return .success
        } catch let unknown as CampaignOption.Unknown {
            Log.error(unknown.description)
            return .dataError
        } catch let failure as OwnerOnlyFile.Failure {
            Log.error("the report was not written: \(failure)")
            return .failure
        } catch {
            Log.error("the report failed: \(Server.explain(error))")
            return .storeError
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

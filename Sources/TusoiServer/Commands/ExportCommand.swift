import Foundation
import TusoiEngine
import TusoiStore

/// `tusoi export (--member NAME | --branch CODE | --campaign CODE) [--format md|html|csv|json]
/// [--output FILE]`: transcripts for the branch meeting. Every export is written to the audit log.
enum ExportCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let member: String?
        let branch: String?
        let campaignCode: String?
        let format: Exports.Format
        let output: String?
        let prompts: String?
        let language: Language
        let drafts: Bool
        do throws(UsageError) {
            options = try StoreOptions(&arguments, environment: environment)
            member = try arguments.option("--member")
            branch = try arguments.option("--branch")
            campaignCode = try arguments.option("--campaign")
            let name = try arguments.option("--format") ?? "md"
            guard let known = Exports.Format(rawValue: name) else {
                throw UsageError(
                    "--format is " + Exports.Format.allCases.map(\.rawValue).joined(separator: ", ")
                        + " (not \"\(name)\")")
            }
            format = known
            output = try arguments.option("--output")
            drafts = arguments.flag("--drafts")
            prompts = try arguments.option("--prompts")
            language = try arguments.option("--lang") == "en" ? .en : .vi
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard
            [member, branch, campaignCode].compactMap({ $0 }).count == 1 || (member == nil && branch != nil)
        else {
            return Tusoi.usageFailure(
                UsageError("export needs one of --member NAME, --branch CODE and --campaign CODE"))
        }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open() else { return .storeError }
        var reports = Reports(store: store, catalog: catalog)
        do {
            let campaign = try CampaignOption.find(campaignCode, in: store)
            var items: [MemberProgress]
            if let campaign {
                items = try campaign.branchCodes.flatMap {
                    try store.progress(branchCode: $0, campaignID: campaign.id)
                }
            } else {
                items = try store.progress(branchCode: branch, campaignID: nil)
            }
            if let member { items = items.filter { $0.member.name == member } }
            guard !items.isEmpty else {
                Log.error(
                    member.map { "no member named \"\($0)\"" }
                        ?? "no member in \"\(branch ?? campaignCode ?? "")\"")
                return .dataError
            }
            // Members are told the committee reads their review once they send it: drafts only on request.
            let unsent = items.filter { !Desk.isSent($0.status) && !$0.member.revoked }
            if !drafts {
                items = items.filter { Desk.isSent($0.status) }
                if !unsent.isEmpty {
                    Log.info(
                        "not submitted, not exported (--drafts includes them): "
                            + unsent.map(\.member.name).joined(separator: ", "))
                }
                guard !items.isEmpty else {
                    Log.error("no submitted self-review to export (--drafts exports the drafts too)")
                    return .dataError
                }
            }
            let text = try Exports.render(
                items, format: format, campaign: campaign, language: language, reports: &reports)
            let subject =
                member.map { "member \($0)" } ?? campaignCode.map { "campaign \($0)" }
                ?? "branch \(branch ?? "")"
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "export-\(format.rawValue)",
                    subject: "\(subject) (\(items.count) members)",
                    channel: "cli", now: systemNow())
            }
            try OwnerOnlyFile.deliver(text, to: output) { "\(items.count) self-review(s) written to \($0)" }
            return .success
        } catch let unknown as CampaignOption.Unknown {
            Log.error(unknown.description)
            return .dataError
        } catch let failure as OwnerOnlyFile.Failure {
            Log.error("the export was not written: \(failure)")
            return .failure
        } catch {
            Log.error("the export failed: \(Server.explain(error))")
            return .storeError
        }
    }
}

import Foundation
import TusoiEngine
import TusoiStore

/// `tusoi export (--member NAME | --branch CODE | --campaign CODE) [--format md|html|csv|json]
/// [--output FILE] [--drafts] [--versions]`: transcripts for the branch meeting. Every export is written
/// to the audit log.
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
        let versions: Bool
        let separator: Character
        do throws(UsageError) {
            options = try StoreOptions(&arguments, environment: environment)
            member = try arguments.option("--member")
            branch = try arguments.option("--branch")
            campaignCode = try arguments.option("--campaign")
            let name = try arguments.option("--format") ?? "md"
            guard let known = Exports.Format(rawValue: name) else {
                let formats = Exports.Format.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError(
                    .formatOneOf, ["formats": formats, "format": name],
                    english: "--format is \(formats) (not \"\(name)\")")
            }
            format = known
            output = try arguments.option("--output")
            drafts = arguments.flag("--drafts")
            versions = arguments.flag("--versions")
            if versions && format == .csv {
                throw UsageError(
                    .versionsNotCSV, [:], english: "--versions works with --format md, html or json")
            }
            switch try arguments.option("--separator") ?? "," {
            case ",", "comma": separator = ","
            case ";", "semicolon": separator = ";"
            case let other:
                throw UsageError(
                    .separatorOneOf, ["separator": other], english: "--separator is , or ; (not \"\(other)\")"
                )
            }
            prompts = try arguments.option("--prompts")
            language = Console.language(environment)
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard
            [member, branch, campaignCode].compactMap({ $0 }).count == 1 || (member == nil && branch != nil)
        else {
            return Tusoi.usageFailure(
                UsageError(
                    .exportNeedsScope,
                    english: "export needs one of --member NAME, --branch CODE and --campaign CODE"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
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
                if let member {
                    say.error(.exportNoMemberNamed, ["name": member])
                } else {
                    say.error(.exportNoMembers, ["scope": branch ?? campaignCode ?? ""])
                }
                return .dataError
            }
            // Members are told the committee reads their review once they send it: drafts only on request.
            let unsent = items.filter { !Desk.isSent($0.status) && !$0.member.revoked }
            if !drafts {
                items = items.filter { Desk.isSent($0.status) }
                if !unsent.isEmpty {
                    say.note(
                        .exportDraftsLeftOut, ["names": unsent.map(\.member.name).joined(separator: ", ")])
                }
                guard !items.isEmpty else {
                    say.error(.exportNoneSubmitted)
                    return .dataError
                }
            }
            let text = try Exports.render(
                items, format: format, campaign: campaign, language: language, wording: say.wording,
                csvSeparator: separator, versions: versions, reports: &reports)
            let subject =
                member.map { "member \($0)" } ?? campaignCode.map { "campaign \($0)" }
                ?? "branch \(branch ?? "")"
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "export-\(format.rawValue)",
                    subject: "\(subject) (\(items.count) members\(versions ? ", earlier versions" : ""))",
                    channel: "cli", now: systemNow())
            }
            try OwnerOnlyFile.deliver(text, to: output) {
                say(.exportWritten, ["count": String(items.count), "file": $0])
            }
            return .success
        } catch let unknown as CampaignOption.Unknown {
            say.error(.unknownCampaign, ["code": unknown.code])
            return .dataError
        } catch let failure as OwnerOnlyFile.Failure {
            say.error(.exportNotWritten, ["reason": failure.description])
            return .failure
        } catch {
            say.error(.exportFailed, ["reason": Server.explain(error)])
            return .storeError
        }
    }
}

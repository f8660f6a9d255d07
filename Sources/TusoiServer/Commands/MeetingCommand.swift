import Foundation
import TusoiEngine
import TusoiStore

/// `tusoi meeting --branch CODE [--campaign CODE] [--output FILE] [--lang en]`: the packet the branch
/// secretary takes to the branch meeting (Markdown): the agenda, each submitted self-review in short,
/// the feedback each member received and who wrote it, the feedback to the committee, blanks for the
/// meeting's conclusion. It holds members' answers: written owner-only, and audited.
enum MeetingCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let branch: String
        let campaignCode: String?
        let output: String?
        let prompts: String?
        let language: Language
        do throws(UsageError) {
            options = try StoreOptions(&arguments, environment: environment)
            guard let code = try arguments.option("--branch") else {
                throw UsageError(.meetingNeedsBranch, english: "meeting needs --branch CODE")
            }
            branch = code
            campaignCode = try arguments.option("--campaign")
            output = try arguments.option("--output")
            prompts = try arguments.option("--prompts")
            language = Console.language(environment)
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        var reports = Reports(store: store, catalog: catalog)
        do {
            var campaign = try CampaignOption.find(campaignCode, in: store)
            if campaignCode == nil {
                campaign = try store.campaigns().last { $0.branchCodes.contains(branch) }
            }
            let now = systemNow()
            let packet = try reports.meetingPacket(
                branchCode: branch, campaign: campaign, date: CivilDate(vietnamTime: now).vietnamese,
                language: language)
            let text = packet.markdown(catalog: catalog, language: language)
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "meeting-packet", subject: branch, channel: "cli", now: now)
            }
            try OwnerOnlyFile.deliver(text, to: output) { say(.meetingWritten, ["file": $0]) }
            return .success
        } catch let unknown as CampaignOption.Unknown {
            say.error(.unknownCampaign, ["code": unknown.code])
            return .dataError
        } catch let failure as ServiceError {
            Log.error(failure.description)
            return .dataError
        } catch let failure as OwnerOnlyFile.Failure {
            say.error(.meetingNotWritten, ["reason": failure.description])
            return .failure
        } catch {
            say.error(.meetingFailed, ["reason": Server.explain(error)])
            return .storeError
        }
    }
}

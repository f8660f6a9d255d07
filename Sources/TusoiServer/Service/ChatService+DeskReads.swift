import TusoiEngine
import TusoiStore

/// The desk reads the store through the service, whose session cache is ahead of the store.
extension ChatService: DeskReads {
    func branches() throws -> [(id: Int64, code: String, name: String, committee: String)] {
        try store.branches()
    }

    func members() throws -> [MemberRecord] { try store.members(branchCode: nil) }

    func identities(memberID: Int64) throws -> [BoundIdentity] { try store.identities(memberID: memberID) }

    func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord? {
        try store.usableInvite(memberID: memberID, now: now)
    }

    func campaigns() throws -> [CampaignRecord] { try store.campaigns() }

    func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord? {
        try store.openCampaign(branchID: branchID, now: now)
    }

    func progress(branchCode: String, campaignID: Int64?) throws -> [Reports.Line] {
        var reports = Reports(store: store, catalog: catalog)
        return try reports.progress(branchCode: branchCode, campaignID: campaignID)
    }

    func session(ofMember memberID: Int64) throws -> LiveSession? { try currentSession(ofMember: memberID) }

    func questionnaire(row: Int64) throws -> Questionnaire { try shelf.questionnaire(row: row) }

    func defaultQuestionnaire() throws -> Questionnaire { try shelf.defaultQuestionnaire() }

    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language) throws -> PaperForm
    {
        var reports = Reports(store: store, catalog: catalog)
        return try reports.paperForm(item, campaign: campaign, language: language)
    }

    func submissions(sessionID: Int64) throws -> [Int64] {
        try store.history(sessionID: sessionID).filter { $0.kind == SessionEventKind.submitted.rawValue }.map(
            \.at)
    }

    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language, version: Int) throws
        -> PaperForm
    {
        var reports = Reports(store: store, catalog: catalog)
        return try reports.paperForm(item, campaign: campaign, language: language, version: version)
    }

    func meetingPacket(branchCode: String, campaign: CampaignRecord?, date: String, language: Language) throws
        -> MeetingPacket
    {
        var reports = Reports(store: store, catalog: catalog)
        return try reports.meetingPacket(
            branchCode: branchCode, campaign: campaign, date: date, language: language)
    }

    func summary(
        committee: String, branchCodes: [String], campaign: CampaignRecord?, now: Int64, language: Language
    ) throws -> SummaryReport {
        var builder = SummaryBuilder(store: store, catalog: catalog)
        return try builder.build(
            committee: committee, branchCodes: branchCodes, campaign: campaign, now: now, language: language)
    }
}

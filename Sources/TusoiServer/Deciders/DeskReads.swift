import TusoiEngine
import TusoiStore

/// What the desk may read: the roster, campaigns, progress, the members' sessions and the documents
/// made from them. The host answers from the store and its session cache; tests answer from memory.
protocol DeskReads {
    func branches() throws -> [(id: Int64, code: String, name: String, committee: String)]
    func members() throws -> [MemberRecord]
    func identities(memberID: Int64) throws -> [BoundIdentity]
    /// The member's code that can still be used, if any.
    func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord?
    func campaigns() throws -> [CampaignRecord]
    func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord?
    func progress(branchCode: String, campaignID: Int64?) throws -> [Reports.Line]
    /// The member's current session, as the host knows it (ahead of the store within a batch).
    func session(ofMember memberID: Int64) throws -> LiveSession?
    func questionnaire(row: Int64) throws -> Questionnaire
    func defaultQuestionnaire() throws -> Questionnaire
    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language) throws -> PaperForm
    /// When each submission of a session was made, the first first: its versions.
    func submissions(sessionID: Int64) throws -> [Int64]
    /// The paper form of an earlier submission (`version` from 1).
    func paperForm(_ item: MemberProgress, campaign: CampaignRecord?, language: Language, version: Int) throws
        -> PaperForm
    func meetingPacket(branchCode: String, campaign: CampaignRecord?, date: String, language: Language) throws
        -> MeetingPacket
    func summary(
        committee: String, branchCodes: [String], campaign: CampaignRecord?, now: Int64, language: Language
    ) throws -> SummaryReport
}

/// What the operator's commands do besides the bot (`branch`, `member`, `invite`, `campaign`,
/// `audit`): the roster's and the campaigns' writes, and the audit log's reads. Both backends have it.
public protocol OperatorPort: AnyObject {
    @discardableResult
    func addBranch(code: String, name: String, committee: String) throws -> Int64
    @discardableResult
    func addMember(
        branchID: Int64, name: String, role: MemberRecord.Role, phone: String?, email: String?,
        birthDate: String?, unit: String?, now: Int64
    ) throws -> Int64
    func addInvite(code: String, memberID: Int64, purpose: InviteRecord.Purpose, now: Int64, expiresAt: Int64)
        throws
    @discardableResult
    func addCampaign(
        code: String, title: String, questionnaireRow: Int64, opensAt: Int64, closesAt: Int64,
        remindAfterDays: Int, remindBeforeDays: Int, branchIDs: [Int64], now: Int64
    ) throws -> Int64
    func closeCampaign(id: Int64, now: Int64) throws
    func campaign(code: String) throws -> CampaignRecord?
    func auditLog(limit: Int) throws -> [AuditEntry]
    func timers(memberID: Int64) throws -> [(kind: String, dueAt: Int64, status: String)]
}

/// Everything a command needs of a store: the bot's ports and the operator's.
public typealias OperatorStore = BotStore & OperatorPort

extension SessionStore: OperatorPort {}
extension PostgresStore: OperatorPort {}

import Foundation
import Testing
import TusoiEngine

@testable import TusoiStore

/// What the contract tests need of a store beyond the bot's ports: the operator's writes (branches,
/// members, codes, campaigns) and reads (the audit log, a member's timers). Both backends have them.
protocol ContractStore: BotStore {
    @discardableResult func addBranch(code: String, name: String, committee: String) throws -> Int64
    @discardableResult func addMember(
        branchID: Int64, name: String, role: MemberRecord.Role, phone: String?, email: String?,
        birthDate: String?, unit: String?, now: Int64
    ) throws -> Int64
    func addInvite(code: String, memberID: Int64, purpose: InviteRecord.Purpose, now: Int64, expiresAt: Int64)
        throws
    @discardableResult func addCampaign(
        code: String, title: String, questionnaireRow: Int64, opensAt: Int64, closesAt: Int64,
        remindAfterDays: Int, remindBeforeDays: Int, branchIDs: [Int64], now: Int64
    ) throws -> Int64
    func closeCampaign(id: Int64, now: Int64) throws
    func campaign(code: String) throws -> CampaignRecord?
    func auditLog(limit: Int) throws -> [AuditEntry]
    func timers(memberID: Int64) throws -> [(kind: String, dueAt: Int64, status: String)]
}

extension SessionStore: ContractStore {}
extension PostgresStore: ContractStore {}

/// The two backends the contract runs on.
enum Backend: String, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server of the tests (`TUSOI_TEST_POSTGRES`, a URL such as
    /// `postgresql:///postgres?host=/tmp/folder`); nil when the tests run without one.
    static let postgresURL: String? = ProcessInfo.processInfo.environment["TUSOI_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Runs `body` on a new, empty store of this backend: SQLite in memory, or a schema of its own
    /// in the test server (dropped afterwards).
    func withStore<T>(_ body: (any ContractStore) throws -> T) throws -> T {
        switch self {
        case .sqlite:
            let store = try SessionStore(path: ":memory:")
            defer { store.close() }
            return try body(store)
        case .postgres:
            let scratch = try PostgresScratch()
            defer { scratch.drop() }
            let store = try PostgresStore(url: scratch.url)
            defer { store.close() }
            return try body(store)
        }
    }
}

/// A schema of its own in the test server, named at random, and the URL of a store inside it.
struct PostgresScratch {
    let schema: String
    let url: String
    private let admin: PostgresConnection

    init() throws {
        guard let base = Backend.postgresURL else {
            throw PostgresError(sqlState: "08001", message: "TUSOI_TEST_POSTGRES is not set")
        }
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        admin = try PostgresConnection(url: base)
        try admin.execute("CREATE SCHEMA \(schema)")
        url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    func drop() {
        try? admin.execute("DROP SCHEMA \(schema) CASCADE")
        admin.close()
    }
}

/// Why the PostgreSQL half of the contract did not run, as the test report shows it.
let postgresSkipReason: Comment =
    "TUSOI_TEST_POSTGRES is not set: the PostgreSQL store was not tested (.ci/run starts a throwaway server and sets it)"

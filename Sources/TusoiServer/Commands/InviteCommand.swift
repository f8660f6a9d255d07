import Foundation
import TusoiEngine
import TusoiStore

/// `tusoi invite --branch CODE [--days N] [--json]`: one new code for each member of the branch who
/// has not joined yet, printed as a list the secretary can hand out.
enum InviteCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let branch: String?
        let days: Int
        let json: Bool
        do throws(UsageError) {
            options = try StoreOptions(&arguments, environment: environment)
            branch = try arguments.option("--branch")
            let daysText = try arguments.option("--days") ?? "14"
            guard let parsed = Int(daysText), (1...90).contains(parsed) else {
                throw UsageError("--days takes a number from 1 to 90")
            }
            days = parsed
            json = arguments.flag("--json")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let branch else { return Tusoi.usageFailure(UsageError("use: tusoi invite --branch CODE")) }
        guard let store = options.open() else { return .storeError }
        do {
            guard try store.branchID(code: branch) != nil else {
                Log.error("unknown branch \"\(branch)\"")
                return .dataError
            }
            let now = systemNow()
            let expires = now + Int64(days) * 86_400
            var generator = SystemRandomNumberGenerator()
            var issued: [(MemberRecord, String)] = []
            try store.transaction {
                for member in try store.members(branchCode: branch) where !member.revoked {
                    guard try !store.hasIdentity(memberID: member.id) else { continue }
                    let code = InviteCode.make(using: &generator)
                    try store.addInvite(code: code, memberID: member.id, now: now, expiresAt: expires)
                    issued.append((member, code))
                }
                try store.audit(
                    actor: "operator", action: "issue-invites", subject: "\(issued.count) in \(branch)",
                    channel: "cli",
                    now: now)
            }
            let expiry = CivilDate(vietnamTime: expires).vietnamese
            if json {
                let items: [JSONValue] = issued.map {
                    .object([
                        "member": .string($0.0.name), "code": .string(InviteCode.display($0.1)),
                        "expires": .string(expiry),
                    ])
                }
                print(JSONValue.array(items).jsonText)
            } else {
                print("Mã mời — chi bộ \(branch) — hết hạn \(expiry)\n")
                let width = issued.map(\.0.name.count).max() ?? 0
                for (member, code) in issued {
                    print(
                        member.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                            + InviteCode.display(code))
                }
                print("\n\(issued.count) code(s)")
            }
            return .success
        } catch {
            Log.error("no code was issued: \(Server.explain(error))")
            return .storeError
        }
    }
}

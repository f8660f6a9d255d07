import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi invite --branch CODE [--days N] [--json]`: one new code for each member of the branch who
/// has not joined yet, printed as a list the secretary can hand out. `--member ID` issues one for a
/// single member; with `--reissue`, a code that links another account (a new phone, a second
/// messenger) to a member who has one already. A new code voids the member's earlier ones.
enum InviteCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let branch: String?
        let memberText: String?
        let reissue: Bool
        let days: Int
        let json: Bool
        do throws(UsageError) {
            options = try StoreOptions(&arguments, environment: environment)
            branch = try arguments.option("--branch")
            memberText = try arguments.option("--member")
            reissue = arguments.flag("--reissue")
            let daysText = try arguments.option("--days") ?? "14"
            guard let parsed = Int(daysText), (1...90).contains(parsed) else {
                throw UsageError(.daysRange, english: "--days takes a number from 1 to 90")
            }
            days = parsed
            json = arguments.flag("--json")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        let usage = "use: tusoi invite --branch CODE, or tusoi invite --member ID [--reissue]"
        guard (branch == nil) != (memberText == nil), reissue == false || memberText != nil else {
            return Tusoi.usageFailure(UsageError(.wrongArguments, ["command": "invite"], english: usage))
        }
        let memberID = memberText.flatMap { Int64($0) }
        if memberText != nil && memberID == nil {
            return Tusoi.usageFailure(
                UsageError(
                    .memberIDExpected,
                    english: "--member takes a member's number (tusoi member list shows them)"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        do {
            if let branch, try store.branchID(code: branch) == nil {
                say.error(.unknownBranch, ["code": branch])
                return .dataError
            }
            var single: MemberRecord?
            if let memberID {
                guard let member = try store.member(id: memberID), !member.revoked else {
                    say.error(.unknownMemberID, ["id": String(memberID)])
                    return .dataError
                }
                if try store.hasIdentity(memberID: member.id) && !reissue {
                    say.error(.inviteLinkedAlready, ["name": member.name, "id": String(member.id)])
                    return .dataError
                }
                single = member
            }
            let now = systemNow()
            let expires = now + Int64(days) * 86_400
            var generator = SystemRandomNumberGenerator()
            var issued: [(MemberRecord, String)] = []
            try store.transaction {
                if let single {
                    let code = InviteCode.make(using: &generator)
                    try store.addInvite(
                        code: code, memberID: single.id, purpose: reissue ? .reissue : .first, now: now,
                        expiresAt: expires)
                    issued.append((single, code))
                    try store.audit(
                        actor: "operator", action: reissue ? "reissue-invite" : "issue-invite",
                        subject: "member \(single.id)", channel: "cli", now: now)
                    return
                }
                for member in try store.members(branchCode: branch) where !member.revoked {
                    guard try !store.hasIdentity(memberID: member.id) else { continue }
                    let code = InviteCode.make(using: &generator)
                    try store.addInvite(
                        code: code, memberID: member.id, purpose: .first, now: now, expiresAt: expires)
                    issued.append((member, code))
                }
                try store.audit(
                    actor: "operator", action: "issue-invites", subject: "\(issued.count) in \(branch ?? "")",
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
                let scope =
                    single.map { "\($0.name) (\($0.branchCode))" }
                    ?? say(.inviteBranch, ["code": branch ?? ""])
                print(
                    say(reissue ? .inviteReissueHeader : .inviteHeader, ["scope": scope, "date": expiry])
                        + "\n")
                let width = issued.map(\.0.name.count).max() ?? 0
                for (member, code) in issued {
                    print(
                        member.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                            + InviteCode.display(code))
                }
                print("\n" + say(.inviteCount, ["count": String(issued.count)]))
            }
            return .success
        } catch {
            say.error(.inviteNoneIssued, ["reason": Server.explain(error)])
            return .storeError
        }
    }
}

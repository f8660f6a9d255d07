import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi member list` and `tusoi member unlink`: who is on the roster, who has linked a messenger
/// account and who still holds a code, and the way out for a lost phone.
enum RosterCommand {
    /// `tusoi member list [--branch CODE] [--json]`: each member with their number in the chat (their
    /// place in their branch's list), role, linked accounts and usable code.
    static func list(branch: String?, json: Bool, options: StoreOptions, say: Console) -> ExitCode {
        guard let store = options.open(say) else { return .storeError }
        let now = systemNow()
        do {
            if let branch, try store.branchID(code: branch) == nil {
                say.error(.unknownBranch, ["code": branch])
                return .dataError
            }
            var numbers: [Int64: Int] = [:]
            var rows: [[String]] = []
            var items: [JSONValue] = []
            for member in try store.members(branchCode: nil).sorted(by: { $0.id < $1.id }) {
                numbers[member.branchID, default: 0] += 1
                guard branch == nil || member.branchCode == branch else { continue }
                let accounts = try store.identities(memberID: member.id)
                let code = try store.usableInvite(memberID: member.id, now: now)
                let linked =
                    accounts.isEmpty
                    ? say(.rosterNotLinked)
                    : accounts.map { $0.blocked ? say(.rosterBlocked, ["channel": $0.channel]) : $0.channel }
                        .joined(separator: ", ")
                let pending = code.map {
                    say(
                        $0.purpose == .reissue ? .rosterReissueUntil : .rosterInviteUntil,
                        ["date": CivilDate(vietnamTime: $0.expiresAt).vietnamese])
                }
                rows.append([
                    member.branchCode, String(numbers[member.branchID] ?? 0), String(member.id), member.name,
                    say.role(member.role), member.revoked ? say(.rosterRevoked) : linked, pending ?? "",
                ])
                items.append(
                    .object([
                        "id": .integer(member.id), "branch": .string(member.branchCode),
                        "number": .integer(Int64(numbers[member.branchID] ?? 0)),
                        "name": .string(member.name),
                        "role": .string(member.role.rawValue), "revoked": .bool(member.revoked),
                        "accounts": .array(accounts.map { .string($0.channel) }),
                        "codeExpires": code.map { .integer($0.expiresAt) } ?? .null,
                    ]))
            }
            if json {
                print(JSONValue.array(items).jsonText)
            } else {
                let header = [
                    say(.columnBranch), say(.columnNumber), say(.columnID), say(.columnName),
                    say(.columnRole),
                    say(.columnAccounts), say(.columnUsableCode),
                ]
                print(TextTable(header: header, rows: rows).render().joined(separator: "\n"))
            }
            return .success
        } catch {
            say.error(.rosterFailed, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    /// `tusoi member unlink ID [--channel NAME]`: unbinds the member's messenger accounts (a lost
    /// phone) and voids their codes; the secretary then issues a new one (`tusoi invite --member ID`).
    static func unlink(_ idText: String, channel: String?, options: StoreOptions, say: Console) -> ExitCode {
        guard let id = Int64(idText) else {
            return Tusoi.usageFailure(
                UsageError(
                    .wrongArguments, ["command": "member unlink"],
                    english: "use: tusoi member unlink ID [--channel NAME]"
                ))
        }
        guard let store = options.open(say) else { return .storeError }
        let now = systemNow()
        do {
            guard let member = try store.member(id: id) else {
                say.error(.unknownMemberID, ["id": String(id)])
                return .dataError
            }
            let count = try store.transaction {
                let count = try store.unbindIdentities(memberID: id, channel: channel)
                try store.voidInvites(memberID: id, now: now)
                try store.audit(
                    actor: "operator", action: "unlink-accounts",
                    subject: "member \(id): \(count)" + (channel.map { " on \($0)" } ?? ""), channel: "cli",
                    now: now)
                return count
            }
            print(say(.rosterUnlinked, ["count": String(count), "name": member.name, "id": String(id)]))
            return .success
        } catch {
            say.error(.nothingChanged, ["reason": Server.explain(error)])
            return .storeError
        }
    }
}

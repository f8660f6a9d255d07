import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi audit [--limit N] [--member ID] [--branch CODE] [--action NAME] [--refused | --allowed]
/// [--json]`: who pulled which transcript, returned which self-review, redeemed which code, opened
/// which campaign, and which attempts were refused; newest last.
enum AuditCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let limitText: String?
        let json: Bool
        let memberText: String?
        let branch: String?
        let action: String?
        let refused: Bool
        let allowed: Bool
        do {
            options = try StoreOptions(&arguments, environment: environment)
            limitText = try arguments.option("--limit")
            memberText = try arguments.option("--member")
            branch = try arguments.option("--branch")
            action = try arguments.option("--action")
            refused = arguments.flag("--refused")
            allowed = arguments.flag("--allowed")
            json = arguments.flag("--json")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let limit = limitText.map({ Int($0) }) ?? 100, limit > 0 else {
            return Tusoi.usageFailure(
                UsageError(.limitPositive, english: "--limit must be a positive number"))
        }
        if memberText != nil && memberText.flatMap({ Int64($0) }) == nil {
            return Tusoi.usageFailure(
                UsageError(
                    .memberIDExpected,
                    english: "--member takes a member's number (tusoi member list shows them)"))
        }
        if refused && allowed {
            return Tusoi.usageFailure(
                UsageError(
                    .optionsExclusive, ["first": "--refused", "second": "--allowed"],
                    english: "--refused and --allowed exclude each other"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        var entries: [AuditEntry]
        do {
            let filtered = memberText != nil || branch != nil || action != nil || refused || allowed
            entries = try store.auditLog(limit: filtered ? Int(Int32.max) : limit)
            var members = memberText.flatMap { Int64($0) }.map { Set([$0]) }
            if let branch {
                guard try store.branchID(code: branch) != nil else {
                    say.error(.unknownBranch, ["code": branch])
                    return .dataError
                }
                let ids = Set(try store.members(branchCode: branch).map(\.id))
                members = members.map { $0.intersection(ids) } ?? ids
            }
            entries = entries.filter { entry in
                if let action, !entry.action.hasPrefix(action) { return false }
                let wasRefused = entry.action.hasSuffix("-refused")
                if refused && !wasRefused || allowed && wasRefused { return false }
                if let members {
                    let named =
                        AuditCommand.memberIDs(in: entry.actor)
                        + AuditCommand.memberIDs(in: entry.subject ?? "")
                    let aboutBranch = branch.map { (entry.subject ?? "").contains("branch \($0)") } ?? false
                    if !aboutBranch && !named.contains(where: members.contains) { return false }
                }
                return true
            }.suffix(limit)
        } catch {
            say.error(.auditFailed, ["reason": Server.explain(error)])
            return .storeError
        }
        if json {
            let items: [JSONValue] = entries.map { entry in
                .object([
                    "at": .integer(entry.at), "actor": .string(entry.actor), "action": .string(entry.action),
                    "subject": entry.subject.map(JSONValue.string) ?? .null,
                    "channel": entry.channel.map(JSONValue.string) ?? .null,
                ])
            }
            print(JSONValue.array(items).jsonText)
            return .success
        }
        let rows = entries.map { entry in
            [
                CivilDate(vietnamTime: entry.at).vietnamese + " " + CampaignCalendar.time(entry.at),
                entry.actor,
                entry.action, entry.subject ?? "", entry.channel ?? "",
            ]
        }
        let header = [
            say(.columnWhen), say(.columnWho), say(.columnAction), say(.columnSubject), say(.columnChannel),
        ]
        let table = TextTable(header: header, rows: rows)
        print(table.render().joined(separator: "\n"))
        return .success
    }

    /// The members a line of the log names: "member 12", "member 12 (telegram:555)".
    static func memberIDs(in text: String) -> [Int64] {
        var ids: [Int64] = []
        var rest = Substring(text)
        while let range = rest.range(of: "member ") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let id = Int64(digits) { ids.append(id) }
            rest = rest[range.upperBound...]
        }
        return ids
    }
}

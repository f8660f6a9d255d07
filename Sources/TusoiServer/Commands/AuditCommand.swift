import TusoiEngine
import TusoiStore

/// `tusoi audit [--limit N] [--json]`: who pulled which transcript, returned which self-review, opened
/// which campaign, and which actions were refused; newest last.
enum AuditCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let limitText: String?
        let json: Bool
        do {
            options = try StoreOptions(&arguments, environment: environment)
            limitText = try arguments.option("--limit")
            json = arguments.flag("--json")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let limit = limitText.map({ Int($0) }) ?? 100, limit > 0 else {
            return Tusoi.usageFailure(UsageError("--limit must be a positive number"))
        }
        guard let store = options.open() else { return .storeError }
        let entries: [AuditEntry]
        do {
            entries = try store.auditLog(limit: limit)
        } catch {
            Log.error("cannot read the audit log: \(Server.explain(error))")
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
        let table = TextTable(header: ["when", "who", "action", "subject", "channel"], rows: rows)
        print(table.render().joined(separator: "\n"))
        return .success
    }
}

import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi campaign open|close|list`: a campaign (đợt) runs one questionnaire version for a set of
/// branches between two dates, with its reminders.
enum CampaignCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        guard let say = Console.load(environment) else { return .dataError }
        if arguments.flag("--help") {
            print(say.block(.campaignUsage))
            return .success
        }
        let options: StoreOptions
        let words: [String]
        var settings: [String: String] = [:]
        let json: Bool
        do {
            options = try StoreOptions(&arguments, environment: environment)
            for name in [
                "--until", "--from", "--branches", "--questionnaire", "--remind-after", "--remind-before",
                "--prompts",
            ] {
                settings[name] = try arguments.option(name)
            }
            json = arguments.flag("--json")
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        switch (words.first, words.count) {
        case ("open", 3): return open(code: words[1], title: words[2], settings, options, environment, say)
        case ("close", 2): return close(code: words[1], options, say)
        case ("list", 1): return list(json: json, options, say)
        default:
            Log.write(say.block(.campaignUsage) + "\n")
            return .usage
        }
    }

    /// Reads `YYYY-MM-DD` or `DD/MM/YYYY`.
    static func date(_ text: String) -> CivilDate? {
        if let iso = CivilDate(iso: text) { return iso }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let date = CivilDate(year: parts[2], month: parts[1], day: parts[0])
        return date.isValid ? date : nil
    }

    private static func open(
        code: String, title: String, _ settings: [String: String], _ options: StoreOptions,
        _ environment: [String: String], _ say: Console
    ) -> ExitCode {
        let now = systemNow()
        guard let untilText = settings["--until"], let until = date(untilText) else {
            say.error(.campaignNeedsUntil)
            Log.write("\n" + say.block(.campaignUsage) + "\n")
            return .usage
        }
        let from = settings["--from"].map(date) ?? CivilDate(vietnamTime: now)
        guard let from else {
            say.error(.campaignBadFrom)
            return .usage
        }
        guard from <= until else {
            say.error(.campaignEndsBeforeStart, ["until": until.vietnamese, "from": from.vietnamese])
            return .usage
        }
        var days: [String: Int] = [:]
        for (name, fallback) in [("--remind-after", 3), ("--remind-before", 2)] {
            guard let value = settings[name].map({ Int($0) }) ?? fallback, (0...365).contains(value) else {
                say.error(.campaignBadDays, ["option": name])
                return .usage
            }
            days[name] = value
        }
        let questionnaireID = settings["--questionnaire"] ?? "tu-soi-tu-sua"
        let library: PromptLibrary
        do {
            guard
                let directory = PromptLibrary.locate(
                    explicit: settings["--prompts"], environment: environment)
            else {
                Log.error("cannot find the Prompts folder (give --prompts DIR)")
                return .dataError
            }
            library = try PromptLibrary.load(directory: directory)
        } catch {
            Log.error("the prompts have errors:\n\(error)")
            return .dataError
        }
        guard let entry = library.questionnaires[questionnaireID] else {
            let known = library.questionnaires.keys.sorted().joined(separator: ", ")
            Log.error("no questionnaire \"\(questionnaireID)\" in the prompts (there are: \(known))")
            return .dataError
        }
        guard let store = options.open(say) else { return .storeError }
        do {
            if try store.campaign(code: code) != nil {
                say.error(.campaignExists, ["code": code])
                return .dataError
            }
            let all = try store.branches()
            var chosen = all
            if let list = settings["--branches"], list != "all" {
                let codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let unknown = codes.filter { code in !all.contains { $0.code == code } }
                guard unknown.isEmpty else {
                    say.error(.unknownBranch, ["code": unknown.joined(separator: ", ")])
                    return .dataError
                }
                chosen = all.filter { codes.contains($0.code) }
            }
            guard !chosen.isEmpty else {
                say.error(.noBranches)
                return .dataError
            }
            let opensAt = CampaignCalendar.startOfDay(from)
            let closesAt = CampaignCalendar.startOfDay(until) + 86_400
            try store.transaction {
                let row = try store.questionnaireRow(
                    name: entry.questionnaire.id, version: entry.questionnaire.version, source: entry.source,
                    now: now)
                try store.addCampaign(
                    code: code, title: title, questionnaireRow: row, opensAt: opensAt, closesAt: closesAt,
                    remindAfterDays: days["--remind-after"] ?? 3,
                    remindBeforeDays: days["--remind-before"] ?? 2,
                    branchIDs: chosen.map(\.id), now: now)
                try store.audit(
                    actor: "operator", action: "campaign-open", subject: code, channel: "cli", now: now)
            }
            print(
                say(
                    .campaignOpened,
                    [
                        "code": code, "title": title,
                        "questionnaire": "\(entry.questionnaire.id) \(entry.questionnaire.version)",
                        "from": from.vietnamese, "until": until.vietnamese, "count": String(chosen.count),
                    ]))
            return .success
        } catch {
            say.error(.campaignNotOpened, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    private static func close(code: String, _ options: StoreOptions, _ say: Console) -> ExitCode {
        guard let store = options.open(say) else { return .storeError }
        do {
            guard let campaign = try store.campaign(code: code) else {
                say.error(.unknownCampaign, ["code": code])
                return .dataError
            }
            guard campaign.closedAt == nil else {
                say.error(.campaignClosedAlready, ["code": code])
                return .failure
            }
            let now = systemNow()
            try store.transaction {
                try store.closeCampaign(id: campaign.id, now: now)
                try store.audit(
                    actor: "operator", action: "campaign-close", subject: code, channel: "cli", now: now)
            }
            print(say(.campaignClosed, ["code": code]))
            return .success
        } catch {
            say.error(.campaignNotClosed, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    private static func list(json: Bool, _ options: StoreOptions, _ say: Console) -> ExitCode {
        guard let store = options.open(say) else { return .storeError }
        let campaigns: [CampaignRecord]
        do {
            campaigns = try store.campaigns()
        } catch {
            say.error(.campaignsFailed, ["reason": Server.explain(error)])
            return .storeError
        }
        let now = systemNow()
        func state(_ campaign: CampaignRecord) -> String {
            if campaign.closedAt != nil { return "closed" }
            if now < campaign.opensAt { return "scheduled" }
            return campaign.isOpen(at: now) ? "open" : "ended"
        }
        if json {
            let items: [JSONValue] = campaigns.map { campaign in
                .object([
                    "code": .string(campaign.code), "title": .string(campaign.title),
                    "state": .string(state(campaign)),
                    "from": .string(CampaignCalendar.day(campaign.opensAt)),
                    "until": .string(CampaignCalendar.deadline(campaign)),
                    "branches": .array(campaign.branchCodes.map(JSONValue.string)),
                    "remindAfterDays": .integer(Int64(campaign.remindAfterDays)),
                    "remindBeforeDays": .integer(Int64(campaign.remindBeforeDays)),
                ])
            }
            print(JSONValue.array(items).jsonText)
            return .success
        }
        let states = [
            "closed": say(.campaignStateClosed), "scheduled": say(.campaignStateScheduled),
            "open": say(.campaignStateOpen), "ended": say(.campaignStateEnded),
        ]
        let rows = campaigns.map { campaign in
            [
                campaign.code, states[state(campaign)] ?? state(campaign),
                CampaignCalendar.day(campaign.opensAt),
                CampaignCalendar.deadline(campaign), campaign.branchCodes.joined(separator: ","),
                campaign.title,
            ]
        }
        let header = [
            say(.columnCode), say(.columnState), say(.columnFrom), say(.columnUntil), say(.columnBranches),
            say(.columnTitle),
        ]
        let table = TextTable(header: header, rows: rows)
        print(table.render().joined(separator: "\n"))
        return .success
    }
}

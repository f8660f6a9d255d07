import Foundation
import TusoiEngine
import TusoiStore
import TusoiWire

/// `tusoi progress [--branch CODE] [--json]`: who has not started, who is in progress and how far,
/// who has submitted, and when each was last active.
enum ProgressCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let branch: String?
        let json: Bool
        let prompts: String?
        do {
            options = try StoreOptions(&arguments, environment: environment)
            branch = try arguments.option("--branch")
            prompts = try arguments.option("--prompts")
            json = arguments.flag("--json")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let catalog = loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        var reports = Reports(store: store, catalog: catalog)
        let lines: [Reports.Line]
        do {
            if let branch, try store.branchID(code: branch) == nil {
                say.error(.unknownBranch, ["code": branch])
                return .dataError
            }
            lines = try reports.progress(branchCode: branch)
        } catch {
            say.error(.progressFailed, ["reason": Server.explain(error)])
            return .storeError
        }
        if json {
            let items: [JSONValue] = lines.map { line in
                var fields: [String: JSONValue] = [
                    "member": .string(line.progress.member.name),
                    "branch": .string(line.progress.member.branchCode),
                    "status": .string(line.progress.status.rawValue),
                ]
                if let percent = line.percent { fields["percent"] = .integer(Int64(percent)) }
                if let at = line.progress.updatedAt { fields["lastActivity"] = .integer(at) }
                return .object(fields)
            }
            print(JSONValue.array(items).jsonText)
            return .success
        }
        let rows = lines.map { line in
            [
                line.progress.member.name, line.progress.member.branchCode, say.status(line.progress.status),
                line.percent.map { "\($0)%" } ?? "-",
                line.progress.updatedAt.map { CivilDate(vietnamTime: $0).vietnamese } ?? "-",
            ]
        }
        let header = [
            say(.columnMember), say(.columnBranch), say(.columnStatus), say(.columnDone),
            say(.columnLastActivity),
        ]
        print(TextTable(header: header, rows: rows, rightAligned: [3]).render().joined(separator: "\n"))
        func count(_ status: ReviewStatus) -> String {
            String(lines.filter { $0.progress.status == status }.count)
        }
        print(
            "\n"
                + say(
                    .progressTotals,
                    [
                        "members": String(lines.count), "submitted": count(.submitted),
                        "returned": count(.returned), "inProgress": count(.inProgress),
                        "notStarted": count(.notStarted),
                    ]))
        return .success
    }

    /// The bot's wording, needed to render answers.
    static func loadCatalog(_ prompts: String?, _ environment: [String: String]) -> Catalog? {
        guard let directory = PromptLibrary.locate(explicit: prompts, environment: environment),
            let text = try? String(contentsOfFile: directory + "/bot.txt", encoding: .utf8),
            let catalog = Catalog.parse(text, file: "bot.txt").catalog
        else {
            Log.error("cannot read the bot's wording (give --prompts DIR)")
            return nil
        }
        return catalog
    }
}

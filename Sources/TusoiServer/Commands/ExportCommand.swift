import Foundation
import TusoiEngine
import TusoiStore

/// `tusoi export (--member NAME | --branch CODE) [--format md|csv|json] [--output FILE]`: transcripts
/// for the branch meeting. Every export is written to the audit log.
enum ExportCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let member: String?
        let branch: String?
        let format: String
        let output: String?
        let prompts: String?
        do {
            options = try StoreOptions(&arguments, environment: environment)
            member = try arguments.option("--member")
            branch = try arguments.option("--branch")
            format = try arguments.option("--format") ?? "md"
            output = try arguments.option("--output")
            prompts = try arguments.option("--prompts")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard (member == nil) != (branch == nil) else {
            return Tusoi.usageFailure(
                UsageError("export needs exactly one of --member NAME and --branch CODE"))
        }
        guard ["md", "csv", "json"].contains(format) else {
            return Tusoi.usageFailure(UsageError("--format is md, csv or json"))
        }
        guard let catalog = ProgressCommand.loadCatalog(prompts, environment) else { return .dataError }
        guard let store = options.open() else { return .storeError }
        var reports = Reports(store: store, catalog: catalog)
        do {
            var items = try store.progress(branchCode: branch)
            if let member { items = items.filter { $0.member.name == member } }
            guard !items.isEmpty else {
                Log.error(
                    member.map { "no member named \"\($0)\"" } ?? "no member in branch \"\(branch ?? "")\"")
                return .dataError
            }
            let text: String
            switch format {
            case "csv":
                text = Reports.csv(try items.flatMap { try reports.csvRows($0) })
            case "json":
                let documents: [JSONValue] = try items.map { item in
                    .object([
                        "member": .string(item.member.name), "branch": .string(item.member.branchCode),
                        "status": .string(item.status),
                        "answers": .array(
                            try reports.csvRows(item).map { row in
                                .object([
                                    "key": .string(row[3]), "kind": .string(row[5]), "value": .string(row[6]),
                                ])
                            }),
                        "markdown": .string(try reports.markdown(item)),
                    ])
                }
                text = JSONValue.array(documents).jsonText + "\n"
            default:
                text = try items.map { try reports.markdown($0) }.joined(separator: "\n\n---\n\n")
            }
            try store.transaction {
                try store.audit(
                    actor: "operator", action: "export-\(format)",
                    subject: member.map { "member \($0)" } ?? "branch \(branch ?? "")", channel: "cli",
                    now: systemNow())
            }
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                chmod(output, 0o600)
                print("\(items.count) self-review(s) written to \(output)")
            } else {
                print(text, terminator: "")
            }
            return .success
        } catch {
            Log.error("the export failed: \(Server.explain(error))")
            return .storeError
        }
    }
}

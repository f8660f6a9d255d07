import Foundation
import TusoiStore

/// `tusoi member add|import` and `tusoi members`: the roster of each branch.
enum MemberCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let branch: String?
        let name: String?
        let roleName: String
        let phone: String?
        let email: String?
        let words: [String]
        do {
            options = try StoreOptions(&arguments, environment: environment)
            branch = try arguments.option("--branch")
            name = try arguments.option("--name")
            roleName = try arguments.option("--role") ?? "member"
            phone = try arguments.option("--phone")
            email = try arguments.option("--email")
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let role = MemberRecord.Role(rawValue: roleName) else {
            return Tusoi.usageFailure(UsageError("--role is member, facilitator or committee"))
        }
        switch words.first {
        case "add":
            guard let branch, let name, words.count == 1 else {
                return Tusoi.usageFailure(
                    UsageError(
                        "use: tusoi member add --branch CODE --name \"NAME\" [--role ROLE] [--phone] [--email]"
                    ))
            }
            return add([(name, branch, role, phone, email)], options: options, source: "command line")
        case "import":
            guard words.count == 2 else {
                return Tusoi.usageFailure(UsageError("use: tusoi member import FILE.csv"))
            }
            guard let text = try? String(contentsOfFile: words[1], encoding: .utf8) else {
                Log.error("cannot read \(words[1]) as UTF-8 text")
                return .dataError
            }
            switch parseCSV(text, file: words[1]) {
            case .success(let rows): return add(rows, options: options, source: words[1])
            case .failure(let problem):
                Log.error(problem.message)
                return .dataError
            }
        default:
            return Tusoi.usageFailure(UsageError("use: tusoi member add … or tusoi member import FILE.csv"))
        }
    }

    typealias Row = (name: String, branch: String, role: MemberRecord.Role, phone: String?, email: String?)

    struct Problem: Error {
        var message: String
    }

    /// Reads `name,branch,role,phone,email` rows (a header line first); every error names its line.
    static func parseCSV(_ text: String, file: String) -> Result<[Row], Problem> {
        var rows: [Row] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
            if index == 0 && fields.first?.lowercased() == "name" { continue }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                return .failure(
                    Problem(message: "\(file):\(index + 1): expected name,branch[,role,phone,email]"))
            }
            let roleText = fields.count > 2 && !fields[2].isEmpty ? fields[2] : "member"
            guard let role = MemberRecord.Role(rawValue: roleText) else {
                return .failure(
                    Problem(
                        message:
                            "\(file):\(index + 1): role \"\(roleText)\" is not member, facilitator or committee"
                    ))
            }
            let phone = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            let email = fields.count > 4 && !fields[4].isEmpty ? fields[4] : nil
            rows.append((fields[0], fields[1], role, phone, email))
        }
        return .success(rows)
    }

    /// Adds the rows in one transaction: all of them, or none when a branch is unknown.
    private static func add(_ rows: [Row], options: StoreOptions, source: String) -> ExitCode {
        guard let store = options.open() else { return .storeError }
        do {
            try store.transaction {
                for row in rows {
                    guard let branchID = try store.branchID(code: row.branch) else {
                        throw Problem(
                            message: "unknown branch \"\(row.branch)\" (add it with tusoi branch add)")
                    }
                    try store.addMember(
                        branchID: branchID, name: row.name, role: row.role, phone: row.phone,
                        email: row.email,
                        now: systemNow())
                }
                try store.audit(
                    actor: "operator", action: "add-members", subject: "\(rows.count) from \(source)",
                    channel: "cli",
                    now: systemNow())
            }
            print("\(rows.count) member(s) added")
            return .success
        } catch let problem as Problem {
            Log.error("no member was added: \(problem.message)")
            return .dataError
        } catch {
            Log.error("no member was added: \(Server.explain(error))")
            return .storeError
        }
    }
}

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
        let birthDate: String?
        let unit: String?
        let channel: String?
        let json: Bool
        let words: [String]
        do {
            options = try StoreOptions(&arguments, environment: environment)
            branch = try arguments.option("--branch")
            name = try arguments.option("--name")
            roleName = try arguments.option("--role") ?? "member"
            phone = try arguments.option("--phone")
            email = try arguments.option("--email")
            birthDate = try arguments.option("--born")
            unit = try arguments.option("--unit")
            channel = try arguments.option("--channel")
            json = arguments.flag("--json")
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let role = MemberRecord.Role(rawValue: roleName) else {
            return Tusoi.usageFailure(UsageError("--role is member, facilitator or committee"))
        }
        switch words.first {
        case "list":
            guard words.count == 1 else {
                return Tusoi.usageFailure(UsageError("use: tusoi member list [--branch CODE]"))
            }
            return RosterCommand.list(branch: branch, json: json, options: options)
        case "unlink":
            guard words.count == 2 else {
                return Tusoi.usageFailure(UsageError("use: tusoi member unlink ID [--channel NAME]"))
            }
            return RosterCommand.unlink(words[1], channel: channel, options: options)
        case "add":
            guard let branch, let name, words.count == 1 else {
                return Tusoi.usageFailure(
                    UsageError(
                        "use: tusoi member add --branch CODE --name \"NAME\" [--role ROLE] [--phone] [--email] [--born DATE] [--unit \"WORKPLACE\"]"
                    ))
            }
            let born = birthDate.flatMap(CampaignCommand.date)
            if birthDate != nil && born == nil {
                return Tusoi.usageFailure(UsageError("--born must be a date (YYYY-MM-DD or DD/MM/YYYY)"))
            }
            return add(
                [
                    Row(
                        name: name, branch: branch, role: role, phone: phone, email: email,
                        birthDate: born?.description, unit: unit)
                ],
                options: options, source: "command line")
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
            return Tusoi.usageFailure(
                UsageError(
                    "use: tusoi member add …, member import FILE.csv, member list, or member unlink ID"))
        }
    }

    struct Row {
        var name: String
        var branch: String
        var role: MemberRecord.Role
        var phone: String?
        var email: String?
        /// For the paper form's header.
        var birthDate: String? = nil
        var unit: String? = nil
    }

    struct Problem: Error {
        var message: String
    }

    /// Reads `name,branch,role,phone,email,born,unit` rows (a header line first; only name and branch
    /// are required); every error names its line.
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
                    Problem(
                        message: "\(file):\(index + 1): expected name,branch[,role,phone,email,born,unit]"))
            }
            let roleText = fields.count > 2 && !fields[2].isEmpty ? fields[2] : "member"
            guard let role = MemberRecord.Role(rawValue: roleText) else {
                return .failure(
                    Problem(
                        message:
                            "\(file):\(index + 1): role \"\(roleText)\" is not member, facilitator or committee"
                    ))
            }
            func field(_ index: Int) -> String? {
                fields.count > index && !fields[index].isEmpty ? fields[index] : nil
            }
            var born = field(5)
            if let text = born {
                guard let date = CampaignCommand.date(text) else {
                    return .failure(
                        Problem(
                            message:
                                "\(file):\(index + 1): born \"\(text)\" is not a date (YYYY-MM-DD or DD/MM/YYYY)"
                        ))
                }
                born = date.description
            }
            rows.append(
                Row(
                    name: fields[0], branch: fields[1], role: role, phone: field(3), email: field(4),
                    birthDate: born,
                    unit: field(6)))
        }
        return .success(rows)
    }

    /// Adds the rows in one transaction: all of them, or none when a branch is unknown.
    private static func add(_ rows: [Row], options: StoreOptions, source: String) -> ExitCode {
        guard let store = options.open() else { return .storeError }
        do {
            try store.transaction {
                for (index, row) in rows.enumerated() {
                    let which = rows.count == 1 ? "" : "member \(index + 1) of \(rows.count): "
                    guard !row.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw Problem(message: "\(which)the name is empty")
                    }
                    guard !(row.name + (row.unit ?? "")).unicodeScalars.contains(where: Self.isControl) else {
                        throw Problem(
                            message: "\(which)the name or workplace contains a control character "
                                + "(a tab, an escape…)")
                    }
                    guard let branchID = try store.branchID(code: row.branch) else {
                        throw Problem(
                            message: "unknown branch \"\(row.branch)\" (add it with tusoi branch add)")
                    }
                    try store.addMember(
                        branchID: branchID, name: row.name, role: row.role, phone: row.phone,
                        email: row.email, birthDate: row.birthDate, unit: row.unit, now: systemNow())
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

    /// A control character (an escape, a line break…): never part of a name, and able to steer the
    /// terminal that shows it.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

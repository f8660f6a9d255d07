import Foundation
import TusoiStore

/// `tusoi member add|import|list|unlink`: the roster of each branch.
enum MemberCommand {
    /// What to do with a row that names someone already on the roster (or earlier in the list).
    enum Duplicates {
        /// Refuse the whole list, naming each duplicate (the default).
        case refuse
        /// Leave out the rows already in the store (a list imported again with new rows).
        case skipExisting
        /// Add them anyway (two members who share a name and a birth date).
        case allow
    }

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
        let duplicates: Duplicates
        let words: [String]
        do throws(UsageError) {
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
            let allow = arguments.flag("--allow-duplicates")
            let skip = arguments.flag("--skip-existing")
            if allow && skip {
                throw UsageError(
                    .optionsExclusive, ["first": "--allow-duplicates", "second": "--skip-existing"],
                    english: "--allow-duplicates and --skip-existing exclude each other")
            }
            duplicates = allow ? .allow : skip ? .skipExisting : .refuse
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let role = MemberImport.role(roleName) else {
            return Tusoi.usageFailure(
                UsageError(.roleUnknown, english: "--role is member, facilitator or committee"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        switch words.first {
        case "list":
            guard words.count == 1 else {
                return Tusoi.usageFailure(
                    UsageError(
                        .wrongArguments, ["command": "member list"],
                        english: "use: tusoi member list [--branch CODE]"))
            }
            return RosterCommand.list(branch: branch, json: json, options: options, say: say)
        case "unlink":
            guard words.count == 2 else {
                return Tusoi.usageFailure(
                    UsageError(
                        .wrongArguments, ["command": "member unlink"],
                        english: "use: tusoi member unlink ID [--channel NAME]"))
            }
            return RosterCommand.unlink(words[1], channel: channel, options: options, say: say)
        case "add":
            guard let branch, let name, words.count == 1 else {
                return Tusoi.usageFailure(
                    UsageError(
                        .wrongArguments, ["command": "member add"],
                        english:
                            "use: tusoi member add --branch CODE --name \"NAME\" [--role ROLE] [--phone] [--email] [--born DATE] [--unit \"WORKPLACE\"]"
                    ))
            }
            let born = birthDate.flatMap(CampaignCommand.date)
            if birthDate != nil && born == nil {
                return Tusoi.usageFailure(
                    UsageError(.bornNotDate, english: "--born must be a date (YYYY-MM-DD or DD/MM/YYYY)"))
            }
            let row = MemberImport.Row(
                name: name, branch: branch, role: role, phone: phone, email: email,
                birthDate: born?.description,
                unit: unit)
            return add([row], file: nil, duplicates: duplicates, options: options, say: say)
        case "import":
            guard words.count == 2 else {
                return Tusoi.usageFailure(
                    UsageError(
                        .wrongArguments, ["command": "member import"],
                        english: "use: tusoi member import FILE.csv [--allow-duplicates | --skip-existing]"))
            }
            guard FileManager.default.fileExists(atPath: words[1]) else {
                say.error(.importMissing, ["file": words[1]])
                return .noInput
            }
            guard let text = try? String(contentsOfFile: words[1], encoding: .utf8) else {
                say.error(.importUnreadable, ["file": words[1]])
                return .dataError
            }
            switch MemberImport.parse(text, file: words[1]) {
            case .success(let rows):
                return add(rows, file: words[1], duplicates: duplicates, options: options, say: say)
            case .failure(let problem):
                say.error(.nothingAdded, ["reason": problem.message(say)])
                return .dataError
            }
        default:
            return Tusoi.usageFailure(
                UsageError(
                    .wrongArguments, ["command": "member"],
                    english:
                        "use: tusoi member add …, member import FILE.csv, member list, or member unlink ID"))
        }
    }

    /// Adds the rows in one transaction: all of them, or none when a row cannot be taken (an unknown
    /// branch, a control character, a member entered twice).
    private static func add(
        _ rows: [MemberImport.Row], file: String?, duplicates: Duplicates, options: StoreOptions, say: Console
    ) -> ExitCode {
        guard let store = options.open(say) else { return .storeError }
        do {
            let added = try store.transaction { () throws -> [(Int64, String)] in
                var rows = rows
                for row in rows {
                    guard !row.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw MemberImport.Problem(file: file, line: row.line, key: .importEmptyName)
                    }
                    guard !(row.name + (row.unit ?? "")).unicodeScalars.contains(where: Self.isControl) else {
                        throw MemberImport.Problem(file: file, line: row.line, key: .importControlCharacter)
                    }
                    guard try store.branchID(code: row.branch) != nil else {
                        throw MemberImport.Problem(
                            file: file, line: row.line, key: .importUnknownBranch,
                            values: ["branch": row.branch])
                    }
                }
                if duplicates != .allow {
                    let roster = MemberImport.Roster(try store.members(branchCode: nil))
                    if duplicates == .skipExisting {
                        let all = rows.count
                        rows.removeAll { roster.member($0) != nil }
                        if rows.count < all { say.note(.importSkipped, ["count": String(all - rows.count)]) }
                    }
                    let found = MemberImport.duplicates(rows, roster: roster, file: file)
                    guard found.isEmpty else { throw DuplicatesFound(problems: found) }
                }
                var ids: [(Int64, String)] = []
                for row in rows {
                    guard let branchID = try store.branchID(code: row.branch) else { continue }
                    let id = try store.addMember(
                        branchID: branchID, name: row.name, role: row.role, phone: row.phone,
                        email: row.email, birthDate: row.birthDate, unit: row.unit, now: systemNow())
                    ids.append((id, row.name))
                }
                try store.audit(
                    actor: "operator", action: "add-members",
                    subject: "\(rows.count) from \(file ?? "command line")", channel: "cli", now: systemNow())
                return ids
            }
            print(say(.membersAdded, ["count": String(added.count)]))
            // The id each member got, which `invite --member`, `audit --member` and `conclude` take.
            if added.count == 1, let (id, name) = added.first {
                print(say(.memberAddedID, ["id": String(id), "name": TextTable.cell(name)]))
            }
            return .success
        } catch let problem as MemberImport.Problem {
            say.error(.nothingAdded, ["reason": problem.message(say)])
            return .dataError
        } catch let found as DuplicatesFound {
            say.error(
                .importDuplicates,
                [
                    "count": String(found.problems.count),
                    "lines": found.problems.map { "  " + $0.message(say) }
                        .joined(separator: "\n"),
                ])
            return .dataError
        } catch {
            say.error(.nothingAdded, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    /// Rows that name members already on the roster or earlier in the list.
    struct DuplicatesFound: Error {
        var problems: [MemberImport.Problem]
    }

    /// A control character (an escape, a line break…): never part of a name, and able to steer the
    /// terminal that shows it.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

import TusoiWire

/// `tusoi branch add CODE NAME [--committee NAME]`: registers a branch (chi bộ);
/// `tusoi branch list [--json]`: the branches with their committee and who has linked an account.
enum BranchCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let committee: String
        let json: Bool
        let words: [String]
        do {
            options = try StoreOptions(&arguments, environment: environment)
            committee = try arguments.option("--committee") ?? ""
            json = arguments.flag("--json")
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        if words == ["list"] {
            guard let say = Console.load(environment) else { return .dataError }
            return list(json: json, options: options, say: say)
        }
        guard words.count == 3, words[0] == "add" else {
            return Tusoi.usageFailure(
                UsageError(
                    .wrongArguments, ["command": "branch add"],
                    english: "use: tusoi branch add CODE \"NAME\" [--committee \"NAME\"]"))
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let store = options.open(say) else { return .storeError }
        do {
            if try store.branchID(code: words[1]) != nil {
                say.error(.branchExists, ["code": words[1]])
                return .dataError
            }
            _ = try store.transaction {
                try store.addBranch(code: words[1], name: words[2], committee: committee)
            }
            print(say(.branchAdded, ["code": words[1], "name": words[2]]))
            return .success
        } catch {
            say.error(.branchNotAdded, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    /// Each branch with its committee and its members: how many, how many have linked a messenger
    /// account (the secretary's follow-up before a campaign), how many have not.
    static func list(json: Bool, options: StoreOptions, say: Console) -> ExitCode {
        guard let store = options.open(say) else { return .storeError }
        do {
            var rows: [[String]] = []
            var items: [JSONValue] = []
            let members = try store.members(branchCode: nil).filter { !$0.revoked }
            for branch in try store.branches() {
                let own = members.filter { $0.branchID == branch.id }
                let linked = try own.filter { try store.hasIdentity(memberID: $0.id) }.count
                rows.append([
                    branch.code, branch.name, branch.committee, String(own.count), String(linked),
                    String(own.count - linked),
                ])
                items.append([
                    "code": .string(branch.code), "name": .string(branch.name),
                    "committee": .string(branch.committee), "members": .integer(Int64(own.count)),
                    "linked": .integer(Int64(linked)),
                ])
            }
            if json {
                print(JSONValue.array(items).jsonText)
            } else if rows.isEmpty {
                print(say(.noBranches))
            } else {
                let header = [
                    say(.columnCode), say(.columnBranch), say(.columnCommittee), say(.columnMembers),
                    say(.columnLinked), say(.columnNotLinked),
                ]
                print(TextTable(header: header, rows: rows).render().joined(separator: "\n"))
            }
            return .success
        } catch {
            say.error(.rosterFailed, ["reason": Server.explain(error)])
            return .storeError
        }
    }
}

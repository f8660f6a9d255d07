/// `tusoi branch add CODE NAME [--committee NAME]`: registers a branch (chi bộ).
enum BranchCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: StoreOptions
        let committee: String
        let words: [String]
        do {
            options = try StoreOptions(&arguments, environment: environment)
            committee = try arguments.option("--committee") ?? ""
            words = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
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
                return .failure
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
}

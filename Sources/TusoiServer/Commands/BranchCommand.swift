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
                UsageError("use: tusoi branch add CODE \"NAME\" [--committee \"NAME\"]"))
        }
        guard let store = options.open() else { return .storeError }
        do {
            if try store.branchID(code: words[1]) != nil {
                Log.error("a branch with the code \(words[1]) exists already")
                return .failure
            }
            _ = try store.transaction {
                try store.addBranch(code: words[1], name: words[2], committee: committee)
            }
            print("branch \(words[1]) added: \(words[2])")
            return .success
        } catch {
            Log.error("the branch was not added: \(Server.explain(error))")
            return .storeError
        }
    }
}

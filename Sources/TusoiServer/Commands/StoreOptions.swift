import TusoiStore

/// `--db PATH` or `--store ADDRESS` (``StoreAddress``) for the commands that only need the store.
struct StoreOptions {
    var database: String

    init(_ arguments: inout Arguments, environment: [String: String]) throws(UsageError) {
        database = try StoreAddress.parse(&arguments, environment: environment)
    }

    /// Opens the store, or says why not on standard error.
    func open(_ say: Console) -> (any OperatorStore)? {
        do {
            return try StoreAddress.open(database)
        } catch {
            say.error(.storeUnopenable, ["path": database, "reason": "\(error)"])
            return nil
        }
    }
}

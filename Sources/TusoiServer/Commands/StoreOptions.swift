import TusoiStore

/// `--db PATH` (else `TUSOI_DB`, else ./tusoi.sqlite) for the commands that only need the store.
struct StoreOptions {
    var database: String

    init(_ arguments: inout Arguments, environment: [String: String]) throws(UsageError) {
        database =
            try arguments.option("--db") ?? environment["TUSOI_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "tusoi.sqlite"
    }

    /// Opens the store, or says why not on standard error.
    func open(_ say: Console) -> SessionStore? {
        do {
            return try SessionStore(path: database)
        } catch {
            say.error(.storeUnopenable, ["path": database, "reason": "\(error)"])
            return nil
        }
    }
}

import TusoiStore

/// Where the store is: a SQLite file (`--db PATH`, the default ./tusoi.sqlite) or a PostgreSQL
/// server (`--store postgres://…`, or `TUSOI_STORE`).
enum StoreAddress {
    /// `--store ADDRESS` or `--db PATH` (not both), else `$TUSOI_STORE`, else `$TUSOI_DB`, else
    /// ./tusoi.sqlite. An address that starts with `postgres://` or `postgresql://` is PostgreSQL.
    static func parse(_ arguments: inout Arguments, environment: [String: String]) throws(UsageError)
        -> String
    {
        let store = try arguments.option("--store")
        let database = try arguments.option("--db")
        if store != nil, database != nil {
            throw UsageError(
                .optionsExclusive, ["first": "--store", "second": "--db"],
                english: "give --store or --db, not both")
        }
        let nonEmpty: (String) -> String? = { $0.isEmpty ? nil : $0 }
        return store ?? database ?? environment["TUSOI_STORE"].flatMap(nonEmpty)
            ?? environment["TUSOI_DB"].flatMap(nonEmpty) ?? "tusoi.sqlite"
    }

    /// Whether `address` names a PostgreSQL store.
    static func isPostgres(_ address: String) -> Bool { PostgresStore.isAddress(address) }

    /// Opens the store at `address` with the backend its form names.
    static func open(_ address: String) throws(StoreError) -> any OperatorStore {
        if PostgresStore.isAddress(address) { return try PostgresStore(url: address) }
        return try SessionStore(path: address)
    }

    /// The address as it may be written to a log: without a password.
    static func display(_ address: String) -> String {
        PostgresStore.isAddress(address) ? PostgresStore.redact(address) : address
    }
}

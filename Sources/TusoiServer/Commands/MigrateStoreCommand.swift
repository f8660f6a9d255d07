import Foundation
import TusoiStore

/// `tusoi migrate-store --from tusoi.sqlite --to postgresql://…`: moves a ward's store from its
/// SQLite file into an empty PostgreSQL store, every row with its id, in one transaction.
enum MigrateStoreCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let from: String?
        let to: String?
        do {
            from = try arguments.option("--from")
            to = try arguments.option("--to")
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let from, let to, !PostgresStore.isAddress(from), PostgresStore.isAddress(to) else {
            return Tusoi.usageFailure(
                UsageError(
                    .wrongArguments, ["command": "migrate-store"],
                    english: "use: tusoi migrate-store --from FILE.sqlite --to postgresql://…"))
        }
        guard FileManager.default.fileExists(atPath: from) else {
            Log.error("there is no store at \(from)")
            return .noInput
        }
        let source: SessionStore
        let target: PostgresStore
        do {
            source = try SessionStore(path: from)
        } catch {
            Log.error("cannot open the store: \(error)")
            return .storeError
        }
        defer { source.close() }
        do {
            // Nobody may write either store meanwhile: the copy would miss what they wrote.
            try source.claimSoleWriter()
            target = try PostgresStore(url: to)
        } catch StoreError.inUse(let path, let holder) {
            Log.error("not started: \(path) is served by \(holder); stop it first")
            return .tempFailure
        } catch {
            Log.error("cannot open the store: \(error)")
            return .storeError
        }
        defer { target.close() }
        do {
            try target.claimSoleWriter()
            let counts = try StoreCopy.copy(from: source, to: target)
            for (table, rows) in counts where rows > 0 { print("\(table): \(rows)") }
            print("the store \(from) is copied to \(StoreAddress.display(to))")
            return .success
        } catch let error as StoreCopy.TargetNotEmpty {
            Log.error("nothing was copied: \(error)")
            return .cannotCreate
        } catch StoreError.inUse(let path, let holder) {
            Log.error("not started: \(path) is served by \(holder); stop it first")
            return .tempFailure
        } catch {
            Log.error("nothing was copied: \(Server.explain(error))")
            return .storeError
        }
    }
}

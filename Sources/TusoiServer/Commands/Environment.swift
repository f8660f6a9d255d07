import Foundation
import TusoiEngine
import TusoiStore

/// What every command that opens the store needs: where the store and the prompts are.
struct CommonOptions {
    var database: String
    var prompts: String?
    var questionnaire: String

    static let defaultQuestionnaire = "tu-soi-tu-sua"

    init(_ arguments: inout Arguments, environment: [String: String]) throws(UsageError) {
        database = try StoreAddress.parse(&arguments, environment: environment)
        prompts = try arguments.option("--prompts")
        questionnaire = try arguments.option("--questionnaire") ?? CommonOptions.defaultQuestionnaire
    }

    /// Loads the prompts and opens the store, or explains on standard error why it cannot.
    ///
    /// - Parameter sharedStore: join the writers of a PostgreSQL store that other `serve` processes
    ///   write too, rather than be its only writer.
    func openService(environment: [String: String], sharedStore: Bool = false) -> Result<
        ChatService, CommandFailure
    > {
        guard let directory = PromptLibrary.locate(explicit: prompts, environment: environment) else {
            return .failure(
                CommandFailure(
                    .dataError, "cannot find the Prompts folder (give --prompts DIR or set TUSOI_PROMPTS)"))
        }
        let library: PromptLibrary
        do {
            library = try PromptLibrary.load(directory: directory)
        } catch {
            return .failure(CommandFailure(.dataError, "the prompts have errors:\n\(error)"))
        }
        let store: any BotStore
        do {
            store = try StoreAddress.open(database)
        } catch {
            return .failure(CommandFailure(.storeError, "cannot open the store: \(error)"))
        }
        do {
            // `serve` and `chat` keep sessions in memory ahead of the file: one of them per store.
            if sharedStore, let postgres = store as? PostgresStore {
                try postgres.joinSharedWriters()
            } else {
                try store.claimSoleWriter()
            }
        } catch let error as StoreError {
            store.close()
            if case .syncFailed = error {
                return .failure(CommandFailure(.storeError, "not started: \(error)"))
            }
            return .failure(CommandFailure(.tempFailure, "not started: \(error)"))
        } catch {
            store.close()
            return .failure(CommandFailure(.tempFailure, "not started: \(error)"))
        }
        do {
            return .success(try ChatService(store: store, library: library, questionnaireID: questionnaire))
        } catch {
            return .failure(CommandFailure(.dataError, "\(error)"))
        }
    }
}

/// A command that could not run, with its exit code and the message for standard error.
struct CommandFailure: Error {
    var code: ExitCode
    var message: String

    init(_ code: ExitCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The wall clock, in whole seconds since 1970: the one place the commands read the time.
func systemNow() -> Int64 {
    Int64(Date().timeIntervalSince1970)
}

import Foundation

/// `tusoi serve`: the JSON-lines server on standard input and output.
enum ServeCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage(ProcessInfo.processInfo.environment))
            return .success
        }
        let options: CommonOptions
        let sharedStore = arguments.flag("--shared-store")
        let readsAhead = !arguments.flag("--no-read-ahead")
        do {
            options = try CommonOptions(&arguments, environment: environment)
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        if sharedStore, !StoreAddress.isPostgres(options.database) {
            return Tusoi.usageFailure(
                UsageError(
                    "--shared-store needs a PostgreSQL store (--store postgresql://…): a SQLite file has one writer"
                ))
        }
        let service: ChatService
        switch options.openService(environment: environment, sharedStore: sharedStore) {
        case .success(let opened): service = opened
        case .failure(let failure):
            Log.error(failure.message)
            return failure.code
        }
        let server = Server(service: service, clock: systemNow)
        server.readsAhead = readsAhead
        var source = FileLineSource(descriptor: 0)
        var sink = FileLineSink(descriptor: 1)
        Log.info("serving on standard input/output, store \(StoreAddress.display(options.database))")
        server.run(source: &source, sink: &sink)
        let stats = server.stats
        Log.info(
            "stopped: \(stats.messages) messages (\(stats.replays) replays), \(stats.errors) errors, "
                + "\(stats.batches) batches, \(stats.speculated) turns worked out ahead")
        service.store.close()
        return server.syncFailure == nil ? .success : .storeError
    }
}

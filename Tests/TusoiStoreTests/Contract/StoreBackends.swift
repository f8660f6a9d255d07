import Foundation
import Testing
import TusoiEngine

@testable import TusoiStore

/// What the contract tests need of a store beyond the bot's ports: the operator's writes and reads.
typealias ContractStore = OperatorStore

/// The backends the contract runs on: the two stores, and the in-memory twin of the tests.
enum Backend: String, CustomTestStringConvertible {
    case sqlite
    case postgres
    /// The in-memory twin (``MemoryStore``), held to the same contract.
    case memory

    var testDescription: String { rawValue }

    /// The PostgreSQL server of the tests (`TUSOI_TEST_POSTGRES`, a URL such as
    /// `postgresql:///postgres?host=/tmp/folder`); nil when the tests run without one.
    static let postgresURL: String? = ProcessInfo.processInfo.environment["TUSOI_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Runs `body` on a new, empty store of this backend: SQLite in memory, or a schema of its own
    /// in the test server (dropped afterwards).
    func withStore<T>(_ body: (any ContractStore) throws -> T) throws -> T {
        switch self {
        case .memory:
            return try body(MemoryStore())
        case .sqlite:
            let store = try SessionStore(path: ":memory:")
            defer { store.close() }
            return try body(store)
        case .postgres:
            let scratch = try PostgresScratch()
            defer { scratch.drop() }
            let store = try PostgresStore(url: scratch.url)
            defer { store.close() }
            return try body(store)
        }
    }
}

/// A schema of its own in the test server, named at random, and the URL of a store inside it.
struct PostgresScratch {
    let schema: String
    let url: String
    private let admin: PostgresConnection

    init() throws {
        guard let base = Backend.postgresURL else {
            throw PostgresError(sqlState: "08001", message: "TUSOI_TEST_POSTGRES is not set")
        }
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        admin = try PostgresConnection(url: base)
        try admin.execute("CREATE SCHEMA \(schema)")
        url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    func drop() {
        try? admin.execute("DROP SCHEMA \(schema) CASCADE")
        admin.close()
    }
}

/// Why the PostgreSQL half of the contract did not run, as the test report shows it.
let postgresSkipReason: Comment =
    "TUSOI_TEST_POSTGRES is not set: the PostgreSQL store was not tested (.ci/run starts a throwaway server and sets it)"

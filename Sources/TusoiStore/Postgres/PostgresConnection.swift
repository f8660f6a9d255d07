import CPostgres

/// A value that can be sent as a statement's parameter: in libpq's text format, or nil for NULL.
public protocol PostgresBindable {
    var postgresText: String? { get }
}

extension Int64: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension String: PostgresBindable {
    public var postgresText: String? { self }
}

extension Bool: PostgresBindable {
    public var postgresText: String? { self ? "t" : "f" }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresText: String? { self?.postgresText }
}

/// One connection to PostgreSQL through libpq: statements with `$1`, `$2`… parameters given in
/// order (prepared once per connection and cached), rows read by column, transactions and
/// savepoints. Not `Sendable`: one owner uses it at a time.
/// libpq, loaded when the first connection is made (`Sources/CPostgres/shim.h`): a store on SQLite
/// never loads it.
enum LibPQ {
    static let functions: tusoi_libpq? = tusoi_libpq_load()?.pointee
}

/// A C string from libpq as text; none reads as empty.
func cText(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// libpq's functions (loaded on the first connection).
    private let pq: tusoi_libpq
    /// The name of each statement prepared on this connection, by its SQL.
    private var prepared: [String: String] = [:]
    /// How many times the connection was made: 1, and one more for each ``reconnect()``.
    public private(set) var connections = 1
    /// What the owner must do again on a new connection (session-level locks are gone with the old one).
    public var afterReconnect: (() throws -> Void)?

    /// Connects to the server named by `url` (`postgres://user@host/db`, or
    /// `postgresql:///db?host=/run/folder` for a Unix socket); every commit waits for the server's
    /// disk (`synchronous_commit=on`), whatever the server's default.
    public init(url: String) throws(PostgresError) {
        guard let pq = LibPQ.functions else {
            throw PostgresError(
                sqlState: "08001",
                message:
                    "PostgreSQL's client library could not be loaded (\(String(cString: tusoi_libpq_failure()))): "
                    + "install libpq5 (Debian) or libpq (Homebrew), or name the file in TUSOI_LIBPQ")
        }
        self.pq = pq
        handle = pq.connectdb(url)
        guard let handle, pq.status(handle) == CONNECTION_OK else {
            let message = handle.map { cText(pq.errorMessage($0)) } ?? "out of memory"
            if let handle { pq.finish(handle) }
            self.handle = nil
            throw PostgresError(sqlState: "08001", message: PostgresConnection.trim(message))
        }
        try execute(
            "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning"
        )
    }

    deinit { close() }

    public func close() {
        if let handle { pq.finish(handle) }
        handle = nil
        prepared = [:]
    }

    /// Whether the connection is lost (the server restarted or went away).
    public var isBroken: Bool {
        guard let handle else { return true }
        return pq.status(handle) != CONNECTION_OK
    }

    /// Connects again after the connection was lost; statements are prepared anew, and the owner's
    /// ``afterReconnect`` runs.
    public func reconnect() throws {
        guard let handle else { throw PostgresError(sqlState: "08003", message: "the connection is closed") }
        prepared = [:]
        connections += 1
        pq.reset(handle)
        guard pq.status(handle) == CONNECTION_OK else {
            throw PostgresError(
                sqlState: "08001", message: PostgresConnection.trim(cText(pq.errorMessage(handle))))
        }
        try execute(
            "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning"
        )
        try afterReconnect?()
    }

    // MARK: Statements

    /// Runs `sql` (one or several statements, without parameters), discarding any rows.
    public func execute(_ sql: String) throws(PostgresError) {
        let result = try check(pq.exec(try live(), sql), sql: sql)
        pq.clear(result)
    }

    /// Runs one statement with `arguments` for `$1`, `$2`… in order; returns how many rows it changed.
    @discardableResult
    public func execute<each Value: PostgresBindable>(sql: String, arguments: repeat each Value)
        throws(PostgresError) -> Int
    {
        let result = try run(sql, parameters: parameters(repeat each arguments))
        defer { pq.clear(result) }
        return Int(cText(pq.cmdTuples(result))) ?? 0
    }

    /// Runs one statement with a list of parameters built at run time; returns how many rows it changed.
    @discardableResult
    public func execute(sql: String, parameters: [String?]) throws(PostgresError) -> Int {
        let result = try run(sql, parameters: parameters)
        defer { pq.clear(result) }
        return Int(cText(pq.cmdTuples(result))) ?? 0
    }

    /// The first row of `sql` with `arguments`, read by `row`; nil when there is none.
    public func fetchOne<T, each Value: PostgresBindable>(
        sql: String, arguments: repeat each Value, row: (PostgresRow) throws -> T
    ) throws -> T? {
        let result = try run(sql, parameters: parameters(repeat each arguments))
        defer { pq.clear(result) }
        guard pq.ntuples(result) > 0 else { return nil }
        return try row(PostgresRow(pq: pq, result: result, index: 0))
    }

    /// Every row of `sql` with `arguments`, each read by `row`.
    public func fetchAll<T, each Value: PostgresBindable>(
        sql: String, arguments: repeat each Value, row: (PostgresRow) throws -> T
    ) throws -> [T] {
        try fetchAll(sql: sql, parameters: parameters(repeat each arguments), row: row)
    }

    /// Every row of `sql` with a list of parameters built at run time (a filter that is optional).
    public func fetchAll<T>(sql: String, parameters: [String?], row: (PostgresRow) throws -> T) throws -> [T]
    {
        let result = try run(sql, parameters: parameters)
        defer { pq.clear(result) }
        let count = pq.ntuples(result)
        var rows: [T] = []
        rows.reserveCapacity(Int(count))
        for index in 0..<count { rows.append(try row(PostgresRow(pq: pq, result: result, index: index))) }
        return rows
    }

    private func parameters<each Value: PostgresBindable>(_ arguments: repeat each Value) -> [String?] {
        var values: [String?] = []
        for argument in repeat each arguments { values.append(argument.postgresText) }
        return values
    }

    /// Prepares `sql` on first use, then runs it with `parameters` in text format.
    private func run(_ sql: String, parameters: [String?]) throws(PostgresError) -> OpaquePointer {
        let connection = try live()
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "s\(prepared.count + 1)"
            let made = try check(pq.prepare(connection, name, sql, 0, nil), sql: sql)
            pq.clear(made)
            prepared[sql] = name
        }
        // A C string ends at its first NUL, and PostgreSQL's text cannot hold one: refused, never cut
        // short (a chat id cut at a NUL would meet another chat's replay key).
        if parameters.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(
                sqlState: "22021",
                message: "a text value contains a NUL character, which PostgreSQL cannot store",
                sql: sql)
        }
        var pointers: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        let result = pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                pq.execPrepared(connection, name, Int32(values.count), values.baseAddress, nil, nil, 0)
            }
        }
        return try check(result, sql: sql)
    }

    private func live() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw PostgresError(sqlState: "08003", message: "the connection is closed") }
        return handle
    }

    /// The result when it is a success; else the error it carries, or the connection's.
    private func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) -> OpaquePointer {
        if let result {
            let status = pq.resultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
                return result
            }
            let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = pq.resultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let message = primary ?? PostgresConnection.trim(cText(pq.resultErrorMessage(result)))
            pq.clear(result)
            // Only the server gives a SQLSTATE: an error without one is libpq's own, about the
            // connection (it may not have marked the connection bad yet when the server went away).
            throw PostgresError(sqlState: state ?? "08006", message: message, sql: sql)
        }
        let message = handle.map { cText(pq.errorMessage($0)) } ?? "the connection is closed"
        throw PostgresError(sqlState: "08006", message: PostgresConnection.trim(message), sql: sql)
    }

    private static func trim(_ message: String) -> String {
        String(message.reversed().drop(while: { $0 == "\n" || $0 == " " }).reversed())
    }

    // MARK: Transactions

    /// Whether a transaction is open and usable: false outside one, and false once a failed
    /// statement aborted it (PostgreSQL then refuses everything until it is rolled back).
    public var isInsideTransaction: Bool {
        guard let handle else { return false }
        let status = pq.transactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_ACTIVE
    }

    private var transactionOpen: Bool {
        guard let handle else { return false }
        let status = pq.transactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs `body` in one transaction: all of it is committed (and on disk, `synchronous_commit=on`)
    /// or none of it. A connection lost since the last transaction is made again first (also when
    /// only `BEGIN` finds out); one lost inside the transaction fails it.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isBroken { try reconnect() }
        do {
            try execute("BEGIN")
        } catch {
            // The connection died between transactions (the server restarted, or ended the session):
            // nothing was done yet, so a new connection may begin again.
            let lost = error.isConnectionFailure || isBroken
            guard lost else { throw error }
            try reconnect()
            try execute("BEGIN")
        }
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return result
    }

    /// Runs `body` inside a savepoint: if it throws, what it wrote is undone and the error rethrown,
    /// while the enclosing transaction goes on.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT message")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT message")
            return result
        } catch {
            try? execute("ROLLBACK TO SAVEPOINT message")
            try? execute("RELEASE SAVEPOINT message")
            throw error
        }
    }

    private func rollback() {
        guard transactionOpen else { return }
        try? execute("ROLLBACK")
    }
}

/// One row of a result, read by column (0-based); values arrive in PostgreSQL's text format.
public struct PostgresRow {
    let pq: tusoi_libpq
    let result: OpaquePointer
    let index: Int32

    public func isNull(_ column: Int32) -> Bool { pq.getisnull(result, index, column) == 1 }

    public func text(_ column: Int32) -> String? {
        guard !isNull(column) else { return nil }
        return cText(pq.getvalue(result, index, column))
    }

    /// The value as an integer (0 for NULL, as SQLite reads it).
    public func int64(_ column: Int32) -> Int64 {
        guard !isNull(column), let value = pq.getvalue(result, index, column) else { return 0 }
        return strtoll(value, nil, 10)
    }

    public func int(_ column: Int32) -> Int { Int(int64(column)) }

    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// A boolean column (`t` or `f`); false for NULL.
    public func bool(_ column: Int32) -> Bool {
        guard !isNull(column), let value = pq.getvalue(result, index, column) else { return false }
        return value.pointee == CChar(UInt8(ascii: "t"))
    }
}

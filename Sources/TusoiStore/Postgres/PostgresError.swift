/// An error reported by PostgreSQL or libpq: the SQLSTATE, the server's (or libpq's) message and
/// the SQL involved.
///
/// Failures to reach the server have the class `08` (connection exception), as the server would
/// report them, so that one test tells an operator "the server is gone".
public struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE (`23505` for a unique violation, `08006` for a lost connection).
    public var sqlState: String
    /// The server's primary message, or libpq's when the server was not reached.
    public var message: String
    /// The SQL that failed, when the error came from running a statement.
    public var sql: String?

    public init(sqlState: String, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// SQLSTATE class `08`: the connection failed or was lost.
    public var isConnectionFailure: Bool { sqlState.hasPrefix("08") || sqlState == "57P01" }
    /// A unique constraint or index was violated.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// The disk is full (`53100`) or the server is out of memory or other resources (class `53`).
    public var isOutOfResources: Bool { sqlState.hasPrefix("53") }
    /// The transaction was aborted earlier; every statement fails until it is rolled back (`25P02`).
    public var isTransactionAborted: Bool { sqlState == "25P02" }

    public var description: String {
        "PostgreSQL error \(sqlState): \(message)" + (sql.map { " (in: \($0.prefix(120)))" } ?? "")
    }
}

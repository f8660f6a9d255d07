import CSQLite

/// An error reported by SQLite, with the extended result code, SQLite's message and the SQL involved.
///
/// Connections are opened with extended result codes enabled, so `code` is the extended code
/// (for example 2067, `SQLITE_CONSTRAINT_UNIQUE`); `primaryCode` is its low byte (19, `SQLITE_CONSTRAINT`).
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067); its low byte is the primary code.
    public var code: Int32
    /// SQLite's message, such as `UNIQUE constraint failed: t.x`.
    public var message: String
    /// The SQL that failed, when the error came from running a statement.
    public var sql: String?

    /// Creates an error from its parts.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code: the low byte of `code` (`SQLITE_CONSTRAINT` is 19).
    public var primaryCode: Int32 { code & 0xFF }

    /// Whether another connection held a lock for longer than the busy timeout (`SQLITE_BUSY`).
    public var isBusy: Bool { primaryCode == SQLITE_BUSY }
    /// Whether a constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY…) was violated (`SQLITE_CONSTRAINT`).
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// Whether a UNIQUE constraint or a unique index was violated (`SQLITE_CONSTRAINT_UNIQUE`).
    public var isUniqueConstraint: Bool { code == SQLiteError.constraintUnique }
    /// Whether the disk or the database size limit is full (`SQLITE_FULL`).
    public var isFull: Bool { primaryCode == SQLITE_FULL }
    /// Whether the file exists but is not an SQLite database (`SQLITE_NOTADB`).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }
    /// Whether the database file is damaged (`SQLITE_CORRUPT`).
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }

    /// The extended code of a UNIQUE violation; the C macro is not imported into Swift.
    public static let constraintUnique: Int32 = 2067  // SQLITE_CONSTRAINT | (8 << 8)
    /// `SQLITE_IOERR_FSYNC`: a sync of the file to disk failed.
    public static let ioErrorFsync: Int32 = 1034  // SQLITE_IOERR | (4 << 8)

    /// A one-line account: `SQLite error 2067 (constraint): UNIQUE constraint failed: t.x — in "INSERT …"`.
    public var description: String {
        var text = "SQLite error \(code) (\(SQLiteError.name(ofPrimaryCode: primaryCode))): \(message)"
        if let sql {
            let limit = 300
            let shown = sql.count > limit ? String(sql.prefix(limit)) + "…" : sql
            text += " — in \"\(shown)\""
        }
        return text
    }

    /// A short lowercase name for a primary result code, as used in `description`.
    static func name(ofPrimaryCode code: Int32) -> String {
        switch code {
        case SQLITE_ERROR: "error"
        case SQLITE_INTERNAL: "internal"
        case SQLITE_PERM: "permission"
        case SQLITE_ABORT: "abort"
        case SQLITE_BUSY: "busy"
        case SQLITE_LOCKED: "locked"
        case SQLITE_NOMEM: "out of memory"
        case SQLITE_READONLY: "read-only"
        case SQLITE_INTERRUPT: "interrupt"
        case SQLITE_IOERR: "I/O error"
        case SQLITE_CORRUPT: "corrupt"
        case SQLITE_NOTFOUND: "not found"
        case SQLITE_FULL: "full"
        case SQLITE_CANTOPEN: "cannot open"
        case SQLITE_PROTOCOL: "protocol"
        case SQLITE_SCHEMA: "schema changed"
        case SQLITE_TOOBIG: "too big"
        case SQLITE_CONSTRAINT: "constraint"
        case SQLITE_MISMATCH: "mismatch"
        case SQLITE_MISUSE: "misuse"
        case SQLITE_NOLFS: "no large files"
        case SQLITE_AUTH: "authorization"
        case SQLITE_RANGE: "range"
        case SQLITE_NOTADB: "not a database"
        default: "code \(code)"
        }
    }
}

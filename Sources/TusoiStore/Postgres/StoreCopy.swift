/// Moves a ward's store from SQLite to PostgreSQL (`tusoi migrate-store`): every row of every
/// table, with its id, in one PostgreSQL transaction; the identities' counters are moved on past
/// the copied ids, so that the next row gets the next id as it would have in SQLite.
public enum StoreCopy {
    /// The tables in an order that satisfies every foreign key.
    static let tables = [
        "questionnaires", "branches", "members", "campaigns", "campaign_branches", "sessions", "replies",
        "inbound",
        "answers", "session_events", "identities", "invites", "invite_failures", "audit", "outbox", "timers",
        "confirmations",
    ]

    /// A target that already holds something: a copy would mix two wards.
    public struct TargetNotEmpty: Error, CustomStringConvertible {
        public var table: String
        public var description: String {
            "the PostgreSQL store is not empty (its \(table) has rows): give a new database or schema"
        }
    }

    /// Copies `source` into the empty `target`; returns the rows copied, table by table.
    public static func copy(from source: SessionStore, to target: PostgresStore) throws -> [(
        table: String, rows: Int
    )] {
        let connection = target.connection
        return try connection.transaction {
            for table in tables {
                let any = try connection.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM \(table))") {
                    $0.bool(0)
                }
                if any == true { throw TargetNotEmpty(table: table) }
            }
            var counts: [(table: String, rows: Int)] = []
            for table in tables {
                let columns = try source.database.query("PRAGMA table_info(\(table))") { $0.text(1) ?? "" }
                let list = columns.joined(separator: ", ")
                let marks = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
                let insert = "INSERT INTO \(table)(\(list)) VALUES (\(marks))"
                // Row by row, not the table in memory: `replies` holds every reply text ever sent.
                let rows = try source.database.prepare("SELECT \(list) FROM \(table) ORDER BY rowid")
                var count = 0
                while try rows.step() {
                    // Long texts kept deflated in SQLite (``PackedText``) go to PostgreSQL as text,
                    // which compresses long values on its own.
                    let values = (0..<Int32(columns.count)).map {
                        rows.isNull($0) ? nil : rows.packedText($0)
                    }
                    try connection.execute(sql: insert, parameters: values)
                    count += 1
                }
                if columns.first == "id" {
                    try connection.execute(
                        "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)"
                    )
                }
                counts.append((table, count))
            }
            return counts
        }
    }
}

import Foundation
import Testing

@testable import TusoiStore

/// Tests of the SQLite layer: opening, file modes, transactions, migrations, errors and binding.
@Suite struct SQLiteDatabaseTests {
    /// Runs `body` with a fresh temporary directory, which is removed afterwards.
    private func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tusoi-sqlite-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// The permission bits of the file at `path`.
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    private struct Boom: Error {}

    // MARK: Opening

    @Test func newFileIsCreatedOwnerOnlyAndSoIsItsLog() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("store.sqlite").path
            let database = try Database(path: path)
            try database.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
            #expect(try mode(path) == 0o600)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(try mode(path + "-wal") == 0o600)
            database.close()
        }
    }

    @Test func existingFileKeepsItsMode() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("shared.sqlite").path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let database = try Database(path: path)
            try database.execute("CREATE TABLE t(x)")
            database.close()
            #expect(try mode(path) == 0o644)
        }
    }

    @Test func inMemoryDatabaseWorks() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t(x TEXT)")
        let insert = try database.cachedStatement("INSERT INTO t VALUES (?)")
        try insert.bind("một", at: 1)
        try insert.run()
        #expect(database.lastInsertRowID == 1)
        #expect(database.changes == 1)
        #expect(try database.query("SELECT x FROM t") { $0.text(0) } == ["một"])
        #expect(try database.query("PRAGMA journal_mode") { $0.text(0) } == ["memory"])
    }

    @Test func durableFileUsesWALAndFullSync() throws {
        try withTemporaryDirectory { directory in
            let database = try Database(path: directory.appendingPathComponent("d.sqlite").path)
            #expect(try database.query("PRAGMA journal_mode") { $0.text(0) } == ["wal"])
            #expect(try database.query("PRAGMA synchronous") { $0.int(0) } == [2])
            #expect(try database.query("PRAGMA foreign_keys") { $0.int(0) } == [1])
            #expect(try database.checkpoint())
        }
    }

    @Test func fastOptionsTurnSyncOff() throws {
        let database = try Database(path: ":memory:", options: .fast)
        #expect(try database.query("PRAGMA synchronous") { $0.int(0) } == [0])
        #expect(try database.query("PRAGMA foreign_keys") { $0.int(0) } == [1])
    }

    @Test func fileThatIsNotADatabaseIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("notes.txt").path
            let text = String(repeating: "This is a shopping list, not a database.\n", count: 100)
            try Data(text.utf8.prefix(4096)).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: SQLiteError.self) { try Database(path: path) }
            #expect(error?.isNotADatabase == true)
            #expect(error?.code == 26)
            #expect(error?.isCorrupt == false)
            // The file was left as it was.
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 4096)
        }
    }

    @Test func missingDirectoryIsReported() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent/store.sqlite").path
            let error = #expect(throws: SQLiteError.self) { try Database(path: path) }
            #expect(error?.primaryCode == 14)  // SQLITE_CANTOPEN
            #expect(error?.message.contains("absent/store.sqlite") == true)
        }
    }

    @Test func closeIsIdempotentAndLaterUseIsMisuse() throws {
        let database = try Database(path: ":memory:")
        let cached = try database.cachedStatement("SELECT 1")
        database.close()
        database.close()
        let error = #expect(throws: SQLiteError.self) { try database.execute("SELECT 1") }
        #expect(error?.code == 21)  // SQLITE_MISUSE
        #expect(throws: SQLiteError.self) { try cached.step() }
    }

    @Test func statementOutlivingItsConnectionRefusesToRun() throws {
        var statement: Statement?
        do {
            let database = try Database(path: ":memory:")
            try database.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
            statement = try database.prepare("SELECT x FROM t")
            database.close()
        }
        let error = #expect(throws: SQLiteError.self) { try statement?.step() }
        #expect(error?.code == 21)  // SQLITE_MISUSE
        #expect(error?.message == "the database connection is closed")
        statement = nil  // Finalizing it now releases SQLite's zombie connection.
    }

    // MARK: Transactions

    @Test func transactionCommitsOnSuccess() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t(x INTEGER)")
        let value = try database.transaction {
            try database.execute("INSERT INTO t VALUES (7)")
            #expect(database.isInsideTransaction)
            return 42
        }
        #expect(value == 42)
        #expect(!database.isInsideTransaction)
        #expect(try database.query("SELECT x FROM t") { $0.int(0) } == [7])
    }

    @Test func transactionRollsBackAndRethrowsTheOriginalError() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t(x INTEGER)")
        #expect(throws: Boom.self) {
            try database.transaction {
                try database.execute("INSERT INTO t VALUES (7)")
                throw Boom()
            }
        }
        #expect(!database.isInsideTransaction)
        #expect(try database.query("SELECT count(*) FROM t") { $0.int(0) } == [0])
    }

    @Test func failedCommitRollsBack() throws {
        let database = try Database(path: ":memory:")
        try database.execute(
            """
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            """)
        // The deferred foreign key is checked only at COMMIT, which then fails and leaves the transaction open.
        let error = #expect(throws: SQLiteError.self) {
            try database.transaction { try database.execute("INSERT INTO child VALUES (99)") }
        }
        #expect(error?.code == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(error?.sql == "COMMIT")
        #expect(!database.isInsideTransaction)
        #expect(try database.query("SELECT count(*) FROM child") { $0.int(0) } == [0])
    }

    @Test func immediateTransactionBlocksAnotherWriter() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("shared.sqlite").path
            let first = try Database(path: path)
            try first.execute("CREATE TABLE t(x INTEGER)")
            let second = try Database(path: path, options: .durable, busyTimeoutMilliseconds: 50)
            try first.transaction {
                try first.execute("INSERT INTO t VALUES (1)")
                // The second writer is refused at BEGIN, before its body runs.
                var bodyRan = false
                let error = #expect(throws: SQLiteError.self) {
                    try second.transaction { bodyRan = true }
                }
                #expect(error?.isBusy == true)
                #expect(error?.code == 5)  // SQLITE_BUSY
                #expect(error?.sql == "BEGIN IMMEDIATE")
                #expect(!bodyRan)
                #expect(!second.isInsideTransaction)
            }
            // Once the first writer has committed, the second one can write.
            try second.transaction { try second.execute("INSERT INTO t VALUES (2)") }
            #expect(try first.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 2])
        }
    }

    // MARK: Migrations

    private let migrations = [
        "CREATE TABLE session(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        "ALTER TABLE session ADD COLUMN lang TEXT; INSERT INTO session(name, lang) VALUES ('seed', 'vi')",
    ]

    @Test func migrationsRunOnceAndAreIdempotentOnReopen() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("m.sqlite").path
            do {
                let database = try Database(path: path)
                #expect(try database.userVersion == 0)
                try database.migrate(migrations)
                #expect(try database.userVersion == 2)
                try database.migrate(migrations)
            }
            let reopened = try Database(path: path)
            #expect(try reopened.userVersion == 2)
            try reopened.migrate(migrations)  // Would fail if CREATE TABLE ran again.
            let sessions = try reopened.query("SELECT name, lang FROM session") {
                "\($0.text(0)!)/\($0.text(1)!)"
            }
            #expect(sessions == ["seed/vi"])
            // A newer program's extra migration runs alone.
            try reopened.migrate(migrations + ["CREATE INDEX session_name ON session(name)"])
            #expect(try reopened.userVersion == 3)
            #expect(try reopened.query("SELECT count(*) FROM session") { $0.int(0) } == [1])
        }
    }

    @Test func failedMigrationStopsAtTheLastCompletedVersion() throws {
        let database = try Database(path: ":memory:")
        #expect(throws: SQLiteError.self) {
            try database.migrate([migrations[0], "CREATE TABLE broken(", "CREATE TABLE never(x)"])
        }
        #expect(try database.userVersion == 1)
        #expect(!database.isInsideTransaction)
        let tables = try database.query("SELECT name FROM sqlite_master ORDER BY name") { $0.text(0)! }
        #expect(tables == ["session"])
    }

    @Test func storeFromANewerProgramIsRefused() throws {
        let database = try Database(path: ":memory:")
        try database.setUserVersion(5)
        let error = #expect(throws: MigrationError.self) { try database.migrate(migrations) }
        #expect(error == .storeTooNew(storeVersion: 5, knownVersion: 2))
        #expect(
            error?.description
                == "the store was written by a newer tusoi (schema 5); this one knows up to 2")
        #expect(try database.userVersion == 5)
    }

    // MARK: Errors

    @Test func uniqueViolationCarriesExtendedCodeAndSQL() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t(x TEXT UNIQUE)")
        try database.execute("INSERT INTO t VALUES ('a')")
        let executed = #expect(throws: SQLiteError.self) {
            try database.execute("INSERT INTO t VALUES ('a')")
        }
        #expect(executed?.code == 2067)
        #expect(executed?.isConstraint == true)
        #expect(executed?.isUniqueConstraint == true)
        #expect(executed?.sql == "INSERT INTO t VALUES ('a')")
        #expect(executed?.message == "UNIQUE constraint failed: t.x")
        let expected =
            "SQLite error 2067 (constraint): UNIQUE constraint failed: t.x — in \"INSERT INTO t VALUES ('a')\""
        #expect(executed?.description == expected)

        let insert = try database.cachedStatement("INSERT INTO t VALUES (?)")
        try insert.bind("a", at: 1)
        let stepped = #expect(throws: SQLiteError.self) { try insert.step() }
        #expect(stepped?.code == SQLiteError.constraintUnique)
        #expect(stepped?.sql == "INSERT INTO t VALUES (?)")
        #expect(!(stepped?.isBusy ?? true))
    }

    @Test func prepareRefusesSeveralStatementsAndSyntaxErrors() throws {
        let database = try Database(path: ":memory:")
        #expect(throws: SQLiteError.self) { try database.prepare("SELECT 1; SELECT 2") }
        _ = try database.prepare("SELECT 1; -- a trailing comment\n")
        let error = #expect(throws: SQLiteError.self) { try database.prepare("SELEKT 1") }
        #expect(error?.primaryCode == 1)
        #expect(error?.sql == "SELEKT 1")
    }

    // MARK: Statements

    @Test func cachedStatementIsReusedAndComesBackReset() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)")
        let sql = "SELECT x, ?1 IS NULL FROM t WHERE x >= coalesce(?1, 0) ORDER BY x"
        let first = try database.cachedStatement(sql)
        try first.bind(2, at: 1)
        #expect(try first.step())
        #expect(first.int(0) == 2)
        #expect(first.int(1) == 0)

        // Handed out again mid-iteration: the same object, rewound, with its binding cleared to NULL.
        let second = try database.cachedStatement(sql)
        #expect(first === second)
        #expect(try second.step())
        #expect(second.int(0) == 1)
        #expect(second.int(1) == 1)
        #expect(try database.prepare(sql) !== second)
    }

    @Test func valuesRoundTrip() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE v(i INTEGER, s TEXT, d REAL, b BLOB)")
        let vietnamese = "Tiếng Việt có dấu: Nguyễn Thị Ánh Dương, đường phố Hà Nội 🇻🇳🍜"
        let insert = try database.cachedStatement("INSERT INTO v VALUES (?, ?, ?, ?)")
        let rows: [(Int64?, String?, Double, [UInt8]?)] = [
            (Int64.max, vietnamese, 3.25, [0, 1, 255]),
            (Int64.min, "", -0.5, []),
            (nil, nil, 0, nil),
        ]
        for (integer, text, real, bytes) in rows {
            if let integer { try insert.bind(integer, at: 1) } else { try insert.bindNull(at: 1) }
            try insert.bind(text, at: 2)
            try insert.bind(real, at: 3)
            try insert.bind(bytes, at: 4)
            try insert.run()
        }
        try insert.bind(-1, at: 1)
        try insert.bindText(bytes: Array(vietnamese.utf8), at: 2)
        try insert.run()

        let sql = "SELECT i, s, d, b, typeof(s), typeof(b) FROM v ORDER BY rowid"
        let read = try database.query(sql) { row in
            (
                row.isNull(0) ? nil : row.int64(0), row.text(1), row.double(2), row.blob(3),
                row.text(4)!, row.text(5)!
            )
        }
        #expect(read.count == 4)
        #expect(read[0].0 == Int64.max && read[0].1 == vietnamese)
        #expect(read[0].2 == 3.25 && read[0].3 == [0, 1, 255])
        #expect(read[1].0 == Int64.min && read[1].1 == "" && read[1].3 == [])
        #expect(read[1].4 == "text" && read[1].5 == "blob")
        #expect(read[2].0 == nil && read[2].1 == nil && read[2].3 == nil)
        #expect(read[2].4 == "null" && read[2].5 == "null")
        #expect(read[3].0 == -1 && read[3].1 == vietnamese && read[3].4 == "text")
        let length = try database.query("SELECT length(s) FROM v WHERE i = -1") { $0.int(0) }
        #expect(length == [vietnamese.unicodeScalars.count])
    }

    @Test func queryBindsParameters() throws {
        let database = try Database(path: ":memory:")
        let statement = try database.prepare("SELECT value FROM json_each(?) WHERE value > ?")
        let values = try statement.query({
            try $0.bind("[1, 5, 9, 12]", at: 1)
            try $0.bind(4, at: 2)
        }) { $0.int(0) }
        #expect(values == [5, 9, 12])
        #expect(throws: SQLiteError.self) { try statement.bind(1, at: 3) }  // SQLITE_RANGE
    }

    @Test("arguments bind in the order of the ? marks: nil is NULL, bytes are a blob, UTF8Text is text")
    func argumentsInOrder() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE v(i INTEGER, s TEXT, d REAL, b BLOB, t TEXT, n INTEGER)")
        let none: Int64? = nil
        try database.execute(
            sql: "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
            arguments: Int64(7), "Nguyễn Thị Ánh", 2.5, [UInt8]([0, 255]), UTF8Text(Array("đồng chí".utf8)),
            none)
        try database.execute(sql: "INSERT INTO v(i, s) VALUES (?, ?)", arguments: 8, Optional<String>.none)
        let first = try database.fetchOne(
            sql: "SELECT i, s, d, b, t, typeof(t), n IS NULL FROM v WHERE i = ?", arguments: 7
        ) { row in
            (row.int64(0), row.text(1), row.double(2), row.blob(3), row.text(4), row.text(5), row.int(6))
        }
        let row = try #require(first)
        #expect(row.0 == 7 && row.1 == "Nguyễn Thị Ánh" && row.2 == 2.5 && row.3 == [0, 255])
        #expect(row.4 == "đồng chí" && row.5 == "text" && row.6 == 1)
        #expect(try database.fetchOne(sql: "SELECT i FROM v WHERE i = ?", arguments: 99) { $0.int(0) } == nil)
        #expect(
            try database.fetchAll(sql: "SELECT i FROM v WHERE s IS NULL OR i < ?", arguments: 100) {
                $0.int(0)
            } == [7, 8])
        // The statement is reset after each call: the same SQL can be asked for again at once.
        #expect(try database.fetchAll(sql: "SELECT i FROM v WHERE i > ?", arguments: 7) { $0.int(0) } == [8])
        // More arguments than marks is an error, not a silent drop.
        #expect(throws: SQLiteError.self) {
            try database.execute(sql: "DELETE FROM v WHERE i = ?", arguments: 7, 8)
        }
        #expect(try database.fetchAll(sql: "SELECT count(*) FROM v", row: { $0.int(0) }) == [2])
    }
}

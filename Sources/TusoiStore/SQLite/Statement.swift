import CSQLite

/// Tells SQLite to copy bound text and blobs at once; the C macro is not imported into Swift.
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared SQLite statement: bind parameters, step through rows, read columns, reset.
///
/// Parameter and column indexes follow SQLite: parameters count from 1, columns from 0.
/// A statement belongs to the connection that prepared it and, like it, to one thread at a time.
/// It is finalized when released, or when its connection is closed if it came from the statement cache;
/// using it after that throws `SQLITE_MISUSE`.
public final class Statement {
    /// The SQLite statement; nil once finalized.
    private(set) var handle: OpaquePointer?
    /// Whether the connection that prepared the statement is still open.
    private let connection: ConnectionState

    init(handle: OpaquePointer, connection: ConnectionState) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Frees the SQLite statement now; later use throws `SQLITE_MISUSE`.
    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// The SQL text the statement was prepared from.
    public var sql: String {
        guard let handle, let text = sqlite3_sql(handle) else { return "" }
        return String(cString: text)
    }

    // MARK: Binding

    /// Binds a 64-bit integer to the parameter at `index` (counting from 1).
    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds an integer to the parameter at `index` (counting from 1).
    /// Binds an optional integer: NULL when nil.
    public func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) {
        guard let value else { return try bindNull(at: index) }
        try bind(value, at: index)
    }

    public func bind(_ value: Int, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds a floating-point number to the parameter at `index` (counting from 1).
    public func bind(_ value: Double, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds text (its UTF-8 bytes, copied by SQLite) to the parameter at `index`; nil binds NULL.
    public func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        guard let value else { return try bindNull(at: index) }
        let handle = self.handle
        let fast = value.utf8.withContiguousStorageIfAvailable { utf8 in
            Statement.bindText(handle, index, UnsafeRawBufferPointer(utf8))
        }
        if let fast { return try check(fast) }
        var native = value  // A bridged string without contiguous UTF-8 storage: make it native.
        let result = native.withUTF8 { utf8 in
            Statement.bindText(handle, index, UnsafeRawBufferPointer(utf8))
        }
        try check(result)
    }

    /// Binds bytes as a BLOB to the parameter at `index` (counting from 1); nil binds NULL.
    public func bind(_ bytes: [UInt8]?, at index: Int32) throws(SQLiteError) {
        guard let bytes else { return try bindNull(at: index) }
        let handle = self.handle
        let result = bytes.withUnsafeBytes { Statement.bindBlob(handle, index, $0) }
        try check(result)
    }

    /// Binds bytes as a BLOB to the parameter at `index` (counting from 1); SQLite copies them.
    public func bindBlob(bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        try check(Statement.bindBlob(handle, index, bytes))
    }

    /// Binds bytes that already hold UTF-8 as TEXT to the parameter at `index`; nil binds NULL.
    ///
    /// The bytes are not validated: the caller vouches that they are UTF-8.
    public func bindText(bytes: [UInt8]?, at index: Int32) throws(SQLiteError) {
        guard let bytes else { return try bindNull(at: index) }
        let handle = self.handle
        let result = bytes.withUnsafeBytes { Statement.bindText(handle, index, $0) }
        try check(result)
    }

    /// Binds bytes that already hold UTF-8 as TEXT to the parameter at `index`; SQLite copies them.
    ///
    /// The bytes are not validated: the caller vouches that they are UTF-8.
    public func bindText(bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        try check(Statement.bindText(handle, index, bytes))
    }

    /// Binds NULL to the parameter at `index` (counting from 1).
    public func bindNull(at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    private static func bindText(
        _ handle: OpaquePointer?, _ index: Int32, _ bytes: UnsafeRawBufferPointer
    ) -> Int32 {
        guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        // An empty buffer may have no address, and a null pointer would bind NULL rather than ''.
        guard let start = bytes.baseAddress, !bytes.isEmpty else {
            return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
        }
        let text = start.assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text(handle, index, text, Int32(bytes.count), sqliteTransient)
    }

    private static func bindBlob(
        _ handle: OpaquePointer?, _ index: Int32, _ bytes: UnsafeRawBufferPointer
    ) -> Int32 {
        guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        // An empty buffer may have no address, and a null pointer would bind NULL rather than X''.
        guard let start = bytes.baseAddress, !bytes.isEmpty else {
            return sqlite3_bind_zeroblob(handle, index, 0)
        }
        return sqlite3_bind_blob(handle, index, start, Int32(bytes.count), sqliteTransient)
    }

    // MARK: Running

    /// Advances to the next row: true when a row is available to read, false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        guard let handle, connection.isOpen else { throw error(SQLITE_MISUSE) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    /// Resets the statement so it can run again, and clears its bindings to NULL.
    public func reset() {
        guard let handle else { return }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Steps until the statement is done, discarding any rows, then resets it (also when stepping fails).
    public func run() throws(SQLiteError) {
        defer { reset() }
        while try step() {}
    }

    /// Resets, binds with `bind`, collects one value per row with `row`, and resets again.
    public func query<T>(
        _ bind: (Statement) throws -> Void = { _ in },
        row: (Statement) throws -> T
    ) throws -> [T] {
        reset()
        defer { reset() }
        try bind(self)
        var rows: [T] = []
        while try step() {
            rows.append(try row(self))
        }
        return rows
    }

    // MARK: Reading the current row

    /// The number of columns in a result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Whether the column at `index` (counting from 0) holds NULL.
    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Whether the column at `index` (counting from 0) holds bytes (SQLite's BLOB), not text.
    public func isBlob(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_BLOB
    }

    /// The column at `index` (counting from 0) as a 64-bit integer; NULL reads as 0.
    public func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// The column at `index` (counting from 0) as an integer; NULL reads as 0.
    public func int(_ index: Int32) -> Int {
        Int(truncatingIfNeeded: sqlite3_column_int64(handle, index))
    }

    /// The column at `index` (counting from 0) as a floating-point number; NULL reads as 0.
    public func double(_ index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    /// The column at `index` (counting from 0) as text, or nil for NULL; invalid UTF-8 is repaired.
    public func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        guard let start = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The column at `index` (counting from 0) as bytes, or nil for NULL.
    public func blob(_ index: Int32) -> [UInt8]? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        guard let start = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    // MARK: Errors

    private func check(_ code: Int32) throws(SQLiteError) {
        if code != SQLITE_OK { throw error(code) }
    }

    /// The error for `code`, with the connection's message and this statement's SQL.
    private func error(_ code: Int32) -> SQLiteError {
        guard let handle else {
            return SQLiteError(code: SQLITE_MISUSE, message: "the statement was finalized")
        }
        guard connection.isOpen else {
            return SQLiteError(code: SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return SQLiteError(
            code: code,
            message: message ?? String(cString: sqlite3_errstr(code)),
            sql: sql
        )
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

/// Whether a connection is open, shared by the connection and its statements.
///
/// A statement that outlives `Database.close()` keeps SQLite's connection alive as a "zombie" until it is
/// finalized; this flag makes stepping it a misuse error instead of a use of that zombie.
final class ConnectionState {
    /// False once the connection has been closed.
    var isOpen = true
}

@available(*, unavailable)
extension ConnectionState: Sendable {}

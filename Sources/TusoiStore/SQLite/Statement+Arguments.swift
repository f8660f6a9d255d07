import CSQLite

/// A value that can be bound to a statement's parameter: integers, numbers, text, bytes, and nil as
/// NULL.
public protocol SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws(SQLiteError)
}

extension Int64: SQLBindable {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bind(self, at: index)
    }
}

extension Int: SQLBindable {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bind(self, at: index)
    }
}

extension Double: SQLBindable {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bind(self, at: index)
    }
}

extension String: SQLBindable {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bind(self, at: index)
    }
}

extension Array: SQLBindable where Element == UInt8 {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bind(self, at: index)
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        switch self {
        case .some(let value): try value.bind(to: statement, at: index)
        case .none: try statement.bindNull(at: index)
        }
    }
}

/// UTF-8 bytes bound as text (not as a blob), without making a `String` of them first.
public struct UTF8Text: SQLBindable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    @inline(__always)
    public func bind(to statement: Statement, at index: Int32) throws(SQLiteError) {
        try statement.bindText(bytes: bytes, at: index)
    }
}

// Arguments in the order of the SQL's `?`, in the spirit of GRDB's `execute(sql:arguments:)`: no
// parameter numbers to keep in step with the text by hand. A parameter pack, so nothing is boxed or
// allocated on the hot path.
extension Statement {
    /// Binds `arguments` to the parameters 1, 2, … in order.
    @inline(__always)
    public func bind<each Value: SQLBindable>(_ arguments: repeat each Value) throws(SQLiteError) {
        var index: Int32 = 0
        for argument in repeat each arguments {
            index += 1
            try argument.bind(to: self, at: index)
        }
    }
}

extension Database {
    /// Runs one statement of `sql` (cached) with `arguments`, discarding any rows.
    @inline(__always)
    public func execute<each Value: SQLBindable>(sql: String, arguments: repeat each Value)
        throws(SQLiteError)
    {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        while try statement.step() {}
    }

    /// The first row of `sql` with `arguments`, read by `row`; nil when there is none.
    @inline(__always)
    public func fetchOne<T, each Value: SQLBindable>(
        sql: String, arguments: repeat each Value, row: (Statement) throws -> T
    ) throws -> T? {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        return try statement.step() ? row(statement) : nil
    }

    /// Every row of `sql` with `arguments`, each read by `row`.
    @inline(__always)
    public func fetchAll<T, each Value: SQLBindable>(
        sql: String, arguments: repeat each Value, row: (Statement) throws -> T
    ) throws -> [T] {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }
}

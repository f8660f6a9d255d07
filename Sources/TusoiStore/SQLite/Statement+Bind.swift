// Generated once by hand-run Python (kept here, not in Scripts/): `bind` for 1 to 10 arguments of
// concrete types. The optimizer specializes these fully; the parameter-pack `bind` (for
// `execute`, `fetchOne`, `fetchAll`) is not specialized by Swift 6.3 and cost about 50 instructions
// a parameter on the hot path (callgrind, 10,000 messages).

extension Statement {
    /// Binds 1 argument to the parameters 1…1 in order.
    @inline(__always)
    public func bind<A: SQLBindable>(_ a: A) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
    }

    /// Binds 2 arguments to the parameters 1…2 in order.
    @inline(__always)
    public func bind<A: SQLBindable, B: SQLBindable>(_ a: A, _ b: B) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
    }

    /// Binds 3 arguments to the parameters 1…3 in order.
    @inline(__always)
    public func bind<A: SQLBindable, B: SQLBindable, C: SQLBindable>(_ a: A, _ b: B, _ c: C)
        throws(SQLiteError)
    {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
    }

    /// Binds 4 arguments to the parameters 1…4 in order.
    @inline(__always)
    public func bind<A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable>(
        _ a: A, _ b: B, _ c: C, _ d: D
    ) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
    }

    /// Binds 5 arguments to the parameters 1…5 in order.
    @inline(__always)
    public func bind<A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable>(
        _ a: A, _ b: B, _ c: C, _ d: D, _ e: E
    ) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
    }

    /// Binds 6 arguments to the parameters 1…6 in order.
    @inline(__always)
    public func bind<
        A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable, F: SQLBindable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
        try f.bind(to: self, at: 6)
    }

    /// Binds 7 arguments to the parameters 1…7 in order.
    @inline(__always)
    public func bind<
        A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable, F: SQLBindable,
        G: SQLBindable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
        try f.bind(to: self, at: 6)
        try g.bind(to: self, at: 7)
    }

    /// Binds 8 arguments to the parameters 1…8 in order.
    @inline(__always)
    public func bind<
        A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable, F: SQLBindable,
        G: SQLBindable, H: SQLBindable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
        try f.bind(to: self, at: 6)
        try g.bind(to: self, at: 7)
        try h.bind(to: self, at: 8)
    }

    /// Binds 9 arguments to the parameters 1…9 in order.
    @inline(__always)
    public func bind<
        A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable, F: SQLBindable,
        G: SQLBindable, H: SQLBindable, I: SQLBindable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
        try f.bind(to: self, at: 6)
        try g.bind(to: self, at: 7)
        try h.bind(to: self, at: 8)
        try i.bind(to: self, at: 9)
    }

    /// Binds 10 arguments to the parameters 1…10 in order.
    @inline(__always)
    public func bind<
        A: SQLBindable, B: SQLBindable, C: SQLBindable, D: SQLBindable, E: SQLBindable, F: SQLBindable,
        G: SQLBindable, H: SQLBindable, I: SQLBindable, J: SQLBindable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) throws(SQLiteError) {
        try a.bind(to: self, at: 1)
        try b.bind(to: self, at: 2)
        try c.bind(to: self, at: 3)
        try d.bind(to: self, at: 4)
        try e.bind(to: self, at: 5)
        try f.bind(to: self, at: 6)
        try g.bind(to: self, at: 7)
        try h.bind(to: self, at: 8)
        try i.bind(to: self, at: 9)
        try j.bind(to: self, at: 10)
    }
}

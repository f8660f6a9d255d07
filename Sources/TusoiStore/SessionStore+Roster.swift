/// A member of a branch, as the roster knows them.
public struct MemberRecord: Equatable, Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case member
        case facilitator
        case committee
    }

    public var id: Int64
    public var branchID: Int64
    public var branchCode: String
    public var branchName: String
    /// The committee the branch belongs to (e.g. "Đảng ủy phường Bồ Đề"); a committee member sees
    /// every branch of theirs.
    public var committee: String
    public var name: String
    public var role: Role
    public var revoked: Bool
    public var birthDate: String?
    /// Where the member works, as printed on the paper form.
    public var unit: String?

    public init(
        id: Int64, branchID: Int64, branchCode: String, branchName: String, committee: String, name: String,
        role: Role, revoked: Bool, birthDate: String? = nil, unit: String? = nil
    ) {
        self.id = id
        self.branchID = branchID
        self.branchCode = branchCode
        self.branchName = branchName
        self.committee = committee
        self.name = name
        self.role = role
        self.revoked = revoked
        self.birthDate = birthDate
        self.unit = unit
    }
}

extension SessionStore {
    /// Whether any member is registered: until then the bot is open to anyone (a single user's terminal).
    public func hasRoster() throws -> Bool {
        let statement = try database.cachedStatement("SELECT EXISTS (SELECT 1 FROM members)")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int64(0) == 1
    }

    /// Adds a branch; its code is how people name it on the command line.
    @discardableResult
    public func addBranch(code: String, name: String, committee: String) throws -> Int64 {
        try database.execute(
            sql: "INSERT INTO branches(code, name, committee) VALUES (?, ?, ?)", arguments: code, name,
            committee)
        return database.lastInsertRowID
    }

    /// Every branch, by code.
    public func branches() throws -> [(id: Int64, code: String, name: String, committee: String)] {
        let statement = try database.prepare("SELECT id, code, name, committee FROM branches ORDER BY code")
        var result: [(id: Int64, code: String, name: String, committee: String)] = []
        while try statement.step() {
            result.append(
                (
                    statement.int64(0), statement.text(1) ?? "", statement.text(2) ?? "",
                    statement.text(3) ?? ""
                ))
        }
        return result
    }

    /// The id of the branch with this code.
    public func branchID(code: String) throws -> Int64? {
        return try database.fetchOne(sql: "SELECT id FROM branches WHERE code = ?", arguments: code) {
            $0.int64(0)
        }
    }

    @discardableResult
    public func addMember(
        branchID: Int64, name: String, role: MemberRecord.Role, phone: String?, email: String?,
        birthDate: String? = nil, unit: String? = nil, now: Int64
    ) throws -> Int64 {
        try database.execute(
            sql: """
                INSERT INTO members(branch_id, name, role, phone, email, birth_date, unit, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: branchID, name, role.rawValue, phone, email, birthDate, unit, now)
        return database.lastInsertRowID
    }

    static let memberColumns = """
        SELECT m.id, b.id, b.code, b.name, b.committee, m.name, m.role, m.revoked, m.birth_date, m.unit
        FROM members m JOIN branches b ON b.id = m.branch_id
        """

    func member(from statement: Statement) -> MemberRecord {
        MemberRecord(
            id: statement.int64(0), branchID: statement.int64(1), branchCode: statement.text(2) ?? "",
            branchName: statement.text(3) ?? "", committee: statement.text(4) ?? "",
            name: statement.text(5) ?? "",
            role: MemberRecord.Role(rawValue: statement.text(6) ?? "") ?? .member,
            revoked: statement.int64(7) != 0, birthDate: statement.text(8), unit: statement.text(9))
    }

    /// The member with this id, if any.
    public func member(id: Int64) throws -> MemberRecord? {
        return try database.fetchOne(sql: SessionStore.memberColumns + " WHERE m.id = ?", arguments: id) {
            member(from: $0)
        }
    }

    /// The members of a branch (or of every branch), in the order they were added.
    public func members(branchCode: String?) throws -> [MemberRecord] {
        let statement = try database.prepare(
            SessionStore.memberColumns
                + (branchCode == nil ? " ORDER BY m.id" : " WHERE b.code = ? ORDER BY m.id"))
        if let branchCode { try statement.bind(branchCode) }
        var result: [MemberRecord] = []
        while try statement.step() { result.append(member(from: statement)) }
        return result
    }

    /// The member a messenger identity is bound to, if any (revoked members included: the caller decides).
    public func member(channel: String, user: String) throws -> MemberRecord? {
        return try database.fetchOne(
            sql: SessionStore.memberColumns
                + " JOIN identities i ON i.member_id = m.id WHERE i.channel = ? AND i.user_id = ?",
            arguments: channel, user
        ) { member(from: $0) }
    }

    /// Whether a messenger identity is bound to the member already.
    public func hasIdentity(memberID: Int64) throws -> Bool {
        let statement = try database.cachedStatement(
            "SELECT EXISTS (SELECT 1 FROM identities WHERE member_id = ?)")
        try statement.bind(memberID)
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int64(0) == 1
    }

    /// Stores a new invite code for a member; it expires at `expiresAt`. Every earlier unused code of
    /// the member is voided: a member holds at most one valid code.
    public func addInvite(
        code: String, memberID: Int64, purpose: InviteRecord.Purpose = .first, now: Int64, expiresAt: Int64
    ) throws {
        try voidInvites(memberID: memberID, now: now)
        try database.execute(
            sql:
                "INSERT INTO invites(code, member_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            arguments: code, memberID, purpose.rawValue, now, expiresAt)
    }

    /// The most wrong codes an identity may send before it is refused for ``throttleSeconds``.
    public static let allowedFailures = 5
    public static let throttleSeconds: Int64 = 15 * 60

    public func invite(code: String) throws -> InviteRecord? {
        let statement = try database.cachedStatement(
            "SELECT member_id, purpose, created_at, expires_at, used_at, voided_at FROM invites WHERE code = ?"
        )
        try statement.bind(code)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return InviteRecord(
            code: code, memberID: statement.int64(0),
            purpose: InviteRecord.Purpose(rawValue: statement.text(1) ?? "") ?? .first,
            createdAt: statement.int64(2), expiresAt: statement.int64(3),
            usedAt: statement.isNull(4) ? nil : statement.int64(4),
            voidedAt: statement.isNull(5) ? nil : statement.int64(5))
    }

    public func useInvite(code: String, now: Int64) throws {
        try database.execute(sql: "UPDATE invites SET used_at = ? WHERE code = ?", arguments: now, code)
    }

    public func voidInvites(memberID: Int64, now: Int64) throws {
        try database.execute(
            sql:
                "UPDATE invites SET voided_at = ? WHERE member_id = ? AND used_at IS NULL AND voided_at IS NULL",
            arguments: now, memberID)
    }

    public func inviteFailures(channel: String, user: String) throws -> InviteFailures? {
        let statement = try database.cachedStatement(
            "SELECT count, last_at FROM invite_failures WHERE channel = ? AND user_id = ?")
        try statement.bind(channel, user)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return InviteFailures(count: statement.int(0), lastAt: statement.int64(1))
    }

    public func setInviteFailures(channel: String, user: String, _ failures: InviteFailures?) throws {
        guard let failures else {
            try database.execute(
                sql: "DELETE FROM invite_failures WHERE channel = ? AND user_id = ?", arguments: channel, user
            )
            return
        }
        try database.execute(
            sql: """
                INSERT INTO invite_failures(channel, user_id, count, last_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(channel, user_id) DO UPDATE SET count = excluded.count, last_at = excluded.last_at
                """, arguments: channel, user, failures.count, failures.lastAt)
    }

    /// The member's code that can still be used, if any (at most one: a new code voids the others).
    public func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord? {
        let statement = try database.cachedStatement(
            """
            SELECT code FROM invites WHERE member_id = ? AND used_at IS NULL AND voided_at IS NULL
                AND expires_at > ? ORDER BY created_at DESC LIMIT 1
            """)
        try statement.bind(memberID, now)
        let code: String? = try statement.step() ? statement.text(0) : nil
        statement.reset()
        return try code.flatMap { try invite(code: $0) }
    }

    /// Unbinds the member's messenger accounts (all of them, or those of one channel): a lost phone.
    /// - Returns: how many were unbound.
    @discardableResult
    public func unbindIdentities(memberID: Int64, channel: String?) throws -> Int {
        let statement = try database.prepare(
            "DELETE FROM identities WHERE member_id = ?" + (channel == nil ? "" : " AND channel = ?"))
        if let channel { try statement.bind(memberID, channel) } else { try statement.bind(memberID) }
        try statement.run()
        return database.changes
    }

    /// Binds a messenger identity to a member (replacing any earlier binding of that identity).
    public func bindIdentity(channel: String, user: String, memberID: Int64, now: Int64) throws {
        try database.execute(
            sql:
                "INSERT OR REPLACE INTO identities(channel, user_id, member_id, bound_at) VALUES (?, ?, ?, ?)",
            arguments: channel, user, memberID, now)
    }

    /// Writes one line of the audit log: who did what to whom, when, through which channel.
    public func audit(actor: String, action: String, subject: String?, channel: String?, now: Int64) throws {
        try database.execute(
            sql: "INSERT INTO audit(at, actor, action, subject, channel) VALUES (?, ?, ?, ?, ?)",
            arguments: now, actor, action, subject, channel)
    }
}

/// One line of the audit log.
public struct AuditEntry: Equatable, Sendable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var subject: String?
    public var channel: String?
}

extension SessionStore {
    /// The last `limit` lines of the audit log, oldest first.
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        let statement = try database.prepare(
            """
            SELECT at, actor, action, subject, channel FROM (
                SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id
            """)
        try statement.bind(limit)
        var result: [AuditEntry] = []
        while try statement.step() {
            result.append(
                AuditEntry(
                    at: statement.int64(0), actor: statement.text(1) ?? "", action: statement.text(2) ?? "",
                    subject: statement.text(3), channel: statement.text(4)))
        }
        return result
    }
}

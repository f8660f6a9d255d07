/// Branches, members, identities, invite codes and the audit log: each method does what the SQLite
/// one of the same name does (``SessionStore``), in PostgreSQL.
extension PostgresStore: RosterPort, AuditPort {
    public func hasRoster() throws -> Bool {
        try connection.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM members)") { $0.bool(0) } ?? false
    }

    /// Every branch, by code (byte order, as SQLite sorts text).
    public func branches() throws -> [(id: Int64, code: String, name: String, committee: String)] {
        try connection.fetchAll(
            sql: "SELECT id, code, name, committee FROM branches ORDER BY code COLLATE \"C\""
        ) { ($0.int64(0), $0.text(1) ?? "", $0.text(2) ?? "", $0.text(3) ?? "") }
    }

    public func branchID(code: String) throws -> Int64? {
        try connection.fetchOne(sql: "SELECT id FROM branches WHERE code = $1", arguments: code) {
            $0.int64(0)
        }
    }

    private static let memberColumns = """
        SELECT m.id, b.id, b.code, b.name, b.committee, m.name, m.role, m.revoked, m.birth_date, m.unit
        FROM members m JOIN branches b ON b.id = m.branch_id
        """

    private static func member(_ row: PostgresRow) -> MemberRecord {
        MemberRecord(
            id: row.int64(0), branchID: row.int64(1), branchCode: row.text(2) ?? "",
            branchName: row.text(3) ?? "", committee: row.text(4) ?? "", name: row.text(5) ?? "",
            role: MemberRecord.Role(rawValue: row.text(6) ?? "") ?? .member,
            revoked: row.int64(7) != 0, birthDate: row.text(8), unit: row.text(9))
    }

    public func member(id: Int64) throws -> MemberRecord? {
        try connection.fetchOne(
            sql: PostgresStore.memberColumns + " WHERE m.id = $1", arguments: id, row: PostgresStore.member)
    }

    public func members(branchCode: String?) throws -> [MemberRecord] {
        guard let branchCode else {
            return try connection.fetchAll(
                sql: PostgresStore.memberColumns + " ORDER BY m.id", row: PostgresStore.member)
        }
        return try connection.fetchAll(
            sql: PostgresStore.memberColumns + " WHERE b.code = $1 ORDER BY m.id", arguments: branchCode,
            row: PostgresStore.member)
    }

    public func member(channel: String, user: String) throws -> MemberRecord? {
        try connection.fetchOne(
            sql: PostgresStore.memberColumns
                + " JOIN identities i ON i.member_id = m.id WHERE i.channel = $1 AND i.user_id = $2",
            arguments: channel, user, row: PostgresStore.member)
    }

    public func hasIdentity(memberID: Int64) throws -> Bool {
        try connection.fetchOne(
            sql: "SELECT EXISTS (SELECT 1 FROM identities WHERE member_id = $1)", arguments: memberID
        ) { $0.bool(0) } ?? false
    }

    /// The messenger identities bound to a member, oldest first (in binding order at the same second).
    public func identities(memberID: Int64) throws -> [BoundIdentity] {
        try connection.fetchAll(
            sql: """
                SELECT channel, user_id, blocked_at IS NOT NULL FROM identities WHERE member_id = $1
                ORDER BY bound_at, seq
                """, arguments: memberID
        ) { BoundIdentity(channel: $0.text(0) ?? "", user: $0.text(1) ?? "", blocked: $0.bool(2)) }
    }

    /// Binds a messenger identity to a member, replacing any earlier binding of that identity as
    /// SQLite's `INSERT OR REPLACE` does: a new row, so not blocked, and last in binding order.
    public func bindIdentity(channel: String, user: String, memberID: Int64, now: Int64) throws {
        try connection.execute(
            sql: """
                INSERT INTO identities(channel, user_id, member_id, bound_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (channel, user_id) DO UPDATE SET member_id = excluded.member_id,
                    bound_at = excluded.bound_at, blocked_at = NULL, seq = DEFAULT
                """, arguments: channel, user, memberID, now)
    }

    public func unblock(channel: String, user: String) throws {
        try connection.execute(
            sql: """
                UPDATE identities SET blocked_at = NULL
                WHERE channel = $1 AND user_id = $2 AND blocked_at IS NOT NULL
                """, arguments: channel, user)
    }

    public func invite(code: String) throws -> InviteRecord? {
        try connection.fetchOne(
            sql: """
                SELECT member_id, purpose, created_at, expires_at, used_at, voided_at FROM invites WHERE code = $1
                """, arguments: code
        ) {
            InviteRecord(
                code: code, memberID: $0.int64(0),
                purpose: InviteRecord.Purpose(rawValue: $0.text(1) ?? "") ?? .first,
                createdAt: $0.int64(2), expiresAt: $0.int64(3), usedAt: $0.optionalInt64(4),
                voidedAt: $0.optionalInt64(5))
        }
    }

    public func useInvite(code: String, now: Int64) throws {
        try connection.execute(sql: "UPDATE invites SET used_at = $1 WHERE code = $2", arguments: now, code)
    }

    public func voidInvites(memberID: Int64, now: Int64) throws {
        try connection.execute(
            sql: """
                UPDATE invites SET voided_at = $1 WHERE member_id = $2 AND used_at IS NULL AND voided_at IS NULL
                """, arguments: now, memberID)
    }

    public func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord? {
        let code = try connection.fetchOne(
            sql: """
                SELECT code FROM invites WHERE member_id = $1 AND used_at IS NULL AND voided_at IS NULL
                    AND expires_at > $2 ORDER BY created_at DESC LIMIT 1
                """, arguments: memberID, now
        ) { $0.text(0) }
        return try (code ?? nil).flatMap { try invite(code: $0) }
    }

    @discardableResult
    public func unbindIdentities(memberID: Int64, channel: String?) throws -> Int {
        guard let channel else {
            return try connection.execute(
                sql: "DELETE FROM identities WHERE member_id = $1", arguments: memberID)
        }
        return try connection.execute(
            sql: "DELETE FROM identities WHERE member_id = $1 AND channel = $2", arguments: memberID, channel)
    }

    public func inviteFailures(channel: String, user: String) throws -> InviteFailures? {
        try connection.fetchOne(
            sql: "SELECT count, last_at FROM invite_failures WHERE channel = $1 AND user_id = $2",
            arguments: channel, user
        ) { InviteFailures(count: $0.int(0), lastAt: $0.int64(1)) }
    }

    public func setInviteFailures(channel: String, user: String, _ failures: InviteFailures?) throws {
        guard let failures else {
            try connection.execute(
                sql: "DELETE FROM invite_failures WHERE channel = $1 AND user_id = $2", arguments: channel,
                user)
            return
        }
        try connection.execute(
            sql: """
                INSERT INTO invite_failures(channel, user_id, count, last_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (channel, user_id) DO UPDATE SET count = excluded.count, last_at = excluded.last_at
                """, arguments: channel, user, failures.count, failures.lastAt)
    }

    public func audit(actor: String, action: String, subject: String?, channel: String?, now: Int64) throws {
        try connection.execute(
            sql: "INSERT INTO audit(at, actor, action, subject, channel) VALUES ($1, $2, $3, $4, $5)",
            arguments: now, actor, action, subject, channel)
    }
}

// The roster's writes and the audit log's reads, which the operator's commands use (not the bot).
extension PostgresStore {
    @discardableResult
    public func addBranch(code: String, name: String, committee: String) throws -> Int64 {
        try connection.fetchOne(
            sql: "INSERT INTO branches(code, name, committee) VALUES ($1, $2, $3) RETURNING id",
            arguments: code, name, committee, row: { $0.int64(0) }) ?? 0
    }

    @discardableResult
    public func addMember(
        branchID: Int64, name: String, role: MemberRecord.Role, phone: String?, email: String?,
        birthDate: String? = nil, unit: String? = nil, now: Int64
    ) throws -> Int64 {
        try connection.fetchOne(
            sql: """
                INSERT INTO members(branch_id, name, role, phone, email, birth_date, unit, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                """, arguments: branchID, name, role.rawValue, phone, email, birthDate, unit, now,
            row: { $0.int64(0) }) ?? 0
    }

    /// Stores a new invite code for a member; every earlier unused code of the member is voided.
    public func addInvite(
        code: String, memberID: Int64, purpose: InviteRecord.Purpose = .first, now: Int64, expiresAt: Int64
    ) throws {
        try voidInvites(memberID: memberID, now: now)
        try connection.execute(
            sql: """
                INSERT INTO invites(code, member_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
                """, arguments: code, memberID, purpose.rawValue, now, expiresAt)
    }

    /// The last `limit` lines of the audit log, oldest first.
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try connection.fetchAll(
            sql: """
                SELECT at, actor, action, subject, channel FROM (
                    SELECT * FROM audit ORDER BY id DESC LIMIT $1) recent ORDER BY id
                """, arguments: limit
        ) {
            AuditEntry(
                at: $0.int64(0), actor: $0.text(1) ?? "", action: $0.text(2) ?? "", subject: $0.text(3),
                channel: $0.text(4))
        }
    }
}

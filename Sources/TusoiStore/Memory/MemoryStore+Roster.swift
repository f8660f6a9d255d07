import TusoiEngine

// Who is who, and the operator's writes the command line makes (branches, members, codes,
// campaigns), as the SQLite store has them.

extension MemoryStore: RosterPort {
    @discardableResult
    public func addBranch(code: String, name: String, committee: String) throws -> Int64 {
        guard !tables.branches.contains(where: { $0.code == code }) else {
            throw ConstraintError(description: "UNIQUE constraint failed: branches.code")
        }
        let id = Int64(tables.branches.count + 1)
        tables.branches.append(Branch(id: id, code: code, name: name, committee: committee))
        return id
    }

    @discardableResult
    public func addMember(
        branchID: Int64, name: String, role: MemberRecord.Role, phone: String?, email: String?,
        birthDate: String? = nil, unit: String? = nil, now: Int64
    ) throws -> Int64 {
        guard tables.branches.contains(where: { $0.id == branchID }) else {
            throw ConstraintError(description: "FOREIGN KEY constraint failed")
        }
        let id = Int64(tables.members.count + 1)
        tables.members.append(
            Member(
                id: id, branchID: branchID, name: name, role: role, revoked: false, birthDate: birthDate,
                unit: unit))
        return id
    }

    public func addInvite(
        code: String, memberID: Int64, purpose: InviteRecord.Purpose = .first, now: Int64, expiresAt: Int64
    ) throws {
        guard !tables.invites.contains(where: { $0.code == code }) else {
            throw ConstraintError(description: "UNIQUE constraint failed: invites.code")
        }
        try voidInvites(memberID: memberID, now: now)
        tables.invites.append(
            InviteRecord(
                code: code, memberID: memberID, purpose: purpose, createdAt: now, expiresAt: expiresAt,
                usedAt: nil, voidedAt: nil))
    }

    public func hasRoster() throws -> Bool { !tables.members.isEmpty }

    /// Marks a member as no longer taking part (the `members.revoked` column of the stores; no
    /// command sets it yet, test fixtures do).
    public func setRevoked(memberID: Int64, _ revoked: Bool = true) {
        for index in tables.members.indices where tables.members[index].id == memberID {
            tables.members[index].revoked = revoked
        }
    }

    public func branches() throws -> [(id: Int64, code: String, name: String, committee: String)] {
        tables.branches.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
            .map { ($0.id, $0.code, $0.name, $0.committee) }
    }

    public func branchID(code: String) throws -> Int64? {
        tables.branches.first { $0.code == code }?.id
    }

    private func record(_ member: Member) -> MemberRecord {
        let branch = tables.branches.first { $0.id == member.branchID }
        return MemberRecord(
            id: member.id, branchID: member.branchID, branchCode: branch?.code ?? "",
            branchName: branch?.name ?? "", committee: branch?.committee ?? "", name: member.name,
            role: member.role, revoked: member.revoked, birthDate: member.birthDate, unit: member.unit)
    }

    public func member(id: Int64) throws -> MemberRecord? {
        tables.members.first { $0.id == id }.map(record)
    }

    public func members(branchCode: String?) throws -> [MemberRecord] {
        tables.members.map(record).filter { branchCode == nil || $0.branchCode == branchCode }
    }

    public func member(channel: String, user: String) throws -> MemberRecord? {
        guard let identity = tables.identities.first(where: { $0.channel == channel && $0.user == user })
        else {
            return nil
        }
        return try member(id: identity.memberID)
    }

    public func hasIdentity(memberID: Int64) throws -> Bool {
        tables.identities.contains { $0.memberID == memberID }
    }

    public func identities(memberID: Int64) throws -> [BoundIdentity] {
        tables.identities.filter { $0.memberID == memberID }
            .enumerated().sorted { ($0.element.boundAt, $0.offset) < ($1.element.boundAt, $1.offset) }
            .map {
                BoundIdentity(channel: $0.element.channel, user: $0.element.user, blocked: $0.element.blocked)
            }
    }

    public func bindIdentity(channel: String, user: String, memberID: Int64, now: Int64) throws {
        // INSERT OR REPLACE: the identity's earlier binding goes, the new row comes last.
        tables.identities.removeAll { $0.channel == channel && $0.user == user }
        tables.identities.append(
            Identity(channel: channel, user: user, memberID: memberID, boundAt: now, blocked: false))
    }

    public func unblock(channel: String, user: String) throws {
        for index in tables.identities.indices
        where tables.identities[index].channel == channel && tables.identities[index].user == user {
            tables.identities[index].blocked = false
        }
    }

    public func invite(code: String) throws -> InviteRecord? {
        tables.invites.first { $0.code == code }
    }

    public func useInvite(code: String, now: Int64) throws {
        for index in tables.invites.indices where tables.invites[index].code == code {
            tables.invites[index].usedAt = now
        }
    }

    public func voidInvites(memberID: Int64, now: Int64) throws {
        for index in tables.invites.indices {
            let invite = tables.invites[index]
            guard invite.memberID == memberID, invite.usedAt == nil, invite.voidedAt == nil else { continue }
            tables.invites[index].voidedAt = now
        }
    }

    public func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord? {
        tables.invites.enumerated()
            .filter {
                $0.element.memberID == memberID && $0.element.usedAt == nil && $0.element.voidedAt == nil
                    && $0.element.expiresAt > now
            }
            .max { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }?.element
    }

    @discardableResult
    public func unbindIdentities(memberID: Int64, channel: String?) throws -> Int {
        let before = tables.identities.count
        tables.identities.removeAll { $0.memberID == memberID && (channel == nil || $0.channel == channel) }
        return before - tables.identities.count
    }

    public func inviteFailures(channel: String, user: String) throws -> InviteFailures? {
        tables.inviteFailures[Self.key(channel, user)]
    }

    public func setInviteFailures(channel: String, user: String, _ failures: InviteFailures?) throws {
        tables.inviteFailures[Self.key(channel, user)] = failures
    }
}

extension MemoryStore: ConfirmationPort {
    public func pendingConfirmation(channel: String, user: String) throws -> PendingConfirmation? {
        tables.confirmations[Self.key(channel, user)]
    }

    public func setPendingConfirmation(channel: String, user: String, _ pending: PendingConfirmation?) throws
    {
        tables.confirmations[Self.key(channel, user)] = pending
    }
}

extension MemoryStore: AuditPort {
    public func audit(actor: String, action: String, subject: String?, channel: String?, now: Int64) throws {
        tables.audit.append(
            AuditEntry(at: now, actor: actor, action: action, subject: subject, channel: channel))
    }

    /// The last `limit` entries, oldest first, as `tusoi audit` reads them.
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        Array(tables.audit.suffix(limit))
    }
}

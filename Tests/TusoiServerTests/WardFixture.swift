import TusoiStore

@testable import TusoiServer

/// A small ward for the facilitation tests: two branches and the committee's office, with a secretary
/// each, members, a committee member, and a revoked member; every member has a known invite code.
enum WardFixture {
    static let committee = "Đảng ủy phường Bồ Đề"

    /// (id, name, branch code, role, invite code, revoked), in the order they are added: ids 1 to 7.
    static let people:
        [(name: String, branch: String, role: MemberRecord.Role, code: String, revoked: Bool)] = [
            ("Phạm Thu Hà", "cb24", .facilitator, "HAAAAAAAA2", false),
            ("Nguyễn Văn An", "cb24", .member, "ANAAAAAAA2", false),
            ("Trần Thị Bình", "cb24", .member, "BBBBBBBBB2", false),
            ("Đỗ Minh Tâm", "cb25", .facilitator, "TTTTTTTTT2", false),
            ("Lê Văn Cường", "cb25", .member, "CCCCCCCCC2", false),
            ("Vũ Thị Uyên", "vp", .committee, "UUUUUUUUU2", false),
            ("Hoàng Văn Lộc", "cb24", .member, "LLLLLLLLL2", true),
        ]

    static func add(to store: any OperatorStore, now: Int64) throws {
        try store.transaction {
            var branches: [String: Int64] = [:]
            for (code, name) in [("cb24", "Chi bộ 24"), ("cb25", "Chi bộ 25"), ("vp", "Chi bộ Văn phòng")] {
                branches[code] = try store.addBranch(code: code, name: name, committee: committee)
            }
            for person in people {
                let id = try store.addMember(
                    branchID: branches[person.branch]!, name: person.name, role: person.role, phone: nil,
                    email: nil, birthDate: "1980-05-01", unit: "UBND phường", now: now)
                try store.addInvite(
                    code: person.code, memberID: id, purpose: .first, now: now, expiresAt: now + 90 * 86_400)
                if person.revoked {
                    // No command revokes a member yet: the fixture writes the column itself.
                    let revoke = "UPDATE members SET revoked = 1 WHERE id = \(id)"
                    if let sqlite = store as? SessionStore { try sqlite.database.execute(revoke) }
                    if let postgres = store as? PostgresStore { try postgres.connection.execute(revoke) }
                    if let memory = store as? MemoryStore { memory.setRevoked(memberID: id) }
                }
            }
        }
    }

    /// Opens a campaign on `questionnaire` for `branchCodes`, by default cb24 and cb25 (not the office).
    static func openCampaign(
        _ store: any OperatorStore, shelf: QuestionnaireShelf, questionnaire: String, opensAt: Int64,
        days: Int64,
        remindAfter: Int, remindBefore: Int, code: String = "dot-2026", branchCodes: [String]? = nil
    ) throws {
        try store.transaction {
            let row = try shelf.row(of: questionnaire, now: opensAt)
            let branches = try store.branches().filter {
                branchCodes?.contains($0.code) ?? ($0.code != "vp")
            }.map(\.id)
            try store.addCampaign(
                code: code, title: code == "dot-2026" ? "Tự kiểm điểm 2026" : "Đợt \(code)",
                questionnaireRow: row, opensAt: opensAt,
                closesAt: opensAt + days * 86_400, remindAfterDays: remindAfter,
                remindBeforeDays: remindBefore,
                branchIDs: branches, now: opensAt)
        }
    }
}

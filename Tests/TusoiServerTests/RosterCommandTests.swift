import Foundation
import Testing

@testable import TusoiStore

/// The secretary's roster on the command line: who has linked an account, who holds a code, a lost
/// phone unlinked, and the audit log filtered down to one member or to the refusals.
@Suite("Roster and audit on the command line", .serialized)
struct RosterCommandTests {
    func tusoi(_ arguments: [String], store: String) throws -> (Int32?, String) {
        let process = try BinaryProcess(arguments: arguments + ["--db", store])
        process.closeInput()
        let code = process.wait()
        return (code, process.outputLines.joined(separator: "\n"))
    }

    @Test("branch list: each branch, its committee, members linked and not yet; empty store said so")
    func branchList() throws {
        let path = GoldenHarness.temporaryStore()
        let (none, empty) = try tusoi(["branch", "list"], store: path)
        #expect(none == 0 && empty.contains("chưa có chi bộ nào"))
        do {
            let store = try SessionStore(path: path)
            try store.transaction {
                let b24 = try store.addBranch(
                    code: "cb24", name: "Chi bộ 24", committee: "Đảng ủy phường Bồ Đề")
                _ = try store.addBranch(code: "cb7", name: "Chi bộ 7", committee: "Đảng ủy phường Bồ Đề")
                let an = try store.addMember(
                    branchID: b24, name: "Nguyễn Văn An", role: .member, phone: nil, email: nil, now: 0)
                _ = try store.addMember(
                    branchID: b24, name: "Trần Thị Bình", role: .member, phone: nil, email: nil, now: 0)
                try store.bindIdentity(channel: "zalo", user: "z-an", memberID: an, now: 1)
            }
            store.close()
        }
        let (listed, table) = try tusoi(["branch", "list"], store: path)
        #expect(listed == 0)
        let line = table.split(separator: "\n").first { $0.contains("cb24") }.map(String.init) ?? ""
        #expect(line.contains("Chi bộ 24") && line.contains("Đảng ủy phường Bồ Đề"))
        #expect(
            line.split(separator: " ").suffix(3) == ["2", "1", "1"], "members, linked, not linked: \(line)")
        let (added, said) = try tusoi(
            ["member", "add", "--branch", "cb7", "--name", "Lê Thị Mai"], store: path)
        #expect(
            added == 0 && said.contains("Mã số của đồng chí Lê Thị Mai: 3"), "the id invite --member takes")
        let (_, json) = try tusoi(["branch", "list", "--json"], store: path)
        #expect(
            json.contains(#""code":"cb7""#) && json.contains(#""linked":0"#) && json.contains(#""linked":1"#))
        let (_, english) = try tusoi(["branch", "list", "--lang", "en"], store: path)
        #expect(
            english.contains("Committee") && english.contains("Not linked"))
    }

    @Test("member list, member unlink, a new code, and audit --member / --refused / --action")
    func lostPhone() throws {
        let path = GoldenHarness.temporaryStore()
        do {
            let store = try SessionStore(path: path)
            try store.transaction {
                let branch = try store.addBranch(code: "cb24", name: "Chi bộ 24", committee: "")
                let ha = try store.addMember(
                    branchID: branch, name: "Phạm Thu Hà", role: .facilitator, phone: nil, email: nil, now: 0)
                let an = try store.addMember(
                    branchID: branch, name: "Nguyễn Văn An", role: .member, phone: nil, email: nil, now: 0)
                try store.bindIdentity(channel: "zalo", user: "z-an", memberID: an, now: 1)
                try store.addInvite(code: "HAAAAAAAA2", memberID: ha, now: 1, expiresAt: Int64.max / 2)
                try store.audit(
                    actor: "zalo:z-x", action: "redeem-invite-refused", subject: "unknown code",
                    channel: "zalo",
                    now: 2)
                try store.audit(
                    actor: "member 1 (zalo:z-ha)", action: "pull-member", subject: "member 2",
                    channel: "zalo", now: 3)
            }
            store.close()
        }
        let (listed, list) = try tusoi(["member", "list"], store: path)
        #expect(listed == 0)
        #expect(
            list.contains("Phạm Thu Hà") && list.contains("chưa liên kết") && list.contains("mã mời, hạn đến")
        )
        #expect(list.contains("Nguyễn Văn An") && list.contains("zalo"))

        let (unlinked, said) = try tusoi(["member", "unlink", "2"], store: path)
        #expect(unlinked == 0)
        #expect(said.contains("Đã gỡ 1 tài khoản của đồng chí Nguyễn Văn An"))
        let (_, after) = try tusoi(["member", "list", "--json"], store: path)
        #expect(after.contains(#""accounts":[]"#) && !after.contains(#""zalo""#))
        #expect(try tusoi(["member", "unlink", "99"], store: path).0 == 65)

        let (_, refused) = try tusoi(["audit", "--refused"], store: path)
        #expect(refused.contains("redeem-invite-refused") && !refused.contains("pull-member"))
        let (_, aboutAn) = try tusoi(["audit", "--member", "2"], store: path)
        #expect(aboutAn.contains("pull-member") && aboutAn.contains("unlink-accounts"))
        #expect(!aboutAn.contains("redeem-invite-refused"))
        let (_, unlinks) = try tusoi(["audit", "--action", "unlink"], store: path)
        #expect(unlinks.contains("unlink-accounts") && !unlinks.contains("pull-member"))
        #expect(try tusoi(["audit", "--refused", "--allowed"], store: path).0 == 64)
    }
}

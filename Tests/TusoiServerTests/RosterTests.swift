import Foundation
import Testing
import TusoiEngine
import TusoiWire

@testable import TusoiServer
@testable import TusoiStore

/// Invite codes and the closed door: once members are registered, only bound identities may chat.
@Suite("Roster and invite codes")
struct RosterTests {
    struct FixedGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    func setUp() throws -> (ChatService, [String: String]) {
        let store = try SessionStore(path: ":memory:")
        let service = try ChatService(
            store: store, library: try GoldenHarness.library(), questionnaireID: "mini")
        var codes: [String: String] = [:]
        var generator = FixedGenerator(state: 42)
        try store.transaction {
            let branch = try store.addBranch(code: "cb24", name: "Chi bộ 24", committee: "Đảng ủy phường")
            for name in ["An", "Bình", "Cường"] {
                let id = try store.addMember(
                    branchID: branch, name: name, role: .member, phone: nil, email: nil, now: 0)
                let code = InviteCode.make(using: &generator)
                try store.addInvite(code: code, memberID: id, now: 0, expiresAt: 1_000_000)
                codes[name] = code
            }
        }
        return (service, codes)
    }

    func send(_ service: ChatService, _ user: String, _ id: String, _ text: String, at now: Int64 = 100)
        throws -> String
    {
        let message = InboundMessage(
            channel: "t", chat: user, user: user, messageID: id, content: .text(text))
        return try service.store.transaction {
            let outcome = try service.handle(message, now: now)
            try service.flush(now: now)
            return outcome.replies.map(\.text).joined(separator: "\n")
        }
    }

    @Test(
        "a stranger is told how to get a code; a good code, in any case and spacing, binds and greets by name"
    )
    func redeem() throws {
        let (service, codes) = try setUp()
        #expect(try send(service, "9", "1", "chào").contains("mã mời"))
        let typed = InviteCode.display(codes["Bình"]!).lowercased().replacingOccurrences(of: "-", with: " ")
        let welcome = try send(service, "9", "2", typed)
        #expect(welcome.contains("Mã mời đã được xác nhận: đồng chí Bình (Chi bộ 24)"))
        #expect(welcome.contains("Đồng chí có vi phạm không?"))
        #expect(try send(service, "9", "3", "có").contains("Mô tả vi phạm."))
        // The same code cannot bind a second identity.
        #expect(
            try send(service, "8", "1", codes["Bình"]!).contains("không đúng, đã được dùng hoặc đã hết hạn"))
        #expect(try service.store.member(channel: "t", user: "8") == nil)
    }

    @Test("wrong codes are slowed down: after five, refused for fifteen minutes, then tried again")
    func throttle() throws {
        let (service, codes) = try setUp()
        for attempt in 1...5 {
            #expect(try send(service, "7", "\(attempt)", "AAAAA-AAAAA").contains("không đúng"))
        }
        let refused = try send(service, "7", "6", codes["An"]!)
        #expect(refused.contains("sai mã nhiều lần") && refused.contains("15 phút"))
        #expect(try service.store.member(channel: "t", user: "7") == nil)
        let later = try send(service, "7", "7", codes["An"]!, at: 100 + SessionStore.throttleSeconds + 1)
        #expect(later.contains("Mã mời đã được xác nhận: đồng chí An"))
    }

    @Test(
        "account takeover with an old code: a later code voids it, and a linked member needs a re-issued code"
    )
    func takeover() throws {
        let (service, codes) = try setUp()
        let store = service.store as! SessionStore
        // The secretary ran `tusoi invite` again before An linked: An's first code is void.
        let later = "LATERCXDE2"
        try store.transaction { try store.addInvite(code: later, memberID: 1, now: 50, expiresAt: 1_000_000) }
        #expect(try send(service, "an", "1", later).contains("Mã mời đã được xác nhận: đồng chí An"))
        // A stranger with An's first code, or the code An used, gets in nowhere.
        #expect(try send(service, "x", "1", codes["An"]!).contains("không đúng, đã được dùng"))
        #expect(try send(service, "x", "2", later).contains("không đúng, đã được dùng"))
        #expect(try send(service, "x", "3", "/xemchibo").contains("mã mời"))
        #expect(try store.member(channel: "t", user: "x") == nil)
        // A fresh first code for a linked member links nobody either.
        try store.transaction {
            try store.addInvite(code: "FRSTCXDEE2", memberID: 1, now: 60, expiresAt: 1_000_000)
        }
        #expect(try send(service, "y", "1", "FRSTCXDEE2").contains("không đúng, đã được dùng"))
        // A re-issued one does, and An's first account is told.
        try store.transaction {
            try store.addInvite(
                code: "PHNECXDEE2", memberID: 1, purpose: .reissue, now: 70, expiresAt: 1_000_000)
        }
        #expect(try send(service, "an2", "1", "PHNECXDEE2").contains("Mã mời đã được xác nhận: đồng chí An"))
        #expect(try store.identities(memberID: 1).map(\.user).sorted() == ["an", "an2"])
        let told = try store.database.query("SELECT chat_id, kind FROM outbox ORDER BY id") {
            "\($0.text(0) ?? "") \($0.text(1) ?? "")"
        }
        #expect(told == ["an device", "an2 device"])
        let audit = try store.auditLog(limit: 20).map { "\($0.actor) \($0.action) \($0.subject ?? "")" }
        #expect(
            audit == [
                "t:an redeem-invite member 1",
                "t:x redeem-invite-refused voided code of member 1",
                "t:x redeem-invite-refused used code of member 1",
                "t:x pull-branch-refused not an active member",
                "t:y redeem-invite-refused code of member 1, who is linked already",
                "t:an2 redeem-invite-device member 1",
            ])
    }

    @Test("an expired code and a revoked member are refused")
    func expiredAndRevoked() throws {
        let (service, codes) = try setUp()
        #expect(try send(service, "6", "1", codes["Cường"]!, at: 2_000_000).contains("hết hạn"))
        #expect(try send(service, "5", "1", codes["An"]!).contains("Mã mời đã được xác nhận: đồng chí An"))
        try (service.store as! SessionStore).database.execute(
            "UPDATE members SET revoked = 1 WHERE name = 'An'")
        #expect(try send(service, "5", "2", "có").contains("không còn được dùng"))
    }

    @Test("codes carry 50 bits: ten characters from 32 without look-alikes")
    func codes() {
        var generator = SystemRandomNumberGenerator()
        let made = (0..<200).map { _ in InviteCode.make(using: &generator) }
        #expect(Set(made).count == 200)
        #expect(
            made.allSatisfy { $0.count == 10 && !$0.contains("O") && !$0.contains("0") && !$0.contains("I") })
        #expect(InviteCode.read(" abcde-fghjk ") == "ABCDEFGHJK")
        #expect(InviteCode.read("có") == nil)
        // A code written as shown, inside a sentence; a ten-letter word is not a code.
        #expect(InviteCode.read("ma cua toi la U6EB2-GT3MW a") == "U6EB2GT3MW")
        #expect(InviteCode.read("Mã: jdrba-qy8zn.") == "JDRBAQY8ZN")
        #expect(InviteCode.read("toi la nguyenvana") == nil)
        #expect(InviteCode.read("hai ma ABCDE-FGHJK va BCDEF-GHJKL") == nil)
        #expect(InviteCode.read("ABCDE-FGHJ0") == nil)
    }

    @Test("progress per member: not started, in progress with how far, submitted; exports are safe")
    func progressAndExport() throws {
        let (service, codes) = try setUp()
        _ = try send(service, "1", "1", codes["An"]!)
        for (number, text) in ["không", "0", "2", "nộp", "xác nhận"].enumerated() {
            _ = try send(service, "1", "a\(number)", text)
        }
        _ = try send(service, "2", "1", codes["Bình"]!)
        _ = try send(service, "2", "2", "có")
        _ = try send(service, "2", "3", "=HYPERLINK(\"http://x\")")
        var reports = Reports(store: service.store, catalog: service.library.catalog)
        let lines = try reports.progress(branchCode: "cb24")
        #expect(lines.map(\.progress.status) == [.submitted, .inProgress, .notStarted])
        #expect(lines.map(\.percent) == [100, 40, nil])
        let csv = try Exports.csv(
            [lines[1].progress], language: .vi, wording: try GoldenHarness.wording(), reports: &reports)
        #expect(csv.contains(",'=HYPERLINK(\"\"http://x\"\")\r\n") || csv.contains("\"'=HYPERLINK"))
        #expect(!csv.contains(",=HYPERLINK"))
        let submitted = try reports.markdown(lines[0].progress)
        #expect(submitted.contains("Hoàn thành tốt nhiệm vụ"))
        #expect(try reports.markdown(lines[2].progress).contains("chưa bắt đầu"))
    }

    @Test(
        "a spreadsheet never sees a formula, a quote, a line break or a control character unescaped",
        arguments: [
            ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-5", "'-5"), ("@sum", "'@sum"), ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""), ("line\nbreak", "\"line\nbreak\""), ("plain", "plain"),
            ("a\u{1B}[2Jb\u{7}", "a\u{FFFD}[2Jb\u{FFFD}"), ("\u{9B}=1", "\u{FFFD}=1"),
        ])
    func csvCells(value: String, expected: String) {
        #expect(CSV.cell(value) == expected)
    }
}

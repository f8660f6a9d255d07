import Foundation
import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// After the branch meeting: the secretary records the branch's view and proposed rating, the member
/// is told and takes it in (or adds to the plan); everything is kept in the history and audited.
@Suite("The branch's conclusion")
struct ConclusionTests {
    func submitted() throws -> AuthorizationTests.Harness {
        let harness = try AuthorizationTests.Harness()
        for (user, code) in [("u1", "HAAAAAAAA2"), ("u2", "ANAAAAAAA2"), ("u3", "BBBBBBBBB2")] {
            harness.send(user, code)
        }
        for answer in ["có", "Đi họp muộn.", "1", "Chưa đọc kỹ", "2", "bỏ qua", "nộp", "xác nhận"] {
            harness.send("u2", answer)
        }
        return harness
    }

    func events(_ harness: AuthorizationTests.Harness) throws -> [(String, String?)] {
        let statement = try harness.store.database.prepare(
            "SELECT kind, document FROM session_events ORDER BY id")
        var rows: [(String, String?)] = []
        while try statement.step() { rows.append((statement.text(0) ?? "", statement.text(1))) }
        return rows
    }

    @Test("/ketluan with a rating: the member is told, answers “tiep thu”, both kept and audited")
    func concludeAndTakeIn() throws {
        let harness = try submitted()
        let told = harness.send("u1", "/ketluan 2 tot Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc.")
        #expect(told.contains("Đã ghi ý kiến của chi bộ về bản tự kiểm điểm của đồng chí Nguyễn Văn An"))
        #expect(told.contains("“Hoàn thành tốt nhiệm vụ”"))
        #expect(told.contains("(to An)"), "the member is sent the branch's view")
        let outbox = try harness.store.database.prepare("SELECT replies FROM outbox ORDER BY id DESC LIMIT 1")
        #expect(try outbox.step())
        let notice = outbox.text(0) ?? ""
        #expect(notice.contains("Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc."))
        #expect(notice.contains("Chi bộ đề xuất xếp loại: Hoàn thành tốt nhiệm vụ."))
        let answer = harness.send("u2", "tiep thu a")
        #expect(answer.contains("Đã ghi nhận đồng chí tiếp thu ý kiến của chi bộ."))
        let kinds = try events(harness).map(\.0)
        #expect(kinds.suffix(2) == ["concluded", "took-in"])
        let concluded = try #require(try events(harness).first { $0.0 == "concluded" }?.1)
        #expect(concluded.contains("\"rating\":\"Hoàn thành tốt nhiệm vụ\""))
        // A second message is an ordinary one again: the answer was taken once.
        #expect(harness.send("u2", "tiep thu").contains("đã nộp"))
    }

    @Test("an answer other than “tiếp thu” is what the member adds to the plan")
    func addition() throws {
        let harness = try submitted()
        harness.send("u1", "/ketluan Nguyễn Văn An Cần đi họp đúng giờ.")
        let answer = harness.send("u2", "Toi se dat bao thuc truoc gio hop 30 phut")
        #expect(answer.contains("nội dung bổ sung vào kế hoạch"))
        let tookIn = try #require(try events(harness).last)
        #expect(tookIn.0 == "took-in")
        #expect(tookIn.1 == "Toi se dat bao thuc truoc gio hop 30 phut")
    }

    @Test("refused: a member not submitted, a member of the branch, a usage without comment")
    func refusals() throws {
        let harness = try submitted()
        #expect(harness.send("u1", "/ketluan 3 Cần nộp bản tự kiểm điểm.").contains("chưa nộp"))
        #expect(harness.send("u3", "/ketluan 2 tot Tốt.").contains("chỉ dành cho"))
        #expect(harness.send("u1", "/ketluan 2").contains("Cách dùng: /ketluan"))
        #expect(try events(harness).allSatisfy { $0.0 != "concluded" })
        let audit = try harness.store.database.prepare(
            "SELECT count(*) FROM audit WHERE action LIKE 'conclude%refused'")
        #expect(try audit.step())
        #expect(audit.int64(0) == 2)
    }
}

/// `/hop` in the chat: the secretary gets the packet as a file; a member is refused.
@Suite("The meeting packet in the chat")
struct MeetingCommandTests {
    @Test("/hop gives the secretary the packet, names drafts only, and is audited; a member is refused")
    func meeting() throws {
        let harness = try ConclusionTests().submitted()
        harness.send("u3", "có")
        let packet = harness.send("u1", "/hop")
        #expect(packet.contains("Tài liệu sinh hoạt của Chi bộ 24"))
        #expect(packet.contains("TÀI LIỆU SINH HOẠT CHI BỘ"), "the file itself comes with the reply")
        #expect(packet.contains("## 1. Nguyễn Văn An"))
        #expect(packet.contains("Đang làm dở: Trần Thị Bình."), "drafts are named, never shown")
        #expect(packet.contains("Phạm Thu Hà"), "Hà opened the chat and answered nothing: not started")
        #expect(!packet.contains("Đang làm dở: Phạm Thu Hà"))
        #expect(!packet.contains("## 2. Trần Thị Bình"), "a draft has no section of its own")
        #expect(harness.send("u2", "/hop").contains("chỉ dành cho"))
        let audit = try harness.store.database.prepare(
            "SELECT action FROM audit WHERE action LIKE 'meeting-packet%' ORDER BY id")
        var actions: [String] = []
        while try audit.step() { actions.append(audit.text(0) ?? "") }
        #expect(actions == ["meeting-packet", "meeting-packet-refused"])
    }
}

/// The conclusion in what the secretary and the committee read: the paper form's block, the
/// history, and the committee's tally of the branches' proposals.
@Suite("The branch's conclusion in the documents")
struct ConclusionDocumentTests {
    static let catalog = (try? GoldenHarness.library().catalog)!

    @Test("the paper form prints the branch's view, the rating and the member's answer; the report counts it")
    func documents() throws {
        let harness = try ConclusionTests().submitted()
        let blank = harness.send("u1", "/xem 2")
        #expect(blank.contains("Ý KIẾN NHẬN XÉT CỦA CHI BỘ"), "the block is printed blank before the meeting")
        harness.send("u1", "/ketluan 2 xuat sac Gương mẫu trong công tác ở khu dân cư.")
        harness.send("u2", "Sẽ tiếp tục giúp đỡ hai đảng viên trẻ.")
        let form = harness.send("u1", "/xem 2")
        #expect(form.contains("Gương mẫu trong công tác ở khu dân cư."))
        #expect(form.contains(#"Chi bộ đề xuất xếp loại: </span><span class="value">Hoàn thành xuất sắc"#))
        #expect(form.contains(#"Đảng viên tiếp thu: </span><span class="value">Sẽ tiếp tục giúp đỡ"#))
        #expect(form.contains("Chi bộ kết luận sau buổi sinh hoạt"), "kept in the history table")
        var builder = SummaryBuilder(store: harness.store, catalog: try GoldenHarness.library().catalog)
        let report = try builder.build(
            committee: WardFixture.committee, branchCodes: ["cb24"], campaign: nil, now: harness.now,
            language: .vi)
        #expect(report.branchRatings.map(\.label) == ["Hoàn thành xuất sắc nhiệm vụ"])
        #expect(report.branchRatings.map(\.count) == [1])
        #expect(report.text(language: .vi, catalog: Self.catalog).contains("5. Chi bộ đề xuất xếp loại"))
    }
}

@Suite("Where documents are dated from")
struct PlaceTests {
    @Test("the committee's place, after one unit word only")
    func places() {
        #expect(PaperForm.place(of: "Đảng ủy phường Bồ Đề") == "Bồ Đề")
        #expect(PaperForm.place(of: "Đảng ủy phường Thành Công") == "Thành Công")
        #expect(PaperForm.place(of: "Đảng bộ thị trấn Trâu Quỳ") == "Trâu Quỳ")
        #expect(PaperForm.place(of: "Đảng ủy xã Xuân Phương") == "Xuân Phương")
        #expect(PaperForm.place(of: "Bồ Đề") == "Bồ Đề")
    }
}

@Suite("Section headings on the paper form")
struct HeadingTests {
    @Test("a title with its own numbering is printed as written; another gets a Roman numeral")
    func headings() {
        #expect(
            PaperForm.heading("A.I. Ưu điểm, kết quả đạt được", number: 1) == "A.I. Ưu điểm, kết quả đạt được"
        )
        #expect(PaperForm.heading("B.II. Đề xuất xếp loại", number: 8) == "B.II. Đề xuất xếp loại")
        #expect(PaperForm.heading("Nhóm I. Biểu hiện suy thoái", number: 1) == "Nhóm I. Biểu hiện suy thoái")
        #expect(PaperForm.heading("Trách nhiệm nêu gương", number: 5) == "V. Trách nhiệm nêu gương")
        #expect(PaperForm.heading("Biện pháp khắc phục", number: 2) == "II. Biện pháp khắc phục")
    }
}

import Foundation
import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// The branch meeting's packet over the real 2022 questionnaire: An and Bình submit and give each
/// other feedback (An to two members), Hà has not started; compared with a golden file.
@Suite("The branch meeting's packet")
struct MeetingPacketTests {
    /// An's answers: one manifestation, feedback to the committee, to Bình and to Hà, a plan of two.
    static let an = [
        "bắt đầu", "3", "Tôi chưa dành thời gian đọc kỹ nghị quyết.", "0", "khong co", "khong",
        "Ở cơ quan tôi đi làm đúng giờ, nhận việc khó.", "xong", "bo qua", "5",
        "Đôi khi phát ngôn trong nhóm Zalo cơ quan còn thiếu cân nhắc.",
        "Đề nghị chi ủy thông báo lịch sinh hoạt sớm hơn.", "có", "Bình",
        "Đồng chí nên mạnh dạn phát biểu hơn trong các buổi sinh hoạt.", "xong", "co", "Hà",
        "Đề nghị đồng chí Hà giúp đỡ các đảng viên trẻ nhiều hơn.", "xong", "khong",
        "Chưa học kỹ nghị quyết; phát ngôn trên mạng xã hội chưa cẩn trọng.", "Chưa học kỹ nghị quyết.",
        "Mỗi tháng đọc một nghị quyết và ghi chép.", "31/12/2025", "không", "nộp", "xác nhận",
    ]

    /// Bình's answers: nothing named, no feedback to the committee, feedback to An.
    static let binh = [
        "bắt đầu", "0", "0", "0", "khong", "Tham gia đầy đủ các hoạt động ở tổ dân phố.", "xong", "bo qua",
        "0",
        "bo qua", "có", "An", "# Đồng chí An cần đọc nghị quyết kỹ hơn.", "xong", "khong",
        "Dành thời gian đọc nghị quyết đều đặn hơn.", "Đọc nghị quyết đều đặn.", "Mỗi tuần một buổi.",
        "31/12/2025", "không", "nộp", "xác nhận",
    ]

    @Test("feedback reaches the member it is about, with who wrote it; drafts are named only")
    func packet() throws {
        let library = try GoldenHarness.library()
        let harness = try AuthorizationTests.Harness(library: library, questionnaireID: "tu-soi-tu-sua")
        harness.send("u2", WardFixture.people[1].code)
        harness.send("u3", WardFixture.people[2].code)
        for answer in Self.an { harness.send("u2", answer) }
        for answer in Self.binh { harness.send("u3", answer) }
        var reports = Reports(store: harness.store, catalog: library.catalog)
        let packet = try reports.meetingPacket(
            branchCode: "cb24", campaign: nil, date: "24/11/2025", language: .vi)
        #expect(packet.members.map(\.name) == ["Nguyễn Văn An", "Trần Thị Bình"])
        let an = try #require(packet.members.first)
        let binh = try #require(packet.members.last)
        #expect(an.feedback.map(\.label) == ["Trần Thị Bình"])
        #expect(binh.feedback.map(\.label) == ["Nguyễn Văn An"])
        #expect(binh.feedback.first?.text == "Đồng chí nên mạnh dạn phát biểu hơn trong các buổi sinh hoạt.")
        #expect(packet.toCommittee.map(\.label) == ["Nguyễn Văn An"])
        #expect(an.plan.count == 4, "the focus, then one round of what, how and by when")
        #expect(an.shortcomings.count == 2, "a manifestation and a work-style shortcoming")
        #expect(an.rating == nil && binh.rating == nil, "the 2022 campaign had no self-rating")
        #expect(binh.shortcomings.isEmpty)
        #expect(packet.notStarted == ["Phạm Thu Hà"])
        let text = packet.markdown(catalog: library.catalog, language: .vi)
        #expect(text.contains("Đề nghị đồng chí Hà giúp đỡ"), "feedback to the secretary is hers to read")
        #expect(!text.contains("\n# Đồng chí An"), "a member's text never passes for a heading")
        try ExportGoldenTests.compare("meeting-cb24.md", text)
    }

    /// A retired member of a residential branch fills the annual form (2C) on a phone, as in the
    /// golden `kiem-diem-2c`; Bình redeems her code and answers nothing.
    static let residential = [
        "chao", "bắt đầu", "luon tin tuong vao Dang, di hoc nghi quyet day du",
        "Sống giản dị, hòa thuận với hàng xóm.", "ko co", "chap hanh quy dinh cua phuong", "ko",
        "vang 1 buoi do om, co bao bi thu", "co a", "to hoa giai, hoa giai thanh 2 vu", "di hop con muon",
        "chu quan", "bo qua", "di hop muon", "nho con chau nhac lich hop", "cuoi thang 3", "khong", "85 diem",
        "1", "nop", "xac nhan",
    ]

    @Test(
        "the annual form's shortcomings and plan reach the packet; a member who answered nothing has not started"
    )
    func annualForm() throws {
        let library = try GoldenHarness.library()
        let harness = try AuthorizationTests.Harness(library: library, questionnaireID: "kiem-diem-2c")
        harness.send("u2", WardFixture.people[1].code)
        harness.send("u3", WardFixture.people[2].code)
        harness.send("u3", "chào")
        for answer in Self.residential { harness.send("u2", answer) }
        var reports = Reports(store: harness.store, catalog: library.catalog)
        let packet = try reports.meetingPacket(
            branchCode: "cb24", campaign: nil, date: "24/11/2025", language: .vi)
        let an = try #require(packet.members.first { $0.name == "Nguyễn Văn An" }, "An submitted")
        #expect(an.shortcomings.map(\.text) == ["di hop con muon"])
        #expect(an.plan.map(\.text).contains("nho con chau nhac lich hop"))
        #expect(an.plan.count == 3, "what, how and by when")
        #expect(packet.notStarted.contains("Trần Thị Bình") && packet.drafts.isEmpty)
    }

    @Test(
        "a rating typed in words that fit several options is asked about by number, not refused as too high")
    func ambiguousRating() throws {
        let library = try GoldenHarness.library()
        let harness = try AuthorizationTests.Harness(library: library, questionnaireID: "kiem-diem-2c")
        harness.send("u2", WardFixture.people[1].code)
        for answer in Self.residential.prefix(while: { $0 != "1" }) { harness.send("u2", answer) }
        let reply = harness.send("u2", "hoan thanh")
        #expect(reply.contains("khớp với nhiều lựa chọn"), "\(reply)")
        #expect(!reply.contains("từ 90 điểm"), "nobody asked for xuất sắc: \(reply)")
    }
}

import Testing
import TusoiEngine

@testable import TusoiServer

/// The printed form uses the headings the form prints (parts A and B, sections numbered within their
/// part), where the questionnaire gives them; the chat keeps its own titles.
@Suite("Headings as the printed form has them")
struct PrintedHeadingsTests {
    static let catalog = (try? GoldenHarness.library().catalog)!

    static func form(_ sections: [PaperForm.Section]) -> PaperForm {
        var form = ReportRenderingTests.form()
        form.sections = sections
        return form
    }

    static let twoParts = form([
        PaperForm.Section(
            title: "I. Ưu điểm, kết quả đạt được",
            items: [PaperForm.Item(question: "Phẩm chất", answer: "Tốt")],
            part: "A. NỘI DUNG KIỂM ĐIỂM"),
        PaperForm.Section(
            title: "II. Hạn chế, khuyết điểm và nguyên nhân",
            items: [PaperForm.Item(question: "Hạn chế", answer: "x")],
            part: "A. NỘI DUNG KIỂM ĐIỂM"),
        PaperForm.Section(
            title: "II. Đề xuất xếp loại", items: [PaperForm.Item(question: "Xếp loại", answer: "Tốt")],
            part: "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI"),
    ])

    @Test("each part once, above its first section; section numbers as written, never doubled")
    func parts() {
        let html = Self.twoParts.html(language: .vi, catalog: Self.catalog)
        #expect(html.components(separatedBy: "A. NỘI DUNG KIỂM ĐIỂM").count == 2)
        #expect(html.components(separatedBy: "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI").count == 2)
        let order = ["A. NỘI DUNG", "I. Ưu điểm", "II. Hạn chế", "B. NỘI DUNG", "II. Đề xuất"].map {
            html.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(!html.contains("III. II.") && !html.contains("I. I.") && !html.contains("A.I."))

        let text = Self.twoParts.plainText(language: .vi, catalog: Self.catalog)
        #expect(text.components(separatedBy: "A. NỘI DUNG KIỂM ĐIỂM").count == 2)
        #expect(text.contains("\nII. ĐỀ XUẤT XẾP LOẠI\n"))
    }

    @Test("a form without parts prints its sections as before")
    func noParts() {
        let html = ReportRenderingTests.form().html(language: .vi, catalog: Self.catalog)
        #expect(!html.contains("class=\"part\""))
        #expect(html.contains("I. Về tư tưởng chính trị"))
    }

    @Test("the annual form for members without a post prints the published template's headings")
    func annualForm() throws {
        let library = try GoldenHarness.library()
        let questionnaire = try #require(library.questionnaires["kiem-diem-2b"]?.questionnaire)
        for section in questionnaire.sections {
            let printed = try #require(section.printedTitle, "\(section.id) has no print-title")
            let part = try #require(section.printedPart, "\(section.id) has no print-part")
            #expect(!printed.vi.hasPrefix("A.") && !printed.vi.hasPrefix("B."), "\(section.id)")
            #expect(part.vi.hasPrefix("A. ") || part.vi.hasPrefix("B. "))
            #expect(!printed.en.isEmpty && printed.en != printed.vi, "\(section.id) needs English")
            // The chat keeps its own title.
            #expect(section.title.vi != printed.vi)
        }
        let sections = TranscriptRenderer.sections(
            questionnaire: questionnaire, answers: [:], language: .vi, catalog: library.catalog)
        #expect(sections.first?.printedPart == "A. NỘI DUNG KIỂM ĐIỂM")
        #expect(sections.first?.printedTitle == "I. Ưu điểm, kết quả đạt được")
    }
}

import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// The committee's tallies count what a member submitted, not what they answered on the way.
@Suite("Summary tallies")
struct SummaryBuilderTests {
    /// A rating asked by score band: one single-choice question per band, as the annual forms do.
    static let source = """
        questionnaire: bands
        version: 1
        title: Phiếu theo mức điểm
        title.en: Banded form

        [section a]
        title: Phần A
        title.en: Part A

        [question diem]
        kind: number
        min: 0
        max: 100
        text: Tổng điểm?
        text.en: Total?

        [question cao]
        kind: single
        when: diem >= 50
        text: Đề xuất xếp loại ({diem} điểm)?
        text.en: Proposed rating ({diem} points)?
        option tot: Hoàn thành tốt nhiệm vụ
        option tot.en: Good
        option hoan-thanh: Hoàn thành nhiệm vụ
        option hoan-thanh.en: Completed

        [question thap]
        kind: single
        when: diem < 50
        text: Đề xuất xếp loại ({diem} điểm)?
        text.en: Proposed rating ({diem} points)?
        option khong: Không hoàn thành nhiệm vụ
        option khong.en: Not completed
        """

    @Test("a rating given in one band, then replaced after the score was edited, is counted once")
    func staleBandAnswerIsNotCounted() throws {
        var library = try GoldenHarness.library()
        let questionnaire = try QuestionnaireParser.load(SummaryBuilderTests.source, file: "bands.txt")
        library.questionnaires["bands"] = PromptLibrary.Entry(
            questionnaire: questionnaire, source: SummaryBuilderTests.source, file: "bands.txt")
        let harness = try AuthorizationTests.Harness(library: library, questionnaireID: "bands")
        // An scores 80 and proposes "tốt", then edits the score down to 30: the band question for
        // under 50 is asked, and the answer to the other band stays only in the history.
        for message in ["ANAAAAAAA2", "80", "1", "sửa 1", "30", "1", "nộp", "xác nhận"] {
            harness.send("u2", message)
        }
        #expect(try harness.store.currentAnswers(sessionID: 1)["cao"] == .choice("tot"))
        var builder = SummaryBuilder(store: harness.store, catalog: library.catalog)
        let report = try builder.build(
            committee: "Đảng ủy phường", branchCodes: ["cb24"], campaign: nil, now: 0, language: .vi)
        #expect(report.totals.submitted == 1)
        // Every rating of every band is listed, in the questionnaire's order; only the last counts.
        #expect(
            report.ratings == [
                SummaryReport.Tally("Hoàn thành tốt nhiệm vụ", 0),
                SummaryReport.Tally("Hoàn thành nhiệm vụ", 0),
                SummaryReport.Tally("Không hoàn thành nhiệm vụ", 1),
            ])
    }
}

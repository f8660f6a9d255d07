import Testing

@testable import TusoiEngine

/// A member typing on a phone: particles, shorthand, typos, several numbers, a question instead of
/// an answer. Each case walks the real reducer to one question, types one message, and checks what
/// is stored: the answer meant, or nothing (the member is asked again, told how to get help, or asked
/// whether they meant a command).
@Suite("What a member types on a phone, and what is stored")
struct PhoneTypingTests {
    enum Expected: Sendable, CustomStringConvertible {
        case stored(Answer)
        /// Nothing stored; the reply holds this text.
        case asked(String)

        var description: String {
            switch self {
            case .stored(let answer): return "stored \(answer)"
            case .asked(let text): return "asked: \(text)"
            }
        }
    }

    /// Where a case types: the steps walked first (in the mini questionnaire) and the question's key.
    enum Place: String, Sendable {
        case yesNo, text, multiple, single

        var path: [String] {
            switch self {
            case .yesNo: return ["chào"]
            case .text: return ["chào", "có"]
            case .multiple: return ["chào", "không"]
            case .single: return ["chào", "không", "0"]
            }
        }

        var key: String {
            switch self {
            case .yesNo: return "vi-pham"
            case .text: return "mo-ta"
            case .multiple: return "bieu-hien"
            case .single: return "xep-loai"
            }
        }
    }

    static let cases: [(Place, String, Expected)] = [
        // The particles, after any answer.
        (.multiple, "3 và 5 ạ", .asked("3")),
        (.multiple, "1 và 3 ạ", .stored(.choices(["lam-bieng", "xa-dan"]))),
        (.multiple, "1, 2 ạ.", .stored(.choices(["lam-bieng", "noi-nhieu"]))),
        (.multiple, "2 nhé", .stored(.choices(["noi-nhieu"]))),
        (.multiple, "dạ 3 ạ", .stored(.choices(["xa-dan"]))),
        (.single, "2 ạ", .stored(.choice("tot"))),
        (.single, "3 à", .stored(.choice("hoan-thanh"))),
        (.yesNo, "có ạ.", .stored(.yesNo(true))),
        (.yesNo, "dạ không ạ", .stored(.yesNo(false))),
        (.yesNo, "ko a", .stored(.yesNo(false))),
        (.yesNo, "ko co", .stored(.yesNo(false))),
        (.yesNo, "k có ạ", .stored(.yesNo(false))),
        // "None", in the ways it is typed.
        (.multiple, "ko có", .stored(.choices([]))),
        (.multiple, "ko có ạ", .stored(.choices([]))),
        (.multiple, "không có gì", .stored(.choices([]))),
        (.multiple, "k co gi", .stored(.choices([]))),
        (.multiple, "khong thay", .stored(.choices([]))),
        (.multiple, "0 ạ", .stored(.choices([]))),
        // An option word with one letter wrong, missing, added or swapped, when only one is that close.
        (.single, "hoan thah tot", .stored(.choice("tot"))),
        (.single, "hoàn thàn tốt", .stored(.choice("tot"))),
        (.single, "hoan thnah xuat sac", .stored(.choice("xuat-sac"))),
        (.single, "hoan thanh xuat sacc", .stored(.choice("xuat-sac"))),
        (.single, "hoan thanh", .asked("1, 2, 3")),
        (.multiple, "xa dn", .stored(.choices(["xa-dan"]))),
        (.multiple, "luoi hoc tap", .stored(.choices(["lam-bieng"]))),
        // A question, or a command with a typo, is never stored as an answer.
        // The word the greeting asks for, sent again once the questions began (or after a greeting
        // that began them): the current question again, never an answer.
        (.text, "bắt đầu", .asked("Mô tả vi phạm.")),
        (.text, "bat dau a", .asked("Mô tả vi phạm.")),
        (.yesNo, "Bắt đầu", .asked("vi phạm")),
        (.text, "?", .asked("bất cứ lúc nào")),
        (.text, "??", .asked("bất cứ lúc nào")),
        (.text, "...", .asked("bất cứ lúc nào")),
        (.text, "toi khong hieu", .asked("bất cứ lúc nào")),
        (.text, "không hiểu ạ", .asked("bất cứ lúc nào")),
        (.text, "tro jup", .asked("“trợ giúp”")),
        (.text, "tro giupp", .asked("“trợ giúp”")),
        (.text, "xem lia", .asked("“xem lại”")),
        (.text, "tam dugn", .asked("“tạm dừng”")),
        (.text, "quay lia", .asked("“quay lại”")),
        (.single, "tro jup", .asked("“trợ giúp”")),
        // Real answers stay answers.
        (.text, "Đi họp muộn hai lần", .stored(.text("Đi họp muộn hai lần"))),
        (.text, "ngu gat khi hop", .stored(.text("ngu gat khi hop"))),
        (.text, "xem tivi nhieu", .stored(.text("xem tivi nhieu"))),
        // A bare number where words are asked names nothing (no option is shown): asked, not stored.
        (.text, "1", .asked("chưa ghi “1”")),
        (.text, "2 ạ", .asked("chưa ghi “2”")),
        (.text, "2 buổi", .stored(.text("2 buổi"))),
        // Twenty more (issue 13, the phone budget): particles, shorthand and small slips.
        (.yesNo, "vâng ạ", .stored(.yesNo(true))),
        (.yesNo, "co a", .stored(.yesNo(true))),
        (.yesNo, "dạ có", .stored(.yesNo(true))),
        (.yesNo, "ko ạ", .stored(.yesNo(false))),
        (.yesNo, "chưa", .stored(.yesNo(false))),
        (.yesNo, "1 ạ", .stored(.yesNo(true))),
        (.yesNo, "2 nhé", .stored(.yesNo(false))),
        (.yesNo, "xem lia", .asked("“xem lại”")),
        (.multiple, "1,3", .stored(.choices(["lam-bieng", "xa-dan"]))),
        (.multiple, "1 3", .stored(.choices(["lam-bieng", "xa-dan"]))),
        (.multiple, "không có ạ", .stored(.choices([]))),
        (.multiple, "dạ không có", .stored(.choices([]))),
        (.multiple, "4", .asked("4")),
        (.single, "xuat sac a", .stored(.choice("xuat-sac"))),
        (.single, "hoàn thành tốt nhiệm vụ ạ", .stored(.choice("tot"))),
        (.single, "4", .asked("Không có lựa chọn số 4")),
        (.single, "?", .asked("bất cứ lúc nào")),
        (.text, "tro giup a", .asked("bất cứ lúc nào")),
        (.text, "Đi họp muộn ạ", .stored(.text("Đi họp muộn ạ"))),
        (.text, "   ", .asked("không để trống")),
        (.multiple, "1, 3 nhé", .stored(.choices(["lam-bieng", "xa-dan"]))),
    ]

    @Test("each message means what the member meant", arguments: cases)
    func typed(place: Place, message: String, expected: Expected) {
        var state = SessionState()
        let context = ConversationContext(
            questionnaire: Fixtures.mini, catalog: Fixtures.catalog, now: 1_764_000_000)
        for text in place.path {
            _ = Conversation.reduce(into: &state, event: .text(text), context: context)
        }
        #expect(state.phase == .asking(place.key), "the path did not reach \(place.key)")
        let effects = Conversation.reduce(into: &state, event: .text(message), context: context)
        let replies = effects.compactMap { effect -> String? in
            if case .reply(let reply) = effect { return reply.text }
            return nil
        }.joined(separator: "\n")
        switch expected {
        case .stored(let answer):
            #expect(state.answers[place.key] == answer, "\(message): \(replies)")
        case .asked(let text):
            #expect(
                state.answers[place.key] == nil,
                "\(message) was stored: \(String(describing: state.answers[place.key]))")
            #expect(state.phase == .asking(place.key))
            #expect(replies.contains(text), "\(message): \(replies)")
        }
    }

    /// A questionnaire of one number (0 to 70) and one deadline.
    static let scoreAndDeadline: Questionnaire = {
        let source = """
            questionnaire: so
            version: 1
            title: Điểm
            title.en: Score
            intro: Thử.
            intro.en: Test.

            [section a]
            title: A
            title.en: A

            [question diem]
            kind: number
            min: 0
            max: 70
            text: Điểm?
            text.en: Score?

            [question han]
            kind: date
            min: today
            text: Hạn?
            text.en: By when?
            """
        return QuestionnaireParser.parse(source, file: "so.txt").questionnaire!
    }()

    @Test(
        "a number asked once is one number: '6 5' and '1.5' are asked again, '65 ạ' and '25/70' are taken",
        arguments: [
            ("6 5", nil), ("6, 5", nil), ("6 hoặc 5", nil), ("1.5", nil), ("27,5", nil), ("65 ạ", 65),
            ("25/70", 25), ("60 điểm", 60), ("dạ 45", 45),
        ] as [(String, Int?)])
    func oneNumber(message: String, expected: Int?) {
        var state = SessionState()
        let context = ConversationContext(
            questionnaire: PhoneTypingTests.scoreAndDeadline, catalog: Fixtures.catalog, now: 1_764_000_000)
        _ = Conversation.reduce(into: &state, event: .text("chào"), context: context)
        _ = Conversation.reduce(into: &state, event: .text(message), context: context)
        #expect(state.answers["diem"] == expected.map(Answer.number), "\(message)")
    }

    @Test("a deadline in the past is refused; today and later are taken")
    func deadline() {
        // 1,764,000,000 s is 24 November 2025 in Vietnam.
        let context = ConversationContext(
            questionnaire: PhoneTypingTests.scoreAndDeadline, catalog: Fixtures.catalog, now: 1_764_000_000)
        for (message, stored) in [
            ("1/1/2020", false), ("23/11/2025", false), ("24/11/2025", true), ("31/12", true),
        ] {
            var state = SessionState()
            for text in ["chào", "30", message] {
                _ = Conversation.reduce(into: &state, event: .text(text), context: context)
            }
            #expect((state.answers["han"] != nil) == stored, "\(message)")
        }
    }
}

/// A fellow member's name typed with a title before it is said back without it: the questions put
/// “đồng chí” before the name themselves (a tester saw “cho đồng chí dong chi Tran Van Binh”).
@Suite struct TypedNameTitleTests {
    @Test(
        "the title before a typed name is left out when the name is said back",
        arguments: [
            ("dong chi Tran Van Binh", "Tran Van Binh"), ("Đồng chí Trần Văn Bình", "Trần Văn Bình"),
            ("đ/c Lan", "Lan"), ("Đc Hùng", "Hùng"), ("dc Hung", "Hung"), ("Trần Văn Bình", "Trần Văn Bình"),
            ("đồng chí", "đồng chí"), ("Đồng Văn Chí", "Đồng Văn Chí"),
        ])
    func title(typed: String, said: String) {
        #expect(Turn.withoutTitle(typed) == said)
    }
}

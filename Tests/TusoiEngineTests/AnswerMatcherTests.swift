import Testing

@testable import TusoiEngine

@Suite("Reading answers the way members type")
struct AnswerMatcherTests {
    let multiple = Fixtures.mini.question("bieu-hien")!
    let single = Fixtures.mini.question("xep-loai")!
    let yesNo = Fixtures.mini.question("vi-pham")!

    func meanings(_ text: String) -> Set<Meaning> {
        Fixtures.catalog.vocabulary.meanings(of: text)
    }

    @Test(
        "numbers in every common form",
        arguments: [
            ("1, 3", [1, 3]), ("1 3", [1, 3]), ("1,3 và 2", [1, 2, 3]), ("3;1", [1, 3]), ("2-3", [2, 3]),
            ("số 1 và số 3", [1, 3]), ("1 va 3", [1, 3]), ("3, 3", [3]), ("3-3", [3]), ("1-2-3", [1, 2, 3]),
        ])
    func numbers(text: String, expected: [Int]) {
        let ids = expected.map { multiple.options[$0 - 1].id }
        #expect(AnswerMatcher.match(text, to: multiple, meanings: meanings(text)) == .answer(.choices(ids)))
    }

    @Test("0 and 'không có' mean none; 0 with other numbers is refused; numbers out of range are named")
    func noneAndRange() {
        #expect(AnswerMatcher.match("0", to: multiple, meanings: []) == .answer(.choices([])))
        #expect(AnswerMatcher.match("không có", to: multiple, meanings: [.none]) == .answer(.choices([])))
        #expect(AnswerMatcher.match("0, 2", to: multiple, meanings: []) == .reask(.reaskNoneWithOthers, [:]))
        #expect(
            AnswerMatcher.match("1, 7", to: multiple, meanings: [])
                == .reask(.reaskOutOfRange, ["number": "7", "max": "3"]))
        #expect(
            AnswerMatcher.match("linh tinh", to: multiple, meanings: [])
                == .reask(.reaskMultiple, ["max": "3"]))
    }

    @Test("yes and no in words, without diacritics, in NFD, with particles, and as 1 or 2")
    func yesNoWords() {
        for text in ["có", "co", "Dạ có ạ", "co\u{0301}", "vâng", "yes", "1", "ok"] {
            #expect(
                AnswerMatcher.match(text, to: yesNo, meanings: meanings(text)) == .answer(.yesNo(true)),
                "\(text)")
        }
        for text in ["không", "khong", "ko", "k", "KHÔNG Ạ", "no", "2"] {
            #expect(
                AnswerMatcher.match(text, to: yesNo, meanings: meanings(text)) == .answer(.yesNo(false)),
                "\(text)")
        }
        #expect(
            AnswerMatcher.match("có lẽ", to: yesNo, meanings: meanings("có lẽ")) == .reask(.reaskYesNo, [:]))
    }

    @Test(
        "a single choice by number, by its whole label, or by a distinctive part; a shared part is asked about"
    )
    func singleChoice() {
        #expect(AnswerMatcher.match("2", to: single, meanings: []) == .answer(.choice("tot")))
        #expect(
            AnswerMatcher.match("hoan thanh nhiem vu", to: single, meanings: [])
                == .answer(.choice("hoan-thanh")))
        #expect(AnswerMatcher.match("xuất sắc", to: single, meanings: []) == .answer(.choice("xuat-sac")))
        #expect(AnswerMatcher.match("Good", to: single, meanings: []) == .answer(.choice("tot")))
        #expect(
            AnswerMatcher.match("hoàn thành", to: single, meanings: [])
                == .reask(.reaskAmbiguous, ["text": "hoàn thành", "numbers": "1, 2, 3"]))
        #expect(
            AnswerMatcher.match("9", to: single, meanings: [])
                == .reask(.reaskOutOfRange, ["number": "9", "max": "3"]))
    }

    @Test("a text answer is trimmed, and an empty one is refused")
    func text() {
        let question = Fixtures.mini.question("mo-ta")!
        #expect(AnswerMatcher.match("  Đi muộn.\n", to: question, meanings: []) == .answer(.text("Đi muộn.")))
        #expect(AnswerMatcher.match(" \n ", to: question, meanings: []) == .reask(.reaskText, [:]))
    }
}

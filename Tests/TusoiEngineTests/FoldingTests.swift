import Testing

@testable import TusoiEngine

@Suite("Folding text the way members type")
struct FoldingTests {
    @Test(
        "NFC, NFD, capitals, particles and punctuation fold alike",
        arguments: [
            ("Dạ  CÓ ạ!", "da co a"),
            ("da co a", "da co a"),
            ("d\u{0323}a\u{0323} co\u{0301} a\u{0323}", "da co a"),
            ("Đúng", "dung"),
            ("  1, 3 và 5 ", "1 3 va 5"),
            ("Tự soi, tự sửa", "tu soi tu sua"),
            ("ư ơ ă â ê ô đ", "u o a a e o d"),
            ("zero\u{200B}width", "zerowidth"),
        ])
    func folds(input: String, expected: String) {
        #expect(Folding.fold(input) == expected)
    }

    @Test("an empty or punctuation-only text folds to nothing")
    func empty() {
        #expect(Folding.fold("") == "")
        #expect(Folding.fold(" ?!. ") == "")
    }
}

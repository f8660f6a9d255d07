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

@Suite("The table of letters with diacritics")
struct AccentTableTests {
    @Test(
        "each code point maps to the first scalar of its canonical decomposition when that is a Latin letter")
    func sameAsUnicode() {
        #expect(Folding.latinSupplement.count == 0x024F - 0x00C0 + 1)
        #expect(Folding.latinAdditional.count == 0x1EFF - 0x1E00 + 1)
        var mismatches: [String] = []
        for value in Array(UInt32(0x00C0)...0x024F) + Array(UInt32(0x1E00)...0x1EFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var expected: UInt8 = 0x20
            if value == 0x0110 || value == 0x0111 {
                expected = UInt8(ascii: "d")
            } else if let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                base.isASCII, base.properties.isAlphabetic
            {
                expected = UInt8(base.value | 0x20)
            }
            if Folding.foldScalar(scalar) != expected { mismatches.append(String(value, radix: 16)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(Folding.fold("Đặng Thị Hồng Nhung ĐÃ ĐỌC") == "dang thi hong nhung da doc")
    }
}

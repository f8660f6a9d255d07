import Testing
import TusoiEngine
import TusoiTestSupport

/// `characterCount` counts scalars where every scalar stands alone; it must always agree with
/// `count`, the grapheme clusters Swift counts.
@Suite("Counting characters")
struct CharacterCountTests {
    /// The scalars the fast count accepts, and some it must not (they join their neighbours).
    static let alone: [UInt32] =
        (Array(0x00...0x2FF) + Array(0x1E00...0x1EFF) + Array(0x2010...0x2027) + Array(0x2030...0x205E)
        + Array(0x20A0...0x20C0) + Array(0x2100...0x214F) + Array(0x2190...0x22FF) + Array(0x25A0...0x25FF))
        .filter { $0 != 0x0D }
    static let joining: [UInt32] = [
        0x0D, 0x0301, 0x0323, 0x200D, 0x200C, 0xFE0F, 0x1F1FB, 0x1F1F3, 0x1F600, 0x2764, 0x1100, 0x1161,
        0xAC00, 0x0E33, 0x0915, 0x094D, 0x0600,
    ]

    static func text(_ values: [UInt32]) -> String {
        var text = ""
        for value in values { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text
    }

    @Test("every scalar it counts alone is one character next to any other of them, before and after")
    func everyPair() {
        var mismatches: [String] = []
        let neighbours = stride(from: 0, to: Self.alone.count, by: 17).map { Self.alone[$0] } + [0x0A, 0x20]
        for value in Self.alone {
            for neighbour in neighbours {
                let pair = Self.text([value, neighbour])
                if pair.characterCount != pair.count || pair.count != 2 {
                    mismatches.append(String(value, radix: 16) + "+" + String(neighbour, radix: 16))
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("random texts, with marks, joiners, flags and CR LF among them: the same count as Swift's")
    func randomTexts() {
        var generator = SplitMix(state: 37)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let values = (0..<length).map { _ in
                Int.random(in: 0..<8, using: &generator) == 0
                    ? Self.joining.randomElement(using: &generator)!
                    : Self.alone.randomElement(using: &generator)!
            }
            let text = Self.text(values)
            #expect(text.characterCount == text.count, "round \(round): \(values)")
            let limit = Int.random(in: 0...12, using: &generator)
            #expect(text.hasMoreCharacters(than: limit) == (text.count > limit), "round \(round): \(values)")
            if text.characterCount != text.count { return }
        }
    }

}

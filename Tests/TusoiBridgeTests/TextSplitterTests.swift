import Testing

@testable import TusoiBridge

@Suite("Splitting texts under a channel's limit")
struct TextSplitterTests {
    @Test("a text that fits is one message")
    func fits() {
        #expect(TextSplitter.split("  Chào đồng chí.\n", limit: 4096) == ["Chào đồng chí."])
        #expect(TextSplitter.split(" \n ", limit: 4096) == [])
    }

    @Test("5,000 characters with a paragraph break split there, in two")
    func paragraph() {
        let first = String(repeating: "Một câu dài về việc học tập nghị quyết. ", count: 75)
            .trimmingCharacters(in: .whitespaces)
        let second = String(repeating: "Câu thứ hai. ", count: 150).trimmingCharacters(in: .whitespaces)
        let text = first + "\n\n" + second
        #expect(text.utf16.count > 4900)
        #expect(TextSplitter.split(text, limit: 4096) == [first, second])
    }

    @Test("without paragraphs, at a sentence end; without sentences, at a space")
    func sentenceThenSpace() {
        let sentences = "Một hai ba. Bốn năm sáu bảy. Tám chín mười."
        #expect(
            TextSplitter.split(sentences, limit: 30) == ["Một hai ba. Bốn năm sáu bảy.", "Tám chín mười."])
        let words = "một hai ba bốn năm sáu bảy tám chín mười"
        #expect(TextSplitter.split(words, limit: 20) == ["một hai ba bốn năm", "sáu bảy tám chín", "mười"])
    }

    @Test("a boundary near the start is passed over for a better one in the second half")
    func balanced() {
        let text =
            "Đầu.\n\n" + String(repeating: "chữ ", count: 30) + "\n" + String(repeating: "nữa ", count: 10)
        let pieces = TextSplitter.split(text, limit: 130)
        #expect(pieces.count == 2)
        #expect(pieces[0].hasPrefix("Đầu.\n\nchữ"))
    }

    @Test(
        "a word longer than a message is cut between characters, never inside one",
        arguments: [7, 10, 33])
    func hardCut(limit: Int) {
        // Decomposed Vietnamese letters and an emoji take several UTF-16 units each.
        let word = String(repeating: "Nghi\u{0323}\u{0302}😀quye\u{0302}\u{0301}t", count: 9)
        let pieces = TextSplitter.split(word, limit: limit)
        #expect(pieces.allSatisfy { $0.utf16.count <= limit })
        #expect(pieces.joined() == word)
        #expect(pieces.count > 1)
    }
}

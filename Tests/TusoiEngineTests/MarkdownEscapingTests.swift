import Foundation
import Testing
import TusoiTestSupport

@testable import TusoiEngine

/// The Markdown escaping of member text (``TranscriptRenderer/escapeMarkdown(_:)``) decides most lines
/// from their bytes; it must give exactly what the plain definition gives, character by character,
/// on any text: combining marks after a marker or a digit, "\r\n", digits that are not ASCII,
/// brackets next to Vietnamese letters.
struct MarkdownEscapingTests {
    /// The definition: control characters (but tab, line feed, carriage return) become U+FFFD; split
    /// at the character "\n"; in each line `<` becomes `&lt;` and `[`, `]` get a
    /// backslash; a line whose first non-space character is a marker, or digits followed by "." or
    /// ")", gets a backslash in front instead of its leading spaces.
    static func reference(_ text: String) -> String {
        let text = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    let value = scalar.value
                    let kept =
                        value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value < 0x7F)
                        || value > 0x9F
                    return kept ? scalar : "\u{FFFD}"
                }))
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line).replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
            let trimmed = line.drop { $0 == " " }
            guard let first = trimmed.first else { return line }
            let ordered =
                first.isNumber && trimmed.drop(while: \.isNumber).first.map { ".)".contains($0) } ?? false
            let marker = "#>=-+*_|`~".contains(first) || ordered
            return marker ? "\\" + trimmed : line
        }.joined(separator: "\n")
    }

    /// Pieces that move the decision: markers, digits (ASCII, Arabic-Indic, full-width, "½"),
    /// combining marks (U+0301, U+0323), line ends, brackets, Vietnamese letters in NFC and NFD.
    static let pieces = [
        "#", ">", "=", "-", "+", "*", "_", "|", "`", "~", "1", "2", "10", ".", ")", "<", "[", "]",
        " ", "  ", "\n", "\r\n", "\r", "\u{0301}", "\u{0323}", "\u{200D}", "\u{FE0F}", "٣", "１", "½",
        "\u{1B}", "\u{07}", "\u{0}",
        "\u{7F}", "\u{85}", "\u{9B}", "\u{A0}", "\u{1B}[31m",
        "a", "có", "co\u{0301}", "Tự soi", "đ", "🙂", "👨‍👩‍👧", "\t", "(", "javascript:", "x",
    ]

    static func randomText(_ random: inout SplitMix) -> String {
        (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            .joined()
    }

    @Test func randomTextsAreEscapedAsTheDefinitionSays() {
        var random = SplitMix(state: 2_026)
        var differences: [String] = []
        for _ in 0..<50_000 {
            let text = Self.randomText(&random)
            let escaped = TranscriptRenderer.escapeMarkdown(text)
            let expected = Self.reference(text)
            if escaped != expected {
                differences.append(
                    "\(text.debugDescription): \(escaped.debugDescription), not \(expected.debugDescription)")
            }
        }
        #expect(differences.count == 0, "\(differences.prefix(5).joined(separator: "\n"))")
    }

    @Test(arguments: [
        ("# tiêu đề", "\\# tiêu đề"),
        ("  - mục", "\\- mục"),
        ("1. một", "\\1. một"),
        ("12) mười hai", "\\12) mười hai"),
        ("-\u{0301}x", "-\u{0301}x"),  // one character, not the marker "-"
        ("[bấm](javascript:alert(1))", "\\[bấm\\](javascript:alert(1))"),
        ("a <b> c", "a &lt;b> c"),
        ("dòng 1\r\n# vẫn dòng 1\n---", "dòng 1\r\n# vẫn dòng 1\n\\---"),
        ("٣. ba", "\\٣. ba"),
        ("Tôi có", "Tôi có"),
        ("Do \u{1B}]0;x\u{07} ban \u{1B}[2J", "Do \u{FFFD}\\]0;x\u{FFFD} ban \u{FFFD}\\[2J"),
        ("\u{9B}31m# đỏ", "\u{FFFD}31m# đỏ"),
        ("\u{0}# tiêu đề", "\u{FFFD}# tiêu đề"),
    ])
    func knownLines(text: String, escaped: String) {
        #expect(TranscriptRenderer.escapeMarkdown(text) == escaped)
        #expect(Self.reference(text) == escaped)
    }
}

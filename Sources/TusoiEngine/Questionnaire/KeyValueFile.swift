/// The line structure shared by questionnaires and the wording file: blocks of `key: value` lines.
///
/// Comments start with `#`; indented lines continue the previous value; `[kind id]` starts a block.
struct KeyValueFile {
    struct Entry {
        var key: String
        var value: String
        var line: Int
    }

    struct Block {
        /// Empty for the entries before the first `[...]` line.
        var kind: String
        var id: String
        var line: Int
        var entries: [Entry]
    }

    var blocks: [Block]
    var diagnostics: [Diagnostic]

    /// Reads `text` line by line as UTF-8 bytes: every character the structure depends on (newline,
    /// space, tab, `#`, `[`, `]`, `:`) is ASCII, and a file is parsed at every start of the server.
    init(text: String, file: String) {
        var blocks = [Block(kind: "", id: "", line: 1, entries: [])]
        var diagnostics: [Diagnostic] = []
        var lineNumber = 0
        var canContinue = false
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        // Whether the ASCII character at `index` stands alone: not the start of a character that a
        // combining mark, a variation selector or a joiner extends (“#️⃣” is no comment sign).
        func standsAlone(_ index: Int) -> Bool {
            let next = index + 1
            guard next < bytes.count, bytes[next] >= 0xCC else { return true }
            var scalar: UInt32 = 0
            if bytes[next] < 0xE0, next + 1 < bytes.count {
                scalar = UInt32(bytes[next] & 0x1F) << 6 | UInt32(bytes[next + 1] & 0x3F)
            } else if bytes[next] < 0xF0, next + 2 < bytes.count {
                scalar =
                    UInt32(bytes[next] & 0x0F) << 12 | UInt32(bytes[next + 1] & 0x3F) << 6
                    | UInt32(bytes[next + 2] & 0x3F)
            }
            switch scalar {
            case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200C...0x200D, 0x20D0...0x20FF,
                0xFE00...0xFE0F, 0xFE20...0xFE2F:
                return false
            default:
                return true
            }
        }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, isSpace(bytes[lower]) { lower += 1 }
            while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
            return lower..<upper
        }
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            lineNumber += 1
            var line = start..<end
            if line.count > 0, bytes[line.upperBound - 1] == 0x0D {
                line = line.lowerBound..<(line.upperBound - 1)
            }
            // A byte-order mark (EF BB BF) at the very start.
            if lineNumber == 1, line.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                line = 3..<line.upperBound
            }
            let content = trimmed(line)
            if content.isEmpty
                || (bytes[content.lowerBound] == UInt8(ascii: "#") && standsAlone(content.lowerBound))
            {
                continue
            }
            if isSpace(bytes[line.lowerBound]) && standsAlone(line.lowerBound) {
                if canContinue, let last = blocks[blocks.count - 1].entries.indices.last {
                    blocks[blocks.count - 1].entries[last].value += "\n" + string(content)
                } else {
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: lineNumber,
                            message: "an indented line continues a value, but there is no value above it"))
                }
                continue
            }
            if bytes[content.lowerBound] == UInt8(ascii: "[") && standsAlone(content.lowerBound) {
                canContinue = false
                guard bytes[content.upperBound - 1] == UInt8(ascii: "]"), content.count >= 2 else {
                    diagnostics.append(
                        Diagnostic(file: file, line: lineNumber, message: "a block header must end with ]"))
                    continue
                }
                let words = string((content.lowerBound + 1)..<(content.upperBound - 1)).split(separator: " ")
                guard words.count == 2 else {
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: lineNumber,
                            message: "a block header is [section ID] or [question ID], with one ID"))
                    continue
                }
                blocks.append(
                    Block(kind: String(words[0]), id: String(words[1]), line: lineNumber, entries: []))
                continue
            }
            guard let colon = content.first(where: { bytes[$0] == UInt8(ascii: ":") && standsAlone($0) })
            else {
                canContinue = false
                diagnostics.append(
                    Diagnostic(
                        file: file, line: lineNumber,
                        message: "expected \"key: value\" (or indent the line to continue the value above)"))
                continue
            }
            let key = trimmed(content.lowerBound..<colon)
            let value = trimmed((colon + 1)..<content.upperBound)
            guard !key.isEmpty else {
                canContinue = false
                diagnostics.append(
                    Diagnostic(file: file, line: lineNumber, message: "a line starts with \":\""))
                continue
            }
            blocks[blocks.count - 1].entries.append(
                Entry(key: string(key), value: string(value), line: lineNumber))
            canContinue = true
        }
        self.blocks = blocks
        self.diagnostics = diagnostics
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

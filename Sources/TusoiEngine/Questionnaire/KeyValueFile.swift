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

    init(text: String, file: String) {
        var blocks = [Block(kind: "", id: "", line: 1, entries: [])]
        var diagnostics: [Diagnostic] = []
        var lineNumber = 0
        var canContinue = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" {
                line = Substring(line.unicodeScalars.dropFirst())
            }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                continue
            }
            let indented = line.first == " " || line.first == "\t"
            if indented {
                if canContinue, let last = blocks[blocks.count - 1].entries.indices.last {
                    blocks[blocks.count - 1].entries[last].value += "\n" + trimmed
                } else {
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: lineNumber,
                            message: "an indented line continues a value, but there is no value above it"))
                }
                continue
            }
            if trimmed.hasPrefix("[") {
                canContinue = false
                guard trimmed.hasSuffix("]") else {
                    diagnostics.append(
                        Diagnostic(file: file, line: lineNumber, message: "a block header must end with ]"))
                    continue
                }
                let words = trimmed.dropFirst().dropLast().split(separator: " ")
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
            guard let colon = trimmed.firstIndex(of: ":") else {
                canContinue = false
                diagnostics.append(
                    Diagnostic(
                        file: file, line: lineNumber,
                        message: "expected \"key: value\" (or indent the line to continue the value above)"))
                continue
            }
            let key = trimmed[..<colon].trimmingSpaces
            let value = trimmed[trimmed.index(after: colon)...].trimmingSpaces
            guard !key.isEmpty else {
                canContinue = false
                diagnostics.append(
                    Diagnostic(file: file, line: lineNumber, message: "a line starts with \":\""))
                continue
            }
            blocks[blocks.count - 1].entries.append(
                Entry(key: String(key), value: String(value), line: lineNumber))
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

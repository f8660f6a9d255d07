/// The `key:` / `key.en:` lines of a wording file (`bot.txt`, `cli.txt`), read once for both: every
/// key at most once, no `[blocks]`, a text in Vietnamese with its English beside it.
struct WordingFile {
    /// The texts by key, Vietnamese and English.
    var texts: [String: LocalizedText] = [:]
    /// The line each key was read from, for diagnostics.
    var lines: [String: Int] = [:]
    /// The entries whose key `claims` took (the word lists of `bot.txt`), in file order.
    var claimed: [KeyValueFile.Entry] = []
    var diagnostics: [Diagnostic]

    /// Reads `text`; keys for which `claims` is true are kept as they are, not as texts.
    init(_ text: String, file: String, claims: (String) -> Bool = { _ in false }) {
        let structure = KeyValueFile(text: text, file: file)
        diagnostics = structure.diagnostics
        let name = file.split(separator: "/").last.map(String.init) ?? file
        for block in structure.blocks {
            if !block.kind.isEmpty {
                diagnostics.append(
                    Diagnostic(file: file, line: block.line, message: "\(name) has no [blocks]"))
            }
            for entry in block.entries {
                if lines[entry.key] != nil {
                    diagnostics.append(
                        Diagnostic(file: file, line: entry.line, message: "\"\(entry.key):\" is given twice"))
                    continue
                }
                lines[entry.key] = entry.line
                if claims(entry.key) {
                    claimed.append(entry)
                } else if entry.key.hasSuffix(".en") {
                    texts[String(entry.key.dropLast(3)), default: LocalizedText(vi: "", en: "")].en =
                        entry.value
                } else {
                    texts[entry.key, default: LocalizedText(vi: "", en: "")].vi = entry.value
                }
            }
        }
    }

    /// Checks that every key of `keys` has its Vietnamese text and its English one (missing English
    /// is reported with `englishSeverity`).
    mutating func require(_ keys: [String], file: String, englishSeverity: Diagnostic.Severity) {
        for key in keys {
            guard let text = texts[key], !text.vi.isEmpty else {
                diagnostics.append(
                    Diagnostic(file: file, line: 1, message: "the message \"\(key):\" is missing"))
                continue
            }
            if text.en.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: lines[key] ?? 1, severity: englishSeverity,
                        message: "\"\(key):\" has no English text (add \"\(key).en:\")"))
            }
        }
    }
}

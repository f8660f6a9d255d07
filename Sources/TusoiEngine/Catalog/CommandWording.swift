/// What the command line says to the secretary and the operator, in Vietnamese and English, from
/// `Prompts/cli.txt` (the same `key:` / `key.en:` lines as `bot.txt`).
public struct CommandWording: Equatable, Sendable {
    private var texts: [String: LocalizedText]

    init(texts: [String: LocalizedText]) {
        self.texts = texts
    }

    /// Parses the wording file; every key of ``CommandKey`` must be there, in both languages.
    public static func parse(_ text: String, file: String) -> (
        wording: CommandWording?, diagnostics: [Diagnostic]
    ) {
        let structure = KeyValueFile(text: text, file: file)
        var diagnostics = structure.diagnostics
        var texts: [String: LocalizedText] = [:]
        var lines: [String: Int] = [:]
        for block in structure.blocks {
            if !block.kind.isEmpty {
                diagnostics.append(
                    Diagnostic(file: file, line: block.line, message: "cli.txt has no [blocks]"))
            }
            for entry in block.entries {
                if lines[entry.key] != nil {
                    diagnostics.append(
                        Diagnostic(file: file, line: entry.line, message: "\"\(entry.key):\" is given twice"))
                    continue
                }
                lines[entry.key] = entry.line
                if entry.key.hasSuffix(".en") {
                    texts[String(entry.key.dropLast(3)), default: LocalizedText(vi: "", en: "")].en =
                        entry.value
                } else {
                    texts[entry.key, default: LocalizedText(vi: "", en: "")].vi = entry.value
                }
            }
        }
        let known = Set(CommandKey.allCases.map(\.rawValue))
        for (key, line) in lines.sorted(by: { $0.value < $1.value }) where !key.hasSuffix(".en") {
            if !known.contains(key) {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: line, severity: .warning,
                        message: "\"\(key):\" is not used by the command line"))
            }
        }
        for key in CommandKey.allCases {
            guard let text = texts[key.rawValue], !text.vi.isEmpty else {
                diagnostics.append(
                    Diagnostic(file: file, line: 1, message: "the message \"\(key.rawValue):\" is missing"))
                continue
            }
            if text.en.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: lines[key.rawValue] ?? 1,
                        message: "\"\(key.rawValue):\" has no English text (add \"\(key.rawValue).en:\")"))
            }
        }
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : CommandWording(texts: texts), diagnostics)
    }

    /// The message in `language`, with every `{name}` replaced by its value.
    public func text(_ key: CommandKey, _ language: Language, _ values: [String: String] = [:]) -> String {
        let template = texts[key.rawValue]?.text(language) ?? key.rawValue
        return values.isEmpty ? template : Catalog.fill(template, values)
    }
}

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
        var wording = WordingFile(text, file: file)
        let known = Set(CommandKey.allCases.map(\.rawValue))
        for (key, line) in wording.lines.sorted(by: { $0.value < $1.value }) where !key.hasSuffix(".en") {
            if !known.contains(key) {
                wording.diagnostics.append(
                    Diagnostic(
                        file: file, line: line, severity: .warning,
                        message: "\"\(key):\" is not used by the command line"))
            }
        }
        wording.require(CommandKey.allCases.map(\.rawValue), file: file, englishSeverity: .error)
        let diagnostics = wording.diagnostics
        let texts = wording.texts
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : CommandWording(texts: texts), diagnostics)
    }

    /// The message in `language`, with every `{name}` replaced by its value.
    public func text(_ key: CommandKey, _ language: Language, _ values: [String: String] = [:]) -> String {
        let template = texts[key.rawValue]?.text(language) ?? key.rawValue
        return values.isEmpty ? template : Catalog.fill(template, values)
    }
}

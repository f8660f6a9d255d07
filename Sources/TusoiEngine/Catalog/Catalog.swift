/// The bot's own wording in Vietnamese and English, and the words it understands, from `Prompts/bot.txt`.
public struct Catalog: Equatable, Sendable {
    private var texts: [String: LocalizedText]
    /// The vocabulary built from the `words.…` entries.
    public private(set) var vocabulary: Vocabulary
    /// The names of the facilitator's commands, from the `commands.…` entries, folded (no diacritics,
    /// lowercase): `commands.progress: /tiendo, /progress` gives `["progress": ["/tiendo", "/progress"]]`.
    public private(set) var commandNames: [String: [String]]

    init(texts: [String: LocalizedText], vocabulary: Vocabulary, commandNames: [String: [String]] = [:]) {
        self.texts = texts
        self.vocabulary = vocabulary
        self.commandNames = commandNames
    }

    /// Parses the wording file; every key the engine uses must be present.
    public static func parse(_ text: String, file: String) -> (catalog: Catalog?, diagnostics: [Diagnostic]) {
        var wording = WordingFile(text, file: file) { $0.hasPrefix("commands.") || $0.hasPrefix("words.") }
        var words: [String: [String]] = [:]
        var commandNames: [String: [String]] = [:]
        for entry in wording.claimed {
            let list = entry.value.split(separator: ",").map { String($0.trimmingSpaces) }.filter {
                !$0.isEmpty
            }
            if entry.key.hasPrefix("commands.") {
                commandNames[String(entry.key.dropFirst("commands.".count))] = list.map(Folding.fold)
            } else {
                words[String(entry.key.dropFirst("words.".count))] = list
            }
        }
        wording.require(MessageKey.allCases.map(\.rawValue), file: file, englishSeverity: .warning)
        var diagnostics = wording.diagnostics
        let texts = wording.texts
        let lines = wording.lines
        let (vocabulary, problems) = Vocabulary.build(words)
        for problem in problems {
            diagnostics.append(
                Diagnostic(file: file, line: lines["words." + problem.key] ?? 1, message: problem.message))
        }
        let failed = diagnostics.contains { $0.severity == .error }
        return (
            failed ? nil : Catalog(texts: texts, vocabulary: vocabulary, commandNames: commandNames),
            diagnostics
        )
    }

    /// Parses the wording file and throws its diagnostics when it has an error.
    public static func load(_ text: String, file: String) throws(DiagnosticsError) -> Catalog {
        let (catalog, diagnostics) = parse(text, file: file)
        guard let catalog else { throw DiagnosticsError(diagnostics) }
        return catalog
    }

    /// The message in `language`, with every `{name}` replaced by its value.
    public func text(_ key: MessageKey, _ language: Language, _ values: [String: String] = [:]) -> String {
        let template = texts[key.rawValue]?.text(language) ?? key.rawValue
        return values.isEmpty ? template : Catalog.fill(template, values)
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        let utf8 = template.utf8
        guard var open = utf8.firstIndex(of: UInt8(ascii: "{")) else { return template }
        var result = ""
        var start = utf8.startIndex
        while true {
            guard let close = utf8[open...].firstIndex(of: UInt8(ascii: "}")) else { break }
            result += template[start..<open]
            let name = String(template[utf8.index(after: open)..<close])
            result += values[name] ?? String(template[open...close])
            start = utf8.index(after: close)
            guard let next = utf8[start...].firstIndex(of: UInt8(ascii: "{")) else { break }
            open = next
        }
        return result + template[start...]
    }
}

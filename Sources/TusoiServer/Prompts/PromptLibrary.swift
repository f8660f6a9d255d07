import Foundation
import TusoiEngine

/// The contents of a `Prompts/` folder: the bot's wording and every questionnaire, with their texts.
public struct PromptLibrary: Sendable {
    /// A questionnaire with the exact text it was read from (stored so that sessions stay pinned).
    public struct Entry: Sendable {
        public var questionnaire: Questionnaire
        public var source: String
        public var file: String
    }

    public var catalog: Catalog
    public var questionnaires: [String: Entry]
    public var directory: String

    /// The files of wording, not questionnaires: the bot's (`bot.txt`) and the command line's (`cli.txt`).
    public static let wordingFiles: Set<String> = ["bot.txt", "cli.txt"]

    /// Reads `bot.txt` and every other `*.txt` file of `directory` but `cli.txt` (see ``Console``).
    ///
    /// - Throws: ``DiagnosticsError`` with every error of every file, or a missing-folder diagnostic.
    public static func load(directory: String) throws(DiagnosticsError) -> PromptLibrary {
        let botPath = directory + "/bot.txt"
        guard let botText = try? String(contentsOfFile: botPath, encoding: .utf8) else {
            throw DiagnosticsError([
                Diagnostic(file: botPath, line: 0, message: "cannot read the bot's wording file")
            ])
        }
        let catalog = try Catalog.load(botText, file: botPath)
        var questionnaires: [String: Entry] = [:]
        var problems: [Diagnostic] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.hasSuffix(".txt") && !Self.wordingFiles.contains(name) {
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append(
                    Diagnostic(file: path, line: 0, message: "cannot read the file as UTF-8 text"))
                continue
            }
            do {
                let questionnaire = try QuestionnaireParser.load(text, file: path)
                if let other = questionnaires[questionnaire.id] {
                    problems.append(
                        Diagnostic(
                            file: path, line: 1,
                            message: "questionnaire \(questionnaire.id) is also in \(other.file)"))
                }
                questionnaires[questionnaire.id] = Entry(
                    questionnaire: questionnaire, source: text, file: path)
            } catch {
                problems += error.diagnostics.filter { $0.severity == .error }
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return PromptLibrary(catalog: catalog, questionnaires: questionnaires, directory: directory)
    }

    /// Finds the `Prompts/` folder: the one named, else `TUSOI_PROMPTS`, else `./Prompts`, else the
    /// one beside the executable or the package it was built from.
    public static func locate(explicit: String?, environment: [String: String]) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment["TUSOI_PROMPTS"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        var candidates = [FileManager.default.currentDirectoryPath + "/Prompts"]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.path + "/Prompts")
            directory = directory.deletingLastPathComponent()
        }
        // The package this binary was built from: Sources/TusoiServer/Prompts/ is three levels below it.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.path + "/Prompts")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/bot.txt") }
    }
}

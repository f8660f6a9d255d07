import Foundation
import TusoiEngine

/// `tusoi check FILE...`: every problem of questionnaire files (and of the wording files `bot.txt`
/// and `cli.txt`), with file and line.
enum CheckCommand {
    static func run(_ arguments: Arguments) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage(ProcessInfo.processInfo.environment))
            return .success
        }
        let files: [String]
        do {
            files = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard !files.isEmpty else { return Tusoi.usageFailure(UsageError("check needs at least one FILE")) }
        var errors = 0
        var warnings = 0
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                print("\(file):0: error: cannot read the file as UTF-8 text")
                errors += 1
                continue
            }
            let diagnostics: [Diagnostic]
            if (file as NSString).lastPathComponent == "bot.txt" {
                diagnostics = Catalog.parse(text, file: file).diagnostics
            } else if (file as NSString).lastPathComponent == "cli.txt" {
                diagnostics = CommandWording.parse(text, file: file).diagnostics
            } else {
                let result = QuestionnaireParser.parse(text, file: file)
                diagnostics = result.diagnostics + longPrompts(result.questionnaire, file: file)
            }
            for diagnostic in diagnostics {
                print(diagnostic.description)
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        print("\(files.count) file(s): \(errors) error(s), \(warnings) warning(s)")
        return errors > 0 ? .failure : .success
    }

    /// The rendering check needs the bot's wording: from the Prompts folder, when it can be found.
    private static func longPrompts(_ questionnaire: Questionnaire?, file: String) -> [Diagnostic] {
        guard let questionnaire,
            let directory = PromptLibrary.locate(
                explicit: nil, environment: ProcessInfo.processInfo.environment),
            let text = try? String(contentsOfFile: directory + "/bot.txt", encoding: .utf8),
            let catalog = Catalog.parse(text, file: "bot.txt").catalog
        else { return [] }
        return questionnaire.longPrompts(catalog: catalog, file: file)
    }
}

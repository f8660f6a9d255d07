import Foundation
import TusoiEngine

/// `tusoi graph FILE`: the questionnaire's flow as Mermaid text, Graphviz DOT, or SVG through `dot`.
enum GraphCommand {
    static func run(_ arguments: Arguments) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage)
            return .success
        }
        let formatName: String
        let output: String?
        let files: [String]
        do {
            formatName = try arguments.option("--format") ?? "mermaid"
            output = try arguments.option("--output")
            files = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard files.count == 1, let file = files.first else {
            return Tusoi.usageFailure(UsageError("graph needs exactly one FILE"))
        }
        guard ["mermaid", "dot", "svg"].contains(formatName) else {
            return Tusoi.usageFailure(UsageError("--format is mermaid, dot or svg"))
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            Log.error("cannot read \(file) as UTF-8 text")
            return .dataError
        }
        let questionnaire: Questionnaire
        do {
            questionnaire = try QuestionnaireParser.load(text, file: file)
        } catch {
            Log.error("the questionnaire has errors (run tusoi check):\n\(error)")
            return .dataError
        }
        var result = FlowGraph.render(questionnaire, format: formatName == "mermaid" ? .mermaid : .dot)
        if formatName == "svg" {
            guard let svg = runDot(result) else {
                Log.error(
                    "SVG needs Graphviz's dot on the PATH (apt-get install graphviz); use --format mermaid")
                return .failure
            }
            result = svg
        }
        if let output {
            do {
                try result.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                Log.error("cannot write \(output): \(error.localizedDescription)")
                return .failure
            }
        } else {
            print(result, terminator: "")
        }
        return .success
    }

    /// Runs `dot -Tsvg` on the DOT text; nil when Graphviz is not installed or fails.
    private static func runDot(_ dot: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dot", "-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        input.fileHandleForWriting.write(Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import TusoiEngine

/// `tusoi graph FILE`: the questionnaire's flow as Mermaid text, Graphviz DOT, or SVG through `dot`.
enum GraphCommand {
    static func run(_ arguments: Arguments) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage(ProcessInfo.processInfo.environment))
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
    ///
    /// `dot` is looked up on the PATH first: started through `env` when it is missing, the child
    /// dies at once and writing the DOT text to it raised SIGPIPE, which ended tusoi (exit 13)
    /// instead of the clear refusal. Writing ignores SIGPIPE for the same reason when dot fails.
    private static func runDot(_ dot: String) -> String? {
        guard let path = executable(named: "dot") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            return nil
        }
        // Read while writing, so that a large graph cannot fill both pipes and wait forever.
        let reader = output.fileHandleForReading
        nonisolated(unsafe) var data = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            data = reader.readDataToEndOfFile()
            done.signal()
        }
        try? input.fileHandleForWriting.write(contentsOf: Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The full path of an executable on the PATH, if there is one.
    private static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}

import Foundation
import TusoiEngine

/// The `tusoi` command line: picks a subcommand and runs it.
public enum Tusoi {
    /// What `tusoi help` says when `Prompts/cli.txt`, where the usage is, cannot be read.
    static let fallbackUsage = """
        tusoi: a chat bot for the "Tự soi, tự sửa" self-review
        The usage is in Prompts/cli.txt, which cannot be read: give --prompts DIR or set TUSOI_PROMPTS
        (see README.md). tusoi --version says which tusoi this is.
        """

    /// The usage of every command, in the language `environment` asks for (see ``Console``).
    static func usage(_ environment: [String: String]) -> String {
        Console.load(environment, quiet: true)?.block(.usage) ?? fallbackUsage
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], environment: [String: String]) -> Int32 {
        var environment = environment
        var arguments = arguments
        currentCommand = nil
        // `--lang en` (or `--lang=en`) before a command as well as after it; alone, it asks for help.
        var leading: [String] = []
        if let first = arguments.first, first == "--lang" || first.hasPrefix("--lang=") {
            let value =
                first == "--lang" ? (arguments.count >= 2 ? arguments[1] : "") : String(first.dropFirst(7))
            leading = Array(arguments.prefix(first == "--lang" ? 2 : 1))
            arguments.removeFirst(leading.count)
            guard Language(rawValue: value) != nil else {
                return usageFailure(
                    UsageError(.langOneOf, ["lang": value], english: "--lang is vi or en (not \"\(value)\")")
                ).rawValue
            }
            environment["TUSOI_LANG"] = value
            setenv("TUSOI_LANG", value, 1)
            if arguments.isEmpty { arguments = ["help"] }
            if let command = arguments.first, localized.contains(command) {
                // Given to the command as if it came after it.
                arguments.insert(contentsOf: leading, at: 1)
            } else if let command = arguments.first, commands.contains(command) {
                // A command that speaks only English takes no --lang, before or after it.
                currentCommand = command
                return usageFailure(
                    UsageError(
                        .unexpectedWord, ["word": leading.joined(separator: " ")],
                        english: "tusoi \(command) takes no \(leading.joined(separator: " "))")
                ).rawValue
            }
        }
        guard let command = arguments.first else {
            return ChatCommand.run(Arguments([]), environment: environment).rawValue
        }
        currentCommand = command
        var words = Array(arguments.dropFirst())
        do {
            try Self.language(of: command, &words, &environment)
        } catch {
            return usageFailure(error).rawValue
        }
        // For the usage that a mistake on the command line prints, wherever it is found.
        for name in ["TUSOI_LANG", "TUSOI_PROMPTS"] {
            if let value = environment[name] { setenv(name, value, 1) }
        }
        let rest = Arguments(words)
        if command != "campaign", arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }),
            let help = help(for: command, in: usage(environment))
        {
            print(help)
            return ExitCode.success.rawValue
        }
        let code: ExitCode
        switch command {
        case "chat":
            code = ChatCommand.run(rest, environment: environment)
        case "serve":
            code = ServeCommand.run(rest, environment: environment)
        case "check":
            code = CheckCommand.run(rest)
        case "branch":
            code = BranchCommand.run(rest, environment: environment)
        case "member":
            code = MemberCommand.run(rest, environment: environment)
        case "invite":
            code = InviteCommand.run(rest, environment: environment)
        case "progress":
            code = ProgressCommand.run(rest, environment: environment)
        case "export":
            code = ExportCommand.run(rest, environment: environment)
        case "campaign":
            code = CampaignCommand.run(rest, environment: environment)
        case "audit":
            code = AuditCommand.run(rest, environment: environment)
        case "report":
            code = ReportCommand.run(rest, environment: environment)
        case "meeting":
            code = MeetingCommand.run(rest, environment: environment)
        case "conclude":
            code = ConcludeCommand.run(rest, environment: environment)
        case "migrate-store":
            code = MigrateStoreCommand.run(rest, environment: environment)
        case "graph":
            code = GraphCommand.run(rest)
        case "preview":
            code = PreviewCommand.run(rest, environment: environment)
        case "help", "--help", "-h":
            print(usage(environment))
            code = .success
        case "--version", "version":
            print("tusoi \(Version.current)")
            code = .success
        default:
            code = usageFailure(
                UsageError(.unknownCommand, ["command": command], english: "unknown command \"\(command)\""))
        }
        return code.rawValue
    }

    /// The commands that speak to a secretary or an operator: Vietnamese, or English with `--lang en`.
    static let localized: Set<String> = [
        "branch", "member", "invite", "progress", "export", "campaign", "audit", "report", "meeting",
        "preview", "conclude", "migrate-store", "help", "--help", "-h",
    ]

    /// Takes `--lang vi|en` off a localized command's words and passes it on as `TUSOI_LANG` (the
    /// default when it is not given); `--prompts DIR` (left for the command) is passed on as
    /// `TUSOI_PROMPTS` too, so that the command line's wording is read from that folder.
    static func language(
        of command: String, _ words: inout [String], _ environment: inout [String: String]
    ) throws(UsageError) {
        guard localized.contains(command) else { return }
        var arguments = Arguments(words)
        if let language = try arguments.option("--lang") {
            guard Language(rawValue: language) != nil else {
                throw UsageError(
                    .langOneOf, ["lang": language], english: "--lang is vi or en (not \"\(language)\")")
            }
            environment["TUSOI_LANG"] = language
            words = arguments.remaining
        }
        if let index = words.firstIndex(of: "--prompts"), index + 1 < words.count {
            environment["TUSOI_PROMPTS"] = words[index + 1]
        } else if let word = words.first(where: { $0.hasPrefix("--prompts=") }) {
            environment["TUSOI_PROMPTS"] = String(word.dropFirst("--prompts=".count))
        }
    }

    /// The lines of `usage` about one command, under the usage's heading (the line before the first
    /// command), with the notes after the commands (on the language, the store and the prompts).
    static func help(for command: String, in usage: String) -> String? {
        var lines: [Substring] = []
        var notes: [Substring] = []
        var heading: Substring = ""
        var previous: Substring = ""
        var inside = false
        var seenCommand = false
        for line in usage.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  tusoi ") {
                if !seenCommand { heading = previous }
                seenCommand = true
                inside = line.hasPrefix("  tusoi \(command) ") || line == "  tusoi \(command)"
            } else if !line.hasPrefix("      ") {
                inside = false
                if seenCommand && !line.isEmpty && !line.hasPrefix(" ") { notes.append(line) }
            }
            if inside { lines.append(line) }
            previous = line
        }
        guard !lines.isEmpty else { return nil }
        return ([heading] + lines + [""] + notes).joined(separator: "\n")
    }

    /// The command being run, for the usage a mistake on its command line prints.
    nonisolated(unsafe) static var currentCommand: String?

    static let commands = [
        "chat", "serve", "check", "branch", "member", "invite", "progress", "export", "campaign", "audit",
        "report", "meeting", "conclude", "migrate-store", "graph", "preview", "help",
    ]

    /// The command `typed` most likely meant: one or two letters off, and only one that close.
    static func nearestCommand(_ typed: String) -> String? {
        let word = typed.lowercased()
        let close = commands.filter { Vocabulary.distance($0, word, limit: 2) <= (word.count >= 6 ? 2 : 1) }
        return close.count == 1 ? close[0] : nil
    }

    /// Reports a usage error the same way for every command.
    static func usageFailure(_ error: UsageError) -> ExitCode {
        let environment = ProcessInfo.processInfo.environment
        if let say = Console.load(environment, quiet: true) {
            let message = error.key.map { say($0, error.values) } ?? error.message
            // The usage of the command that was mistyped, not of all of them; for a command that
            // does not exist, the nearest one and where the list is.
            var after = say(.seeHelp)
            if error.key == .unknownCommand, let typed = error.values["command"] {
                if let near = nearestCommand(typed) {
                    after = say(.didYouMean, ["command": near]) + "\n" + after
                }
            } else if let command = currentCommand, let help = help(for: command, in: say.block(.usage)) {
                after = help
            }
            Log.write("tusoi: " + say(.errorPrefix) + " " + message + "\n\n" + after + "\n")
        } else {
            Log.error("\(error.message)\n\n\(fallbackUsage)")
        }
        return .usage
    }
}

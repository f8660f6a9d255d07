import Foundation
import TusoiEngine
import TusoiStore

/// What the command line says, in the language of whoever runs it: Vietnamese, or English with
/// `--lang en` (which `Tusoi.main` turns into `TUSOI_LANG=en` for the command) or `TUSOI_LANG=en`.
/// The wording is data: `Prompts/cli.txt`.
struct Console {
    let language: Language
    let wording: CommandWording

    /// The language `TUSOI_LANG` names: English for "en" (or "en_GB…"), Vietnamese otherwise.
    static func language(_ environment: [String: String]) -> Language {
        environment["TUSOI_LANG"]?.lowercased().hasPrefix("en") == true ? .en : .vi
    }

    /// Reads `cli.txt` from the prompts folder (`--prompts`, `TUSOI_PROMPTS`, or where the prompts
    /// usually are; a folder of questionnaires made before `cli.txt` existed falls back to the
    /// usual place), or says on standard error why it cannot.
    static func load(_ environment: [String: String], quiet: Bool = false) -> Console? {
        var usual = environment
        usual["TUSOI_PROMPTS"] = nil
        let folders = [environment, usual].compactMap { PromptLibrary.locate(explicit: nil, environment: $0) }
        guard
            let directory = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/cli.txt") })
        else {
            Log.error(
                "cannot find the command line's wording, cli.txt (give --prompts DIR or set TUSOI_PROMPTS)")
            return nil
        }
        let path = directory + "/cli.txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if !quiet { Log.error("cannot read the command line's wording \(path)") }
            return nil
        }
        let (wording, diagnostics) = CommandWording.parse(text, file: path)
        guard let wording else {
            if quiet { return nil }
            Log.error(
                "the command line's wording has errors:\n"
                    + diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
            return nil
        }
        return Console(language: language(environment), wording: wording)
    }

    func callAsFunction(_ key: CommandKey, _ values: [String: String] = [:]) -> String {
        wording.text(key, language, values)
    }

    /// A block of text laid out in columns (the usage): in `cli.txt` each of its lines starts with
    /// `|`, which keeps the spaces after it.
    func block(_ key: CommandKey) -> String {
        self(key).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.first == "|" ? line.dropFirst() : line
        }.joined(separator: "\n")
    }

    /// Says `key` on standard error as an error ("tusoi: lỗi: …").
    func error(_ key: CommandKey, _ values: [String: String] = [:]) {
        Log.write("tusoi: " + wording.text(.errorPrefix, language) + " " + self(key, values) + "\n")
    }

    /// Says `key` on standard error as information (what was left out, what is going on).
    func note(_ key: CommandKey, _ values: [String: String] = [:]) {
        Log.write("tusoi: " + self(key, values) + "\n")
    }

    /// A review's status as the secretary reads it.
    func status(_ status: ReviewStatus) -> String {
        switch status {
        case .notStarted: return self(.statusNotStarted)
        case .inProgress: return self(.statusInProgress)
        case .submitted: return self(.statusSubmitted)
        case .returned: return self(.statusReturned)
        }
    }

    /// A member's role in the party, as the roster shows it.
    func role(_ role: MemberRecord.Role) -> String {
        switch role {
        case .member: return self(.roleMember)
        case .facilitator: return self(.roleFacilitator)
        case .committee: return self(.roleCommittee)
        }
    }
}

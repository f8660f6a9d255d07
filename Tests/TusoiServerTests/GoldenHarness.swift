import Foundation
import Testing
import TusoiEngine
import TusoiStore
import TusoiTestSupport

@testable import TusoiServer

/// Replays a conversation file through the real server and compares every output line with a golden file.
///
/// `NAME.in.jsonl` holds protocol lines, and directives for the harness on lines starting with `#`:
/// `# batch` ends a batch (lines between are read at once, like one read of a pipe), `# restart`
/// closes the store and starts a new server on the same file, `# time N` sets the clock,
/// `# roster N` gives the member a branch of N others, `# raw TEXT` sends TEXT as it is (for malformed lines), `# bytes HEX` sends raw bytes,
/// `# ward` adds the ``WardFixture`` roster, `# campaign DAYS AFTER BEFORE [CODE [BRANCHES]]` opens a campaign now
/// (reminders after AFTER idle days and BEFORE days before the end), `# tick` lets timers fire.
/// Set `TUSOI_RECORD=1` to write the `.out.jsonl` files anew; a recording run fails on purpose.
enum GoldenHarness {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = directory.deletingLastPathComponent().deletingLastPathComponent()

    static func library() throws -> PromptLibrary {
        var library = try PromptLibrary.load(directory: packageRoot.appendingPathComponent("Prompts").path)
        for name in ["mini", "kinds"] {
            let path = directory.appendingPathComponent("Fixtures/\(name).txt").path
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let questionnaire = try QuestionnaireParser.load(source, file: path)
            library.questionnaires[questionnaire.id] = PromptLibrary.Entry(
                questionnaire: questionnaire, source: source, file: path)
        }
        return library
    }

    /// The command line's wording, as shipped.
    static func wording() throws -> CommandWording {
        let path = packageRoot.appendingPathComponent("Prompts/cli.txt").path
        let (wording, diagnostics) = CommandWording.parse(
            try String(contentsOfFile: path, encoding: .utf8), file: path)
        guard let wording else { throw DiagnosticsError(diagnostics) }
        return wording
    }

    /// The roster of the golden tests' branch: every member but the one asking.
    static let roster = [
        RosterEntry(id: "an", name: "Nguyễn Văn An"), RosterEntry(id: "binh", name: "Trần Thị Bình"),
        RosterEntry(id: "cuong", name: "Lê Văn Cường"),
    ]

    /// A branch of `count` members besides the one asking (`# roster N`), for a long list.
    static func largeRoster(_ count: Int) -> [RosterEntry] {
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
        let given = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Huy"]
        return (0..<count).map { index in
            RosterEntry(
                id: "r\(index + 1)",
                name: "\(families[index % families.count]) \(given[(index / families.count) % given.count])"
                    + (index >= families.count * given.count ? " \(index)" : ""))
        }
    }

    /// Runs `NAME.in.jsonl` and returns the output lines, one string per line.
    /// A store path that names an in-memory twin (``MemoryStore``) instead of a file: kept for the run,
    /// so that `# restart` finds what was written before it, as a file would.
    static let memoryPrefix = "memory:"
    nonisolated(unsafe) private static var memoryStores: [String: MemoryStore] = [:]
    private static let memoryLock = NSLock()

    static func memoryStore(_ path: String) -> MemoryStore {
        memoryLock.lock()
        defer { memoryLock.unlock() }
        if let store = memoryStores[path] { return store }
        let store = MemoryStore()
        memoryStores[path] = store
        return store
    }

    static func forgetMemoryStore(_ path: String) {
        memoryLock.lock()
        memoryStores[path] = nil
        memoryLock.unlock()
    }

    /// `storePath` is a SQLite file, a PostgreSQL URL or `memory:NAME` (the in-memory twin).
    ///
    /// With `replaying`, the input is sent again to a store that already holds it: the fixture's
    /// ward, campaigns and ticks are left out, every line else is sent as the first time.
    ///
    /// With `lineBatches`, every line is a batch of its own: each message's session is written and
    /// packed between messages (``PackedSession``) instead of staying as the reducer left it.
    static func run(_ name: String, storePath: String, replaying: Bool = false, lineBatches: Bool = false)
        throws -> String
    {
        try runCounting(name, storePath: storePath, replaying: replaying, lineBatches: lineBatches).output
    }

    /// The same, with or without the server's reading thread (``Server/readsAhead``), and how many
    /// members' turns worked out ahead on it the server took.
    static func runCounting(
        _ name: String, storePath: String, replaying: Bool = false, lineBatches: Bool = false,
        readsAhead: Bool = true
    ) throws -> (output: String, speculated: Int) {
        var speculated = 0
        let input = try String(
            contentsOf: directory.appendingPathComponent("Golden/\(name).in.jsonl"), encoding: .utf8)
        let rosterLine = input.split(separator: "\n").first { $0.hasPrefix("# roster ") }
        let roster =
            rosterLine.flatMap { Int($0.dropFirst("# roster ".count)) }.map(largeRoster)
            ?? GoldenHarness.roster
        let questionnaireID =
            input.hasPrefix("# questionnaire ")
            ? String(input.split(separator: "\n")[0].dropFirst("# questionnaire ".count)) : "mini"
        let library = try library()
        var now: Int64 = 1_764_000_000
        let codes = SeededCodes()
        var server = try makeServer(
            library, questionnaireID, storePath, codes, roster: roster, clock: { now })
        var output: [UInt8] = []
        var batch: [UInt8] = []
        func flush() {
            guard !batch.isEmpty else { return }
            var source = MemoryLineSource(
                batches: lineBatches ? batch.split(separator: 0x0A).map { Array($0) + [0x0A] } : [batch])
            var sink = MemoryLineSink()
            server.0.readsAhead = readsAhead
            // Every message as on a busy server: its turn worked out ahead, taken or not.
            server.0.worksAheadWhenIdle = true
            let before = server.0.stats.speculated
            server.0.run(source: &source, sink: &sink)
            speculated += server.0.stats.speculated - before
            output += sink.bytes
            batch = []
        }
        for line in input.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# batch") {
                flush()
            } else if line.hasPrefix("# restart") {
                flush()
                server.1.close()
                server = try makeServer(
                    library, questionnaireID, storePath, codes, roster: roster, clock: { now })
            } else if line.hasPrefix("# time ") {
                flush()
                now = Int64(line.dropFirst("# time ".count)) ?? now
            } else if replaying
                && (line.hasPrefix("# ward") || line.hasPrefix("# campaign ") || line.hasPrefix("# tick"))
            {
                continue
            } else if line.hasPrefix("# ward") {
                flush()
                try WardFixture.add(to: server.1, now: now)
            } else if line.hasPrefix("# campaign ") {
                flush()
                // "# campaign DAYS REMIND-AFTER REMIND-BEFORE [CODE [BRANCH,BRANCH…]]"
                let words = line.dropFirst("# campaign ".count).split(separator: " ").map(String.init)
                let numbers = words.prefix(3).compactMap { Int($0) }
                try WardFixture.openCampaign(
                    server.1, shelf: server.2, questionnaire: questionnaireID, opensAt: now,
                    days: Int64(numbers[0]), remindAfter: numbers[1], remindBefore: numbers[2],
                    code: words.count > 3 ? words[3] : "dot-2026",
                    branchCodes: words.count > 4 ? words[4].split(separator: ",").map(String.init) : nil)
            } else if line.hasPrefix("# tick") {
                flush()
                output += server.0.tick()
            } else if line.hasPrefix("# raw ") {
                batch += Array(line.dropFirst("# raw ".utf8.count).utf8) + [0x0A]
            } else if line.hasPrefix("# bytes ") {
                let hex = Array(line.dropFirst("# bytes ".count).utf8)
                var bytes: [UInt8] = []
                var index = 0
                while index + 1 < hex.count {
                    bytes.append(
                        UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
                    index += 2
                }
                batch += bytes + [0x0A]
            } else if line.hasPrefix("#") || line.isEmpty {
                continue
            } else {
                flush()
                batch = Array(line.utf8) + [0x0A]
                flush()
            }
        }
        flush()
        server.1.close()
        return (String(decoding: output, as: UTF8.self), speculated)
    }

    private static func makeServer(
        _ library: PromptLibrary, _ questionnaireID: String, _ path: String, _ codes: SeededCodes,
        roster: [RosterEntry],
        clock: @escaping () -> Int64
    ) throws -> (Server, any OperatorStore, QuestionnaireShelf) {
        // A PostgreSQL URL (the goldens on PostgreSQL), the in-memory twin, or a SQLite file.
        let store: any OperatorStore =
            PostgresStore.isAddress(path)
            ? try PostgresStore(url: path)
            : path.hasPrefix(memoryPrefix)
                ? memoryStore(path) as any OperatorStore : try SessionStore(path: path)
        let service = try ChatService(store: store, library: library, questionnaireID: questionnaireID)
        service.roster = { _, user in roster.filter { $0.id != user } }
        service.newInviteCode = { codes.next() }
        return (Server(service: service, clock: clock), store, service.shelf)
    }

    /// Compares `actual` with `NAME.out.jsonl`, or records it when `TUSOI_RECORD` is set.
    static func compare(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = directory.appendingPathComponent("Golden/\(name).out.jsonl")
        if ProcessInfo.processInfo.environment["TUSOI_RECORD"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record(
                "recorded \(url.lastPathComponent); run again without TUSOI_RECORD",
                sourceLocation: sourceLocation)
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(actualLines.count, expectedLines.count) {
            let got = index < actualLines.count ? String(actualLines[index]) : "<missing>"
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<missing>"
            if got != want {
                Issue.record(
                    "\(name): line \(index + 1) differs\n  expected: \(want)\n  actual:   \(got)",
                    sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// A fresh store path in a new temporary folder.
    static func temporaryStore() -> String {
        TemporaryFolders.make("tusoi-test").appendingPathComponent("store.sqlite").path
    }
}

/// The invite codes a secretary's `/capma` draws in a golden conversation: RAAAAAAAA2, RBAAAAAAA2…,
/// the same on every run, and written in the conversation files to be redeemed.
final class SeededCodes {
    private var count = 0

    func next() -> String {
        defer { count += 1 }
        return "R" + String(InviteCode.alphabet[count % InviteCode.alphabet.count]) + "AAAAAAA2"
    }
}

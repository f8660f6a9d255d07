import Foundation
import Testing

@Suite("Golden conversations through the server")
struct GoldenConversationTests {
    static let names: [String] = {
        let folder = GoldenHarness.directory.appendingPathComponent("Golden")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".in.jsonl") }.map { String($0.dropLast(".in.jsonl".count)) }
            .sorted()
    }()

    @Test("replays exactly", arguments: names)
    func replay(name: String) throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let output = try GoldenHarness.run(name, storePath: path)
        try GoldenHarness.compare(name, output)
    }

    @Test("replays exactly on the in-memory twin of the store", arguments: names)
    func replayInMemory(name: String) throws {
        let path = GoldenHarness.memoryPrefix + name
        defer { GoldenHarness.forgetMemoryStore(path) }
        try GoldenHarness.compare(name, try GoldenHarness.run(name, storePath: path))
    }

    @Test("every golden input has its output")
    func everyInputHasOutput() {
        #expect(GoldenConversationTests.names.count >= 6)
        for name in GoldenConversationTests.names {
            let out = GoldenHarness.directory.appendingPathComponent("Golden/\(name).out.jsonl")
            #expect(FileManager.default.fileExists(atPath: out.path), "\(name).out.jsonl is missing")
        }
    }
}

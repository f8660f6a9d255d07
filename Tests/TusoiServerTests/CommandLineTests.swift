import Foundation
import Testing

/// The authoring commands through the built binary: exit codes, output, and no store touched.
@Suite("Command line")
struct CommandLineTests {
    func run(_ arguments: [String], input: String = "", in folder: String? = nil) throws -> (Int32?, [String])
    {
        var environment: [String: String] = [:]
        if let folder { environment["TUSOI_DB"] = folder + "/never.sqlite" }
        let process = try BinaryProcess(arguments: arguments, environment: environment)
        process.send(input)
        process.closeInput()
        let code = process.wait()
        return (code, process.outputLines)
    }

    func write(_ text: String) throws -> String {
        let path = GoldenHarness.temporaryStore().replacingOccurrences(of: "store.sqlite", with: "q.txt")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        "every command answers --help with its own usage and exit 0",
        arguments: [
            "chat", "serve", "check", "graph", "preview", "branch", "member", "invite", "progress", "export",
            "campaign", "audit", "report", "conclude",
        ])
    func help(command: String) throws {
        let (code, lines) = try run([command, "--help"])
        #expect(code == 0)
        #expect(lines.contains { $0.contains("tusoi \(command)") }, "\(lines.prefix(3))")
    }

    @Test("check passes the shipped questionnaires with no warning, and fails a broken file with its line")
    func check() throws {
        let prompts = GoldenHarness.packageRoot.appendingPathComponent("Prompts")
        let files = try FileManager.default.contentsOfDirectory(atPath: prompts.path).filter {
            $0.hasSuffix(".txt")
        }
        let (code, lines) = try run(["check"] + files.map { prompts.appendingPathComponent($0).path })
        #expect(code == 0)
        #expect(lines.last == "\(files.count) file(s): 0 error(s), 0 warning(s)")

        let broken = try write("questionnaire: b\nversion: 1\ntitle: B\ntitle.en: B\n[section s]\ntitle: S\n")
        let (badCode, badLines) = try run(["check", broken])
        #expect(badCode == 1)
        #expect(
            badLines.contains {
                $0.hasSuffix(":6: warning: \"title:\" has no English text (add \"title.en:\")")
            })
        #expect(badLines.contains { $0.hasSuffix(":1: error: the questionnaire has no question") })
    }

    @Test("check warns about a question too long for one Zalo message")
    func longMessage() throws {
        let long = String(repeating: "Câu hỏi rất dài. ", count: 130)
        let file = try write(
            "questionnaire: l\nversion: 1\ntitle: L\ntitle.en: L\n[section s]\ntitle: S\ntitle.en: S\n"
                + "[question q]\nkind: text\ntext: \(long)\ntext.en: short\n")
        let (code, lines) = try run(["check", file])
        #expect(code == 0)
        #expect(lines.contains { $0.contains("question q renders to") && $0.contains("in vi") })
    }

    @Test("usage mistakes exit 64 and name the problem")
    func usage() throws {
        #expect(try run(["frobnicate"]).0 == 64)
        #expect(try run(["check"]).0 == 64)
        #expect(try run(["serve", "--db"]).0 == 64)
        #expect(try run(["graph", "a", "b"]).0 == 64)
        #expect(try run(["chat", "--colour", "red"]).0 == 64)
    }

    @Test("graph draws every question and the conditions on the arrows")
    func graph() throws {
        let mini = GoldenHarness.directory.appendingPathComponent("Fixtures/mini.txt").path
        let (code, lines) = try run(["graph", mini])
        #expect(code == 0)
        #expect(lines.first == "flowchart TD")
        #expect(lines.contains { $0.contains("-->|\"when vi-pham is yes\"|") })
        let (dotCode, dotLines) = try run(["graph", "--format", "dot", mini])
        #expect(dotCode == 0)
        #expect(dotLines.first?.hasPrefix("digraph") == true)
        // SVG needs Graphviz: drawn when `dot` is installed, a clear refusal (exit 1) when it is not.
        let hasDot = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")
        let (svgCode, svgLines) = try run(["graph", "--format", "svg", mini])
        #expect(svgCode == (hasDot ? 0 : 1))
        #expect(svgLines.contains { $0.contains("<svg") } == hasDot)
    }

    @Test("preview walks a questionnaire to submission and stores nothing")
    func preview() throws {
        let folder = (GoldenHarness.temporaryStore() as NSString).deletingLastPathComponent
        let mini = GoldenHarness.directory.appendingPathComponent("Fixtures/mini.txt").path
        let (code, lines) = try run(["preview", mini], input: "khong\n0\n2\nnop\nxac nhan\n", in: folder)
        #expect(code == 0)
        #expect(lines.contains { $0.contains("Đã nộp. Cảm ơn đồng chí!") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a name with a control character is refused with exit 65, and nothing of that list is stored")
    func controlCharactersInNames() throws {
        let store = GoldenHarness.temporaryStore()
        func tusoi(_ arguments: [String]) throws -> (Int32?, [String]) {
            let process = try BinaryProcess(arguments: arguments + ["--db", store])
            process.closeInput()
            return (process.wait(), process.outputLines)
        }
        #expect(try tusoi(["branch", "add", "cb24", "Chi bộ 24"]).0 == 0)
        #expect(
            try tusoi(["branch", "add", "cb24", "Chi bộ 24 lần nữa"]).0 == 65, "a code taken is bad data")
        #expect(try tusoi(["member", "add", "--branch", "cb24", "--name", "Lê \u{1B}[31mCường"]).0 == 65)
        #expect(try tusoi(["member", "add", "--branch", "cb24", "--name", "   "]).0 == 65)
        let list = try write("name,branch\nTrần Thị Bình,cb24\nĐỗ\tTâm,cb24\n")
        #expect(try tusoi(["member", "import", list]).0 == 65)
        #expect(try tusoi(["member", "add", "--branch", "cb24", "--name", "Nguyễn Văn An"]).0 == 0)
        let (code, lines) = try tusoi(["progress"])
        #expect(code == 0)
        #expect(lines.first == "Đảng viên      Chi bộ  Trạng thái    Đã làm  Ngày làm gần nhất")
        #expect(lines.contains { $0.hasPrefix("Nguyễn Văn An  cb24    chưa bắt đầu       -  -") })
        #expect(!lines.contains { $0.contains("Bình") || $0.contains("Cường") })
        #expect(lines.last == "1 đảng viên: 0 đã nộp, 0 đang sửa theo yêu cầu, 0 đang làm, 1 chưa bắt đầu")
    }
}

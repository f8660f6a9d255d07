import Foundation
import Testing
import TusoiEngine
import TusoiWire

@testable import TusoiServer
@testable import TusoiStore

/// The exports of a branch in every format, compared with golden files: a member who submitted,
/// was returned for revision and resubmitted (with text that tries to break out of each format), a
/// member in progress, and one who has not started.
@Suite("Export golden files")
struct ExportGoldenTests {
    static let hostile =
        "=HYPERLINK(\"http://x\") <script>alert(1)</script>\n# Không phải tiêu đề\n> không phải trích dẫn"

    func branch() throws -> AuthorizationTests.Harness {
        let harness = try AuthorizationTests.Harness()
        for (user, code) in [("u1", "HAAAAAAAA2"), ("u2", "ANAAAAAAA2"), ("u3", "BBBBBBBBB2")] {
            harness.send(user, code)
        }
        for answer in [
            "có", ExportGoldenTests.hostile, "1", "@SUM(A1) vì bận", "2", "bỏ qua", "nộp", "xác nhận",
        ] {
            harness.send("u2", answer)
        }
        harness.send("u1", "/tralai 2 Nêu rõ hơn <b>lý do</b>.")
        for answer in ["sửa 5", "+1 đã học lại", "nộp", "xác nhận"] {
            harness.send("u2", answer)
        }
        harness.send("u3", "không")
        return harness
    }

    @Test("each format of a branch's export", arguments: Exports.Format.allCases)
    func export(format: Exports.Format) throws {
        let harness = try branch()
        var reports = Reports(store: harness.store, catalog: try GoldenHarness.library().catalog)
        let items = try harness.store.progress(branchCode: "cb24")
        let text = try Exports.render(
            items, format: format, campaign: nil, language: .vi, wording: try GoldenHarness.wording(),
            reports: &reports)
        try ExportGoldenTests.compare("export-cb24.\(format.rawValue)", text)
        switch format {
        case .csv:
            // A byte order mark, so that a spreadsheet reads UTF-8; one value a cell, the option's
            // label with its code beside it.
            #expect(text.hasPrefix(CSV.byteOrderMark + "Chi bộ,Họ và tên,Trạng thái,"))
            #expect(!text.contains("\t") && text.contains(",Lười học tập,bieu-hien,lam-bieng\r\n"))
            // No cell may start with a character a spreadsheet takes for a formula.
            let cells = text.split(separator: "\r\n").flatMap { $0.split(separator: ",") }
            #expect(
                cells.allSatisfy { cell in !"=+-@".contains(cell.trimmingCharacters(in: ["\""]).first ?? " ")
                })
        case .html:
            #expect(!text.contains("<script>") && !text.contains("<b>lý do"))
        case .md:
            #expect(!text.contains("\n# Không") && !text.contains("\n> không"))
        default:
            #expect((try? JSONParser.parse(Array(text.utf8))) != nil)
        }
    }

    @Test("--versions: the earlier submission of a review returned for revision, in md, html and json")
    func versions() throws {
        // An rates himself "tốt", is returned, and resubmits "xuất sắc" with a reason.
        let harness = try AuthorizationTests.Harness()
        for (user, text) in [
            ("u1", "HAAAAAAAA2"), ("u2", "ANAAAAAAA2"), ("u2", "không"), ("u2", "0"), ("u2", "2"),
            ("u2", "nộp"),
            ("u2", "xác nhận"), ("u1", "/tralai 2 Nêu rõ lý do."), ("u2", "sửa 3"), ("u2", "1"),
            ("u2", "Vì đã hoàn thành vượt kế hoạch."), ("u2", "nộp"), ("u2", "xác nhận"),
        ] {
            harness.send(user, text)
        }
        var reports = Reports(store: harness.store, catalog: try GoldenHarness.library().catalog)
        let items = try harness.store.progress(branchCode: "cb24").filter { $0.member.id == 2 }
        func render(_ format: Exports.Format, versions: Bool) throws -> String {
            try Exports.render(
                items, format: format, campaign: nil, language: .vi, wording: try GoldenHarness.wording(),
                versions: versions, reports: &reports)
        }
        let markdown = try render(.md, versions: true)
        let parts = markdown.components(separatedBy: "## Bản nộp lần 1, ngày ")
        #expect(parts.count == 2)
        #expect(parts[0].contains("Hoàn thành xuất sắc") && !parts[0].contains("Hoàn thành tốt"))
        #expect(parts[1].contains("Hoàn thành tốt") && !parts[1].contains("Hoàn thành xuất sắc"))
        #expect(markdown.hasPrefix(try render(.md, versions: false)))
        let html = try render(.html, versions: true)
        #expect(
            html.contains("Bản nộp lần 2") && html.contains("sau đó đã sửa và nộp lại (bản mới nhất: lần 2)"))
        #expect(!(try render(.html, versions: false)).contains("sau đó đã sửa"))
        let json = try JSONParser.parse(Array(try render(.json, versions: true).utf8))
        guard case .array(let members) = json, case .array(let versions)? = members.first?["versions"] else {
            Issue.record("no versions in \(json)")
            return
        }
        #expect(versions.count == 1)
        #expect(versions.first?["number"] == .integer(1))
        // CSV has no place for versions: asked for, it is a usage error.
        let process = try BinaryProcess(
            arguments: [
                "export", "--branch", "cb24", "--format", "csv", "--versions", "--db",
                GoldenHarness.temporaryStore(),
            ])
        process.closeInput()
        #expect(process.wait() == 64)
    }

    static func compare(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = GoldenHarness.directory.appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["TUSOI_RECORD"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without TUSOI_RECORD", sourceLocation: sourceLocation)
            return
        }
        // Decoded by hand: `String(contentsOf:encoding:)` drops the CSV's byte order mark.
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}

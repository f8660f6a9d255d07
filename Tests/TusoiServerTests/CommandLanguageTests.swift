import Foundation
import Testing
import TusoiWire

@testable import TusoiEngine
@testable import TusoiServer
@testable import TusoiStore

/// The command line as a Vietnamese secretary reads it (English with `--lang en` or `TUSOI_LANG=en`),
/// the committee's report scoped to one committee, and a CSV export that opens right in a spreadsheet.
@Suite("The command line's language, the report's committee, the CSV export", .serialized)
struct CommandLanguageTests {
    func tusoi(_ arguments: [String], store: String, environment: [String: String] = [:]) throws -> (
        code: Int32?, out: [String], err: String
    ) {
        let process = try BinaryProcess(
            arguments: arguments + ["--db", store],
            environment: ["TUSOI_LANG": ""].merging(environment) { $1 })
        process.closeInput()
        let code = process.wait()
        return (code, process.outputLines, process.errorText)
    }

    /// A store with two committees: cb24 and cb25 under Bồ Đề, xa under Ngọc Lâm; a campaign open for all.
    func twoCommittees() throws -> String {
        let store = GoldenHarness.temporaryStore()
        for (code, name, committee) in [
            ("cb24", "Chi bộ 24", "Đảng ủy phường Bồ Đề"), ("cb25", "Chi bộ 25", "Đảng ủy phường Bồ Đề"),
            ("xa", "Chi bộ Xóm Ao", "Đảng ủy phường Ngọc Lâm"),
        ] {
            #expect(
                try tusoi(["branch", "add", code, name, "--committee", committee], store: store).code == 0)
        }
        for (name, branch, role) in [
            ("Phạm Thu Hà", "cb24", "facilitator"), ("Nguyễn Văn An", "cb24", "member"),
            ("Lê Văn Cường", "cb25", "member"), ("Đinh Thị Xuân", "xa", "member"),
        ] {
            #expect(
                try tusoi(
                    ["member", "add", "--branch", branch, "--name", name, "--role", role], store: store
                ).code
                    == 0)
        }
        let until = CivilDate(vietnamTime: Int64(Date().timeIntervalSince1970) + 20 * 86_400).description
        #expect(
            try tusoi(["campaign", "open", "dot-2026", "Tự kiểm điểm 2026", "--until", until], store: store)
                .code == 0)
        return store
    }

    @Test("progress, member list, campaign list and audit: Vietnamese by default, English on request")
    func language() throws {
        let store = try twoCommittees()
        let progress = try tusoi(["progress", "--branch", "cb24"], store: store)
        #expect(progress.code == 0)
        #expect(progress.out.first == "Đảng viên      Chi bộ  Trạng thái    Đã làm  Ngày làm gần nhất")
        #expect(progress.out.contains { $0.hasPrefix("Nguyễn Văn An  cb24    chưa bắt đầu       -  -") })
        #expect(
            progress.out.last == "2 đảng viên: 0 đã nộp, 0 đang sửa theo yêu cầu, 0 đang làm, 2 chưa bắt đầu")
        for english in [
            try tusoi(["progress", "--branch", "cb24", "--lang", "en"], store: store),
            try tusoi(["progress", "--branch", "cb24"], store: store, environment: ["TUSOI_LANG": "en"]),
        ] {
            #expect(english.out.first == "Member         Branch  Status       Done  Last activity")
            #expect(english.out.contains { $0.hasPrefix("Nguyễn Văn An  cb24    not started     -  -") })
            #expect(english.out.last?.hasPrefix("2 member(s): 0 submitted") == true)
        }
        let roster = try tusoi(["member", "list"], store: store)
        #expect(roster.out.first?.hasPrefix("Chi bộ  Số  Mã số  Họ và tên") == true)
        #expect(
            roster.out.contains {
                $0.contains("Phạm Thu Hà") && $0.contains("bí thư chi bộ") && $0.contains("chưa liên kết")
            })
        let rosterEn = try tusoi(["member", "list", "--lang", "en"], store: store)
        #expect(
            rosterEn.out.contains {
                $0.contains("Phạm Thu Hà") && $0.contains("branch secretary") && $0.contains("not linked")
            })
        let campaigns = try tusoi(["campaign", "list"], store: store)
        #expect(campaigns.out.first?.hasPrefix("Mã        Tình trạng") == true)
        #expect(campaigns.out.contains { $0.hasPrefix("dot-2026  đang mở") })
        #expect(
            try tusoi(["campaign", "list", "--lang", "en"], store: store).out.contains {
                $0.hasPrefix("dot-2026  open")
            })
        let audit = try tusoi(["audit"], store: store)
        #expect(audit.out.first?.hasPrefix("Thời gian") == true)
        #expect(try tusoi(["audit", "--lang", "en"], store: store).out.first?.hasPrefix("When") == true)
        let unknown = try tusoi(["progress", "--branch", "zz"], store: store)
        #expect(unknown.code == 65)
        #expect(unknown.err == "tusoi: lỗi: không có chi bộ mã “zz”\n")
        #expect(try tusoi(["progress", "--lang", "fr"], store: store).code == 64)
    }

    @Test(
        "report: refused without --committee when there are several, each named with its branches; scoped with it"
    )
    func reportScope() throws {
        let store = try twoCommittees()
        let refused = try tusoi(["report"], store: store)
        #expect(refused.code == 64)
        #expect(refused.out.isEmpty)
        #expect(refused.err.contains("--committee"))
        #expect(refused.err.contains("“Đảng ủy phường Bồ Đề” (cb24, cb25)"))
        #expect(refused.err.contains("“Đảng ủy phường Ngọc Lâm” (xa)"))
        let json = try tusoi(
            ["report", "--committee", "Đảng ủy phường Ngọc Lâm", "--format", "json"], store: store)
        #expect(json.code == 0, "\(json.err)")
        let report = try JSONParser.parse(Array(json.out.joined(separator: "\n").utf8))
        #expect(report["committee"] == .string("Đảng ủy phường Ngọc Lâm"))
        #expect(
            report["branches"]
                == .array([.object(["name": .string("Chi bộ Xóm Ao"), "counts": report["totals"]!])]))
        #expect(report["totals"]?["members"] == .integer(1))
        // Without diacritics, as typed on a phone: the same committee; the text report says whose it is.
        let text = try tusoi(["report", "--committee", "dang uy phuong bo de"], store: store)
        #expect(text.code == 0)
        let joined = text.out.joined(separator: "\n")
        #expect(joined.hasPrefix("ĐẢNG ỦY PHƯỜNG BỒ ĐỀ") && joined.contains("Chi bộ 25"))
        #expect(!joined.contains("Xóm Ao") && !joined.contains("Ngọc Lâm"))
        #expect(try tusoi(["report", "--committee", "Đảng ủy xã"], store: store).code == 65)

        // A store of one committee needs no --committee.
        let single = GoldenHarness.temporaryStore()
        #expect(
            try tusoi(
                ["branch", "add", "cb24", "Chi bộ 24", "--committee", "Đảng ủy phường Bồ Đề"], store: single
            ).code == 0)
        #expect(
            try tusoi(["member", "add", "--branch", "cb24", "--name", "Nguyễn Văn An"], store: single).code
                == 0)
        let one = try tusoi(["report", "--format", "json"], store: single)
        #expect(one.code == 0)
        #expect(one.out.joined().contains(#""committee":"Đảng ủy phường Bồ Đề""#))
    }

    @Test(
        "CSV through the binary: a byte order mark, Vietnamese headings (English with --lang en), labels and codes"
    )
    func csvExport() throws {
        let store = GoldenHarness.temporaryStore()
        do {
            let harness = try AuthorizationTests.Harness(path: store)
            for (user, code) in [("u1", "HAAAAAAAA2"), ("u2", "ANAAAAAAA2")] { harness.send(user, code) }
            for answer in [
                "có", "Đi họp muộn, về sớm.", "1", "Chưa đọc kỹ", "2", "bỏ qua", "nộp", "xác nhận",
            ] {
                harness.send("u2", answer)
            }
            harness.store.close()
        }
        let folder = (store as NSString).deletingLastPathComponent
        for language in ["vi", "en"] {
            let path = folder + "/cb24-\(language).csv"
            let run = try tusoi(
                ["export", "--branch", "cb24", "--format", "csv", "--output", path, "--lang", language],
                store: store)
            #expect(run.code == 0, "\(run.err)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            #expect(
                lines.first
                    == (language == "vi"
                        ? "Chi bộ,Họ và tên,Trạng thái,Câu hỏi,Trả lời,Mã câu hỏi,Mã trả lời"
                        : "Branch,Name,Status,Question,Answer,Question ID,Answer code"))
            #expect(!text.contains("\t"))
            if language == "vi" {
                #expect(lines.contains("cb24,Nguyễn Văn An,đã nộp,Đồng chí có vi phạm không?,Có,vi-pham,yes"))
                #expect(
                    lines.contains("cb24,Nguyễn Văn An,đã nộp,Mô tả vi phạm.,\"Đi họp muộn, về sớm.\",mo-ta,")
                )
                #expect(
                    lines.contains(
                        "cb24,Nguyễn Văn An,đã nộp,Tự xếp loại?,Hoàn thành tốt nhiệm vụ,xep-loai,tot"))
            } else {
                #expect(
                    lines.contains {
                        $0.hasPrefix("cb24,Nguyễn Văn An,submitted,") && $0.hasSuffix(",Yes,vi-pham,yes")
                    })
            }
        }
        // For an Excel whose list separator is a semicolon: the same cells, separated by semicolons.
        let path = folder + "/cb24-semicolon.csv"
        let run = try tusoi(
            ["export", "--branch", "cb24", "--format", "csv", "--output", path, "--separator", ";"],
            store: store)
        #expect(run.code == 0)
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            .components(separatedBy: "\r\n")
        #expect(lines.first == "\u{FEFF}Chi bộ;Họ và tên;Trạng thái;Câu hỏi;Trả lời;Mã câu hỏi;Mã trả lời")
        #expect(lines.contains("cb24;Nguyễn Văn An;đã nộp;Mô tả vi phạm.;\"Đi họp muộn, về sớm.\";mo-ta;"))
        #expect(
            try tusoi(["export", "--branch", "cb24", "--format", "csv", "--separator", "|"], store: store)
                .code == 64)
    }

    @Test(
        "a spreadsheet's cell holds one value: a member's name with its code beside it, several choices in one cell"
    )
    func labels() throws {
        let catalog = try GoldenHarness.library().catalog
        let question = Question(
            id: "q", kind: .multiple, text: LocalizedText(vi: "Q", en: "Q"), optional: false,
            options: [
                Option(id: "bh3", label: LocalizedText(vi: "Lười học tập", en: "Lazy")),
                Option(
                    id: "bh5", label: LocalizedText(vi: "Nói không đi đôi với làm", en: "Words, not deeds")),
            ], line: 1)
        #expect(
            Reports.labelAndCode(
                .member(id: "m10", name: "Ngô Thanh Tùng"), question: question, language: .vi,
                catalog: catalog)
                == ("Ngô Thanh Tùng", "m10"))
        #expect(
            Reports.labelAndCode(
                .choices(["bh3", "bh5"]), question: question, language: .vi, catalog: catalog)
                == ("Lười học tập; Nói không đi đôi với làm", "bh3; bh5"))
        #expect(
            Reports.labelAndCode(.yesNo(false), question: question, language: .en, catalog: catalog) == (
                "No", "no"
            ))
        #expect(
            Reports.labelAndCode(.date("2026-12-20"), question: question, language: .vi, catalog: catalog)
                == ("20/12/2026", "2026-12-20"))
    }

    @Test("cli.txt must hold every message, in both languages; tusoi check says which is missing")
    func wordingChecked() throws {
        let path = GoldenHarness.packageRoot.appendingPathComponent("Prompts/cli.txt").path
        let shipped = try String(contentsOfFile: path, encoding: .utf8)
        #expect(CommandWording.parse(shipped, file: "cli.txt").diagnostics.isEmpty)
        let withoutEnglish = shipped.replacingOccurrences(
            of: "\nstatus-submitted.en: submitted\n", with: "\n")
        let missing = shipped.replacingOccurrences(of: "\nstatus-returned: trả lại để sửa\n", with: "\n")
        let (noEnglish, englishProblems) = CommandWording.parse(withoutEnglish, file: "cli.txt")
        #expect(noEnglish == nil)
        #expect(
            englishProblems.map(\.message) == [
                "\"status-submitted:\" has no English text (add \"status-submitted.en:\")"
            ])
        let (none, problems) = CommandWording.parse(missing, file: "cli.txt")
        #expect(none == nil)
        #expect(problems.map(\.message) == ["the message \"status-returned:\" is missing"])
        // The command line still speaks when --prompts names a folder of questionnaires only.
        let store = GoldenHarness.temporaryStore()
        let fixtures = GoldenHarness.directory.appendingPathComponent("Fixtures").path
        let run = try tusoi(
            ["branch", "add", "cb24", "Chi bộ 24"], store: store, environment: ["TUSOI_PROMPTS": fixtures])
        #expect(run.code == 0)
        #expect(run.out == ["Đã thêm chi bộ cb24: Chi bộ 24."])
    }

    @Test("tusoi help and a mistake's usage in Vietnamese, English on request; both list the same commands")
    func usage() throws {
        let store = GoldenHarness.temporaryStore()
        let help = try tusoi(["help"], store: store)
        #expect(help.out.first == "tusoi: trợ lý tự kiểm điểm “Tự soi, tự sửa”")
        #expect(
            try tusoi(["help", "--lang", "en"], store: store).out.first?.hasPrefix("tusoi: a chat bot")
                == true)
        let report = try tusoi(["report", "--help"], store: store)
        #expect(report.code == 0)
        #expect(report.out.first == "Cách dùng:")
        #expect(report.out.contains { $0.hasPrefix("  tusoi report [--committee \"TÊN ĐẢNG ỦY\"]") })
        let mistake = try tusoi(["progress", "--frob"], store: store)
        #expect(mistake.code == 64)
        // A mistake shows the usage of that command, not of every command.
        #expect(
            mistake.err.hasPrefix("tusoi: lỗi: thừa “--frob”\n\nCách dùng:\n  tusoi progress [--branch MÃ]"))
        #expect(!mistake.err.contains("tusoi serve"))
        let english = try tusoi(["progress", "--frob", "--lang", "en"], store: store)
        #expect(
            english.err.hasPrefix(
                "tusoi: error: unexpected “--frob”\n\nUsage:\n  tusoi progress [--branch CODE]"))
        // `--lang` before the command too; a misspelt command gets the nearest one and where the list is.
        let before = try tusoi(["--lang", "en", "progress", "--frob"], store: store)
        #expect(before.code == 64)
        #expect(before.err.hasPrefix("tusoi: error: unexpected “--frob”"))
        let typo = try tusoi(["progess"], store: store)
        #expect(typo.code == 64)
        #expect(
            typo.err
                == "tusoi: lỗi: không có lệnh “progess”\n\ncó phải đồng chí muốn gõ “tusoi progress”?\n"
                + "“tusoi help” liệt kê mọi lệnh; “tusoi LỆNH --help” nói cách dùng một lệnh.\n")
        let unknown = try tusoi(["--lang", "en", "xyz"], store: store)
        #expect(unknown.err.contains("unknown command “xyz”") && !unknown.err.contains("did you mean"))
        // The two usages name the same commands, so that neither language misses one.
        let wording = try GoldenHarness.wording()
        func commands(_ language: Language) -> [String] {
            Console(language: language, wording: wording).block(.usage).split(separator: "\n")
                .filter { $0.hasPrefix("  tusoi ") }.map {
                    $0.split(separator: " ").prefix(2).joined(separator: " ")
                }
        }
        #expect(commands(.vi) == commands(.en))
        #expect(commands(.vi).contains("tusoi conclude"))
    }
}

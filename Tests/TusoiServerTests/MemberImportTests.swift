import Foundation
import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// `tusoi member import`: RFC 4180 files as spreadsheets save them, and a roster that never gets the
/// same person twice unless told.
@Suite("Member import", .serialized)
struct MemberImportTests {
    @Test(
        "RFC 4180: a byte order mark, CRLF, quoted commas, doubled quotes, line breaks inside quotes",
        arguments: [
            (
                "\u{FEFF}name,branch,unit\r\n\"Lê Văn A\",cb24,\"Tổ dân phố 5, phường Ngọc Lâm\"\r\n",
                [
                    CSV.Record(line: 1, fields: ["name", "branch", "unit"]),
                    CSV.Record(line: 2, fields: ["Lê Văn A", "cb24", "Tổ dân phố 5, phường Ngọc Lâm"]),
                ]
            ),
            (
                "\"Nói \"\"thật\"\"\",x\n,\n",
                [CSV.Record(line: 1, fields: ["Nói \"thật\"", "x"]), CSV.Record(line: 2, fields: ["", ""])]
            ),
            (
                "a,\"b\r\nc\"\n\nd,e",
                [CSV.Record(line: 1, fields: ["a", "b\r\nc"]), CSV.Record(line: 4, fields: ["d", "e"])]
            ),
            ("\"\",\"\"\r", [CSV.Record(line: 1, fields: ["", ""])]),
            // Saved by an Excel whose list separator is a semicolon (regional settings with a decimal
            // comma), or as tab-separated text: a comma inside a field needs no quotes then.
            (
                "name;branch;unit\r\nLê Văn A;cb24;Tổ dân phố 5, phường Ngọc Lâm\r\n\"Trần; B\";cb24;\r\n",
                [
                    CSV.Record(line: 1, fields: ["name", "branch", "unit"]),
                    CSV.Record(line: 2, fields: ["Lê Văn A", "cb24", "Tổ dân phố 5, phường Ngọc Lâm"]),
                    CSV.Record(line: 3, fields: ["Trần; B", "cb24", ""]),
                ]
            ),
            (
                "name\tbranch\nA, B\tcb24\n",
                [
                    CSV.Record(line: 1, fields: ["name", "branch"]),
                    CSV.Record(line: 2, fields: ["A, B", "cb24"]),
                ]
            ),
        ])
    func reads(text: String, expected: [CSV.Record]) throws {
        #expect(try CSV.parse(text).get() == expected)
    }

    @Test("a quote left open or text after a closing quote is refused with its line")
    func malformed() {
        #expect(
            CSV.parse("a,b\nc,\"d\ne\n") == .failure(CSV.ParseError(line: 2, problem: .unterminatedQuote)))
        #expect(CSV.parse("a\n\"b\"c,d\n") == .failure(CSV.ParseError(line: 2, problem: .textAfterQuote)))
    }

    @Test(
        "rows: a header in either language, roles as secretaries write them, dates, a line break made a space"
    )
    func rows() throws {
        let rows = try MemberImport.parse(
            "Họ và tên,Chi bộ,Vai trò,Điện thoại,Email,Ngày sinh,Đơn vị\n"
                + "An,cb24,bí thư,,,15/03/1978,\"Tổ dân phố 5,\nphường Ngọc Lâm\"\nBình,cb24\n",
            file: "m.csv"
        ).get()
        #expect(rows.map(\.name) == ["An", "Bình"])
        #expect(rows.map(\.role) == [.facilitator, .member])
        #expect(rows.map(\.line) == [2, 4])
        #expect(rows[0].birthDate == "1978-03-15")
        #expect(rows[0].unit == "Tổ dân phố 5, phường Ngọc Lâm")
        guard case .failure(let problem) = MemberImport.parse("An,cb24,chief\n", file: "m.csv") else {
            Issue.record("a bad role must fail")
            return
        }
        let english = Console(language: .en, wording: try GoldenHarness.wording())
        #expect(problem.message(english) == "m.csv:1: role “chief” is not member, facilitator or committee")
        let vietnamese = Console(language: .vi, wording: try GoldenHarness.wording())
        #expect(problem.message(vietnamese).hasPrefix("m.csv:1: vai trò “chief” không phải"))
    }

    @Test("duplicates: on the roster already or earlier in the list; another birth date is another person")
    func duplicates() throws {
        let existing = [
            MemberRecord(
                id: 12, branchID: 1, branchCode: "cb24", branchName: "Chi bộ 24", committee: "",
                name: "Nguyễn Văn An",
                role: .member, revoked: false, birthDate: "1978-03-15")
        ]
        let rows = try MemberImport.parse(
            "nguyễn  văn an,cb24,,,,1978-03-15\nNguyễn Văn An,cb24,,,,1990-01-01\nTrần Thị Bình,cb24\n"
                + "Trần Thị Bình,cb24\nNguyễn Văn An,cb25\n",
            file: "m.csv"
        ).get()
        let found = MemberImport.duplicates(rows, existing: existing, file: "m.csv")
        let say = Console(language: .vi, wording: try GoldenHarness.wording())
        #expect(
            found.map { $0.message(say) } == [
                "m.csv:1: nguyễn  văn an (cb24, 15/03/1978) đã có trong danh sách, mã số 12",
                "m.csv:4: Trần Thị Bình (cb24) trùng với dòng 3",
            ])
    }

    func tusoi(_ arguments: [String], store: String) throws -> (code: Int32?, out: String, err: String) {
        let process = try BinaryProcess(arguments: arguments + ["--db", store])
        process.closeInput()
        let code = process.wait()
        return (code, process.outputLines.joined(separator: "\n"), process.errorText)
    }

    func names(_ store: String) throws -> [String] {
        let opened = try SessionStore(path: store)
        defer { opened.close() }
        return try opened.members(branchCode: nil).map(\.name)
    }

    @Test(
        "through the binary: a spreadsheet's file, then the same file again, new rows, a list with a repeat")
    func importTwice() throws {
        let store = GoldenHarness.temporaryStore()
        let folder = (store as NSString).deletingLastPathComponent
        #expect(try tusoi(["branch", "add", "cb24", "Chi bộ 24"], store: store).code == 0)
        let file = folder + "/members.csv"
        let text =
            "\u{FEFF}name,branch,role,phone,email,born,unit\r\n"
            + "\"Lê Thị Hoa\",cb24,bí thư,,,1975-02-01,\"Tổ dân phố 5, phường Ngọc Lâm\"\r\n"
            + "\"Ngô \"\"Út\"\" Tùng\",cb24,member,,,,\"Hưu trí,\r\nTổ 7\"\r\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try tusoi(["member", "import", file], store: store)
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out == "Đã thêm 2 đảng viên.")
        let opened = try SessionStore(path: store)
        let members = try opened.members(branchCode: nil)
        opened.close()
        #expect(members.map(\.name) == ["Lê Thị Hoa", "Ngô \"Út\" Tùng"])
        #expect(members.map(\.unit) == ["Tổ dân phố 5, phường Ngọc Lâm", "Hưu trí, Tổ 7"])
        #expect(members.map(\.role) == [.facilitator, .member])

        // The same file again: refused, each duplicate named with its line, nothing stored.
        let again = try tusoi(["member", "import", file], store: store)
        #expect(again.code == 65)
        #expect(
            again.err.contains("members.csv:2: Lê Thị Hoa (cb24, 01/02/1975) đã có trong danh sách, mã số 1"))
        #expect(again.err.contains("members.csv:3: Ngô \"Út\" Tùng (cb24) đã có trong danh sách, mã số 2"))
        #expect(try names(store).count == 2)

        // New rows added to the same list: --skip-existing adds only them.
        try (text + "Phan Văn Khải,cb24\r\n").write(toFile: file, atomically: true, encoding: .utf8)
        let skipped = try tusoi(["member", "import", file, "--skip-existing"], store: store)
        #expect(skipped.code == 0)
        #expect(skipped.err.contains("bỏ qua 2 người đã có trong danh sách"))
        #expect(try names(store) == ["Lê Thị Hoa", "Ngô \"Út\" Tùng", "Phan Văn Khải"])

        // Twice in one list: refused naming both lines, in English on request.
        try "name,branch\nĐỗ Văn Nam,cb24\nĐỗ Văn Nam,cb24\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let twice = try tusoi(["member", "import", file, "--lang", "en"], store: store)
        #expect(twice.code == 65)
        #expect(twice.err.contains("members.csv:3: Đỗ Văn Nam (cb24) repeats line 2"))
        #expect(try names(store).count == 3)
        // Two people who share a name: added when told.
        #expect(try tusoi(["member", "import", file, "--allow-duplicates"], store: store).code == 0)
        #expect(try names(store).count == 5)
        // member add refuses the same person too.
        let add = try tusoi(["member", "add", "--branch", "cb24", "--name", "Phan Văn Khải"], store: store)
        #expect(add.code == 65)
        #expect(try names(store).count == 5)
        let missing = try tusoi(["member", "import", folder + "/none.csv"], store: store)
        #expect(missing.code == 66)
        #expect(missing.err.contains("không có tệp") && !missing.err.contains("UTF-8"), "\(missing.err)")
        // Saved in a legacy code page rather than UTF-8 (“á” as the single byte E1): refused with the way out.
        try Data(Array("name,branch\nTr".utf8) + [0xE1] + Array("n,cb24\n".utf8)).write(
            to: URL(fileURLWithPath: file))
        let legacy = try tusoi(["member", "import", file], store: store)
        #expect(legacy.code == 65)
        #expect(legacy.err.contains("CSV UTF-8"))
    }
}

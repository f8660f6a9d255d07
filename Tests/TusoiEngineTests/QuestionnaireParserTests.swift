import Testing

@testable import TusoiEngine

@Suite("Reading questionnaire files, and every error with its line")
struct QuestionnaireParserTests {
    static let header = """
        questionnaire: t
        version: 1
        title: T
        title.en: T
        document D: Tài liệu
        document D.en: Document

        [section s]
        title: S
        title.en: S

        """

    func messages(_ body: String) -> [String] {
        QuestionnaireParser.parse(Self.header + body, file: "t.txt").diagnostics.map(\.description)
    }

    @Test("the shipped questionnaire and wording load with no error and no warning")
    func shippedFiles() {
        let result = QuestionnaireParser.parse(
            Fixtures.read("Prompts/tu-soi-tu-sua.txt"), file: "tu-soi-tu-sua.txt")
        #expect(result.questionnaire != nil)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(Catalog.parse(Fixtures.read("Prompts/bot.txt"), file: "bot.txt").diagnostics.isEmpty)
    }

    @Test("a group's when: holds for every round: no round at all when it does not hold")
    func groupCondition() throws {
        let body = [
            "[question co]", "kind: yes/no", "text: Góp ý?", "text.en: Feedback?",
            "[group g]", "when: co is yes", "title: G", "title.en: G", "more: Thêm?", "more.en: More?",
            "[question ai]", "kind: text", "text: Ai?", "text.en: Who?",
            "[question gi]", "kind: text", "when: co answered", "text: Gì?", "text.en: What?",
            "[end group]", "",
        ].joined(separator: "\n")
        let questionnaire = try QuestionnaireParser.load(Self.header + body, file: "t.txt")
        let no = questionnaire.steps(given: ["co": .yesNo(false)]).map(\.key)
        #expect(no == ["co"])
        let yes = questionnaire.steps(given: ["co": .yesNo(true), "g#1": .yesNo(true)]).map(\.key)
        #expect(yes == ["co", "ai#1", "gi#1", "g#1", "ai#2", "gi#2", "g#2"])
    }

    @Test(
        "a file saved on Windows (CRLF, a byte-order mark) reads as the same questionnaire, with the same lines"
    )
    func windowsLineEnds() throws {
        let text = Fixtures.read("Prompts/kiem-diem-2c.txt")
        let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
        let plain = try QuestionnaireParser.load(text, file: "2c.txt")
        let saved = try QuestionnaireParser.load(windows, file: "2c.txt")
        #expect(saved.questions.map(\.id) == plain.questions.map(\.id))
        #expect(saved.questions.map(\.text) == plain.questions.map(\.text))
        #expect(saved.questions.count > 10)
        let broken =
            "\u{FEFF}"
            + (Self.header + "[question q]\nkind: text\ntext Ai?\n").replacingOccurrences(
                of: "\n", with: "\r\n")
        #expect(
            QuestionnaireParser.parse(broken, file: "t.txt").diagnostics.map(\.description).contains {
                $0.hasPrefix("t.txt:13: error: expected \"key: value\"")
            })
    }

    @Test(
        "a character that a mark extends is not a comment sign, a separator or an indent: “#️⃣” continues a text"
    )
    func extendedCharacters() throws {
        let body = "[question q]\nkind: text\ntext: Các bước\n  #️⃣ Bước 1\n  # ghi chú\ntext.en: Steps\n"
        let questionnaire = try QuestionnaireParser.load(Self.header + body, file: "t.txt")
        #expect(questionnaire.question("q")?.text.vi == "Các bước\n#️⃣ Bước 1")
    }

    @Test("a valid question with a multi-line text")
    func continuation() throws {
        let body = "[question q]\nkind: text\ntext: Dòng một\n  dòng hai\ntext.en: One\n"
        let questionnaire = try QuestionnaireParser.load(Self.header + body, file: "t.txt")
        #expect(questionnaire.question("q")?.text.vi == "Dòng một\ndòng hai")
    }

    @Test(
        "each error names its line and says what is wrong",
        arguments: [
            (
                "[question q]\nkind: text\ntext: A\ntext.en: A\ncolour: red\n",
                "t.txt:15: error: unknown key \"colour:\""
            ),
            (
                "[question q]\nkind: text\ntext: A\ntext: B\ntext.en: A\n",
                "t.txt:14: error: \"text:\" is given twice"
            ),
            ("[question Q!]\nkind: text\ntext: A\ntext.en: A\n", "t.txt:11: error: \"Q!\" is not a valid ID"),
            ("[question q]\nkind: essay\ntext: A\ntext.en: A\n", "t.txt:12: error: unknown kind \"essay\""),
            ("[question q]\ntext: A\ntext.en: A\n", "t.txt:11: error: question q needs \"kind:\""),
            (
                "[question q]\nkind: single\ntext: A\ntext.en: A\n",
                "t.txt:11: error: question q is single but has no"
            ),
            ("[question q]\nkind: text\nwhen: x is yes\ntext: A\ntext.en: A\n", "unknown question \"x\""),
            (
                "[question q]\nkind: text\nwhen: r is yes\ntext: A\ntext.en: A\n[question r]\nkind: yes/no\ntext: B\ntext.en: B\n",
                "which is not asked before this question"
            ),
            (
                "[question r]\nkind: yes/no\ntext: B\ntext.en: B\n[question q]\nkind: text\nwhen: r has x\ntext: A\ntext.en: A\n",
                "the condition does not fit question r, which is yes/no"
            ),
            (
                "[question q]\nkind: text\nwhen: q is\ntext: A\ntext.en: A\n",
                "condition \"q is\": the condition ends too early"
            ),
            (
                "[question q]\nkind: text\nfor each: q\ntext: A\ntext.en: A\n",
                "\"for each: q\" needs a multiple-choice question"
            ),
            ("[question q]\nkind: text\ntext: A\n", "t.txt:13: warning: \"text:\" has no English text"),
            (
                "[question q]\nkind: text\ntext: A\ntext.en: A\ncite: X 1\n",
                "warning: citation \"X 1\" does not start"
            ),
            ("[question q]\n  stray\n", "t.txt:12: error: an indented line continues a value"),
            (
                "[question q]\nkind: text\ntext: A\ntext.en: A\n[question q]\nkind: text\ntext: B\ntext.en: B\n",
                "question ID \"q\" is already used on line 11"
            ),
            ("[chapter c]\n", "t.txt:11: error: unknown block [chapter …]"),
            ("just words\n", "t.txt:11: error: expected \"key: value\""),
            (
                "[question n]\nkind: number\nmin: 9\nmax: 3\ntext: A\ntext.en: A\n",
                "t.txt:13: error: min: is larger than max:"
            ),
            (
                "[question t]\nkind: text\nmin: 1\ntext: A\ntext.en: A\n",
                "min: and max: are only for number questions"
            ),
            ("[value v]\nsum: nothing\n", "value v adds an unknown question \"nothing\""),
            ("[value a]\nsum: b\n[value b]\nsum: a\n", "value a is part of a circle of sums"),
            (
                "[question t]\nkind: text\ntext: A\ntext.en: A\n[value v]\nbands of: t\nband 1: X\nband 1.en: X\n",
                "value v reads \"t\", which is not a number or a sum"
            ),
            ("[value v]\nmean: x\n", "value v needs \"sum: QUESTION, QUESTION…\" or \"bands of: VALUE\""),
            ("[end group]\n", "t.txt:11: error: [end group] without a [group ID] above it"),
            (
                "[group g]\ntitle: G\ntitle.en: G\nmore: M?\nmore.en: M?\n[question q]\nkind: text\ntext: A\ntext.en: A\n",
                "the last group has no [end group]"
            ),
            (
                "[group g]\ntitle: G\ntitle.en: G\nmore: M?\nmore.en: M?\n[question q]\nkind: yes/no\ntext: A\n"
                    + "text.en: A\n[end group]\n[question r]\nkind: text\nwhen: q is yes\ntext: B\ntext.en: B\n",
                "a condition cannot read q, which is inside a repeatable group"
            ),
            (
                "[question n]\nkind: number\ntext: A\ntext.en: A\n[question r]\nkind: text\nwhen: n >= 5 and n < 3\n"
                    + "text: B\ntext.en: B\n",
                "warning: question r is never asked: its condition can never hold"
            ),
            (
                "[question y]\nkind: yes/no\ntext: A\ntext.en: A\n[question r]\nkind: text\nwhen: y is yes and y is no\n"
                    + "text: B\ntext.en: B\n",
                "warning: question r is never asked"
            ),
            (
                "[question y]\nkind: yes/no\ntext: A\ntext.en: A\n[question r]\nkind: text\nwhen: y >= 3\n"
                    + "text: B\ntext.en: B\n",
                "only numbers can be compared, and y is yes/no"
            ),
        ])
    func errors(body: String, expected: String) {
        let found = messages(body)
        #expect(found.contains { $0.contains(expected) }, "expected \(expected) in \(found)")
    }

    @Test("a file without its header is refused")
    func noHeader() {
        let result = QuestionnaireParser.parse("[section s]\ntitle: S\ntitle.en: S\n", file: "x.txt")
        #expect(result.questionnaire == nil)
        #expect(
            result.diagnostics.map(\.description).contains(
                "x.txt:1: error: the file must start with \"questionnaire: ID\""))
    }
}

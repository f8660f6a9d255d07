import TusoiEngine

/// A member's self-review laid out like the paper form of the annual self-review, as a printable HTML page.
///
/// Everything is given as already-formatted strings (names, the place-and-date line, the status), so
/// rendering reads no clock and no locale. A field that is missing (nil or blank) is printed as a
/// dotted line to be filled in by hand, as on paper.
public struct PaperForm: Sendable, Equatable {
    /// One question and the member's answer; the answer may span several lines.
    public struct Item: Sendable, Equatable {
        public var question: String
        public var answer: String

        public init(question: String, answer: String) {
            self.question = question
            self.answer = answer
        }
    }

    /// A section of the form: a title and its items, in order.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var items: [Item]
        /// The part of the form the section belongs to ("A. NỘI DUNG KIỂM ĐIỂM"), printed once above
        /// its first section; nil when the questionnaire gives none.
        public var part: String?

        public init(title: String, items: [Item], part: String? = nil) {
            self.title = title
            self.items = items
            self.part = part
        }
    }

    /// An earlier event of this self-review: a version submitted, or a return with its comment.
    public struct HistoryEntry: Sendable, Equatable {
        public var label: String
        public var at: String
        public var comment: String?

        public init(label: String, at: String, comment: String? = nil) {
            self.label = label
            self.at = at
            self.comment = comment
        }
    }

    /// The committee above the branch, e.g. "Đảng ủy phường Bồ Đề" (printed as "ĐẢNG BỘ PHƯỜNG BỒ ĐỀ").
    public var committee: String
    /// The branch, e.g. "Chi bộ 24".
    public var branch: String
    public var memberName: String
    public var dateOfBirth: String?
    /// Unit or workplace (đơn vị công tác).
    public var workplace: String?
    /// Role in the party (chức vụ), e.g. "Đảng viên", "Bí thư chi bộ".
    public var partyRole: String?
    public var campaignTitle: String
    /// The form's title; blank for the default "BẢN TỰ KIỂM ĐIỂM".
    public var questionnaireTitle: String
    public var questionnaireVersion: String
    /// Already formatted, e.g. "Hà Nội, ngày 26 tháng 11 năm 2026".
    public var placeAndDate: String
    /// E.g. "Bản nộp lần 2".
    public var status: String
    public var sections: [Section]
    /// Earlier versions and returns, oldest first; empty for none.
    public var history: [HistoryEntry]
    /// What the branch concluded after its meeting, and the member's answer; nil before.
    public var branchView: BranchView?

    public struct BranchView: Sendable, Equatable {
        public var comment: String
        public var rating: String?
        /// "Tiếp thu", or what the member added to the plan; nil while not answered.
        public var answer: String?
    }

    public init(
        committee: String, branch: String, memberName: String, dateOfBirth: String? = nil,
        workplace: String? = nil, partyRole: String? = nil, campaignTitle: String, questionnaireTitle: String,
        questionnaireVersion: String, placeAndDate: String, status: String, sections: [Section],
        history: [HistoryEntry] = [], branchView: BranchView? = nil
    ) {
        self.branchView = branchView
        self.committee = committee
        self.branch = branch
        self.memberName = memberName
        self.dateOfBirth = dateOfBirth
        self.workplace = workplace
        self.partyRole = partyRole
        self.campaignTitle = campaignTitle
        self.questionnaireTitle = questionnaireTitle
        self.questionnaireVersion = questionnaireVersion
        self.placeAndDate = placeAndDate
        self.status = status
        self.sections = sections
        self.history = history
    }

    /// The form as a complete standalone HTML5 page for A4: inline CSS, serif font, no script, no
    /// external resource. Labels are in `language`; the member's text is printed as written, escaped.
    public func html(language: ReportLanguage, catalog: Catalog) -> String {
        let words = Words(language, catalog)
        let documentTitle = [words.documentTitle, Self.present(memberName)].compactMap { $0 }
        return HTML.document(
            language: language, title: documentTitle.joined(separator: " – "), style: Self.style,
            body: fragments(language: language, catalog: catalog))
    }

    /// Several forms in one printable page, each starting on a new sheet (a branch for its meeting).
    public static func htmlBook(_ forms: [PaperForm], language: ReportLanguage, catalog: Catalog) -> String {
        if forms.count == 1 { return forms[0].html(language: language, catalog: catalog) }
        let words = Words(language, catalog)
        return HTML.document(
            language: language, title: words.documentTitle, style: style,
            body: forms.map {
                .element(
                    "section", [HTML.Attribute("class", "form")],
                    $0.fragments(language: language, catalog: catalog))
            })
    }

    /// The body of the form, without the page around it.
    func fragments(language: ReportLanguage, catalog: Catalog) -> [HTML.Fragment] {
        let words = Words(language, catalog)
        let title = Self.present(questionnaireTitle)?.uppercased() ?? words.defaultTitle
        var body: [HTML.Fragment] = [
            .element(
                "header", [HTML.Attribute("class", "top")],
                [
                    .element(
                        "div", [HTML.Attribute("class", "org")],
                        [
                            line(Self.superiorOrganisation(committee)),
                            line(branch.uppercased(), "strong"), line("*"),
                        ]),
                    .element(
                        "div", [HTML.Attribute("class", "nation")],
                        [line(words.party, "strong underline"), line(placeAndDate, "place")]),
                ]),
            .element("h1", text: title),
        ]
        if let campaign = Self.present(campaignTitle) { body.append(paragraph(campaign, "campaign")) }
        body.append(paragraph(metaLine(words), "meta"))
        body.append(
            .element(
                "div", [HTML.Attribute("class", "fields")],
                [
                    field(words.name, memberName), field(words.dateOfBirth, dateOfBirth),
                    field(words.role, partyRole), field(words.workplace, workplace),
                    field(words.branch, branch),
                ]))
        var part: String?
        for (index, section) in sections.enumerated() {
            if let next = Self.present(section.part), next != part {
                part = next
                body.append(.element("h2", [HTML.Attribute("class", "part")], text: next))
            }
            body.append(self.section(section, number: index + 1))
        }
        body.append(
            .element(
                "div", [HTML.Attribute("class", "signature")],
                [
                    line(words.signer, "strong"), line(words.signHint, "hint"), line("", "space"),
                    Self.present(memberName).map { line($0, "strong") } ?? blank(),
                ]))
        body.append(branchBlock(words))
        if !history.isEmpty { body.append(historyTable(words)) }
        return body
    }

    // MARK: - Pieces

    private func metaLine(_ words: Words) -> String {
        var parts: [String] = []
        if let questionnaire = Self.present(questionnaireTitle) {
            let version = Self.present(questionnaireVersion).map { ", \(words.version) \($0)" } ?? ""
            parts.append("\(words.questionnaire): \(questionnaire)\(version)")
        } else if let version = Self.present(questionnaireVersion) {
            parts.append("\(words.version) \(version)")
        }
        if let status = Self.present(status) { parts.append(status) }
        return parts.joined(separator: " · ")
    }

    private func field(_ label: String, _ value: String?) -> HTML.Fragment {
        .element(
            "p", [HTML.Attribute("class", "field")],
            [
                .element("span", [HTML.Attribute("class", "label")], text: label + ": "),
                Self.present(value).map { .element("span", [HTML.Attribute("class", "value")], text: $0) }
                    ?? blank(),
            ])
    }

    private func section(_ section: Section, number: Int) -> HTML.Fragment {
        var children: [HTML.Fragment] = [.element("h2", text: Self.heading(section.title, number: number))]
        for (index, item) in section.items.enumerated() {
            let lines = item.answer.split(whereSeparator: \.isNewline).map(String.init).compactMap(
                Self.present)
            let answer: [HTML.Fragment] =
                lines.isEmpty
                ? [
                    .element("p", [HTML.Attribute("class", "fill")], [blank()]),
                    .element("p", [HTML.Attribute("class", "fill")], [blank()]),
                ]
                : lines.map { .element("p", text: $0) }
            children.append(
                .element(
                    "div", [HTML.Attribute("class", "item")],
                    [
                        .element("h3", text: "\(index + 1). \(item.question)"),
                        .element("div", [HTML.Attribute("class", "answer")], answer),
                    ]))
        }
        return .element("section", children)
    }

    /// The branch's view, as the paper form has it after the member's signature: printed when the
    /// secretary recorded it (/ketluan), else left blank to be filled in by hand.
    private func branchBlock(_ words: Words) -> HTML.Fragment {
        var lines: [HTML.Fragment] = [.element("h2", text: words.branchView)]
        if let view = branchView {
            lines.append(paragraph(view.comment, "answer"))
            if let rating = view.rating { lines.append(shortField(words.branchRating, rating)) }
            lines.append(shortField(words.memberAnswer, view.answer))
        } else {
            let fill = HTML.Fragment.element("p", [HTML.Attribute("class", "fill")], [blank()])
            lines += [fill, fill, shortField(words.branchRating, nil)]
        }
        lines.append(shortField(words.approvedRating, nil))
        lines.append(
            .element(
                "div", [HTML.Attribute("class", "signature")],
                [line(words.branchSigner, "strong"), line(words.signHint, "hint"), line("", "space")]))
        return .element("section", [HTML.Attribute("class", "branch-view")], lines)
    }

    /// A field whose dotted line fits after a long label on one line.
    private func shortField(_ label: String, _ value: String?) -> HTML.Fragment {
        .element(
            "p", [HTML.Attribute("class", "field")],
            [
                .element("span", [HTML.Attribute("class", "label")], text: label + ": "),
                Self.present(value).map { .element("span", [HTML.Attribute("class", "value")], text: $0) }
                    ?? .element(
                        "span", [HTML.Attribute("class", "blank")], text: String(repeating: ".", count: 30)),
            ])
    }

    private func historyTable(_ words: Words) -> HTML.Fragment {
        let header = HTML.Fragment.element(
            "tr",
            [
                .element("th", text: words.event), .element("th", text: words.when),
                .element("th", text: words.comment),
            ])
        let rows = history.map { entry in
            HTML.Fragment.element(
                "tr",
                [
                    .element("td", text: entry.label), .element("td", text: entry.at),
                    .element("td", text: entry.comment ?? ""),
                ])
        }
        return .element(
            "section", [HTML.Attribute("class", "history")],
            [.element("h2", text: words.history), .element("table", [.element("tbody", [header] + rows)])])
    }

    private func line(_ text: String, _ classes: String? = nil) -> HTML.Fragment {
        .element("div", classes.map { [HTML.Attribute("class", $0)] } ?? [], text: text)
    }

    private func paragraph(_ text: String, _ classes: String) -> HTML.Fragment {
        .element("p", [HTML.Attribute("class", classes)], text: text)
    }

    /// The dotted line of a field left blank, to be filled in by hand.
    private func blank() -> HTML.Fragment {
        .element("span", [HTML.Attribute("class", "blank")], text: String(repeating: ".", count: 60))
    }

    /// The text, trimmed, or nil when there is nothing to print.
    static func present(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// The left heading names the party organisation (đảng bộ) the committee (đảng ủy) leads:
    /// "Đảng ủy phường Bồ Đề" is printed "ĐẢNG BỘ PHƯỜNG BỒ ĐỀ"; any other name is printed as given.
    /// The place a committee's documents are dated from: "Đảng ủy phường Bồ Đề" → "Bồ Đề".
    static func place(of committee: String) -> String {
        var words = (present(committee) ?? "").split(separator: " ").map(String.init)
        let party = ["đảng", "ủy", "uỷ", "bộ"]
        while let first = words.first, party.contains(first.lowercased()) { words.removeFirst() }
        // One administrative unit word ("phường", "thành phố"…), never more: "phường Thành Công"
        // is Thành Công.
        let pair = words.prefix(2).joined(separator: " ").lowercased()
        if ["thành phố", "thị xã", "thị trấn"].contains(pair) {
            words.removeFirst(2)
        } else if let first = words.first,
            ["phường", "xã", "quận", "huyện", "tỉnh"].contains(first.lowercased())
        {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    static func superiorOrganisation(_ committee: String) -> String {
        let name = present(committee) ?? ""
        let lower = name.lowercased()
        for prefix in ["đảng ủy", "đảng uỷ"] where lower.starts(with: prefix) {
            return "ĐẢNG BỘ" + String(name.dropFirst(prefix.count)).uppercased()
        }
        return name.uppercased()
    }

    /// A section's heading as printed: its own numbering when the title carries one ("A.I. Ưu điểm",
    /// "Nhóm I. …", "2. …"), never a second one in front ("I. A.I."); else a Roman numeral.
    static func heading(_ title: String, number: Int) -> String {
        let first = title.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let numbered =
            first.hasSuffix(".")
            && first.dropLast().split(separator: ".").allSatisfy { part in
                !part.isEmpty && part.allSatisfy { "IVXLCABDEFGH0123456789".contains($0) }
            }
        if numbered || title.lowercased().hasPrefix("nhóm ") || title.lowercased().hasPrefix("phần ") {
            return title
        }
        return "\(roman(number)). \(title)"
    }

    /// 1 → I, 4 → IV, 9 → IX; numbers below 1 are written in digits.
    static func roman(_ number: Int) -> String {
        guard number > 0 else { return String(number) }
        let symbols = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = number
        var out = ""
        for (value, symbol) in symbols {
            while rest >= value {
                out += symbol
                rest -= value
            }
        }
        return out
    }

    /// The form's fixed wording in `language`, from the bot's wording (`Prompts/bot.txt`, `form-…`).
    struct Words {
        let party, defaultTitle, documentTitle, questionnaire, version: String
        let name, dateOfBirth, role, workplace, branch: String
        let signer, signHint, history, event, when, comment: String
        let branchView, branchRating, memberAnswer, approvedRating, branchSigner: String

        init(_ language: ReportLanguage, _ catalog: Catalog) {
            party = catalog.text(.formParty, language)
            defaultTitle = catalog.text(.formDefaultTitle, language)
            documentTitle = catalog.text(.formDocumentTitle, language)
            questionnaire = catalog.text(.formQuestionnaire, language)
            version = catalog.text(.formVersion, language)
            name = catalog.text(.formName, language)
            dateOfBirth = catalog.text(.formDateOfBirth, language)
            role = catalog.text(.formRole, language)
            workplace = catalog.text(.formWorkplace, language)
            branch = catalog.text(.formBranch, language)
            signer = catalog.text(.formSigner, language)
            signHint = catalog.text(.formSignHint, language)
            history = catalog.text(.formHistory, language)
            event = catalog.text(.formEvent, language)
            when = catalog.text(.formWhen, language)
            comment = catalog.text(.formComment, language)
            branchView = catalog.text(.formBranchView, language)
            branchRating = catalog.text(.formBranchRating, language)
            memberAnswer = catalog.text(.formMemberAnswer, language)
            approvedRating = catalog.text(.formApprovedRating, language)
            branchSigner = catalog.text(.formBranchSigner, language)
        }
    }

    static let style: StaticString = """
        @page { size: A4; margin: 20mm 20mm 20mm 30mm; }
        .form + .form { page-break-before: always; margin-top: 2em; }
        h2.part { text-transform: uppercase; margin-top: 1.2em; }
        body { font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 13pt;
          line-height: 1.45; color: #000; background: #fff; margin: 0 auto; max-width: 160mm; }
        .top { display: flex; justify-content: space-between; align-items: flex-start; margin-bottom: 1.5em; }
        .org, .nation { text-align: center; }
        .strong { font-weight: bold; }
        .underline { text-decoration: underline; }
        .place { font-style: italic; margin-top: 0.6em; }
        h1 { text-align: center; font-size: 15pt; margin: 0.5em 0 0.2em; }
        .campaign { text-align: center; font-style: italic; margin: 0; }
        .meta { text-align: center; font-size: 10pt; color: #444; margin: 0.2em 0 1.2em; }
        .field { margin: 0.2em 0; }
        .blank { letter-spacing: 0.15em; color: #555; }
        .fill { margin: 0.4em 0; }
        h2 { font-size: 13pt; margin: 1em 0 0.4em; page-break-after: avoid; }
        h3 { font-size: 13pt; font-weight: normal; font-style: italic; margin: 0.6em 0 0.2em;
          page-break-after: avoid; }
        .answer p { margin: 0 0 0.3em; text-indent: 1cm; text-align: justify; white-space: pre-wrap; }
        .signature { margin: 2em 0 0 50%; text-align: center; page-break-inside: avoid; }
        .hint { font-style: italic; }
        .space { height: 5em; }
        .branch-view { margin-top: 2.5em; page-break-inside: avoid; }
        .branch-view h2 { font-size: 13pt; text-align: center; }
        .history { margin-top: 3em; font-size: 10pt; page-break-inside: avoid; }
        .history h2 { font-size: 11pt; }
        .history table { border-collapse: collapse; width: 100%; }
        .history th, .history td { border: 1px solid #999; padding: 2pt 4pt; text-align: left;
          vertical-align: top; }

        """
}

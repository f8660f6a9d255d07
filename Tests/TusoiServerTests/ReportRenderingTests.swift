import Testing

@testable import TusoiServer

/// The printable reports: escaping, the paper form, the SVG charts, the committee's summary.
@Suite("Report rendering")
struct ReportRenderingTests {
    /// The bot's wording, where the documents' headings and labels are.
    static let catalog = (try? GoldenHarness.library().catalog)!

    // MARK: - Fixtures

    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onload='alert(1)",
        "\" onload=\"alert(1)", "javascript:alert(1)", "</style><script>x()</script>", "&amp; &#60; <!-- -->",
        "]]><svg onload=alert(1)>",
    ]

    static func form(
        dateOfBirth: String? = "12/05/1968", workplace: String? = "Trường THCS Bồ Đề",
        history: [PaperForm.HistoryEntry] = []
    ) -> PaperForm {
        PaperForm(
            committee: "Đảng ủy phường Bồ Đề", branch: "Chi bộ 24", memberName: "Nguyễn Thị Hoa",
            dateOfBirth: dateOfBirth, workplace: workplace, partyRole: "Đảng viên",
            campaignTitle: "Sinh hoạt chính trị “Tự soi, tự sửa” năm 2026", questionnaireTitle: "",
            questionnaireVersion: "2026.1", placeAndDate: "Hà Nội, ngày 26 tháng 11 năm 2026",
            status: "Bản nộp lần 2",
            sections: [
                PaperForm.Section(
                    title: "Về tư tưởng chính trị",
                    items: [
                        PaperForm.Item(
                            question: "Biểu hiện tự nhận", answer: "Dòng một\nDòng hai\r\n\r\nDòng ba"),
                        PaperForm.Item(question: "Nguyên nhân", answer: "Chưa chủ động học tập."),
                    ]),
                PaperForm.Section(
                    title: "Kế hoạch khắc phục",
                    items: [PaperForm.Item(question: "Việc sẽ làm", answer: "   ")]),
            ],
            history: history)
    }

    static func summary(branches: [SummaryReport.BranchRow]) -> SummaryReport {
        SummaryReport(
            committee: "Đảng ủy phường Bồ Đề", campaignTitle: "Tự soi, tự sửa 2026",
            generatedAt: "26/11/2026 16:05",
            totals: SummaryReport.Counts(
                members: 60, submitted: 40, inProgress: 10, notStarted: 7, returned: 3),
            branches: branches,
            manifestations: [
                SummaryReport.ManifestationGroup(
                    title: "I. Tư tưởng chính trị",
                    items: [
                        SummaryReport.Tally("Phai nhạt lý tưởng", 4), SummaryReport.Tally("Lười học tập", 12),
                    ])
            ],
            ratings: [
                SummaryReport.Tally("Hoàn thành tốt nhiệm vụ", 30),
                SummaryReport.Tally("Hoàn thành nhiệm vụ", 10),
            ])
    }

    static let branchRows = [
        SummaryReport.BranchRow(
            name: "Chi bộ 1",
            counts: SummaryReport.Counts(
                members: 30, submitted: 20, inProgress: 5, notStarted: 4, returned: 1)),
        SummaryReport.BranchRow(
            // Decomposed (NFD): more scalars than characters.
            name: "Chi bo\u{302}\u{323} Khu pho\u{302}\u{301} 12",
            counts: SummaryReport.Counts(members: 3, submitted: 2, inProgress: 1, notStarted: 0, returned: 0)),
        SummaryReport.BranchRow(
            name: "Chi bộ Trường Tiểu học Ngọc Lâm\u{1B}[2J",
            counts: SummaryReport.Counts(
                members: 27, submitted: 18, inProgress: 4, notStarted: 3, returned: 2)),
    ]

    // MARK: - Markup checks

    /// The tags of `markup` in order, each as (name, attributes, closing); records anything that is not
    /// a well-formed tag with double-quoted attribute values.
    static func tags(_ markup: String) -> (
        tags: [(name: String, attributes: [String], closing: Bool)], problems: [String]
    ) {
        var tags: [(name: String, attributes: [String], closing: Bool)] = []
        var problems: [String] = []
        var rest = Substring(markup)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            guard let close = rest.firstIndex(of: ">") else {
                problems.append("unclosed <")
                break
            }
            let tag = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!DOCTYPE") { continue }
            let closing = tag.hasPrefix("/")
            let body = closing ? String(tag.dropFirst()) : tag
            guard
                let match = body.wholeMatch(
                    of: /([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)/)
            else {
                problems.append("malformed tag <\(tag)>")
                continue
            }
            let attributes = String(match.output.2).matches(of: /\s([a-zA-Z][a-zA-Z0-9:-]*)="/).map {
                String($0.output.1).lowercased()
            }
            tags.append((String(match.output.1).lowercased(), attributes, closing))
        }
        return (tags, problems)
    }

    /// Problems with `markup`: malformed tags, unbalanced elements, attributes that run code or load
    /// something, `&` that does not start a known entity, script-like elements.
    static func problems(_ markup: String) -> [String] {
        let void: Set = ["meta", "br"]
        var (tags, problems) = tags(markup)
        var stack: [String] = []
        for tag in tags {
            if ["script", "img", "iframe", "object", "embed", "link", "a", "image", "use", "foreignobject"]
                .contains(tag.name)
            {
                problems.append("forbidden element <\(tag.name)>")
            }
            for name in tag.attributes
            where name.hasPrefix("on") || ["href", "src", "xlink:href", "style"].contains(name) {
                problems.append("forbidden attribute \(name) on <\(tag.name)>")
            }
            if tag.closing {
                if stack.last == tag.name {
                    stack.removeLast()
                } else {
                    problems.append("unbalanced </\(tag.name)>")
                }
            } else if !void.contains(tag.name) {
                stack.append(tag.name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed \(stack)") }
        for match in markup.matches(of: /&([^;\s]{0,8};?)/) {
            let entity = String(match.output.1)
            if !["amp;", "lt;", "gt;", "quot;", "#39;", "#10;", "#13;", "#9;"].contains(entity) {
                problems.append("bare & before \(entity)")
            }
        }
        return problems
    }

    /// The numeric value of `attribute` on every `<rect class="name" …>`, in order.
    static func rects(_ svg: String, class name: String, _ attribute: String) -> [Double] {
        svg.matches(of: /<rect class="([a-z]+)"[^>]*>/).filter { $0.output.1 == name }.compactMap { match in
            Self.value(attribute, in: String(match.output.0)).flatMap(Double.init)
        }
    }

    /// The value of `name` on the first `<tag …>` of `markup`.
    static func attribute(_ name: String, of tag: String, in markup: String) -> String? {
        guard let start = markup.firstRange(of: "<\(tag) "),
            let end = markup[start.upperBound...].firstIndex(of: ">")
        else { return nil }
        return value(name, in: String(markup[start.lowerBound...end]))
    }

    /// The value of attribute `name` in one tag.
    static func value(_ name: String, in tag: String) -> String? {
        guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
        return tag[start.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init) ?? ""
    }

    // MARK: - Escaping

    @Test("escape turns the five special characters into entities, and only them")
    func escapeCharacters() {
        #expect(HTML.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTML.escape("Nguyễn Thị Hoa\nDòng hai") == "Nguyễn Thị Hoa\nDòng hai")
        #expect(HTML.escape("a\u{0}b\u{1B}c\u{FFFF}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(HTML.escapeAttribute("a\nb\"c") == "a&#10;b&quot;c")
        // Already-escaped text is escaped again: what the member typed is what is shown.
        #expect(HTML.escape("&amp;") == "&amp;amp;")
    }

    @Test("the builder escapes text and attribute values, and refuses attributes that run code or load")
    func builder() {
        let fragment = HTML.Fragment.element(
            "p", [HTML.Attribute("title", #"" onload="x"#)], [.text("<b>"), .element("span", text: "'")])
        #expect(fragment.markup == "<p title=\"&quot; onload=&quot;x\">&lt;b&gt;<span>&#39;</span></p>\n")
        for name in [
            "onload", "ONCLICK", "href", "src", "xlink:href", "style", "srcdoc", "formaction", "http-equiv",
        ] {
            #expect(!HTML.isInert(attribute: name), "\(name)")
        }
        for name in ["class", "title", "aria-label", "width", "fill", "viewBox", "content", "colspan"] {
            #expect(HTML.isInert(attribute: name), "\(name)")
        }
    }

    @Test("hostile text in every field of the paper form stays text", arguments: hostile)
    func hostilePaperForm(text: String) {
        let form = PaperForm(
            committee: text, branch: text, memberName: text, dateOfBirth: text, workplace: text,
            partyRole: text,
            campaignTitle: text, questionnaireTitle: text, questionnaireVersion: text, placeAndDate: text,
            status: text,
            sections: [PaperForm.Section(title: text, items: [PaperForm.Item(question: text, answer: text)])],
            history: [PaperForm.HistoryEntry(label: text, at: text, comment: text)])
        for language in [ReportLanguage.vi, .en] {
            let html = form.html(language: language, catalog: Self.catalog)
            #expect(Self.problems(html) == [])
            #expect(!html.lowercased().contains("<script"))
            #expect(html.contains(HTML.escape(text)))
        }
    }

    @Test("hostile names in the summary and the charts stay text", arguments: hostile)
    func hostileSummary(text: String) {
        let counts = SummaryReport.Counts(members: 2, submitted: 1, inProgress: 1, notStarted: 0, returned: 0)
        let report = SummaryReport(
            committee: text, campaignTitle: text, generatedAt: text, totals: counts,
            branches: [SummaryReport.BranchRow(name: text, counts: counts)],
            manifestations: [
                SummaryReport.ManifestationGroup(title: text, items: [SummaryReport.Tally(text, 1)])
            ],
            ratings: [SummaryReport.Tally(text, 1)])
        let html = report.html(language: .vi, catalog: Self.catalog)
        #expect(Self.problems(html) == [])
        #expect(!html.lowercased().contains("<script"))
        let svg = SVGChart.horizontalBars(
            [SVGChart.Bar(text, 1)], title: text, valueSuffix: text, noData: "Không có dữ liệu")
        #expect(Self.problems(svg) == [])
        #expect(Self.attribute("aria-label", of: "svg", in: svg) == HTML.escapeAttribute(text))
    }

    // MARK: - Paper form

    @Test("the paper form: header block, title, fields, sections in order, signature")
    func paperFormLayout() throws {
        let html = Self.form().html(language: .vi, catalog: Self.catalog)
        #expect(Self.problems(html) == [])
        let expectedOrder = [
            "ĐẢNG BỘ PHƯỜNG BỒ ĐỀ", "CHI BỘ 24", "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Hà Nội, ngày 26 tháng 11 năm 2026",
            "<h1>BẢN TỰ KIỂM ĐIỂM</h1>", "Bản nộp lần 2", "Họ và tên: ", "Nguyễn Thị Hoa", "Ngày sinh: ",
            "12/05/1968",
            "Chức vụ: ", "Đảng viên", "Đơn vị công tác: ", "Trường THCS Bồ Đề", "Chi bộ: ",
            "<h2>I. Về tư tưởng chính trị</h2>", "<h3>1. Biểu hiện tự nhận</h3>", "<p>Dòng một</p>",
            "<p>Dòng hai</p>",
            "<p>Dòng ba</p>", "<h3>2. Nguyên nhân</h3>", "<h2>II. Kế hoạch khắc phục</h2>",
            "<h3>1. Việc sẽ làm</h3>",
            "NGƯỜI TỰ KIỂM ĐIỂM", "(Ký, ghi rõ họ tên)", "Nguyễn Thị Hoa",
        ]
        var position = html.startIndex
        for piece in expectedOrder {
            let found = try #require(
                html[position...].firstRange(of: piece), "\(piece) missing or out of order")
            position = found.upperBound
        }
        // The signature block ends with the name.
        let signature = try #require(html.firstRange(of: "<div class=\"signature\">"))
        #expect(html[signature.lowerBound...].contains("<div class=\"strong\">Nguyễn Thị Hoa</div>"))
        #expect(!html.contains("Quá trình nộp và trả lại"))
    }

    @Test("the paper form is a standalone printable page: A4, serif, UTF-8, no script or external resource")
    func paperFormStandalone() {
        let html = Self.form().html(language: .vi, catalog: Self.catalog)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("size: A4"))
        #expect(html.contains("serif"))
        for forbidden in ["<script", "<link", "url(", "http:", "https:", "@import", "<img"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(html == Self.form().html(language: .vi, catalog: Self.catalog))
    }

    @Test("a missing field, a blank field and an empty answer are dotted lines to fill by hand")
    func paperFormBlanks() throws {
        let html = Self.form(dateOfBirth: nil, workplace: "  ").html(language: .vi, catalog: Self.catalog)
        func field(_ label: String) throws -> Substring {
            let start = try #require(html.firstRange(of: "<span class=\"label\">\(label): </span>"))
            let end = try #require(html[start.upperBound...].firstRange(of: "</p>"))
            return html[start.upperBound..<end.lowerBound]
        }
        #expect(try field("Ngày sinh").hasPrefix("<span class=\"blank\">....."))
        #expect(try field("Đơn vị công tác").hasPrefix("<span class=\"blank\">"))
        #expect(try field("Họ và tên") == "<span class=\"value\">Nguyễn Thị Hoa</span>")
        #expect(try field("Chức vụ") == "<span class=\"value\">Đảng viên</span>")
        // The blank answer of section II.
        let plan = try #require(html.firstRange(of: "<h3>1. Việc sẽ làm</h3>"))
        let answer = html[plan.upperBound...].prefix(200)
        #expect(answer.contains("<p class=\"fill\"><span class=\"blank\">"))
        // With every field present there is no dotted line but the ones of the empty answer.
        let full = Self.form().html(language: .vi, catalog: Self.catalog)
        let parts = full.components(separatedBy: "class=\"branch-view\"")
        #expect(parts.count == 2)
        #expect(parts[0].ranges(of: "class=\"blank\"").count == 2)
        // Before the meeting the branch's block is left to fill by hand: two lines of comments, the
        // proposed and the decided rating (the signature is a space under T/M CHI BỘ).
        #expect(parts.last?.ranges(of: "class=\"blank\"").count == 4)
    }

    @Test("English labels, the questionnaire's own title, and the history of submissions and returns")
    func paperFormEnglish() {
        var form = Self.form(history: [
            PaperForm.HistoryEntry(label: "Bản nộp lần 1", at: "20/11/2026 09:00"),
            PaperForm.HistoryEntry(label: "Trả lại", at: "21/11/2026 10:00", comment: "Bổ sung mục 2"),
        ])
        form.questionnaireTitle = "Bản kiểm điểm, tự đánh giá"
        let html = form.html(language: .en, catalog: Self.catalog)
        #expect(html.contains("<html lang=\"en\">"))
        for label in [
            "Full name: ", "Date of birth: ", "Party role: ", "Unit / workplace: ", "THE MEMBER",
            "COMMUNIST PARTY OF VIETNAM",
        ] {
            #expect(html.contains(label), "\(label)")
        }
        #expect(!html.contains("Họ và tên"))
        #expect(html.contains("<h1>BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ</h1>"))
        #expect(html.contains("Questionnaire: Bản kiểm điểm, tự đánh giá, version 2026.1 · Bản nộp lần 2"))
        #expect(html.contains("<td>Trả lại</td>\n<td>21/11/2026 10:00</td>\n<td>Bổ sung mục 2</td>"))
        #expect(Self.problems(html) == [])
    }

    @Test("the committee is headed as its đảng bộ, whatever the form of the name")
    func superiorOrganisation() {
        #expect(PaperForm.superiorOrganisation("Đảng ủy phường Bồ Đề") == "ĐẢNG BỘ PHƯỜNG BỒ ĐỀ")
        #expect(PaperForm.superiorOrganisation("Đảng uỷ xã Tân Lập") == "ĐẢNG BỘ XÃ TÂN LẬP")
        // Decomposed (NFD), as some keyboards send it.
        #expect(PaperForm.superiorOrganisation("Đa\u{309}ng u\u{309}y phường 5") == "ĐẢNG BỘ PHƯỜNG 5")
        #expect(PaperForm.superiorOrganisation("  ĐẢNG ỦY XÃ AN HÒA ") == "ĐẢNG BỘ XÃ AN HÒA")
        #expect(PaperForm.superiorOrganisation("Đảng bộ Khối cơ quan") == "ĐẢNG BỘ KHỐI CƠ QUAN")
        #expect(PaperForm.roman(4) == "IV" && PaperForm.roman(9) == "IX" && PaperForm.roman(14) == "XIV")
    }

    // MARK: - Charts

    @Test("bar lengths are proportional to the values, the largest filling the bar area")
    func barsProportional() throws {
        let values = [10.0, 5, 0, 2.5, 7]
        let svg = SVGChart.horizontalBars(
            values.enumerated().map { SVGChart.Bar("Mục \($0.offset)", $0.element) }, title: "Số người",
            width: 500, noData: "Không có dữ liệu")
        #expect(Self.problems(svg) == [])
        let widths = Self.rects(svg, class: "bar", "width")
        let xs = Self.rects(svg, class: "bar", "x")
        try #require(widths.count == values.count)
        let full = widths[0]
        #expect(full > 100)
        for (width, value) in zip(widths, values) {
            #expect(abs(width - full * value / 10) < 0.02, "\(width) for \(value)")
        }
        // The chart is as wide as asked, and the longest bar with its value fits inside.
        #expect(Self.attribute("width", of: "svg", in: svg) == "500")
        #expect(xs[0] + full < 500)
        // Each value is printed at the end of its bar, with the Vietnamese decimal comma.
        let valueTexts = svg.matches(of: /<text class="value" x="([0-9.]+)" y="[0-9.]+">([^<]*)<\/text>/)
        #expect(valueTexts.map { String($0.output.2) } == ["10", "5", "0", "2,5", "7"])
        for (text, (x, width)) in zip(valueTexts, zip(xs, widths)) {
            #expect(abs(Double(text.output.1)! - (x + width + 4)) < 0.02)
        }
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-label=\"Số người\""))
        #expect(
            svg
                == SVGChart.horizontalBars(
                    values.enumerated().map { SVGChart.Bar("Mục \($0.offset)", $0.element) },
                    title: "Số người", width: 500, noData: "Không có dữ liệu"))
    }

    @Test("a long label is cut with an ellipsis and kept whole in the row's title")
    func longLabel() throws {
        let label = "Tham ô, tham nhũng, cố ý làm trái các quy định của Đảng, pháp luật của Nhà nước"
        let svg = SVGChart.horizontalBars(
            [SVGChart.Bar(label, 3), SVGChart.Bar("Ngắn", 1)], title: "t", valueSuffix: " người",
            noData: "Không có dữ liệu")
        #expect(svg.contains("<title>\(label): 3 người</title>"))
        let shown = try #require(svg.firstMatch(of: /<text class="label"[^>]*>([^<]*)<\/text>/)).output.1
        #expect(shown.count == SVGChart.maxLabelCharacters)
        #expect(shown.hasSuffix("…"))
        #expect(label.hasPrefix(shown.dropLast()))
        #expect(svg.contains(">3 người</text>"))
    }

    @Test("zero values, all-zero data, empty data and one row give valid charts")
    func degenerateBars() throws {
        let allZero = SVGChart.horizontalBars(
            [SVGChart.Bar("a", 0), SVGChart.Bar("b", 0)], title: "z", noData: "Không có dữ liệu")
        #expect(Self.problems(allZero) == [])
        #expect(Self.rects(allZero, class: "bar", "width") == [0, 0])

        let odd = SVGChart.horizontalBars(
            [SVGChart.Bar("nan", .nan), SVGChart.Bar("neg", -3), SVGChart.Bar("inf", .infinity)], title: "z",
            noData: "Không có dữ liệu")
        #expect(Self.problems(odd) == [])
        #expect(Self.rects(odd, class: "bar", "width") == [0, 0, 0])

        for language in [ReportLanguage.vi, .en] {
            let noData = Self.catalog.text(.reportChartNoData, language)
            let empty = SVGChart.horizontalBars([], title: "Trống", language: language, noData: noData)
            #expect(Self.problems(empty) == [])
            #expect(empty.contains(language == .vi ? "Không có dữ liệu" : "No data"))
            #expect(empty.contains("role=\"img\""))
            let emptyStack = SVGChart.stackedBars(
                [], series: [SVGChart.Series("a", color: "#000000")], title: "Trống", language: language,
                noData: noData)
            #expect(Self.problems(emptyStack) == [])
            #expect(!emptyStack.contains("<rect"))
        }

        let one = SVGChart.horizontalBars(
            [SVGChart.Bar("Một", 4)], title: "1", width: 300, noData: "Không có dữ liệu")
        let width = try #require(Self.rects(one, class: "bar", "width").first)
        let x = try #require(Self.rects(one, class: "bar", "x").first)
        // One row: its bar is the whole bar area (the chart minus label, value and margins).
        #expect(
            abs(
                x + width + Double("4".count) * SVGChart.characterWidth + SVGChart.gap + SVGChart.margin - 300
            ) < 0.02)
    }

    @Test("stacked bars: each row's parts are its shares of the whole bar; a zero row is an outline")
    func stackedShares() throws {
        let series = [
            SVGChart.Series("Đã nộp", color: "#66bb6a"), SVGChart.Series("Đang làm", color: "#ffca28"),
            SVGChart.Series("Chưa bắt đầu", color: "#e0e0e0"), SVGChart.Series("Trả lại", color: "#ef5350"),
        ]
        let rows = [
            SVGChart.StackedRow("Chi bộ 1", [3, 1, 0, 1]), SVGChart.StackedRow("Chi bộ 2", [0, 0, 0, 0]),
            SVGChart.StackedRow("Chi bộ 3", [7]), SVGChart.StackedRow("Chi bộ 4", [1, 1, 1, 1, 99]),
        ]
        let svg = SVGChart.stackedBars(rows, series: series, title: "Tiến độ", noData: "Không có dữ liệu")
        #expect(Self.problems(svg) == [])
        let widths = Self.rects(svg, class: "segment", "width")
        let xs = Self.rects(svg, class: "segment", "x")
        // Rows 1, 3 and 4 have four parts each; row 2 has none.
        try #require(widths.count == 12)
        let area = widths[0..<4].reduce(0, +)
        #expect(area > 100)
        for row in 0..<3 {
            let part = Array(widths[(row * 4)..<(row * 4 + 4)])
            #expect(abs(part.reduce(0, +) - area) < 0.05)
            // Parts are contiguous, left to right.
            for index in 1..<4 {
                #expect(abs(xs[row * 4 + index] - (xs[row * 4 + index - 1] + part[index - 1])) < 0.02)
            }
        }
        let expected: [[Double]] = [[0.6, 0.2, 0, 0.2], [1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]]
        for (row, shares) in expected.enumerated() {
            for (index, share) in shares.enumerated() {
                #expect(abs(widths[row * 4 + index] - area * share) < 0.02, "row \(row) part \(index)")
            }
        }
        #expect(Self.rects(svg, class: "empty", "width").map { abs($0 - area) < 0.02 } == [true])
        // The legend names every series with its colour; the totals are printed at the bars' end.
        for item in series {
            #expect(svg.contains(">\(item.label)</text>") && svg.contains("fill=\"\(item.color)\""))
        }
        #expect(
            svg.matches(of: /<text class="value"[^>]*>([0-9]+)<\/text>/).map { String($0.output.1) } == [
                "5", "0", "7", "4",
            ])
        #expect(svg.contains("<title>Đã nộp: 3 (60%)</title>"))
    }

    @Test("numbers are written without locale: at most two decimals, a point in coordinates")
    func numbers() {
        #expect(SVGChart.number(12) == "12")
        #expect(SVGChart.number(12.5) == "12.5")
        #expect(SVGChart.number(1.0 / 3) == "0.33")
        #expect(SVGChart.number(2.0 / 3, places: 1, separator: ",") == "0,7")
        #expect(SVGChart.number(-0.001) == "0")
        #expect(SVGChart.number(-1.256) == "-1.26")
        #expect(SVGChart.number(0.999) == "1")
        #expect(SVGChart.number(.nan) == "0")
    }

    // MARK: - Summary

    @Test("the summary as text: columns line up, by character, even with decomposed Vietnamese")
    func summaryTextAligned() throws {
        let text = Self.summary(branches: Self.branchRows).text(language: .vi, catalog: Self.catalog)
        #expect(!text.contains("\u{1B}"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Chi bộ  ") })
        let table = Array(lines[start..<(start + 7)])
        // Header, rule, three branches, rule, total.
        #expect(table[1].allSatisfy { $0 == "-" || $0 == " " })
        #expect(table[6].hasPrefix("Cộng"))
        #expect(table[3].unicodeScalars.count > table[3].count)
        // The last column is right-aligned: every line has the same length in characters.
        #expect(Set(table.map(\.count)).count == 1)
        // Every numeric column ends at the same character offset on every line.
        func ends(_ line: String) -> [Int] {
            var ends: [Int] = []
            let characters = Array(line)
            for index in characters.indices where characters[index] != " " {
                let next = index + 1
                if next == characters.count
                    || (characters[next] == " "
                        && (next + 1 == characters.count || characters[next + 1] == " "))
                {
                    ends.append(next)
                }
            }
            return ends
        }
        let reference = ends(table[0])
        #expect(reference.count == 7)
        for line in [table[2], table[3], table[4], table[6]] {
            #expect(Array(ends(line).suffix(6)) == Array(reference.suffix(6)), "\(line)")
        }
        #expect(table[2].hasSuffix("66,7%"))
    }

    @Test("a text table pads by character and trims trailing spaces")
    func textTableGolden() {
        let table = TextTable(
            header: ["Tên", "Số"], rows: [["Bồ Đề", "7"], ["Chi bo\u{302}\u{323} 24", "12"]],
            rightAligned: [1])
        #expect(
            table.render() == [
                "Tên        Số",
                "---------  --",
                "Bồ Đề       7",
                "Chi bo\u{302}\u{323} 24  12",
            ])
        let left = TextTable(header: ["A", "Tên dài"], rows: [["1", "x"]], rightAligned: [])
        #expect(left.render() == ["A  Tên dài", "-  -------", "1  x"])
    }

    @Test("a text table cannot be steered by what it shows: escapes, line breaks, bidirectional overrides")
    func textTableNeutralizesControls() {
        // A code typed in the chat is kept in the audit log and printed by `tusoi audit`.
        let typed = "cb24\u{1B}]0;owned\u{07}\u{1B}[2J\nforged row\u{202E}lmth.exe"
        let lines = TextTable(header: ["who", "subject"], rows: [["Hà", typed]]).render()
        #expect(lines.count == 3)
        #expect(
            !lines.joined().unicodeScalars.contains {
                $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x202E
            })
        #expect(lines[2] == "Hà   cb24\u{FFFD}]0;owned\u{FFFD}\u{FFFD}[2J forged row\u{FFFD}lmth.exe")
    }

    @Test("the summary page: tables and charts for each part, percentages, totals")
    func summaryHTML() {
        let report = Self.summary(branches: Self.branchRows)
        let html = report.html(language: .vi, catalog: Self.catalog)
        #expect(Self.problems(html) == [])
        // Overall, by branch, one manifestation group, ratings.
        #expect(html.ranges(of: "<svg").count == 4)
        #expect(html.ranges(of: "<table>").count == 4)
        for piece in [
            "ĐẢNG ỦY PHƯỜNG BỒ ĐỀ", "BÁO CÁO TỔNG HỢP TỰ KIỂM ĐIỂM", "Lập lúc: 26/11/2026 16:05",
            "<td class=\"num\">66,7%</td>",
            "<td>Lười học tập</td>", "<td class=\"num\">75%</td>", "<th>Cộng</th>", "size: A4",
        ] {
            #expect(html.contains(piece), "\(piece)")
        }
        #expect(!html.contains("<script"))
        #expect(report.html(language: .en, catalog: Self.catalog).contains("<td class=\"num\">66.7%</td>"))
        #expect(html == report.html(language: .vi, catalog: Self.catalog))
    }

    @Test("an empty campaign: no branches, no manifestations, no ratings, no members")
    func summaryEmpty() {
        let zero = SummaryReport.Counts(members: 0, submitted: 0, inProgress: 0, notStarted: 0, returned: 0)
        let report = SummaryReport(
            committee: "Đảng ủy phường 1", campaignTitle: "", generatedAt: "", totals: zero, branches: [],
            manifestations: [], ratings: [])
        for language in [ReportLanguage.vi, .en] {
            let html = report.html(language: language, catalog: Self.catalog)
            #expect(Self.problems(html) == [])
            // No campaign title: no dangling dash after the report's title.
            #expect(
                html.contains(
                    language == .vi
                        ? "<title>BÁO CÁO TỔNG HỢP TỰ KIỂM ĐIỂM</title>"
                        : "<title>SELF-REVIEW SUMMARY REPORT</title>"))
            let note = language == .vi ? "Chưa có dữ liệu." : "No data yet."
            // Manifestations, ratings, and the branches' proposals after their meetings.
            #expect(html.ranges(of: note).count == 4)
            let text = report.text(language: language, catalog: Self.catalog)
            #expect(text.ranges(of: note).count == 4)
            #expect(
                text.split(separator: "\n").contains {
                    $0.hasPrefix(language == .vi ? "Đã nộp" : "Submitted") && $0.hasSuffix("–")
                })
        }
    }

    @Test("the report for a phone: one line a figure, no padded columns, no rule lines")
    func phoneReport() {
        let text = Self.summary(branches: Self.branchRows).phoneText(language: .vi, catalog: Self.catalog)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(!lines.contains { $0.contains("  ") || $0.hasPrefix("---") || $0.hasPrefix("──") }, "\(text)")
        #expect(lines.contains("• Đã nộp: 40 (66,7%)"))
        #expect(lines.contains { $0.hasPrefix("• ") && $0.contains("Đã nộp") && $0.contains("/") })
        #expect(lines.contains("• Hoàn thành tốt nhiệm vụ: 30 (75%)"))
        #expect(lines.allSatisfy { $0.count <= 120 }, "a line a phone wraps once at most")
    }
}

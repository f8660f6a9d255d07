import TusoiEngine

/// The committee's summary of a campaign: progress overall and per branch, the manifestations members
/// named, and the proposed ratings; as a printable HTML page with charts, or as plain text.
///
/// Counts are given, not computed: the caller reads them from the store. Percentages are computed
/// here, with one decimal (`66,7%` in Vietnamese, `66.7%` in English), and "–" when the whole is zero.
public struct SummaryReport: Sendable, Equatable {
    /// Where the members of a branch (or of all branches) stand.
    public struct Counts: Sendable, Equatable {
        public var members: Int
        public var submitted: Int
        public var inProgress: Int
        public var notStarted: Int
        /// Returned for revision and not yet submitted again.
        public var returned: Int

        public init(members: Int, submitted: Int, inProgress: Int, notStarted: Int, returned: Int) {
            self.members = members
            self.submitted = submitted
            self.inProgress = inProgress
            self.notStarted = notStarted
            self.returned = returned
        }
    }

    /// One branch's line.
    public struct BranchRow: Sendable, Equatable {
        public var name: String
        public var counts: Counts

        public init(name: String, counts: Counts) {
            self.name = name
            self.counts = counts
        }
    }

    /// A label and how many times it was counted.
    public struct Tally: Sendable, Equatable {
        public var label: String
        public var count: Int

        public init(_ label: String, _ count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// A group of manifestations (e.g. "I. Tư tưởng chính trị") and, per manifestation, the number
    /// of members who named it.
    public struct ManifestationGroup: Sendable, Equatable {
        public var title: String
        public var items: [Tally]

        public init(title: String, items: [Tally]) {
            self.title = title
            self.items = items
        }
    }

    public var committee: String
    public var campaignTitle: String
    /// Already formatted, e.g. "26/11/2026 16:05".
    public var generatedAt: String
    public var totals: Counts
    public var branches: [BranchRow]
    public var manifestations: [ManifestationGroup]
    /// Proposed ratings by grade, in the order to print.
    public var ratings: [Tally]
    /// The ratings the branches proposed after their meetings (`/ketluan`), by grade.
    public var branchRatings: [Tally] = []

    public init(
        committee: String, campaignTitle: String, generatedAt: String, totals: Counts, branches: [BranchRow],
        manifestations: [ManifestationGroup], ratings: [Tally], branchRatings: [Tally] = []
    ) {
        self.branchRatings = branchRatings
        self.committee = committee
        self.campaignTitle = campaignTitle
        self.generatedAt = generatedAt
        self.totals = totals
        self.branches = branches
        self.manifestations = manifestations
        self.ratings = ratings
    }

    /// The colours of the four states in the per-branch chart.
    static let colors = (
        submitted: "#66bb6a", inProgress: "#ffca28", notStarted: "#e0e0e0", returned: "#ef5350"
    )

    // MARK: - HTML

    /// A standalone printable HTML page: a table per part, each with its chart drawn inline.
    public func html(language: ReportLanguage, catalog: Catalog) -> String {
        let words = Words(language, catalog)
        var body: [HTML.Fragment] = [
            .element(
                "div", [HTML.Attribute("class", "top")],
                [
                    .element(
                        "div", [HTML.Attribute("class", "left")],
                        [
                            .element("p", [HTML.Attribute("class", "org")], text: committee.uppercased()),
                            .element("p", text: "*"),
                        ]),
                    .element(
                        "div", [HTML.Attribute("class", "right")],
                        [
                            .element("p", [HTML.Attribute("class", "party")], text: words.party),
                            .element("p", [HTML.Attribute("class", "place")], text: placeAndDate(words)),
                        ]),
                ]),
            .element(
                "header", [],
                [
                    .element("h1", text: words.title),
                    .element("p", [HTML.Attribute("class", "campaign")], text: campaignTitle),
                    .element(
                        "p", [HTML.Attribute("class", "generated")],
                        text: "\(words.generatedAt): \(generatedAt)"),
                ]),
        ]
        let totalsTable = table(
            header: [words.status, words.count, words.share],
            rows: totalsRows(words).map { [$0.0, String($0.1), $0.2] }, numeric: [1, 2])
        body.append(
            part(
                "1. \(words.overall)",
                [
                    totalsTable,
                    chart(stacked([(words.allBranches, totals)], title: words.overall, words: words)),
                ]))

        let branchTable = table(
            header: branchHeader(words), rows: branches.map { branchCells($0.name, $0.counts, words) },
            numeric: 1...6,
            footer: branchCells(words.total, totals, words))
        let branchChart = stacked(branches.map { ($0.name, $0.counts) }, title: words.byBranch, words: words)
        body.append(
            part(
                "2. \(words.byBranch)",
                branches.isEmpty ? [note(words.noData)] : [branchTable, chart(branchChart)]))

        var named: [HTML.Fragment] = []
        for group in manifestations {
            named.append(.element("h3", text: group.title))
            named.append(
                table(
                    header: [words.manifestation, words.membersNamed],
                    rows: group.items.map { [$0.label, String($0.count)] }, numeric: [1]))
            named.append(
                chart(
                    SVGChart.horizontalBars(
                        group.items.map { SVGChart.Bar($0.label, Double($0.count)) }, title: group.title,
                        language: language, noData: words.chartNoData)))
        }
        body.append(part("3. \(words.manifestations)", named.isEmpty ? [note(words.noData)] : named))

        let proposals = ratings.reduce(0) { $0 + $1.count }
        let ratingTable = table(
            header: [words.grade, words.proposals, words.share],
            rows: ratings.map { [$0.label, String($0.count), percent($0.count, of: proposals, language)] },
            numeric: [1, 2])
        let ratingChart = SVGChart.horizontalBars(
            ratings.map { SVGChart.Bar($0.label, Double($0.count)) }, title: words.ratings,
            language: language,
            noData: words.chartNoData)
        body.append(
            part(
                "4. \(words.ratings)",
                ratings.isEmpty ? [note(words.noData)] : [ratingTable, chart(ratingChart)]))
        let branchProposals = branchRatings.reduce(0) { $0 + $1.count }
        body.append(
            part(
                "5. \(words.branchRatings)",
                branchRatings.isEmpty
                    ? [note(words.noData)]
                    : [
                        table(
                            header: [words.grade, words.proposals, words.share],
                            rows: branchRatings.map {
                                [
                                    $0.label, String($0.count),
                                    percent($0.count, of: branchProposals, language),
                                ]
                            },
                            numeric: [1, 2])
                    ]))

        body.append(
            .element(
                "div", [HTML.Attribute("class", "signature")],
                [
                    .element("p", [HTML.Attribute("class", "strong")], text: words.signer),
                    .element("p", [HTML.Attribute("class", "hint")], text: words.signHint),
                ]))
        return HTML.document(
            language: language, title: heading(words), style: Self.style, body: body)
    }

    /// "Bồ Đề, ngày … tháng … năm …": the place from the committee, the day left to fill by hand
    /// (the report is printed, then signed and dated).
    private func placeAndDate(_ words: Words) -> String {
        let place = PaperForm.place(of: committee)
        return words.catalog.text(.reportBlankDate, words.language, ["place": place])
    }

    /// The report's title, with the campaign's when there is one.
    func heading(_ words: Words) -> String {
        PaperForm.present(campaignTitle).map { "\(words.title) – \($0)" } ?? words.title
    }

    private func part(_ title: String, _ content: [HTML.Fragment]) -> HTML.Fragment {
        .element("section", [.element("h2", text: title)] + content)
    }

    private func note(_ text: String) -> HTML.Fragment {
        .element("p", [HTML.Attribute("class", "note")], text: text)
    }

    private func chart(_ svg: String) -> HTML.Fragment {
        // The chart is drawn by `SVGChart`, which escapes every text it writes.
        .element("div", [HTML.Attribute("class", "chart")], [HTML.Fragment(unchecked: svg)])
    }

    private func table<Columns: Sequence<Int>>(
        header: [String], rows: [[String]], numeric: Columns, footer: [String]? = nil
    ) -> HTML.Fragment {
        let numeric = Set(numeric)
        func cells(_ row: [String], heading: Bool) -> HTML.Fragment {
            .element(
                "tr",
                row.enumerated().map { index, cell in
                    let attributes = numeric.contains(index) ? [HTML.Attribute("class", "num")] : []
                    return heading
                        ? .element("th", attributes, text: cell) : .element("td", attributes, text: cell)
                })
        }
        var parts: [HTML.Fragment] = [
            .element("thead", [cells(header, heading: true)]),
            .element("tbody", rows.map { cells($0, heading: false) }),
        ]
        if let footer { parts.append(.element("tfoot", [cells(footer, heading: true)])) }
        return .element("table", parts)
    }

    private func stacked(_ rows: [(String, Counts)], title: String, words: Words) -> String {
        SVGChart.stackedBars(
            rows.map {
                SVGChart.StackedRow($0.0, [$0.1.submitted, $0.1.inProgress, $0.1.notStarted, $0.1.returned])
            },
            series: [
                SVGChart.Series(words.submitted, color: Self.colors.submitted),
                SVGChart.Series(words.inProgress, color: Self.colors.inProgress),
                SVGChart.Series(words.notStarted, color: Self.colors.notStarted),
                SVGChart.Series(words.returned, color: Self.colors.returned),
            ], title: title, language: words.language, noData: words.chartNoData)
    }

    // MARK: - Text

    /// The same report as plain text for a terminal: one aligned table per part. Columns are padded by
    /// character (a Vietnamese letter with its marks is one column, in NFC or NFD); control characters
    /// in names are replaced, so a name cannot move the cursor or break a row.
    public func text(language: ReportLanguage, catalog: Catalog) -> String {
        let words = Words(language, catalog)
        var lines = [
            TextTable.cell(committee.uppercased()), TextTable.cell(heading(words)),
            "\(words.generatedAt): \(TextTable.cell(generatedAt))", "",
        ]
        lines.append("1. \(words.overall)")
        lines += TextTable(
            header: [words.status, words.count, words.share],
            rows: totalsRows(words).map { [$0.0, String($0.1), $0.2] }, rightAligned: [1, 2]
        ).render()
        lines += ["", "2. \(words.byBranch)"]
        lines +=
            branches.isEmpty
            ? [words.noData]
            : TextTable(
                header: branchHeader(words), rows: branches.map { branchCells($0.name, $0.counts, words) },
                rightAligned: Set(1...6), footer: branchCells(words.total, totals, words)
            ).render()
        lines += ["", "3. \(words.manifestations)"]
        if manifestations.isEmpty { lines.append(words.noData) }
        for group in manifestations {
            lines += ["", TextTable.cell(group.title)]
            lines += TextTable(
                header: [words.manifestation, words.membersNamed],
                rows: group.items.map { [$0.label, String($0.count)] },
                rightAligned: [1]
            ).render()
        }
        for (number, title, tallies) in [
            (4, words.ratings, ratings), (5, words.branchRatings, branchRatings),
        ] {
            lines += ["", "\(number). \(title)"]
            let proposals = tallies.reduce(0) { $0 + $1.count }
            lines +=
                tallies.isEmpty
                ? [words.noData]
                : TextTable(
                    header: [words.grade, words.proposals, words.share],
                    rows: tallies.map {
                        [$0.label, String($0.count), percent($0.count, of: proposals, language)]
                    },
                    rightAligned: [1, 2]
                ).render()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Shared

    func totalsRows(_ words: Words) -> [(String, Int, String)] {
        let language = words.language
        return [
            (words.members, totals.members, ""),
            (words.submitted, totals.submitted, percent(totals.submitted, of: totals.members, language)),
            (words.inProgress, totals.inProgress, percent(totals.inProgress, of: totals.members, language)),
            (words.notStarted, totals.notStarted, percent(totals.notStarted, of: totals.members, language)),
            (words.returned, totals.returned, percent(totals.returned, of: totals.members, language)),
        ]
    }

    private func branchHeader(_ words: Words) -> [String] {
        [
            words.branch, words.members, words.submitted, words.inProgress, words.notStarted, words.returned,
            words.submittedShare,
        ]
    }

    private func branchCells(_ name: String, _ counts: Counts, _ words: Words) -> [String] {
        [
            name, String(counts.members), String(counts.submitted), String(counts.inProgress),
            String(counts.notStarted), String(counts.returned),
            percent(counts.submitted, of: counts.members, words.language),
        ]
    }

    /// `part` as a share of `whole`, one decimal, "–" when the whole is zero.
    func percent(_ part: Int, of whole: Int, _ language: ReportLanguage) -> String {
        guard whole > 0 else { return "–" }
        return SVGChart.number(
            Double(part) * 100 / Double(whole), places: 1, separator: SVGChart.separator(language)) + "%"
    }

    /// The report's fixed wording in each language.
    struct Words {
        let language: ReportLanguage
        let title, generatedAt, overall, byBranch, manifestations, ratings, noData: String
        let branchRatings: String
        let party, signer, signHint: String
        let status, count, share, allBranches, total, branch, submittedShare: String
        let members, submitted, inProgress, notStarted, returned: String
        let manifestation, membersNamed, grade, proposals: String
        let chartNoData: String
        let catalog: Catalog

        init(_ language: ReportLanguage, _ catalog: Catalog) {
            self.language = language
            title = catalog.text(.reportTitle, language)
            generatedAt = catalog.text(.reportGeneratedAt, language)
            overall = catalog.text(.reportOverall, language)
            byBranch = catalog.text(.reportByBranch, language)
            manifestations = catalog.text(.reportManifestations, language)
            ratings = catalog.text(.reportRatings, language)
            noData = catalog.text(.reportNoData, language)
            branchRatings = catalog.text(.reportBranchRatings, language)
            party = catalog.text(.formParty, language)
            signer = catalog.text(.reportSigner, language)
            signHint = catalog.text(.formSignHint, language)
            status = catalog.text(.reportStatus, language)
            count = catalog.text(.reportCount, language)
            share = catalog.text(.reportShare, language)
            allBranches = catalog.text(.reportAllBranches, language)
            total = catalog.text(.reportTotal, language)
            branch = catalog.text(.reportBranch, language)
            submittedShare = catalog.text(.reportSubmittedShare, language)
            members = catalog.text(.reportMembers, language)
            submitted = catalog.text(.reportSubmitted, language)
            inProgress = catalog.text(.reportInProgress, language)
            notStarted = catalog.text(.reportNotStarted, language)
            returned = catalog.text(.reportReturned, language)
            manifestation = catalog.text(.reportManifestation, language)
            membersNamed = catalog.text(.reportMembersNamed, language)
            grade = catalog.text(.reportGrade, language)
            proposals = catalog.text(.reportProposals, language)
            self.catalog = catalog
            chartNoData = catalog.text(.reportChartNoData, language)
        }
    }

    static let style: StaticString = """
        @page { size: A4; margin: 15mm; }
        body { font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 12pt;
          line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; }
        header { text-align: center; margin-bottom: 1.5em; }
        .org { font-weight: bold; margin: 0; }
        .top { display: flex; justify-content: space-between; text-align: center; margin-bottom: 1em; }
        .top p { margin: 0; }
        .party { font-weight: bold; text-decoration: underline; }
        .place { font-style: italic; margin-top: 0.4em !important; }
        .signature { margin: 2em 0 4em 55%; text-align: center; page-break-inside: avoid; }
        .signature p { margin: 0; }
        .strong { font-weight: bold; }
        .hint { font-style: italic; }
        h1 { font-size: 15pt; margin: 0.4em 0 0.2em; }
        .campaign { font-style: italic; margin: 0; }
        .generated { font-size: 10pt; color: #444; margin: 0.2em 0 0; }
        h2 { font-size: 13pt; margin: 1.2em 0 0.4em; page-break-after: avoid; }
        h3 { font-size: 12pt; margin: 0.8em 0 0.3em; page-break-after: avoid; }
        table { border-collapse: collapse; width: 100%; margin-bottom: 0.6em; }
        th, td { border: 1px solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top; }
        thead th, tfoot th { background: #f0f0f0; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .chart { page-break-inside: avoid; margin-bottom: 0.8em; }
        .chart svg { max-width: 100%; height: auto; }
        .note { font-style: italic; color: #444; }

        """
}

import TusoiEngine

extension SummaryReport {
    /// The same report for a phone (a committee member on Zalo, a channel without files): one line a
    /// figure, no table to align in a proportional font, nothing a narrow screen has to wrap.
    public func phoneText(language: ReportLanguage, catalog: Catalog) -> String {
        let words = Words(language, catalog)
        let cell = TextTable.cell
        var lines = [
            cell(committee.uppercased()), cell(heading(words)), "\(words.generatedAt): \(cell(generatedAt))",
        ]
        lines += ["", "1. \(words.overall)"]
        for (label, count, share) in totalsRows(words) {
            lines.append("• \(label): \(count)" + (share.isEmpty ? "" : " (\(share))"))
        }
        lines += ["", "2. \(words.byBranch)"]
        if branches.isEmpty { lines.append(words.noData) }
        for row in branches {
            let counts = row.counts
            lines.append(
                "• \(cell(row.name)): \(words.submitted) \(counts.submitted)/\(counts.members) "
                    + "(\(percent(counts.submitted, of: counts.members, language))) · \(words.inProgress) "
                    + "\(counts.inProgress) · \(words.notStarted) \(counts.notStarted) · \(words.returned) "
                    + "\(counts.returned)")
        }
        lines += ["", "3. \(words.manifestations)"]
        if manifestations.isEmpty { lines.append(words.noData) }
        for group in manifestations {
            lines.append(cell(group.title))
            for item in group.items { lines.append("• \(cell(item.label)): \(item.count)") }
        }
        for (number, title, tallies) in [
            (4, words.ratings, ratings), (5, words.branchRatings, branchRatings),
        ] {
            lines += ["", "\(number). \(title)"]
            if tallies.isEmpty { lines.append(words.noData) }
            let proposals = tallies.reduce(0) { $0 + $1.count }
            for tally in tallies {
                lines.append(
                    "• \(cell(tally.label)): \(tally.count) (\(percent(tally.count, of: proposals, language)))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

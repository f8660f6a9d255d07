import TusoiEngine

extension PaperForm {
    /// The form as readable plain text, for a channel without files (a secretary on Zalo): the same
    /// headings, fields, numbered items and answers as the printed form, never markup. Control
    /// characters in what members wrote are shown as U+FFFD.
    public func plainText(language: ReportLanguage, catalog: Catalog) -> String {
        let words = Words(language, catalog)
        let clean = TranscriptRenderer.neutralizingControls
        let title = Self.present(questionnaireTitle)?.uppercased() ?? words.defaultTitle
        var lines: [String] = [title]
        if let campaign = Self.present(campaignTitle), campaign.uppercased() != title {
            lines.append(clean(campaign))
        }
        if let status = Self.present(status) { lines.append(status) }
        lines.append("")
        for (label, value) in [
            (words.name, memberName), (words.dateOfBirth, dateOfBirth), (words.role, partyRole),
            (words.workplace, workplace), (words.branch, branch),
        ] {
            lines.append("\(label): \(Self.present(value).map(clean) ?? "…")")
        }
        var part: String?
        for (index, section) in sections.enumerated() {
            if let next = Self.present(section.part), next != part {
                part = next
                lines.append("")
                lines.append(clean(next).uppercased())
            }
            lines.append("")
            lines.append(Self.heading(clean(section.title), number: index + 1).uppercased())
            for (number, item) in section.items.enumerated() {
                lines.append("")
                lines.append("\(number + 1). \(clean(item.question))")
                lines.append("→ " + (Self.present(item.answer).map(clean) ?? "…"))
            }
        }
        if let view = branchView {
            lines.append("")
            lines.append(words.branchView)
            lines.append(clean(view.comment))
            if let rating = view.rating { lines.append("\(words.branchRating): \(clean(rating))") }
            lines.append("\(words.memberAnswer): \(view.answer.map(clean) ?? "…")")
        }
        if !history.isEmpty {
            lines.append("")
            lines.append(words.history.uppercased())
            for entry in history {
                // A label that says its date already ("Nộp lần 1: 07/12/2026") is not dated twice.
                let when = entry.label.contains(entry.at) ? "" : ", \(entry.at)"
                lines.append("• \(entry.label)\(when)" + (entry.comment.map { ": " + clean($0) } ?? ""))
            }
        }
        lines.append("")
        lines.append(placeAndDate)
        return lines.joined(separator: "\n")
    }

    /// Several forms as plain text, one after the other, each under a rule.
    public static func plainBook(_ forms: [PaperForm], language: ReportLanguage, catalog: Catalog) -> String {
        forms.map { $0.plainText(language: language, catalog: catalog) }.joined(
            separator: "\n\n────────────\n\n")
    }
}

extension Document {
    /// The document's name as people cite it: its title up to its number ("Quy định 37-QĐ/TW",
    /// "Resolution 04-NQ/TW"), or the whole title when it has no number with a slash.
    func shortName(_ language: Language) -> String {
        let title = title.text(language)
        let words = title.split(separator: " ", omittingEmptySubsequences: true)
        guard let end = words.firstIndex(where: { $0.contains("/") }) else { return title }
        return words[...end].joined(separator: " ").trimmingCharacters(in: .punctuationCharacters)
    }
}

extension Questionnaire {
    /// A citation as people write it, never an internal key: "QD37, điều 3" is shown
    /// "Quy định 37-QĐ/TW, Điều 3", and in English "Regulation 37-QĐ/TW, Article 3".
    public func citationText(_ cite: String, language: Language) -> String {
        let key = cite.prefix { $0 != "," && $0 != " " }
        let rest = cite.dropFirst(key.count)
        guard let document = documents.first(where: { $0.key == key }) else { return cite }
        return document.shortName(language) + Self.localizedCitationWords(String(rest), language: language)
    }

    /// The words of the part after the document, as written in each language.
    private static func localizedCitationWords(_ text: String, language: Language) -> String {
        let words: [(String, String)] =
            language == .vi
            ? [("điều ", "Điều "), ("khoản ", "Khoản ")]
            : [
                ("biểu hiện ", "item "), ("biểu hiện", "items"), ("nhóm ", "group "), ("điều ", "Article "),
                ("Điều ", "Article "), ("khoản ", "clause "), ("mục ", "section "), ("Mẫu ", "Form "),
                ("mẫu ", "form "), ("điểm ", "point "),
            ]
        var out = text
        for (from, to) in words { out = out.replacingOccurrences(of: from, with: to) }
        return out
    }
}

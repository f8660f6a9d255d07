import TusoiEngine

/// The packet a branch secretary takes to the branch meeting: the agenda, each member's submitted
/// self-review in short (shortcomings named, correction plan, proposed rating), the feedback each
/// member received from the others (with who wrote it), the feedback to the branch committee, and
/// blanks for what the meeting concludes. Drafts and members not started are listed by name only:
/// a member's answers reach the meeting once the member sends them.
public struct MeetingPacket: Sendable {
    public struct Item: Sendable, Equatable {
        public var label: String
        public var text: String
    }

    public struct Member: Sendable {
        public var name: String
        public var shortcomings: [Item] = []
        public var plan: [Item] = []
        public var rating: String?
        /// Feedback from fellow members: `label` is who wrote it.
        public var feedback: [Item] = []
    }

    public var committee: String
    public var branchName: String
    public var campaignTitle: String?
    public var date: String
    /// Whether the form rates (has a rating question): only then are ratings asked of the meeting.
    public var rated = false
    public var members: [Member] = []
    /// Feedback to the branch committee: `label` is who wrote it.
    public var toCommittee: [Item] = []
    public var drafts: [String] = []
    public var notStarted: [String] = []
    /// Feedback to members who have not submitted: kept for the meeting all the same.
    public var feedbackToOthers: [(name: String, items: [Item])] = []

    /// The packet as Markdown; every member-written text is escaped, so none can pass for a heading.
    public func markdown(catalog: Catalog, language: Language) -> String {
        func say(_ key: MessageKey, _ values: [String: String] = [:]) -> String {
            catalog.text(key, language, values)
        }
        func escaped(_ text: String) -> String { TranscriptRenderer.escapeMarkdown(text) }
        var out = "\(committee.uppercased())\n\n**\(escaped(branchName).uppercased())**\n\n"
        out += "# " + say(.meetingTitle) + "\n\n"
        if let campaignTitle { out += escaped(campaignTitle) + "\n\n" }
        out += say(.meetingDate, ["date": date]) + "\n\n"
        out +=
            "## " + say(.meetingAgendaHeader) + "\n\n" + say(rated ? .meetingAgenda : .meetingAgendaUnrated)
            + "\n\n"
        for (index, member) in members.enumerated() {
            out += "## \(index + 1). \(escaped(member.name))\n\n"
            out += "### " + say(.meetingShortcomings) + "\n\n"
            out += list(member.shortcomings, empty: say(.meetingNoneNamed), escaped)
            out += "### " + say(.meetingPlan) + "\n\n"
            out += list(member.plan, empty: say(.meetingNoneNamed), escaped)
            if let rating = member.rating {
                out += say(.meetingRating, ["rating": escaped(rating)]) + "\n\n"
            }
            out += "### " + say(.meetingFeedbackReceived) + "\n\n"
            out += list(member.feedback, empty: say(.meetingNoFeedback), escaped)
            out +=
                "### " + say(.meetingConclusion) + "\n\n"
                + say(rated ? .meetingBlanks : .meetingBlanksUnrated) + "\n\n"
        }
        if members.isEmpty { out += say(.meetingNoSubmissions) + "\n\n" }
        out += "## " + say(.meetingToCommittee) + "\n\n"
        out += list(toCommittee, empty: say(.meetingNoFeedback), escaped)
        if !drafts.isEmpty || !notStarted.isEmpty {
            out += "## " + say(.meetingNotSubmitted) + "\n\n"
            if !drafts.isEmpty {
                out += say(.meetingDrafts, ["names": drafts.map(escaped).joined(separator: ", ")]) + "\n\n"
            }
            if !notStarted.isEmpty {
                out +=
                    say(.meetingNotStarted, ["names": notStarted.map(escaped).joined(separator: ", ")])
                    + "\n\n"
            }
            for (name, items) in feedbackToOthers {
                out += "### " + say(.meetingFeedbackTo, ["name": escaped(name)]) + "\n\n"
                out += list(items, empty: say(.meetingNoFeedback), escaped)
            }
        }
        return out
    }

    /// The packet without markup, for a channel that takes no files (Zalo).
    public func plainText(catalog: Catalog, language: Language) -> String {
        markdown(catalog: catalog, language: language).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { line -> String in
            var line = String(line)
            while line.hasPrefix("#") { line.removeFirst() }
            line = line.trimmingCharacters(in: .whitespaces)
            line = line.replacingOccurrences(of: "**", with: "")
            // Markdown's escapes: a backslash before punctuation.
            var out = ""
            var escaping = false
            for character in line {
                if !escaping, character == "\\" {
                    escaping = true
                    continue
                }
                escaping = false
                out.append(character)
            }
            return out
        }.joined(separator: "\n")
    }

    private func list(_ items: [Item], empty: String, _ escaped: (String) -> String) -> String {
        guard !items.isEmpty else { return empty + "\n\n" }
        return items.map { item in
            let text = escaped(item.text).replacingOccurrences(of: "\n", with: "\n  ")
            return item.label.isEmpty ? "- \(text)" : "- **\(escaped(item.label))**: \(text)"
        }.joined(separator: "\n") + "\n\n"
    }
}

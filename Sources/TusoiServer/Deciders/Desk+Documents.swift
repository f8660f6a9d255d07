import TusoiEngine
import TusoiStore

/// The desk's documents: one member's self-review (`/xem`, with its earlier versions) and the whole
/// branch's (`/xemchibo`). Drafts are named, never shown.
extension Desk {
    /// `/xem WHO [vN]`: the member's self-review as a printable document (readable text on a channel
    /// without files); the latest submission, or with `v1` ("lần 1") an earlier one. A review
    /// returned for revision shows its last submission: the revision is a draft until it is sent.
    mutating func pull(_ written: String) throws -> [Reply] {
        var who = written
        var version: Int?
        // A trailing "v1" or "lần 1" is the version, unless the whole text names a member.
        if let (rest, number) = Self.versionSuffix(written), case .failure = try resolve(written) {
            who = rest
            version = number
        }
        let member: MemberRecord
        switch try resolve(who) {
        case .failure(let refusal):
            audit("pull-member-refused", subject: who)
            return [refusal.reply]
        case .success(let found): member = found
        }
        let campaign = try campaign(ofBranch: member.branchID)
        guard
            let line = try reads.progress(branchCode: member.branchCode, campaignID: campaign?.id)
                .first(where: { $0.progress.member.id == member.id }), let session = line.progress.sessionID
        else {
            audit("pull-member", subject: "member \(member.id) (not started)")
            return [Reply(text: text(.staffNotStarted, ["name": member.name]))]
        }
        // Members are told the committee reads their review once they send it: a draft is not shown.
        guard Desk.isSent(line.progress.status) else {
            audit("pull-member", subject: "member \(member.id) (draft, not shown)")
            return [
                Reply(text: text(.staffDraftNotShown, ["name": member.name, "status": statusText(line)]))
            ]
        }
        let submissions = try reads.submissions(sessionID: session)
        let count = submissions.count
        let reference = try reference(member)
        if let version, version != count || line.progress.status == .returned {
            guard (1...max(count, 1)).contains(version), count > 0 else {
                audit("pull-member-refused", subject: "member \(member.id) (no version \(version))")
                return [
                    Reply(
                        text: text(
                            .staffUnknownVersion,
                            ["name": member.name, "count": String(count), "number": String(version)]))
                ]
            }
            audit("pull-member", subject: "member \(member.id) (version \(version) of \(count))")
            let form = try reads.paperForm(
                line.progress, campaign: campaign, language: language, version: version)
            return [
                Reply(
                    text: text(
                        .staffPulledVersion,
                        [
                            "name": member.name, "number": String(version), "count": String(count),
                            "date": CampaignCalendar.day(submissions[version - 1]),
                        ]),
                    attachment: Attachment(
                        name: "tu-kiem-diem-\(member.branchCode)-\(member.id)-v\(version).html",
                        mediaType: "text/html", text: form.html(language: language, catalog: catalog),
                        plainText: form.plainText(language: language, catalog: catalog)))
            ]
        }
        audit(
            "pull-member",
            subject: "member \(member.id)" + (count > 1 ? " (version \(count) of \(count))" : ""))
        // The printable paper form, with the history of submissions and returns.
        let form = try reads.paperForm(line.progress, campaign: campaign, language: language)
        let attachment = Attachment(
            name: "tu-kiem-diem-\(member.branchCode)-\(member.id).html", mediaType: "text/html",
            text: form.html(language: language, catalog: catalog),
            plainText: form.plainText(language: language, catalog: catalog))
        var said = text(.staffPulled, ["name": member.name, "status": statusText(line)])
        if line.progress.status == .returned, let last = submissions.last {
            said +=
                "\n"
                + text(.staffVersionReturned, ["number": String(count), "date": CampaignCalendar.day(last)])
        }
        if count > 1 {
            let earlier = (1..<count).map { "/xem \(reference) v\($0)" }.joined(separator: ", ")
            said += "\n" + text(.staffVersions, ["count": String(count), "commands": earlier])
        }
        return [Reply(text: said, attachment: attachment)]
    }

    /// A version written after the member: "v1", "v 1", "lần 1" (or "lan 1", "bản 1"); the rest is who.
    static func versionSuffix(_ written: String) -> (who: String, version: Int)? {
        let words = written.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 2 else { return nil }
        let last = Folding.fold(words[words.count - 1])
        if last.hasPrefix("v"), let number = Int(last.dropFirst()) {
            return (words.dropLast().joined(separator: " "), number)
        }
        if words.count >= 3, let number = Int(last),
            ["v", "lan", "ban"].contains(Folding.fold(words[words.count - 2]))
        {
            return (words.dropLast(2).joined(separator: " "), number)
        }
        return nil
    }

    mutating func pullBranch(_ code: String?) throws -> [Reply] {
        let branches = try branches(named: code)
        guard !branches.isEmpty else {
            audit("pull-branch-refused", subject: code)
            return [try unknownBranch(code)]
        }
        var replies: [Reply] = []
        for branch in branches {
            let campaign = try campaign(ofBranch: branch.id)
            let active = try reads.progress(branchCode: branch.code, campaignID: campaign?.id)
                .filter { !$0.progress.member.revoked }
            let lines = active.filter { Desk.isSent($0.progress.status) }
            let forms = try lines.map {
                try reads.paperForm($0.progress, campaign: campaign, language: language)
            }
            audit("pull-branch", subject: "branch \(branch.code) (\(lines.count) transcripts)")
            // Drafts are named with how far they are, never shown.
            let numbers = try numbers()
            let drafts = active.filter { !Desk.isSent($0.progress.status) }.map {
                "\(label($0.progress.member, numbers: numbers, qualified: false)) (\(statusText($0)))"
            }
            let pending =
                drafts.isEmpty
                ? ""
                : "\n\n"
                    + text(
                        .staffDraftsListed,
                        ["count": String(drafts.count), "names": drafts.joined(separator: "\n")])
            guard !forms.isEmpty else {
                replies.append(Reply(text: text(.staffNoneSent, ["branch": branch.name]) + pending))
                continue
            }
            replies.append(
                Reply(
                    text: text(.staffPulledBranch, ["branch": branch.name, "count": String(lines.count)])
                        + pending,
                    attachment: Attachment(
                        name: "tu-kiem-diem-\(branch.code).html", mediaType: "text/html",
                        text: PaperForm.htmlBook(forms, language: language, catalog: catalog),
                        plainText: PaperForm.plainBook(forms, language: language, catalog: catalog))))
        }
        return replies
    }
}

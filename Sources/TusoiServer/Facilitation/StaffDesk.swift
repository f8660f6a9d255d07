import TusoiEngine
import TusoiStore

/// Carries out a facilitator's or a committee member's command from the chat, within their reach:
/// a facilitator reaches their own branch, a committee member every branch of their committee.
///
/// Every command is written to the audit log, refused ones included. A member outside the actor's
/// reach is answered exactly like one that does not exist, so that nobody can probe the roster.
struct StaffDesk {
    let service: ChatService
    let actor: MemberRecord
    let channel: String
    let now: Int64

    private var store: SessionStore { service.store }
    private var catalog: Catalog { service.catalog }

    private struct Branch {
        var id: Int64
        var code: String
        var name: String
    }

    /// The language the actor reads: that of their own self-review.
    private var language: Language {
        (try? service.currentSession(ofMember: actor.id))??.state.language ?? .vi
    }

    private func text(_ key: MessageKey, _ values: [String: String] = [:]) -> String {
        catalog.text(key, language, values)
    }

    func run(_ command: StaffCommand) throws -> [Reply] {
        guard actor.role != .member else {
            try audit(command.auditName + "-refused", subject: nil)
            return [Reply(text: text(.staffOnly))]
        }
        switch command {
        case .help:
            return [Reply(text: text(.staffHelp))]
        case .usage(let name):
            try audit(command.auditName, subject: nil)
            let key: MessageKey = name == .returnForRevision ? .staffReturnUsage : .staffHelp
            return [Reply(text: text(key))]
        case .progress(let code), .pending(let code):
            let branches = try branches(named: code)
            guard !branches.isEmpty else {
                try audit(command.auditName + "-refused", subject: code)
                return [try unknownBranch(code)]
            }
            try audit(command.auditName, subject: code)
            let pendingOnly = command != .progress(branch: code)
            return try branches.map { try progress(of: $0, pendingOnly: pendingOnly) }
        case .remind(let who):
            return [try remind(who)]
        case .pull(let who):
            return try pull(who)
        case .pullBranch(let code):
            return try pullBranch(code)
        case .returnForRevision(let who, let comment):
            return [try returnForRevision(who, comment: comment)]
        case .report(let code):
            guard actor.role == .committee else {
                try audit(command.auditName + "-refused", subject: code)
                return [Reply(text: text(.staffCommitteeOnly))]
            }
            let reachable = try reach()
            let campaigns = try reportCampaigns(for: reachable)
            var current: CampaignRecord? = campaigns.first
            if let code {
                current = campaigns.first { Folding.fold($0.code) == Folding.fold(code) }
                guard current != nil else {
                    try audit(command.auditName + "-refused", subject: code)
                    let codes = campaigns.map(\.code).joined(separator: ", ")
                    return [Reply(text: text(.staffUnknownCampaign, ["code": code, "codes": codes]))]
                }
            }
            try audit(command.auditName, subject: current?.code ?? actor.committee)
            // The branches within reach that the campaign takes in (as `tusoi report` counts them).
            let branchCodes = reachable.map(\.code).filter { current?.branchCodes.contains($0) ?? true }
            var builder = SummaryBuilder(store: store, catalog: catalog)
            let report = try builder.build(
                committee: actor.committee, branchCodes: branchCodes, campaign: current, now: now,
                language: language)
            return [
                Reply(text: report.text(language: language)),
                Reply(
                    text: text(.staffReport),
                    attachment: Attachment(
                        name: "bao-cao-tong-hop.html", mediaType: "text/html",
                        text: report.html(language: language))),
            ]
        }
    }

    // MARK: Reach

    /// The branches the actor may see.
    private func reach() throws -> [Branch] {
        let all = try store.branches()
        switch actor.role {
        case .member: return []
        case .facilitator:
            return all.filter { $0.id == actor.branchID }.map {
                Branch(id: $0.id, code: $0.code, name: $0.name)
            }
        case .committee:
            return all.filter {
                $0.id == actor.branchID || (!actor.committee.isEmpty && $0.committee == actor.committee)
            }
            .map { Branch(id: $0.id, code: $0.code, name: $0.name) }
        }
    }

    private struct Refusal: Error {
        var reply: Reply
    }

    /// The branches a command names (by code) within reach; without a code, a facilitator's own
    /// branch or every branch of a committee member. Empty when the code names nothing within reach.
    private func branches(named code: String?) throws -> [Branch] {
        let reachable = try reach()
        guard let code else { return reachable }
        let wanted = Folding.fold(code)
        return reachable.filter { Folding.fold($0.code) == wanted }
    }

    private func unknownBranch(_ code: String?) throws -> Reply {
        let codes = try reach().map(\.code).joined(separator: ", ")
        return Reply(text: text(.staffUnknownBranch, ["code": code ?? "", "codes": codes]))
    }

    /// The member a command names, by number (the member's id, as /progress shows it) or by name.
    private func resolve(_ who: String) throws -> Result<MemberRecord, Refusal> {
        let reachable = Set(try reach().map(\.id))
        let candidates = try store.members(branchCode: nil).filter { reachable.contains($0.branchID) }
        let trimmed = who.hasPrefix("#") ? String(who.dropFirst()) : who
        if let id = Int64(trimmed) {
            if let member = candidates.first(where: { $0.id == id }) { return .success(member) }
            return .failure(Refusal(reply: Reply(text: text(.staffUnknownMember, ["who": who]))))
        }
        // Every word written must be a whole word of the name: "an" finds "Nguyễn Văn An", not "Văn".
        let wanted = Folding.words(who)
        let matches =
            wanted.isEmpty
            ? []
            : candidates.filter { candidate in
                let words = Set(Folding.words(candidate.name))
                return wanted.allSatisfy(words.contains)
            }
        switch matches.count {
        case 1: return .success(matches[0])
        case 0: return .failure(Refusal(reply: Reply(text: text(.staffUnknownMember, ["who": who]))))
        default:
            let names = matches.prefix(8).map { "\($0.id). \($0.name)" }.joined(separator: "; ")
            return .failure(
                Refusal(reply: Reply(text: text(.staffAmbiguousMember, ["who": who, "names": names]))))
        }
    }

    /// The campaigns that take in at least one of `branches`, the best fit for a report first: open
    /// ones before closed ones, then those that take in more of the branches, then the newest.
    private func reportCampaigns(for branches: [Branch]) throws -> [CampaignRecord] {
        let codes = Set(branches.map(\.code))
        let covering = try store.campaigns().map { campaign in
            (campaign: campaign, covered: campaign.branchCodes.filter(codes.contains).count)
        }
        .filter { $0.covered > 0 }
        return covering.sorted { left, right in
            let leftOpen = left.campaign.isOpen(at: now)
            let rightOpen = right.campaign.isOpen(at: now)
            if leftOpen != rightOpen { return leftOpen }
            if left.covered != right.covered { return left.covered > right.covered }
            return (left.campaign.opensAt, left.campaign.id) > (right.campaign.opensAt, right.campaign.id)
        }
        .map(\.campaign)
    }

    /// The campaign a branch is in now, or the last one it was in.
    private func campaign(ofBranch id: Int64) throws -> CampaignRecord? {
        if let open = try store.openCampaign(branchID: id, now: now) { return open }
        let code = try store.branches().first { $0.id == id }?.code
        return try store.campaigns().last { campaign in code.map(campaign.branchCodes.contains) ?? false }
    }

    // MARK: Commands

    private func statusText(_ line: Reports.Line) -> String {
        switch line.progress.status {
        case "submitted":
            return text(.statusSubmitted, ["date": line.progress.updatedAt.map(CampaignCalendar.day) ?? ""])
        case "returned": return text(.statusReturned)
        case "in-progress": return text(.statusInProgress, ["percent": String(line.percent ?? 0)])
        default: return text(.statusNotStarted)
        }
    }

    private func progress(of branch: Branch, pendingOnly: Bool) throws -> Reply {
        let campaign = try self.campaign(ofBranch: branch.id)
        var reports = Reports(store: store, catalog: catalog)
        let lines = try reports.progress(branchCode: branch.code, campaignID: campaign?.id).filter {
            !$0.progress.member.revoked
        }
        func count(_ status: String) -> String { String(lines.filter { $0.progress.status == status }.count) }
        let header = text(
            .staffProgressHeader,
            [
                "branch": branch.name,
                "campaign": try campaign?.title ?? service.shelf.defaultQuestionnaire().title.text(language),
                "submitted": count("submitted"), "total": String(lines.count),
                "inProgress": count("in-progress"),
                "returned": count("returned"), "notStarted": count("not-started"),
            ])
        let shown = pendingOnly ? lines.filter { $0.progress.status != "submitted" } : lines
        if pendingOnly && shown.isEmpty { return Reply(text: header + "\n\n" + text(.staffAllDone)) }
        let list = shown.map { "\($0.progress.member.id). \($0.progress.member.name): \(statusText($0))" }
        let title = pendingOnly ? "\n\n" + text(.staffPendingHeader, ["count": String(shown.count)]) : "\n"
        return Reply(text: header + title + "\n" + list.joined(separator: "\n"))
    }

    private func remind(_ who: String?) throws -> Reply {
        var targets: [MemberRecord] = []
        if let who {
            switch try resolve(who) {
            case .failure(let refusal):
                try audit("remind-refused", subject: who)
                return refusal.reply
            case .success(let member): targets = [member]
            }
        } else {
            targets = try reach().flatMap { branch in
                try store.progress(branchCode: branch.code, campaignID: try campaign(ofBranch: branch.id)?.id)
                    .filter { $0.status != "submitted" && !$0.member.revoked }.map(\.member)
            }
        }
        var reached = 0
        for member in targets where !member.revoked && member.id != actor.id {
            let campaign = try campaign(ofBranch: member.branchID)
            let memberLanguage = try service.currentSession(ofMember: member.id)?.state.language ?? .vi
            let values = [
                "from": actor.name,
                "title": try campaign?.title
                    ?? service.shelf.defaultQuestionnaire().title.text(memberLanguage),
                "deadline": campaign.map(CampaignCalendar.deadline)
                    ?? catalog.text(.deadlineNone, memberLanguage),
            ]
            let key: MessageKey = campaign == nil ? .reminderByFacilitatorNoDeadline : .reminderByFacilitator
            let reply = Reply(text: catalog.text(key, memberLanguage, values))
            if try Notifier(store: store).send([reply], toMember: member.id, kind: "reminder", now: now) > 0 {
                reached += 1
            }
        }
        try audit("remind", subject: who.map { "member \($0)" } ?? "branch")
        return Reply(
            text: reached == 0 ? text(.staffRemindedNone) : text(.staffReminded, ["count": String(reached)]))
    }

    private func pull(_ who: String) throws -> [Reply] {
        let member: MemberRecord
        switch try resolve(who) {
        case .failure(let refusal):
            try audit("pull-member-refused", subject: who)
            return [refusal.reply]
        case .success(let found): member = found
        }
        let campaign = try campaign(ofBranch: member.branchID)
        var reports = Reports(store: store, catalog: catalog)
        guard
            let line = try reports.progress(branchCode: member.branchCode, campaignID: campaign?.id)
                .first(where: { $0.progress.member.id == member.id }), line.progress.sessionID != nil
        else {
            try audit("pull-member", subject: "member \(member.id) (not started)")
            return [Reply(text: text(.staffNotStarted, ["name": member.name]))]
        }
        try audit("pull-member", subject: "member \(member.id)")
        // The printable paper form, with the history of submissions and returns.
        let form = try reports.paperForm(line.progress, campaign: campaign, language: language)
        let attachment = Attachment(
            name: "tu-kiem-diem-\(member.branchCode)-\(member.id).html", mediaType: "text/html",
            text: form.html(language: language))
        return [
            Reply(
                text: text(.staffPulled, ["name": member.name, "status": statusText(line)]),
                attachment: attachment)
        ]
    }

    private func pullBranch(_ code: String?) throws -> [Reply] {
        let branches = try branches(named: code)
        guard !branches.isEmpty else {
            try audit("pull-branch-refused", subject: code)
            return [try unknownBranch(code)]
        }
        var replies: [Reply] = []
        for branch in branches {
            var reports = Reports(store: store, catalog: catalog)
            let campaign = try campaign(ofBranch: branch.id)
            let lines = try reports.progress(branchCode: branch.code, campaignID: campaign?.id)
                .filter { $0.progress.sessionID != nil && !$0.progress.member.revoked }
            let forms = try lines.map {
                try reports.paperForm($0.progress, campaign: campaign, language: language)
            }
            try audit("pull-branch", subject: "branch \(branch.code) (\(lines.count) transcripts)")
            replies.append(
                Reply(
                    text: text(.staffPulledBranch, ["branch": branch.name, "count": String(lines.count)]),
                    attachment: Attachment(
                        name: "tu-kiem-diem-\(branch.code).html", mediaType: "text/html",
                        text: PaperForm.htmlBook(forms, language: language))))
        }
        return replies
    }

    private func returnForRevision(_ who: String, comment: String) throws -> Reply {
        let member: MemberRecord
        switch try resolve(who) {
        case .failure(let refusal):
            try audit("return-for-revision-refused", subject: who)
            return refusal.reply
        case .success(let found): member = found
        }
        guard try service.returnForRevision(memberID: member.id, comment: comment, now: now) else {
            try audit("return-for-revision-refused", subject: "member \(member.id) (not submitted)")
            return Reply(text: text(.staffNotSubmitted, ["name": member.name]))
        }
        try audit("return-for-revision", subject: "member \(member.id)")
        return Reply(text: text(.staffReturned, ["name": member.name]))
    }

    private func audit(_ action: String, subject: String?) throws {
        try store.audit(
            actor: "member \(actor.id)", action: action, subject: subject, channel: channel, now: now)
    }

    // MARK: Notifications

    /// Tells the facilitators of the member's branch that the member submitted.
    static func notifySubmission(
        of member: MemberRecord, campaignID: Int64?, again: Bool, service: ChatService, now: Int64
    ) throws {
        let branch = try service.store.progress(branchCode: member.branchCode, campaignID: campaignID)
            .filter { !$0.member.revoked }
        let submitted = branch.filter { $0.status == "submitted" || $0.member.id == member.id }.count
        for facilitator in branch.map(\.member)
        where facilitator.role == .facilitator && facilitator.id != member.id {
            let language = try service.currentSession(ofMember: facilitator.id)?.state.language ?? .vi
            let values = [
                "name": member.name, "branch": member.branchName, "submitted": String(submitted),
                "total": String(branch.count),
            ]
            let key: MessageKey = again ? .notifyResubmitted : .notifySubmitted
            let reply = Reply(text: service.catalog.text(key, language, values))
            try Notifier(store: service.store).send(
                [reply], toMember: facilitator.id, kind: "submitted", now: now)
        }
    }
}

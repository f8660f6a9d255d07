import TusoiEngine
import TusoiStore

/// Decides a facilitator's or a committee member's command from the chat, within their reach:
/// a facilitator reaches their own branch, a committee member every branch of their committee.
///
/// It reads through ``DeskReads`` and writes nothing: the replies and the effects (audit lines,
/// notifications, a self-review reopened) are its answer. Every command is audited, refused ones
/// included. A member outside the actor's reach is answered exactly like one that does not exist,
/// so that nobody can probe the roster.
struct Desk {
    let reads: any DeskReads
    let catalog: Catalog
    let actor: MemberRecord
    let channel: String
    let now: Int64
    /// The messenger identity the command came from, for the audit log.
    let identity: String
    /// The messenger account the command came from, where a confirmation is awaited.
    let user: String
    /// A fresh invite code, drawn by the host, for a command that issues one (`/capma`).
    let newCode: String?
    /// What the command wants done besides its replies.
    private(set) var effects: [BotEffect] = []

    init(
        reads: any DeskReads, catalog: Catalog, actor: MemberRecord, channel: String, user: String,
        now: Int64,
        newCode: String? = nil
    ) {
        self.reads = reads
        self.catalog = catalog
        self.actor = actor
        self.channel = channel
        self.user = user
        self.identity = AuditLine.identity(channel, user)
        self.now = now
        self.newCode = newCode
    }

    /// Decides `command`: the replies to the actor and, in ``effects``, the rest.
    /// - Parameters:
    ///   - newCode: a fresh invite code, for `/capma` (the desk draws nothing at random).
    static func decide(
        _ command: StaffCommand, reads: any DeskReads, catalog: Catalog, actor: MemberRecord, channel: String,
        user: String, now: Int64, newCode: String? = nil
    ) throws -> (replies: [Reply], effects: [BotEffect]) {
        var desk = Desk(
            reads: reads, catalog: catalog, actor: actor, channel: channel, user: user, now: now,
            newCode: newCode)
        let replies = try desk.run(command)
        return (replies, desk.effects)
    }

    struct Branch {
        var id: Int64
        var code: String
        var name: String
    }

    /// The language the actor reads: that of their own self-review.
    var language: Language {
        (try? reads.session(ofMember: actor.id))??.state.language ?? .vi
    }

    func text(_ key: MessageKey, _ values: [String: String] = [:]) -> String {
        catalog.text(key, language, values)
    }

    mutating func run(_ command: StaffCommand) throws -> [Reply] {
        guard actor.role != .member else {
            audit(command.auditName + "-refused", subject: nil)
            return [Reply(text: text(.staffOnly))]
        }
        switch command {
        case .help:
            return [Reply(text: text(.staffHelp))]
        case .usage(let name):
            audit(command.auditName, subject: nil)
            let key: MessageKey =
                switch name {
                case .returnForRevision: .staffReturnUsage
                case .conclude: .staffConcludeUsage
                case .reissue: .staffReissueUsage
                case .unlink: .staffUnlinkUsage
                default: .staffHelp
                }
            return [Reply(text: text(key))]
        case .progress(let code), .pending(let code):
            let branches = try branches(named: code)
            guard !branches.isEmpty else {
                audit(command.auditName + "-refused", subject: code)
                return [try unknownBranch(code)]
            }
            audit(command.auditName, subject: code)
            let pendingOnly = command != .progress(branch: code)
            return try branches.map { try progress(of: $0, pendingOnly: pendingOnly) }
        case .remind(let who):
            return [try remind(who)]
        case .pull(let who):
            return try pull(who)
        case .pullBranch(let code):
            return try pullBranch(code)
        case .meeting(let code):
            return try meeting(code)
        case .returnForRevision(let written):
            return [try returnForRevision(written)]
        case .conclude(let written):
            return [try conclude(written)]
        case .members(let code):
            return try members(code)
        case .reissue(let who):
            return [try reissue(who)]
        case .unlink(let written):
            return [try askToUnlink(written)]
        case .report(let code):
            guard actor.role == .committee else {
                audit(command.auditName + "-refused", subject: code)
                return [Reply(text: text(.staffCommitteeOnly))]
            }
            let reachable = try reach()
            let campaigns = try reportCampaigns(for: reachable)
            var current: CampaignRecord? = campaigns.first
            if let code {
                current = campaigns.first { Folding.fold($0.code) == Folding.fold(code) }
                guard current != nil else {
                    audit(command.auditName + "-refused", subject: code)
                    let codes = campaigns.map(\.code).joined(separator: ", ")
                    return [Reply(text: text(.staffUnknownCampaign, ["code": code, "codes": codes]))]
                }
            }
            audit(command.auditName, subject: current?.code ?? actor.committee)
            // The branches within reach that the campaign takes in (as `tusoi report` counts them).
            let branchCodes = reachable.map(\.code).filter { current?.branchCodes.contains($0) ?? true }
            let report = try reads.summary(
                committee: actor.committee, branchCodes: branchCodes, campaign: current, now: now,
                language: language)
            // The summary as text for a phone (one line a figure), with the full report (charts) as a
            // file where files go; where they do not, the text is the report.
            return [
                Reply(
                    text: report.phoneText(language: language, catalog: catalog),
                    attachment: Attachment(
                        name: "bao-cao-tong-hop.html", mediaType: "text/html",
                        text: report.html(language: language, catalog: catalog), plainText: ""))
            ]
        }
    }

    // MARK: Reach

    /// The branches the actor may see.
    func reach() throws -> [Branch] {
        let all = try reads.branches()
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

    struct Refusal: Error {
        var reply: Reply
    }

    /// The branches a command names (by code) within reach; without a code, a facilitator's own
    /// branch or every branch of a committee member. Empty when the code names nothing within reach.
    func branches(named code: String?) throws -> [Branch] {
        let reachable = try reach()
        guard let code else { return reachable }
        let wanted = Folding.fold(code)
        return reachable.filter { Folding.fold($0.code) == wanted }
    }

    func unknownBranch(_ code: String?) throws -> Reply {
        let codes = try reach().map(\.code).joined(separator: ", ")
        return Reply(text: text(.staffUnknownBranch, ["code": code ?? "", "codes": codes]))
    }

    /// Each member's number in the chat: their place in their branch's list, in the order they were
    /// added, revoked members included, so that a number stays the same member during a campaign.
    func numbers() throws -> [Int64: Int] {
        var next: [Int64: Int] = [:]
        var numbers: [Int64: Int] = [:]
        for member in try reads.members().sorted(by: { $0.id < $1.id }) {
            next[member.branchID, default: 0] += 1
            numbers[member.id] = next[member.branchID]
        }
        return numbers
    }

    /// How a member is named in a list the actor reads: "3. Name", or "cb24 3. Name" for a committee
    /// member who reaches several branches.
    func label(_ member: MemberRecord, numbers: [Int64: Int], qualified: Bool) -> String {
        let number = numbers[member.id].map(String.init) ?? "?"
        return (qualified ? "\(member.branchCode) \(number)" : number) + ". " + member.name
    }

    /// The member a command names: by number (their place in their branch's list, as /tiendo shows
    /// it; "cb24 3" where the actor reaches several branches) or by name.
    func resolve(_ who: String) throws -> Result<MemberRecord, Refusal> {
        let branches = try reach()
        let reachable = Set(branches.map(\.id))
        var candidates = try reads.members().filter { reachable.contains($0.branchID) }
        let numbers = try numbers()
        var words = Folding.words(who.hasPrefix("#") ? String(who.dropFirst()) : who).map(String.init)
        // "cb24 3", "cb24-3": a branch code first narrows the search to that branch.
        for branch in branches {
            let code = Folding.words(branch.code).map(String.init)
            if !code.isEmpty, words.count > code.count, Array(words.prefix(code.count)) == code {
                candidates = candidates.filter { $0.branchID == branch.id }
                words.removeFirst(code.count)
                break
            }
        }
        let unknown = Refusal(reply: Reply(text: text(.staffUnknownMember, ["who": who])))
        let matches: [MemberRecord]
        if words.count == 1, let number = Int(words[0]) {
            matches = candidates.filter { numbers[$0.id] == number }
        } else {
            // Every word written must be a whole word of the name: "an" finds "Nguyễn Văn An", not "Văn".
            matches =
                words.isEmpty
                ? []
                : candidates.filter { candidate in
                    let name = Set(Folding.words(candidate.name).map(String.init))
                    return words.allSatisfy(name.contains)
                }
        }
        switch matches.count {
        case 1: return .success(matches[0])
        case 0: return .failure(unknown)
        default:
            let names = matches.prefix(8).map { label($0, numbers: numbers, qualified: branches.count > 1) }
                .joined(separator: "; ")
            return .failure(
                Refusal(reply: Reply(text: text(.staffAmbiguousMember, ["who": who, "names": names]))))
        }
    }

    /// The campaigns that take in at least one of `branches`, the best fit for a report first: open
    /// ones before closed ones, then those that take in more of the branches, then the newest.
    private func reportCampaigns(for branches: [Branch]) throws -> [CampaignRecord] {
        let codes = Set(branches.map(\.code))
        let covering = try reads.campaigns().map { campaign in
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
    func campaign(ofBranch id: Int64) throws -> CampaignRecord? {
        if let open = try reads.openCampaign(branchID: id, now: now) { return open }
        let code = try reads.branches().first { $0.id == id }?.code
        return try reads.campaigns().last { campaign in code.map(campaign.branchCodes.contains) ?? false }
    }

    // MARK: Commands

    func statusText(_ line: Reports.Line) -> String {
        switch line.progress.status {
        case .submitted:
            return text(.statusSubmitted, ["date": line.progress.updatedAt.map(CampaignCalendar.day) ?? ""])
        case .returned: return text(.statusReturned)
        case .inProgress: return text(.statusInProgress, ["percent": String(line.percent ?? 0)])
        case .notStarted: return text(.statusNotStarted)
        }
    }

    private func progress(of branch: Branch, pendingOnly: Bool) throws -> Reply {
        let campaign = try self.campaign(ofBranch: branch.id)
        let lines = try reads.progress(branchCode: branch.code, campaignID: campaign?.id).filter {
            !$0.progress.member.revoked
        }
        func count(_ status: ReviewStatus) -> String {
            String(lines.filter { $0.progress.status == status }.count)
        }
        let header = text(
            .staffProgressHeader,
            [
                "branch": branch.name,
                "campaign": try campaign?.title ?? reads.defaultQuestionnaire().title.text(language),
                "submitted": count(.submitted), "total": String(lines.count),
                "inProgress": count(.inProgress),
                "returned": count(.returned), "notStarted": count(.notStarted),
            ])
        let shown = pendingOnly ? lines.filter { $0.progress.status != .submitted } : lines
        if pendingOnly && shown.isEmpty { return Reply(text: header + "\n\n" + text(.staffAllDone)) }
        let numbers = try numbers()
        let list = shown.map {
            "\(label($0.progress.member, numbers: numbers, qualified: false)): \(statusText($0))"
        }
        let title = pendingOnly ? "\n\n" + text(.staffPendingHeader, ["count": String(shown.count)]) : "\n"
        return Reply(text: header + title + "\n" + list.joined(separator: "\n"))
    }

    private mutating func remind(_ who: String?) throws -> Reply {
        var targets: [MemberRecord] = []
        if let who {
            switch try resolve(who) {
            case .failure(let refusal):
                audit("remind-refused", subject: who)
                return refusal.reply
            case .success(let member): targets = [member]
            }
        } else {
            targets = try reach().flatMap { branch in
                try reads.progress(branchCode: branch.code, campaignID: try campaign(ofBranch: branch.id)?.id)
                    .map(\.progress).filter { $0.status != .submitted && !$0.member.revoked }.map(\.member)
            }
        }
        var reached = 0
        for member in targets where !member.revoked && member.id != actor.id {
            let campaign = try campaign(ofBranch: member.branchID)
            let memberLanguage = try reads.session(ofMember: member.id)?.state.language ?? .vi
            let values = [
                "from": actor.name,
                "title": try campaign?.title
                    ?? reads.defaultQuestionnaire().title.text(memberLanguage),
                "deadline": campaign.map(CampaignCalendar.deadline)
                    ?? catalog.text(.deadlineNone, memberLanguage),
            ]
            let key: MessageKey = campaign == nil ? .reminderByFacilitatorNoDeadline : .reminderByFacilitator
            let reply = Reply(text: catalog.text(key, memberLanguage, values))
            effects.append(.notify(memberID: member.id, replies: [reply], kind: .reminder))
            if try reads.identities(memberID: member.id).contains(where: { !$0.blocked }) { reached += 1 }
        }
        audit("remind", subject: who.map { "member \($0)" } ?? "branch")
        return Reply(
            text: reached == 0 ? text(.staffRemindedNone) : text(.staffReminded, ["count": String(reached)]))
    }

    /// Whether a review has been sent to the branch: submitted, or submitted and returned for revision.
    static func isSent(_ status: ReviewStatus) -> Bool { status == .submitted || status == .returned }

    /// Adds an effect to the decision (the commands in other files go through here).
    mutating func emit(_ effect: BotEffect) {
        effects.append(effect)
    }

    mutating func audit(_ action: String, subject: String?) {
        effects.append(
            .audit(
                AuditLine(
                    actor: "member \(actor.id) (\(identity))", action: action, subject: subject,
                    channel: channel)))
    }
}

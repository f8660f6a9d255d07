import TusoiEngine
import TusoiStore

/// The desk's roster commands, as `tusoi member list`, `tusoi invite --member ID [--reissue]` and
/// `tusoi member unlink` do on the command line: the branch's list with who has linked an account
/// (`/danhsach`), a new code for one member (`/capma`), and unlinking a lost phone (`/golienket`),
/// which waits for the secretary's yes (see `Desk+Confirmation.swift`).
extension Desk {
    /// How long a code issued in the chat can be used, as `tusoi invite` gives by default.
    static let codeDays: Int64 = 14

    /// `/danhsach [BRANCH]`: every member of each branch within reach, by their number in the chat,
    /// with their messenger accounts (or none yet), a usable code, and where their self-review stands.
    mutating func members(_ code: String?) throws -> [Reply] {
        let branches = try branches(named: code)
        guard !branches.isEmpty else {
            audit("list-members-refused", subject: code)
            return [try unknownBranch(code)]
        }
        let numbers = try numbers()
        let everyone = try reads.members().sorted { $0.id < $1.id }
        return try branches.map { branch in
            let campaign = try campaign(ofBranch: branch.id)
            var reviews: [Int64: Reports.Line] = [:]
            for line in try reads.progress(branchCode: branch.code, campaignID: campaign?.id) {
                reviews[line.progress.member.id] = line
            }
            let members = everyone.filter { $0.branchID == branch.id }
            var linked = 0
            var rows: [String] = []
            for member in members {
                let number = numbers[member.id].map(String.init) ?? "?"
                guard !member.revoked else {
                    rows.append(text(.staffMembersRevoked, ["number": number, "name": member.name]))
                    continue
                }
                let accounts = try reads.identities(memberID: member.id)
                if !accounts.isEmpty { linked += 1 }
                var parts =
                    accounts.isEmpty
                    ? [text(.staffMembersNotLinked)]
                    : [
                        accounts.map {
                            let name = Door.displayName(ofChannel: $0.channel)
                            return $0.blocked ? text(.staffMembersBlocked, ["channel": name]) : name
                        }
                        .joined(separator: ", ")
                    ]
                if let invite = try reads.usableInvite(memberID: member.id, now: now) {
                    let key: MessageKey =
                        invite.purpose == .reissue ? .staffMembersReissuedCode : .staffMembersCode
                    parts.append(text(key, ["date": CivilDate(vietnamTime: invite.expiresAt).vietnamese]))
                } else if accounts.isEmpty {
                    parts.append(text(.staffMembersNoCode))
                }
                rows.append(
                    text(
                        .staffMembersLine,
                        [
                            "number": number, "name": member.name, "role": roleText(member.role),
                            "accounts": parts.joined(separator: ", "),
                            "review": reviews[member.id].map(statusText) ?? text(.statusNotStarted),
                        ]))
            }
            audit("list-members", subject: "branch \(branch.code) (\(members.count) members)")
            let active = members.filter { !$0.revoked }.count
            let header = text(
                .staffMembersHeader,
                [
                    "branch": branch.name, "count": String(active), "linked": String(linked),
                    "unlinked": String(active - linked),
                ])
            // One member a line, so that a long list is split between members on a short channel.
            return Reply(
                text: header + "\n" + rows.joined(separator: "\n") + "\n\n" + text(.staffMembersFooter))
        }
    }

    private func roleText(_ role: MemberRecord.Role) -> String {
        switch role {
        case .member: return ""
        case .facilitator: return " (" + text(.staffRoleFacilitator) + ")"
        case .committee: return " (" + text(.staffRoleCommittee) + ")"
        }
    }

    /// A new code drawn by the host was missing: a bug of the host, never the secretary's doing.
    struct MissingCode: Error {}

    /// `/capma WHO`: a new code for the member, their earlier codes void. For a member who has an
    /// account linked already, the code links another one (a new phone), and their accounts and the
    /// branch's secretaries are told when it is used, as with `tusoi invite --member ID --reissue`.
    mutating func reissue(_ who: String) throws -> Reply {
        let member: MemberRecord
        switch try resolve(who) {
        case .failure(let refusal):
            audit("reissue-invite-refused", subject: who)
            return refusal.reply
        case .success(let found): member = found
        }
        guard !member.revoked else {
            audit("reissue-invite-refused", subject: "member \(member.id) (revoked)")
            return Reply(text: text(.staffReissueRevoked, ["name": member.name]))
        }
        guard let code = newCode else { throw MissingCode() }
        let accounts = try reads.identities(memberID: member.id)
        let purpose: InviteRecord.Purpose = accounts.isEmpty ? .first : .reissue
        let expires = now + Desk.codeDays * 86_400
        emit(.issueInvite(code: code, memberID: member.id, purpose: purpose, expiresAt: expires))
        audit(purpose == .reissue ? "reissue-invite" : "issue-invite", subject: "member \(member.id)")
        let linked =
            accounts.isEmpty
            ? ""
            : " " + text(.staffReissuedLinked, ["accounts": Self.channelNames(accounts.map(\.channel))])
        return Reply(
            text: text(
                .staffReissued,
                [
                    "name": member.name, "branch": member.branchName, "code": InviteCode.display(code),
                    "date": CivilDate(vietnamTime: expires).vietnamese,
                ]) + linked)
    }

    /// `/golienket WHO [MESSENGER]`: asks the secretary to confirm unlinking the member's accounts
    /// (those on one messenger, if named) and voiding their codes; nothing is done until they say yes.
    mutating func askToUnlink(_ written: String) throws -> Reply {
        let words = written.split(whereSeparator: \.isWhitespace).map(String.init)
        var found: (member: MemberRecord, messenger: String?)?
        var refusal: Refusal?
        switch try resolve(written) {
        case .success(let member): found = (member, nil)
        case .failure(let first):
            refusal = first
            // "3 zalo": who, then the one messenger.
            if words.count >= 2,
                case .success(let member) = try resolve(words.dropLast().joined(separator: " "))
            {
                found = (member, words[words.count - 1])
            }
        }
        guard let (member, messenger) = found else {
            audit("unlink-accounts-refused", subject: written)
            return refusal?.reply ?? Reply(text: text(.staffUnlinkUsage))
        }
        let accounts = try reads.identities(memberID: member.id)
        let chosen =
            messenger.map { name in accounts.filter { Self.isMessenger($0.channel, named: name) } }
            ?? accounts
        let values = [
            "name": member.name, "branch": member.branchName, "number": try reference(member),
            "accounts": Self.channelNames(chosen.map(\.channel)),
        ]
        if let messenger, chosen.isEmpty {
            audit("unlink-accounts-refused", subject: "member \(member.id) (no account on \(messenger))")
            let linked =
                accounts.isEmpty ? text(.staffMembersNotLinked) : Self.channelNames(accounts.map(\.channel))
            return Reply(
                text: text(
                    .staffUnlinkNoMessenger, ["name": member.name, "channel": messenger, "accounts": linked]))
        }
        let invite = try reads.usableInvite(memberID: member.id, now: now)
        guard !chosen.isEmpty || invite != nil else {
            audit("unlink-accounts-refused", subject: "member \(member.id) (nothing to unlink)")
            return Reply(text: text(.staffUnlinkNothing, ["name": member.name]))
        }
        // The account the secretary writes from would cut the conversation in which they confirm.
        if chosen.contains(where: { AuditLine.identity($0.channel, $0.user) == identity }) {
            audit("unlink-accounts-refused", subject: "member \(member.id) (the account in use)")
            return Reply(text: text(.staffUnlinkSelf, ["number": try reference(member)]))
        }
        let only = messenger == nil ? nil : chosen.first?.channel
        emit(
            .awaitConfirmation(
                channel: channel, user: user,
                PendingConfirmation(
                    actorID: actor.id, action: .unlink, memberID: member.id, memberChannel: only, askedAt: now
                )))
        audit("unlink-asked", subject: "member \(member.id)" + (only.map { " on \($0)" } ?? ""))
        var ask = values
        ask["date"] = invite.map { CivilDate(vietnamTime: $0.expiresAt).vietnamese } ?? ""
        return Reply(
            text: text(chosen.isEmpty ? .staffUnlinkAskCode : .staffUnlinkAsk, ask),
            buttons: [
                Button(label: text(.staffConfirmYes), payload: Desk.confirmYes),
                Button(label: text(.staffConfirmNo), payload: Desk.confirmNo),
            ])
    }

    /// How the actor names a member in a command: their number, with the branch's code for a
    /// committee member who reaches several branches ("cb24 3").
    func reference(_ member: MemberRecord) throws -> String {
        let number = try numbers()[member.id].map(String.init) ?? "?"
        return try reach().count > 1 ? "\(member.branchCode) \(number)" : number
    }

    /// Messengers as people name them, each once: "Zalo, Telegram".
    static func channelNames(_ channels: [String]) -> String {
        var seen: [String] = []
        for name in channels.map(Door.displayName(ofChannel:)) where !seen.contains(name) {
            seen.append(name)
        }
        return seen.joined(separator: ", ")
    }

    /// Whether `channel` is the messenger the secretary wrote ("zalo", "Zalo", "telegram").
    static func isMessenger(_ channel: String, named name: String) -> Bool {
        Folding.fold(channel) == Folding.fold(name)
            || Folding.fold(Door.displayName(ofChannel: channel)) == Folding.fold(name)
    }
}

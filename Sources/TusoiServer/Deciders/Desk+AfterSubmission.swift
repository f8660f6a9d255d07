import TusoiEngine
import TusoiStore
import TusoiWire

/// The desk's commands about a self-review once it is sent: the meeting packet (`/hop`), the
/// return for revision (`/tralai`) and the branch's conclusion after the meeting (`/ketluan`).
extension Desk {
    /// `/hop [BRANCH]`: the meeting packet of each branch the actor reaches, as a file (as text on a
    /// channel without files). Drafts are named in it, never shown.
    mutating func meeting(_ code: String?) throws -> [Reply] {
        let branches = try branches(named: code)
        guard !branches.isEmpty else {
            audit("meeting-packet-refused", subject: code)
            return [try unknownBranch(code)]
        }
        return try branches.map { branch in
            let campaign = try campaign(ofBranch: branch.id)
            let packet = try reads.meetingPacket(
                branchCode: branch.code, campaign: campaign, date: CivilDate(vietnamTime: now).vietnamese,
                language: language)
            audit("meeting-packet", subject: "branch \(branch.code) (\(packet.members.count) reviews)")
            return Reply(
                text: text(
                    .staffMeetingPacket, ["branch": branch.name, "count": String(packet.members.count)]),
                attachment: Attachment(
                    name: "hop-\(branch.code).md", mediaType: "text/markdown",
                    text: packet.markdown(catalog: catalog, language: language),
                    plainText: packet.plainText(catalog: catalog, language: language)))
        }
    }

    /// `/tralai WHO COMMENT`: the longest start of the text that names one member is who (so that
    /// "Nguyễn Thị Lan cần bổ sung" is Lan, with "cần bổ sung"), the rest is the comment.
    mutating func returnForRevision(_ written: String) throws -> Reply {
        let words = written.split(whereSeparator: \.isWhitespace)
        var found: (member: MemberRecord, comment: String)?
        var firstRefusal: Refusal?
        for count in stride(from: min(words.count - 1, 6), through: 1, by: -1) {
            let who = words.prefix(count).joined(separator: " ")
            switch try resolve(who) {
            case .success(let member):
                found = (member, words.dropFirst(count).joined(separator: " "))
            case .failure(let refusal):
                if count == 1 { firstRefusal = refusal }
            }
            if found != nil { break }
        }
        guard let (member, comment) = found else {
            audit("return-for-revision-refused", subject: words.first.map(String.init))
            return firstRefusal?.reply ?? Reply(text: text(.staffReturnUsage))
        }
        guard try reopen(memberID: member.id, comment: comment) else {
            audit("return-for-revision-refused", subject: "member \(member.id) (not submitted)")
            return Reply(text: text(.staffNotSubmitted, ["name": member.name]))
        }
        audit("return-for-revision", subject: "member \(member.id)")
        return Reply(text: text(.staffReturned, ["name": member.name]))
    }

    /// The ratings a branch proposes (Quy định 366-QĐ/TW, Điều 11), as typed after the member in
    /// `/ketluan`, longest first so that "không hoàn thành" is not read as "hoàn thành".
    static let ratings: [(words: String, vi: String, en: String)] = [
        ("khong hoan thanh", "Không hoàn thành nhiệm vụ", "Did not complete the tasks"),
        ("not done", "Không hoàn thành nhiệm vụ", "Did not complete the tasks"),
        ("xuat sac", "Hoàn thành xuất sắc nhiệm vụ", "Completed the tasks excellently"),
        ("excellent", "Hoàn thành xuất sắc nhiệm vụ", "Completed the tasks excellently"),
        ("tot", "Hoàn thành tốt nhiệm vụ", "Completed the tasks well"),
        ("good", "Hoàn thành tốt nhiệm vụ", "Completed the tasks well"),
        ("hoan thanh", "Hoàn thành nhiệm vụ", "Completed the tasks"),
        ("done", "Hoàn thành nhiệm vụ", "Completed the tasks"),
    ]

    /// `/ketluan WHO [RATING] COMMENT`: the branch's view after the meeting, kept with the
    /// self-review's history and told to the member, who is asked to take it in.
    mutating func conclude(_ written: String) throws -> Reply {
        let words = written.split(whereSeparator: \.isWhitespace)
        var found: (member: MemberRecord, rest: [Substring])?
        var firstRefusal: Refusal?
        for count in stride(from: min(words.count - 1, 6), through: 1, by: -1) {
            switch try resolve(words.prefix(count).joined(separator: " ")) {
            case .success(let member): found = (member, Array(words.dropFirst(count)))
            case .failure(let refusal): if count == 1 { firstRefusal = refusal }
            }
            if found != nil { break }
        }
        guard let (member, rest) = found else {
            audit("conclude-refused", subject: words.first.map(String.init))
            return firstRefusal?.reply ?? Reply(text: text(.staffConcludeUsage))
        }
        var rating: (vi: String, en: String)?
        var comment = rest.joined(separator: " ")
        for candidate in Self.ratings {
            let count = candidate.words.split(separator: " ").count
            guard rest.count > count else { continue }
            if Folding.fold(rest.prefix(count).joined(separator: " ")) == candidate.words {
                rating = (candidate.vi, candidate.en)
                comment = rest.dropFirst(count).joined(separator: " ")
                break
            }
        }
        guard var session = try reads.session(ofMember: member.id), session.state.phase == .submitted else {
            audit("conclude-refused", subject: "member \(member.id) (not submitted)")
            return Reply(text: text(.staffNotSubmittedConclude, ["name": member.name]))
        }
        let context = ConversationContext(
            questionnaire: try reads.questionnaire(row: session.questionnaireRow), catalog: catalog, now: now)
        var steps: [Step]? = nil
        let memberRating = rating.map { session.state.language == .en ? $0.en : $0.vi }
        let outcome = Conversation.reduce(
            into: &session.state, event: .concluded(comment: comment, rating: memberRating), context: context,
            steps: &steps)
        guard outcome.contains(.concluded) else {
            audit("conclude-refused", subject: "member \(member.id) (not submitted)")
            return Reply(text: text(.staffNotSubmittedConclude, ["name": member.name]))
        }
        var record: [String: JSONValue] = ["comment": .string(comment), "by": .string("member \(actor.id)")]
        if let rating { record["rating"] = .string(rating.vi) }
        emit(
            .concluded(
                memberID: member.id, sessionID: session.id, state: session.state,
                document: JSONValue.object(record).jsonText))
        emit(.notify(memberID: member.id, replies: outcome.replies, kind: .concluded))
        audit("conclude", subject: "member \(member.id)")
        let ratingText =
            rating.map { text(.staffConcludedRating, ["rating": language == .en ? $0.en : $0.vi]) } ?? ""
        return Reply(text: text(.staffConcluded, ["name": member.name, "rating": ratingText]))
    }

    /// Runs the member's conversation on the return: the reducer reopens the submitted self-review,
    /// the member is told through the outbox, and the comment is kept with the session's history.
    ///
    /// - Returns: false when the member's latest self-review is not a submitted one.
    mutating func reopen(memberID: Int64, comment: String) throws -> Bool {
        guard var session = try reads.session(ofMember: memberID), session.state.phase == .submitted else {
            return false
        }
        let context = ConversationContext(
            questionnaire: try reads.questionnaire(row: session.questionnaireRow), catalog: catalog, now: now)
        var steps: [Step]? = nil
        let outcome = Conversation.reduce(
            into: &session.state, event: .returned(comment: comment), context: context, steps: &steps)
        guard outcome.contains(.reopened) else { return false }
        emit(
            .reopened(memberID: memberID, sessionID: session.id, state: session.state, comment: comment))
        emit(.notify(memberID: memberID, replies: outcome.replies, kind: .returned))
        return true
    }
}

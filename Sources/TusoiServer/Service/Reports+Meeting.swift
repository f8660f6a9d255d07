import Foundation
import TusoiEngine
import TusoiStore

extension Reports {
    /// The meeting packet of a branch for a campaign (or for every session when none is given).
    ///
    /// Only submitted self-reviews are read. Feedback to a fellow member is a `member` answer and the
    /// text answered right after it in the same round; the questions marked `meeting:` in the
    /// questionnaire give the shortcomings, the plan and the feedback to the committee; a `single`
    /// question gives the proposed rating.
    public mutating func meetingPacket(
        branchCode: String, campaign: CampaignRecord?, date: String, language: Language
    ) throws -> MeetingPacket {
        let items = try store.progress(branchCode: branchCode, campaignID: campaign?.id).filter {
            !$0.member.revoked
        }
        guard let first = items.first else { throw ServiceError.unknownBranch(branchCode) }
        var packet = MeetingPacket(
            committee: first.member.committee, branchName: first.member.branchName,
            campaignTitle: campaign?.title, date: date)
        var received: [String: [MeetingPacket.Item]] = [:]
        var submitted: [(MemberProgress, MeetingPacket.Member)] = []
        for item in items {
            guard Desk.isSent(item.status), let session = item.sessionID, let row = item.questionnaireRow
            else {
                // "Not started" as everywhere else: no answer yet (a member who only opened the chat).
                if item.sessionID == nil || item.status == .notStarted {
                    packet.notStarted.append(item.member.name)
                } else {
                    packet.drafts.append(item.member.name)
                }
                continue
            }
            let questionnaire = try questionnaire(row)
            if questionnaire.questions.contains(where: { $0.kind == .single && !$0.isGroupMore }) {
                packet.rated = true
            }
            let answers = try store.currentAnswers(sessionID: session)
            let steps = questionnaire.steps(given: answers)
            var part = MeetingPacket.Member(name: item.member.name)
            for (index, step) in steps.enumerated() {
                guard let answer = answers[step.key], answer != .skipped else { continue }
                let question = questionnaire.questions[step.position]
                let shown = Self.describe(answer, question, language: language, catalog: catalog)
                var label = question.text.text(language)
                if let option = step.option(in: questionnaire) { label = option.label.text(language) }
                if let round = step.round { label = "[\(round)] " + label }
                switch question.meeting {
                case .shortcoming?:
                    if case .choices(let ids) = answer, ids.isEmpty { break }
                    part.shortcomings.append(.init(label: label, text: shown))
                case .plan?: part.plan.append(.init(label: label, text: shown))
                case .committee?:
                    packet.toCommittee.append(.init(label: item.member.name, text: shown))
                case nil: break
                }
                if question.kind == .single, !question.isGroupMore { part.rating = shown }
                if case .member(let id, let name) = answer, index + 1 < steps.count {
                    let next = steps[index + 1]
                    if next.round == step.round, let text = answers[next.key], text != .skipped {
                        let feedback = Self.describe(
                            text, questionnaire.questions[next.position], language: language, catalog: catalog
                        )
                        received[id.isEmpty ? name : id, default: []].append(
                            .init(label: item.member.name, text: feedback))
                    }
                }
            }
            submitted.append((item, part))
        }
        for item in items where !submitted.contains(where: { $0.0.member.id == item.member.id }) {
            let feedback = received["m\(item.member.id)"] ?? received[item.member.name] ?? []
            if !feedback.isEmpty { packet.feedbackToOthers.append((item.member.name, feedback)) }
        }
        for (item, var part) in submitted {
            // The roster names a member "m" + their id (see ChatService.roster).
            part.feedback = received["m\(item.member.id)"] ?? received[item.member.name] ?? []
            packet.members.append(part)
        }
        return packet
    }

    static func describe(_ answer: Answer, _ question: Question, language: Language, catalog: Catalog)
        -> String
    {
        switch answer {
        case .yesNo(let value): return catalog.text(value ? .answerYes : .answerNo, language)
        case .choice(let id): return question.option(id)?.label.text(language) ?? id
        case .choices(let ids):
            if ids.isEmpty { return question.none?.text(language) ?? catalog.text(.answerNone, language) }
            return ids.map { question.option($0)?.label.text(language) ?? $0 }.joined(separator: "; ")
        case .text(let value): return value
        case .number(let value): return String(value)
        case .date(let iso): return CivilDate(iso: iso)?.vietnamese ?? iso
        case .member(_, let name): return name
        case .skipped: return catalog.text(.answerSkipped, language)
        }
    }
}

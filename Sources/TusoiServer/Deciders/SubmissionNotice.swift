import TusoiEngine
import TusoiStore

/// Decides who hears of a submission: the secretaries of the member's branch, each in their language.
enum SubmissionNotice {
    /// A secretary to tell, and the language they read.
    struct Reader: Equatable, Sendable {
        var memberID: Int64
        var language: Language
    }

    /// - Parameters:
    ///   - branch: the branch's active members in the campaign, with where each stands.
    ///   - again: whether the member had submitted before (a revised self-review).
    static func decide(
        member: MemberRecord, branch: [MemberProgress], readers: [Reader], again: Bool, catalog: Catalog
    ) -> [BotEffect] {
        let submitted = branch.filter { $0.status == .submitted || $0.member.id == member.id }.count
        let values = [
            "name": member.name, "branch": member.branchName, "submitted": String(submitted),
            "total": String(branch.count),
        ]
        let key: MessageKey = again ? .notifyResubmitted : .notifySubmitted
        return readers.filter { $0.memberID != member.id }.map { reader in
            .notify(
                memberID: reader.memberID, replies: [Reply(text: catalog.text(key, reader.language, values))],
                kind: .submitted)
        }
    }
}

import Foundation
import TusoiEngine

/// A command of a branch secretary (facilitator) or a committee member, sent in the chat.
///
/// Commands start with "/" so that they are never taken for an answer; their names live in the
/// `commands.…` lines of `Prompts/bot.txt` and are compared without case or diacritics.
enum StaffCommand: Equatable, Sendable {
    case help
    /// The progress of a branch (a committee member names one, or gets all of theirs).
    case progress(branch: String?)
    case pending(branch: String?)
    /// Remind everyone who has not submitted, or one member.
    case remind(member: String?)
    case pull(member: String)
    case pullBranch(branch: String?)
    /// The branch meeting's packet.
    case meeting(branch: String?)
    /// Who (a number, "cb24 3", or a name of several words) and the comment, as written: the desk
    /// finds where the name ends.
    case returnForRevision(String)
    /// After the branch meeting: who, then (perhaps) the rating the branch proposes, then its comment.
    case conclude(String)
    /// The committee's summary of a campaign (named by its code, or the one that fits best).
    case report(campaign: String?)
    /// The branch's members with their numbers, linked accounts, usable codes and review status.
    case members(branch: String?)
    /// A new code for one member (a lost or new phone, an expired code): the secretary hands it over.
    case reissue(member: String)
    /// Unlink a member's messenger accounts (a lost phone) and void their codes, once confirmed:
    /// who, and perhaps the one messenger, as written.
    case unlink(String)
    /// A command that needs an argument came without one; the reply is its usage.
    case usage(StaffCommand.Name)

    enum Name: String, CaseIterable, Sendable {
        case help, progress, pending, remind, pull
        case pullBranch = "pull-branch"
        case meeting
        case returnForRevision = "return"
        case conclude
        case report
        case members, reissue, unlink
    }

    /// Reads `text` as a staff command; nil when it is not one (then it is an ordinary message).
    static func parse(_ text: String, names: [String: [String]]) -> StaffCommand? {
        // Most messages are answers: a look at the bytes settles it before any work on characters.
        guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }) == UInt8(ascii: "/") else {
            return nil
        }
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard trimmed.first == "/" else { return nil }
        let head = trimmed.prefix { !$0.isWhitespace }
        let rest = String(trimmed.dropFirst(head.count).drop(while: \.isWhitespace))
        let folded = Folding.fold(String(head))
        guard let name = Name.allCases.first(where: { names[$0.rawValue]?.contains(folded) ?? false }) else {
            return nil
        }
        let argument = rest.isEmpty ? nil : rest
        switch name {
        case .help: return .help
        case .progress: return .progress(branch: argument)
        case .pending: return .pending(branch: argument)
        case .remind: return .remind(member: argument)
        case .pull: return argument.map { .pull(member: $0) } ?? .usage(.pull)
        case .pullBranch: return .pullBranch(branch: argument)
        case .meeting: return .meeting(branch: argument)
        case .report: return .report(campaign: argument)
        case .members: return .members(branch: argument)
        case .reissue: return argument.map { .reissue(member: $0) } ?? .usage(.reissue)
        case .unlink: return argument.map { .unlink($0) } ?? .usage(.unlink)
        case .returnForRevision:
            // At least a member and a word of comment.
            guard rest.split(whereSeparator: \.isWhitespace).count >= 2 else {
                return .usage(.returnForRevision)
            }
            return .returnForRevision(rest.trimmingCharacters(in: .whitespacesAndNewlines))
        case .conclude:
            guard rest.split(whereSeparator: \.isWhitespace).count >= 2 else { return .usage(.conclude) }
            return .conclude(rest.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The name written to the audit log.
    var auditName: String {
        switch self {
        case .help: return "staff-help"
        case .progress: return "progress"
        case .pending: return "pending"
        case .remind: return "remind"
        case .pull: return "pull-member"
        case .pullBranch: return "pull-branch"
        case .meeting: return "meeting-packet"
        case .returnForRevision: return "return-for-revision"
        case .conclude: return "conclude"
        case .report: return "report"
        case .members: return "list-members"
        case .reissue: return "reissue-invite"
        case .unlink: return "unlink-accounts"
        case .usage(let name): return "usage-" + name.rawValue
        }
    }
}

import TusoiEngine
import TusoiStore

/// `tusoi conclude --member ID [--branch CODE] [--rating R] --comment "TEXT"`: the branch's conclusion
/// on a member's submitted self-review after the branch meeting, as `/ketluan` records it in the chat
/// (the same decider and applier; see ``ChatService/concludeAsOperator(memberID:branchCode:rating:comment:now:)``).
///
/// It writes a member's session, which `tusoi serve` keeps in memory: it takes the store's writer
/// lock, and while a `serve` (or a `chat`) holds it, it refuses (75) and points to `/ketluan`.
enum ConcludeCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        let options: CommonOptions
        let memberText: String?
        let branch: String?
        let ratingText: String?
        let comment: String
        do throws(UsageError) {
            options = try CommonOptions(&arguments, environment: environment)
            memberText = try arguments.option("--member")
            branch = try arguments.option("--branch")
            ratingText = try arguments.option("--rating")
            comment = (try arguments.option("--comment") ?? "").trimmingCharacters(
                in: .whitespacesAndNewlines)
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard let say = Console.load(environment) else { return .dataError }
        guard let memberText, let memberID = Int64(memberText) else {
            return Tusoi.usageFailure(UsageError(say(.concludeNeedsMember)))
        }
        guard !comment.isEmpty else { return Tusoi.usageFailure(UsageError(say(.concludeNeedsComment))) }
        var rating: String? = nil
        if let written = ratingText {
            guard let known = Self.rating(written) else {
                return Tusoi.usageFailure(UsageError(say(.concludeBadRating, ["rating": written])))
            }
            rating = known
        }
        if rating == nil, ratingWords(at: comment) != nil {
            // `/ketluan` reads a rating word at the start of the comment as the rating.
            return Tusoi.usageFailure(
                UsageError(say(.concludeRatingInComment, ["start": String(comment.prefix(20))])))
        }
        let service: ChatService
        switch options.openService(environment: environment) {
        case .success(let opened): service = opened
        case .failure(let failure) where failure.code == .tempFailure:
            say.error(.concludeServed, ["reason": failure.message])
            return .tempFailure
        case .failure(let failure):
            Log.error(failure.message)
            return failure.code
        }
        defer { service.store.close() }
        do {
            let outcome = try service.store.transaction {
                try service.concludeAsOperator(
                    memberID: memberID, branchCode: branch, rating: rating, comment: comment, now: systemNow()
                )
            }
            switch outcome {
            case .concluded(let member, let notified):
                print(
                    say(
                        notified > 0 ? .concluded : .concludedUnlinked,
                        ["name": member.name, "count": String(notified)]))
                return .success
            case .unknownMember:
                say.error(
                    branch == nil ? .unknownMemberID : .concludeNotInBranch,
                    ["id": memberText, "branch": branch ?? ""])
                return .dataError
            case .notSubmitted(let member):
                say.error(.concludeNotSubmitted, ["name": member.name])
                return .dataError
            case .refused(let reply):
                say.error(.concludeRefused, ["reason": reply])
                return .dataError
            }
        } catch {
            say.error(.nothingChanged, ["reason": Server.explain(error)])
            return .storeError
        }
    }

    /// The rating as `/ketluan` reads it (“tot”, “xuat sac”…) from the way an operator may write it:
    /// “tốt”, “Hoàn thành tốt nhiệm vụ”, “good”; nil for anything else.
    static func rating(_ text: String) -> String? {
        var folded = Folding.fold(text)
        if folded.hasSuffix(" nhiem vu") { folded.removeLast(" nhiem vu".count) }
        for short in ["tot", "xuat sac"] where folded == "hoan thanh " + short { folded = short }
        return Desk.ratings.contains { $0.words == folded } ? folded : nil
    }

    /// How many words of a rating `text` starts with (as `/ketluan` reads them), or nil.
    static func ratingWords(at text: String) -> Int? {
        let words = Folding.words(text)
        for rating in Desk.ratings {
            let count = rating.words.split(separator: " ").count
            if words.count >= count, words.prefix(count).joined(separator: " ") == rating.words {
                return count
            }
        }
        return nil
    }
}

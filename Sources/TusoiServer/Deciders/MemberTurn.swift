import TusoiEngine

/// Turns one step of the member's conversation (the engine's effects) into the bot's effects: the
/// message is recorded with its replies, then every answer and event, in the reducer's order.
enum MemberTurn {
    /// Appends the effects of `turn` to `effects` (one array a message: this runs for every message).
    static func effects(
        of turn: [Effect], replies: [Reply], session: LiveSession, memberID: Int64?,
        into effects: inout [BotEffect]
    ) {
        effects.reserveCapacity(effects.count + turn.count + 1)
        effects.append(.recordMessage(replies: replies, inSession: true))
        for effect in turn {
            switch effect {
            case .reply, .reopened, .concluded: break
            case .tookIn(let addition): effects.append(.sessionEvent(.tookIn, document: addition))
            case .record(let key, let answer): effects.append(.recordAnswer(key: key, answer: answer))
            case .clear(let key): effects.append(.clearAnswer(key: key))
            case .submitted:
                // The member's copy is kept with the event, as they received it.
                effects.append(
                    .sessionEvent(.submitted, document: replies.compactMap(\.attachment).first?.text))
            case .discarded:
                effects.append(
                    .restartSession(
                        state: session.state, questionnaireRow: session.questionnaireRow,
                        campaignID: session.campaignID, memberID: memberID))
            case .paused: effects.append(.sessionEvent(.paused, document: nil))
            }
        }
    }
}

extension [Effect] {
    /// The replies among the effects, in order.
    var replies: [Reply] {
        compactMap { effect -> Reply? in
            if case .reply(let reply) = effect { return reply }
            return nil
        }
    }
}

import TusoiEngine

/// A session as stored: its row, the questionnaire row it is pinned to, and its state.
public struct StoredSession: Equatable, Sendable {
    public var id: Int64
    public var questionnaireRow: Int64
    public var state: SessionState
}

extension SessionStore {
    /// The newest session of a messenger identity, if it has one.
    public func latestSession(channel: String, user: String) throws -> StoredSession? {
        let statement = try database.cachedStatement(
            """
            SELECT id, questionnaire_id, state FROM sessions
            WHERE channel = ? AND user_id = ? ORDER BY id DESC LIMIT 1
            """)
        try statement.bind(channel, at: 1)
        try statement.bind(user, at: 2)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let id = statement.int64(0)
        let questionnaireRow = statement.int64(1)
        var state = try SessionCoding.decode(statement.text(2) ?? "")
        statement.reset()
        state.answers = try currentAnswers(sessionID: id)
        return StoredSession(id: id, questionnaireRow: questionnaireRow, state: state)
    }

    /// The current answer of every step of a session: the last revision of each.
    public func currentAnswers(sessionID: Int64) throws -> [String: Answer] {
        let statement = try database.cachedStatement(
            "SELECT question_key, kind, value FROM answers WHERE session_id = ? ORDER BY id")
        try statement.bind(sessionID, at: 1)
        defer { statement.reset() }
        var answers: [String: Answer] = [:]
        while try statement.step() {
            let kind = statement.text(1) ?? ""
            if kind == AnswerCoding.cleared {
                answers[statement.text(0) ?? ""] = nil
                continue
            }
            guard let answer = AnswerCoding.decode(kind: kind, value: statement.text(2) ?? "")
            else { throw StoreError.corruptSession("an answer of unknown kind") }
            answers[statement.text(0) ?? ""] = answer
        }
        return answers
    }

    /// Marks a session as discarded by the member; it stays, with its answers, in the history.
    public func markDiscarded(id: Int64, now: Int64) throws {
        let statement = try database.cachedStatement(
            "UPDATE sessions SET status = 'discarded', updated_at = ? WHERE id = ?")
        try statement.bind(now, at: 1)
        try statement.bind(id, at: 2)
        try statement.run()
    }

    /// Creates a session pinned to a questionnaire row and returns its id.
    public func createSession(
        channel: String, user: String, chat: String, questionnaireRow: Int64, state: SessionState, now: Int64
    ) throws -> Int64 {
        let statement = try database.cachedStatement(
            """
            INSERT INTO sessions(channel, user_id, chat_id, questionnaire_id, status, state, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(channel, at: 1)
        try statement.bind(user, at: 2)
        try statement.bind(chat, at: 3)
        try statement.bind(questionnaireRow, at: 4)
        try statement.bind(SessionStore.status(of: state), at: 5)
        try statement.bind(SessionCoding.encode(state), at: 6)
        try statement.bind(now, at: 7)
        try statement.bind(now, at: 8)
        try statement.run()
        return database.lastInsertRowID
    }

    /// Writes a session's current state.
    public func updateSession(id: Int64, state: SessionState, now: Int64) throws {
        let statement = try database.cachedStatement(
            "UPDATE sessions SET state = ?, status = ?, updated_at = ? WHERE id = ?")
        try statement.bind(SessionCoding.encode(state), at: 1)
        try statement.bind(SessionStore.status(of: state), at: 2)
        try statement.bind(now, at: 3)
        try statement.bind(id, at: 4)
        try statement.run()
    }

    /// The coarse status a facilitator sees: `not-started`, `in-progress` or `submitted`.
    static func status(of state: SessionState) -> String {
        switch state.phase {
        case .new: return state.answers.isEmpty ? "not-started" : "in-progress"
        case .submitted: return "submitted"
        default: return "in-progress"
        }
    }
}

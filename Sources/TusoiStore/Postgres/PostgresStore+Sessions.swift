import TusoiEngine

/// Sessions, messages, answers and their history: each method does what the SQLite one of the same
/// name does (``SessionStore``), in PostgreSQL.
extension PostgresStore: SessionPort {
    public func latestSession(channel: String, user: String) throws -> StoredSession? {
        try storedSession(
            sql: """
                SELECT id, questionnaire_id, state, campaign_id FROM sessions
                WHERE channel = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1
                """, channel, user)
    }

    public func latestSession(memberID: Int64) throws -> StoredSession? {
        try storedSession(
            sql: """
                SELECT id, questionnaire_id, state, campaign_id FROM sessions
                WHERE member_id = $1 ORDER BY id DESC LIMIT 1
                """, memberID)
    }

    private func storedSession<each Value: PostgresBindable>(sql: String, _ arguments: repeat each Value)
        throws -> StoredSession?
    {
        guard
            let row = try connection.fetchOne(
                sql: sql, arguments: repeat each arguments,
                row: { ($0.int64(0), $0.int64(1), $0.text(2) ?? "", $0.optionalInt64(3)) })
        else { return nil }
        var state = try SessionCoding.decode(row.2)
        state.answers = try currentAnswers(sessionID: row.0)
        return StoredSession(id: row.0, questionnaireRow: row.1, state: state, campaignID: row.3)
    }

    public func currentAnswers(sessionID: Int64) throws -> [String: Answer] {
        let rows = try connection.fetchAll(
            sql: "SELECT question_key, kind, value FROM answers WHERE session_id = $1 ORDER BY id",
            arguments: sessionID
        ) { (key: $0.text(0) ?? "", kind: $0.text(1) ?? "", value: $0.text(2) ?? "") }
        return try AnswerCoding.standing(rows)
    }

    public func createSession(
        channel: String, user: String, chat: String, questionnaireRow: Int64, state: SessionState,
        memberID: Int64? = nil, campaignID: Int64? = nil, now: Int64
    ) throws -> Int64 {
        try connection.fetchOne(
            sql: """
                INSERT INTO sessions(channel, user_id, chat_id, questionnaire_id, status, state, created_at,
                    updated_at, member_id, campaign_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """, arguments: channel, user, chat, questionnaireRow, SessionStore.status(of: state),
            SessionCoding.encode(state), now, now, memberID, campaignID, row: { $0.int64(0) }) ?? 0
    }

    public func updateSession(id: Int64, state: SessionState, now: Int64) throws {
        try connection.execute(
            sql: "UPDATE sessions SET state = $1, status = $2, updated_at = $3 WHERE id = $4",
            arguments: SessionCoding.encode(state), SessionStore.status(of: state), now, id)
    }

    public func markDiscarded(id: Int64, now: Int64) throws {
        try connection.execute(
            sql: "UPDATE sessions SET status = 'discarded', updated_at = $1 WHERE id = $2", arguments: now, id
        )
    }

    public func replies(channel: String, chat: String, messageID: String) throws -> String? {
        let row = try connection.fetchOne(
            sql: """
                SELECT r.body FROM inbound i JOIN replies r ON r.id = i.reply_id
                WHERE i.channel = $1 AND i.chat_id = $2 AND i.message_id = $3
                """,
            arguments: channel, chat, messageID
        ) { $0.text(0) }
        return row ?? nil
    }

    @discardableResult
    public func recordInbound(_ record: InboundRecord) throws -> Int64 {
        let text = record.repliesUTF8
        let replyID = try replyBook.row(
            for: text,
            stored: { row in
                try connection.fetchOne(sql: "SELECT body FROM replies WHERE id = $1", arguments: row) {
                    $0.text(0).map { Array($0.utf8) }
                } ?? nil
            },
            store: {
                try connection.fetchOne(
                    sql: "INSERT INTO replies(body) VALUES ($1) RETURNING id", arguments: record.replies,
                    row: { $0.int64(0) }) ?? 0
            }, inTransaction: connection.isInsideTransaction)
        return try connection.fetchOne(
            sql: """
                INSERT INTO inbound(channel, chat_id, message_id, user_id, session_id, sent_at, received_at,
                                    text, button, reply_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """, arguments: record.channel, record.chat, record.messageID, record.user, record.sessionID,
            record.sentAt, record.receivedAt, record.text, record.button, replyID, row: { $0.int64(0) }
        )
            ?? 0
    }

    public func recordAnswer(sessionID: Int64, key: String, answer: Answer, inboundID: Int64?, now: Int64)
        throws
    {
        let (kind, value) = AnswerCoding.encode(answer)
        try connection.execute(
            sql: """
                INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                """, arguments: sessionID, key, kind, value, inboundID, now)
    }

    public func clearAnswer(sessionID: Int64, key: String, inboundID: Int64?, now: Int64) throws {
        try connection.execute(
            sql: """
                INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at)
                VALUES ($1, $2, $3, '', $4, $5)
                """, arguments: sessionID, key, AnswerCoding.cleared, inboundID, now)
    }

    public func recordEvent(sessionID: Int64, kind: String, inboundID: Int64?, now: Int64, document: String?)
        throws
    {
        try connection.execute(
            sql: """
                INSERT INTO session_events(session_id, kind, inbound_id, at, document)
                VALUES ($1, $2, $3, $4, $5)
                """, arguments: sessionID, kind, inboundID, now, document)
    }

    public func answerHistory(sessionID: Int64) throws -> [(key: String, revision: Int, answer: Answer)] {
        let rows = try connection.fetchAll(
            sql: """
                SELECT question_key, row_number() OVER (PARTITION BY question_key ORDER BY id), kind, value
                FROM answers WHERE session_id = $1 ORDER BY id
                """, arguments: sessionID
        ) { ($0.text(0) ?? "", $0.int(1), $0.text(2) ?? "", $0.text(3) ?? "") }
        return rows.compactMap { key, revision, kind, value in
            AnswerCoding.decode(kind: kind, value: value).map { (key, revision, $0) }
        }
    }

    public func history(sessionID: Int64) throws -> [(kind: String, at: Int64, document: String?)] {
        try connection.fetchAll(
            sql: """
                SELECT kind, at, document FROM session_events
                WHERE session_id = $1 AND kind IN ('submitted', 'returned', 'concluded', 'took-in') ORDER BY id
                """, arguments: sessionID
        ) { ($0.text(0) ?? "", $0.int64(1), $0.text(2)) }
    }

    public func submittedDocument(sessionID: Int64) throws -> (document: String, at: Int64)? {
        let row = try connection.fetchOne(
            sql: """
                SELECT document, at FROM session_events WHERE session_id = $1 AND kind = 'submitted'
                ORDER BY id DESC LIMIT 1
                """, arguments: sessionID
        ) { ($0.text(0), $0.int64(1)) }
        guard let row, let document = row.0 else { return nil }
        return (document, row.1)
    }

    public func progress(branchCode: String?, campaignID: Int64? = nil) throws -> [MemberProgress] {
        var parameters: [String?] = []
        var sessionFilter = ""
        var memberFilter = ""
        if let campaignID {
            parameters.append(campaignID.postgresText)
            sessionFilter = "AND s.campaign_id = $\(parameters.count)"
        }
        if let branchCode {
            parameters.append(branchCode)
            memberFilter = "WHERE b.code = $\(parameters.count)"
        }
        let rows = try connection.fetchAll(
            sql: """
                SELECT m.id, s.id, s.questionnaire_id, s.status, s.updated_at
                FROM members m JOIN branches b ON b.id = m.branch_id
                LEFT JOIN sessions s ON s.member_id = m.id AND s.status != 'discarded' \(sessionFilter)
                \(memberFilter)
                ORDER BY m.id, s.id
                """, parameters: parameters
        ) { ($0.int64(0), $0.optionalInt64(1), $0.optionalInt64(2), $0.text(3), $0.optionalInt64(4)) }
        var latest: [Int64: (Int64?, Int64?, String?, Int64?)] = [:]
        for (member, session, questionnaire, status, updated) in rows
        where latest[member] == nil || session != nil {
            latest[member] = (session, questionnaire, status, updated)
        }
        return try members(branchCode: branchCode).map { member in
            let row = latest[member.id] ?? (nil, nil, nil, nil)
            return MemberProgress(
                member: member, sessionID: row.0, questionnaireRow: row.1,
                status: row.2.flatMap(ReviewStatus.init(rawValue:)) ?? .notStarted,
                updatedAt: row.3)
        }
    }
}

import TusoiEngine

/// Where a member's self-review stands.
public enum ReviewStatus: String, Sendable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case submitted
    /// Submitted, then returned for revision, and not submitted again yet.
    case returned
}

/// A member's latest self-review as the facilitator sees it.
public struct MemberProgress: Sendable {
    public var member: MemberRecord
    /// The member's current (not discarded) session, if they have started.
    public var sessionID: Int64?
    public var questionnaireRow: Int64?
    public var status: ReviewStatus
    public var updatedAt: Int64?
}

extension SessionStore {
    /// Every member of a branch (or of every branch) with their latest session (in a campaign, if one
    /// is given).
    public func progress(branchCode: String?, campaignID: Int64? = nil) throws -> [MemberProgress] {
        var filters: [String] = []
        if branchCode != nil { filters.append("b.code = ?1") }
        let statement = try database.prepare(
            """
            SELECT m.id, s.id, s.questionnaire_id, s.status, s.updated_at
            FROM members m JOIN branches b ON b.id = m.branch_id
            LEFT JOIN sessions s ON s.member_id = m.id AND s.status != 'discarded'
                \(campaignID == nil ? "" : "AND s.campaign_id = ?2")
            \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
            ORDER BY m.id, s.id
            """)
        if let branchCode { try statement.bind(branchCode, at: 1) }
        if let campaignID { try statement.bind(campaignID, at: 2) }
        var latest: [Int64: (Int64?, Int64?, String?, Int64?)] = [:]
        while try statement.step() {
            let member = statement.int64(0)
            let session: Int64? = statement.isNull(1) ? nil : statement.int64(1)
            if latest[member] == nil || session != nil {
                latest[member] = (
                    session, statement.isNull(2) ? nil : statement.int64(2), statement.text(3),
                    statement.isNull(4) ? nil : statement.int64(4)
                )
            }
        }
        return try members(branchCode: branchCode).map { member in
            let row = latest[member.id] ?? (nil, nil, nil, nil)
            return MemberProgress(
                member: member, sessionID: row.0, questionnaireRow: row.1,
                status: row.2.flatMap(ReviewStatus.init(rawValue:)) ?? .notStarted,
                updatedAt: row.3)
        }
    }

    /// What happened to a session besides answers: submissions (with their document), returns for
    /// revision (with the facilitator's comment), the branch's conclusions (JSON: comment, rating)
    /// and the member's answers to them (`took-in`, with what they added), oldest first.
    public func history(sessionID: Int64) throws -> [(kind: String, at: Int64, document: String?)] {
        let statement = try database.cachedStatement(
            """
            SELECT kind, at, document FROM session_events
            WHERE session_id = ? AND kind IN ('submitted', 'returned', 'concluded', 'took-in') ORDER BY id
            """)
        try statement.bind(sessionID)
        defer { statement.reset() }
        var result: [(kind: String, at: Int64, document: String?)] = []
        while try statement.step() {
            result.append((statement.text(0) ?? "", statement.int64(1), statement.packedText(2)))
        }
        return result
    }

    /// The document a session submitted last, if it did.
    public func submittedDocument(sessionID: Int64) throws -> (document: String, at: Int64)? {
        let statement = try database.cachedStatement(
            """
            SELECT document, at FROM session_events WHERE session_id = ? AND kind = 'submitted'
            ORDER BY id DESC LIMIT 1
            """)
        try statement.bind(sessionID)
        defer { statement.reset() }
        guard try statement.step(), let document = statement.packedText(0) else { return nil }
        return (document, statement.int64(1))
    }
}

extension SessionStore {
    /// The answers as they stood when the session was submitted the `number`th time (counting from
    /// 1): every answer recorded up to the message that submitted it. Nil when it was not submitted
    /// that often.
    public func answers(sessionID: Int64, asOfSubmission number: Int) throws -> [String: Answer]? {
        guard number >= 1 else { return nil }
        let event = try database.cachedStatement(
            """
            SELECT inbound_id, at FROM session_events WHERE session_id = ? AND kind = 'submitted'
            ORDER BY id LIMIT 1 OFFSET ?
            """)
        try event.bind(sessionID, number - 1)
        guard try event.step() else {
            event.reset()
            return nil
        }
        // Answers carry the message that recorded them; the submission, the message that submitted.
        // A submission without one (none is written so) falls back to the time.
        let inbound: Int64? = event.isNull(0) ? nil : event.int64(0)
        let at = event.int64(1)
        event.reset()
        let statement = try database.cachedStatement(
            """
            SELECT question_key, kind, value FROM answers
            WHERE session_id = ?1 AND (CASE WHEN ?2 IS NULL THEN answered_at <= ?3 ELSE inbound_id <= ?2 END)
            ORDER BY id
            """)
        try statement.bind(sessionID, inbound, at)
        defer { statement.reset() }
        var rows: [(key: String, kind: String, value: String)] = []
        while try statement.step() {
            rows.append((statement.text(0) ?? "", statement.text(1) ?? "", statement.text(2) ?? ""))
        }
        return try AnswerCoding.standing(rows)
    }
}

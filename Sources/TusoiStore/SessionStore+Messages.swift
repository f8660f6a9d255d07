import TusoiEngine

/// An inbound message as recorded, with the replies it caused (in the server's stored form).
public struct InboundRecord: Sendable {
    public var channel: String
    public var chat: String
    public var messageID: String
    public var user: String
    public var sessionID: Int64?
    public var sentAt: String?
    public var receivedAt: Int64
    public var text: String?
    public var button: String?
    /// The replies as UTF-8 bytes: the server writes them as bytes, and binds them without making a
    /// string of them first.
    public var repliesUTF8: [UInt8]

    /// The replies as text.
    public var replies: String {
        get { String(decoding: repliesUTF8, as: UTF8.self) }
        set { repliesUTF8 = Array(newValue.utf8) }
    }

    public init(
        channel: String, chat: String, messageID: String, user: String, sessionID: Int64?, sentAt: String?,
        receivedAt: Int64, text: String?, button: String?, replies: String
    ) {
        self.init(
            channel: channel, chat: chat, messageID: messageID, user: user, sessionID: sessionID,
            sentAt: sentAt,
            receivedAt: receivedAt, text: text, button: button, repliesUTF8: Array(replies.utf8))
    }

    /// - Parameter repliesUTF8: the replies' text as UTF-8; the caller vouches that it is valid UTF-8.
    public init(
        channel: String, chat: String, messageID: String, user: String, sessionID: Int64?, sentAt: String?,
        receivedAt: Int64, text: String?, button: String?, repliesUTF8: [UInt8]
    ) {
        self.channel = channel
        self.chat = chat
        self.messageID = messageID
        self.user = user
        self.sessionID = sessionID
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.text = text
        self.button = button
        self.repliesUTF8 = repliesUTF8
    }
}

extension SessionStore {
    /// The stored replies to a message seen before, or nil for a new message.
    public func replies(channel: String, chat: String, messageID: String) throws -> String? {
        let row = try database.fetchOne(
            sql: """
                SELECT r.body FROM inbound i JOIN replies r ON r.id = i.reply_id
                WHERE i.channel = ? AND i.chat_id = ? AND i.message_id = ?
                """,
            arguments: channel, chat, messageID
        ) { $0.packedText(0) }
        return row ?? nil
    }

    /// Records an inbound message and its replies; returns its row id.
    ///
    /// The replies' text is stored once (``ReplyBook``): the message refers to its row.
    @discardableResult
    public func recordInbound(_ record: InboundRecord) throws -> Int64 {
        let replyID = try replyRow(record.repliesUTF8)
        let statement = try database.cachedStatement(
            """
            INSERT INTO inbound(channel, chat_id, message_id, user_id, session_id, sent_at, received_at,
                                text, button, reply_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(
            record.channel, record.chat, record.messageID, record.user, record.sessionID, record.sentAt,
            record.receivedAt, record.text, record.button, replyID)
        try statement.run()
        return database.lastInsertRowID
    }

    /// The row holding `text` among the replies: one stored before, or a new one.
    private func replyRow(_ text: [UInt8]) throws -> Int64 {
        try replyBook.row(
            for: text,
            stored: { row in
                let statement = try database.cachedStatement("SELECT body FROM replies WHERE id = ?")
                try statement.bind(row)
                defer { statement.reset() }
                guard try statement.step() else { return nil }
                return statement.packedBytes(0)
            },
            store: {
                let statement = try database.cachedStatement("INSERT INTO replies(body) VALUES (?)")
                try statement.bind(PackedArgument(text: text))
                try statement.run()
                return database.lastInsertRowID
            }, inTransaction: database.isInsideTransaction)
    }

    /// Records an answer as the next revision of its step; earlier revisions stay.
    ///
    /// Rows are only ever appended: the revisions of a step are its rows in `id` order.
    public func recordAnswer(sessionID: Int64, key: String, answer: Answer, inboundID: Int64?, now: Int64)
        throws
    {
        let statement = try database.cachedStatement(
            """
            INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        let (kind, value) = AnswerCoding.encode(answer)
        try statement.bind(sessionID, key, kind, value, inboundID, now)
        try statement.run()
    }

    /// Records that a step's answer no longer stands; its earlier revisions stay.
    public func clearAnswer(sessionID: Int64, key: String, inboundID: Int64?, now: Int64) throws {
        let statement = try database.cachedStatement(
            """
            INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at)
            VALUES (?, ?, ?, '', ?, ?)
            """)
        try statement.bind(sessionID, key, AnswerCoding.cleared, inboundID, now)
        try statement.run()
    }

    /// Records a milestone of a session (`submitted`, `discarded`, `paused`), with a document if any.
    public func recordEvent(sessionID: Int64, kind: String, inboundID: Int64?, now: Int64, document: String?)
        throws
    {
        let statement = try database.cachedStatement(
            "INSERT INTO session_events(session_id, kind, inbound_id, at, document) VALUES (?, ?, ?, ?, ?)")
        try statement.bind(
            sessionID, kind, inboundID, now, document.map { PackedArgument(text: Array($0.utf8)) })
        try statement.run()
    }

    /// Every revision of every answer of a session, oldest first.
    public func answerHistory(sessionID: Int64) throws -> [(key: String, revision: Int, answer: Answer)] {
        let statement = try database.prepare(
            """
            SELECT question_key, row_number() OVER (PARTITION BY question_key ORDER BY id), kind, value
            FROM answers WHERE session_id = ? ORDER BY id
            """)
        try statement.bind(sessionID)
        var rows: [(key: String, revision: Int, answer: Answer)] = []
        while try statement.step() {
            let kind = statement.text(2) ?? ""
            let value = statement.text(3) ?? ""
            guard let answer = AnswerCoding.decode(kind: kind, value: value) else { continue }
            rows.append((statement.text(0) ?? "", Int(statement.int64(1)), answer))
        }
        return rows
    }
}

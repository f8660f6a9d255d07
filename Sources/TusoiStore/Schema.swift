/// The store's schema, as numbered migrations: migration N brings `PRAGMA user_version` to N.
///
/// Migrations are only ever appended; an existing one never changes once released.
enum Schema {
    static let migrations: [String] = [
        """
        CREATE TABLE questionnaires(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            loaded_at INTEGER NOT NULL
        );
        CREATE TABLE sessions(
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
            status TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX sessions_by_identity ON sessions(channel, user_id, id);
        CREATE TABLE inbound(
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            session_id INTEGER REFERENCES sessions(id),
            sent_at TEXT,
            received_at INTEGER NOT NULL,
            text TEXT,
            button TEXT,
            replies TEXT NOT NULL,
            UNIQUE(channel, chat_id, message_id)
        );
        CREATE TABLE answers(
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            question_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            inbound_id INTEGER REFERENCES inbound(id),
            answered_at INTEGER NOT NULL
        );
        CREATE INDEX answers_by_session ON answers(session_id);
        CREATE TABLE session_events(
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            kind TEXT NOT NULL,
            inbound_id INTEGER REFERENCES inbound(id),
            at INTEGER NOT NULL,
            document TEXT
        );
        CREATE INDEX session_events_by_session ON session_events(session_id);
        """,
        // 2: who is who. Branches, their members with a role, the messenger identities bound to a
        // member by a one-time invite code, wrong-code counts per identity, and the audit log.
        """
        CREATE TABLE branches(
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            committee TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE members(
            id INTEGER PRIMARY KEY,
            branch_id INTEGER NOT NULL REFERENCES branches(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('member', 'facilitator', 'committee')),
            phone TEXT,
            email TEXT,
            revoked INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX members_by_branch ON members(branch_id);
        CREATE TABLE identities(
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            member_id INTEGER NOT NULL REFERENCES members(id),
            bound_at INTEGER NOT NULL,
            PRIMARY KEY (channel, user_id)
        );
        CREATE TABLE invites(
            code TEXT PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER
        );
        CREATE TABLE invite_failures(
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            count INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            PRIMARY KEY (channel, user_id)
        );
        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            channel TEXT
        );
        """,
        // 3: campaigns, sessions owned by a member (whatever messenger they write from), the outbox of
        // messages the bot starts (reminders, notifications), stored timers, and the paper form's fields.
        """
        ALTER TABLE members ADD COLUMN birth_date TEXT;
        ALTER TABLE members ADD COLUMN unit TEXT;
        ALTER TABLE identities ADD COLUMN blocked_at INTEGER;
        CREATE TABLE campaigns(
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
            opens_at INTEGER NOT NULL,
            closes_at INTEGER NOT NULL,
            closed_at INTEGER,
            remind_after_days INTEGER NOT NULL DEFAULT 0,
            remind_before_days INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE campaign_branches(
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            branch_id INTEGER NOT NULL REFERENCES branches(id),
            PRIMARY KEY (campaign_id, branch_id)
        );
        ALTER TABLE sessions ADD COLUMN member_id INTEGER REFERENCES members(id);
        ALTER TABLE sessions ADD COLUMN campaign_id INTEGER REFERENCES campaigns(id);
        UPDATE sessions SET member_id = (
            SELECT i.member_id FROM identities i WHERE i.channel = sessions.channel AND i.user_id = sessions.user_id);
        CREATE INDEX sessions_by_member ON sessions(member_id, id);
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            member_id INTEGER REFERENCES members(id),
            kind TEXT NOT NULL,
            replies TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at INTEGER NOT NULL,
            delivered_at INTEGER,
            failure TEXT
        );
        CREATE INDEX outbox_pending ON outbox(next_at) WHERE delivered_at IS NULL AND failure IS NULL;
        CREATE TABLE timers(
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id),
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            kind TEXT NOT NULL CHECK (kind IN ('inactive', 'deadline')),
            due_at INTEGER NOT NULL,
            marker INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'dropped')),
            settled_at INTEGER
        );
        CREATE INDEX timers_pending ON timers(due_at) WHERE status = 'pending';
        CREATE INDEX timers_by_member ON timers(member_id, campaign_id, kind);
        """,
        // 4: an invite code has a purpose (a member's first account, or another one issued on
        // purpose) and is voided when a newer code is issued or another is redeemed.
        """
        ALTER TABLE invites ADD COLUMN purpose TEXT NOT NULL DEFAULT 'first'
            CHECK (purpose IN ('first', 'reissue'));
        ALTER TABLE invites ADD COLUMN voided_at INTEGER;
        CREATE INDEX invites_by_member ON invites(member_id);
        """,
        // 5: a secretary's command that waits for their yes (unlinking a member's accounts), one per
        // messenger identity: the next message from that identity answers it.
        """
        CREATE TABLE confirmations(
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES members(id),
            action TEXT NOT NULL,
            member_id INTEGER NOT NULL REFERENCES members(id),
            member_channel TEXT,
            asked_at INTEGER NOT NULL,
            PRIMARY KEY (channel, user_id)
        );
        """,
        // 6: each reply text kept once. An inbound message refers to the row of its replies (the
        // JSON the server stores, byte for byte as before) instead of carrying them inline: a
        // question's prompt, sent to every member, is stored once instead of once per message.
        """
        CREATE TABLE replies(
            id INTEGER PRIMARY KEY,
            body TEXT NOT NULL
        );
        CREATE INDEX temp_replies_by_body ON replies(body);
        INSERT INTO replies(body) SELECT replies FROM inbound GROUP BY replies ORDER BY min(id);
        ALTER TABLE inbound ADD COLUMN reply_id INTEGER REFERENCES replies(id);
        UPDATE inbound SET reply_id = (SELECT r.id FROM replies r WHERE r.body = inbound.replies);
        ALTER TABLE inbound DROP COLUMN replies;
        DROP INDEX temp_replies_by_body;
        """,
    ]
}

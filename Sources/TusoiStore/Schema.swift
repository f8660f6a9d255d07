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
        """
    ]
}

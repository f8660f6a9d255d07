// The SQLite floor of `tusoi serve`: the statements the server runs for a message, on the real
// schema's tables and indexes, with rows of the same size, WAL, synchronous=FULL and one transaction
// per batch, and nothing else (no JSON, no conversation, no output). Whatever tusoi does, it cannot
// store messages faster than this on the same machine.
//
//   cc -O2 Scripts/bench-floor.c -lsqlite3 -o /tmp/bench-floor && /tmp/bench-floor
//   /tmp/bench-floor MESSAGES CHATS BATCH REPLY_BYTES [PATH]     (defaults: 200000 10000 400 900)
//
// Per message: SAVEPOINT; the replay check (SELECT on inbound's unique key); INSERT INTO inbound
// (with REPLY_BYTES of replies); INSERT INTO answers; RELEASE. Per batch: one UPDATE per session
// touched, then COMMIT. Checkpoints as the server's were before it moved them to a thread
// (wal_autocheckpoint 4000).
#include "bench-floor.h"

int main(int argc, char **argv) {
    int messages = argc > 1 ? atoi(argv[1]) : 200000;
    int chats = argc > 2 ? atoi(argv[2]) : 10000;
    int batch = argc > 3 ? atoi(argv[3]) : 400;
    int replyBytes = argc > 4 ? atoi(argv[4]) : 900;
    const char *path = argc > 5 ? argv[5] : "/tmp/tusoi-bench-floor.sqlite";
    // "random" (default): the chats interleave in a shuffled order, each chat's own messages in
    // order, as members write and as Scripts/bench feeds tusoi; "id": round-robin by chat id.
    int randomOrder = !(argc > 6 && strcmp(argv[6], "id") == 0);
    int *chatOf = malloc(sizeof(int) * messages), *stepOf = malloc(sizeof(int) * messages);
    int *nextStep = calloc(chats, sizeof(int));
    for (int index = 0; index < messages; index++) chatOf[index] = index % chats;
    if (randomOrder) {
        srand(2026);
        for (int index = messages - 1; index > 0; index--) {
            int other = rand() % (index + 1), swap = chatOf[index];
            chatOf[index] = chatOf[other];
            chatOf[other] = swap;
        }
    }
    for (int index = 0; index < messages; index++) stepOf[index] = nextStep[chatOf[index]]++;
    removeStore(path);

    sqlite3 *db;
    check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, 0), db, path);
    check(sqlite3_exec(db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-5000;"
        "PRAGMA wal_autocheckpoint=4000;"
        "CREATE TABLE questionnaires(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
        "INSERT INTO questionnaires VALUES (1, 'tu-soi-tu-sua');"
        "CREATE TABLE sessions(id INTEGER PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL,"
        " chat_id TEXT NOT NULL, questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
        " status TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
        " member_id INTEGER, campaign_id INTEGER);"
        "CREATE INDEX sessions_by_identity ON sessions(channel, user_id, id);"
        "CREATE INDEX sessions_by_member ON sessions(member_id, id);"
        "CREATE TABLE inbound(id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL,"
        " message_id TEXT NOT NULL, user_id TEXT NOT NULL, session_id INTEGER REFERENCES sessions(id),"
        " sent_at TEXT, received_at INTEGER NOT NULL, text TEXT, button TEXT, replies TEXT NOT NULL,"
        " UNIQUE(channel, chat_id, message_id));"
        "CREATE TABLE answers(id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),"
        " question_key TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,"
        " inbound_id INTEGER REFERENCES inbound(id), answered_at INTEGER NOT NULL);"
        "CREATE INDEX answers_by_session ON answers(session_id);", 0, 0, 0), db, "schema");

    sqlite3_stmt *savepoint = prepare(db, "SAVEPOINT message"), *release = prepare(db, "RELEASE message");
    sqlite3_stmt *replay = prepare(db, "SELECT replies FROM inbound WHERE channel = ? AND chat_id = ? AND message_id = ?");
    sqlite3_stmt *inbound = prepare(db,
        "INSERT INTO inbound(channel, chat_id, message_id, user_id, session_id, sent_at, received_at, text,"
        " button, replies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *answer = prepare(db,
        "INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at) VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *session = prepare(db,
        "INSERT INTO sessions(channel, user_id, chat_id, questionnaire_id, status, state, created_at, updated_at)"
        " VALUES ('zalo', ?, ?, 1, 'in-progress', 'phase new\nlang vi', 0, 0)");
    sqlite3_stmt *update = prepare(db, "UPDATE sessions SET state = ?, status = ?, updated_at = ? WHERE id = ?");

    char *reply = malloc(replyBytes);
    for (int i = 0; i < replyBytes; i++) reply[i] = 'a' + i % 26;
    const char *text = "Chưa dành thời gian đọc kỹ nghị quyết.";
    char user[32], messageID[32];

    check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
    for (int chat = 0; chat < chats; chat++) {
        snprintf(user, sizeof user, "u%d", chat);
        sqlite3_bind_text(session, 1, user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(session, 2, user, -1, SQLITE_TRANSIENT);
        run(session);
    }
    check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");

    double started = seconds(), committing = 0;
    clock_t cpu = clock();
    for (int first = 0; first < messages; first += batch) {
        int end = first + batch < messages ? first + batch : messages;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int index = first; index < end; index++) {
            int chat = chatOf[index];
            snprintf(user, sizeof user, "u%d", chat);
            snprintf(messageID, sizeof messageID, "m%d", stepOf[index]);
            run(savepoint);
            sqlite3_bind_text(replay, 1, "zalo", -1, SQLITE_STATIC);
            sqlite3_bind_text(replay, 2, user, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(replay, 3, messageID, -1, SQLITE_TRANSIENT);
            run(replay);
            sqlite3_bind_text(inbound, 1, "zalo", -1, SQLITE_STATIC);
            sqlite3_bind_text(inbound, 2, user, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(inbound, 3, messageID, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(inbound, 4, user, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(inbound, 5, chat + 1);
            sqlite3_bind_null(inbound, 6);
            sqlite3_bind_int64(inbound, 7, 1764000000);
            sqlite3_bind_text(inbound, 8, text, -1, SQLITE_STATIC);
            sqlite3_bind_null(inbound, 9);
            sqlite3_bind_text(inbound, 10, reply, replyBytes, SQLITE_TRANSIENT);
            run(inbound);
            sqlite3_bind_int64(answer, 1, chat + 1);
            sqlite3_bind_text(answer, 2, "nhom-1-chon", -1, SQLITE_STATIC);
            sqlite3_bind_text(answer, 3, "text", -1, SQLITE_STATIC);
            sqlite3_bind_text(answer, 4, text, -1, SQLITE_STATIC);
            sqlite3_bind_int64(answer, 5, sqlite3_last_insert_rowid(db));
            sqlite3_bind_int64(answer, 6, 1764000000);
            run(answer);
            run(release);
        }
        for (int index = first; index < end; index++) {
            sqlite3_bind_text(update, 1, "phase asking nhom-1-chon\nlang vi", -1, SQLITE_STATIC);
            sqlite3_bind_text(update, 2, "in-progress", -1, SQLITE_STATIC);
            sqlite3_bind_int64(update, 3, 1764000000);
            sqlite3_bind_int64(update, 4, chatOf[index] + 1);
            run(update);
        }
        double before = seconds();
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        committing += seconds() - before;
    }
    double elapsed = seconds() - started;
    double cpuSeconds = (double)(clock() - cpu) / CLOCKS_PER_SEC;
    printf("SQLite floor: %d messages over %d chats in %s order, batches of %d, replies of %d bytes\n", messages,
           chats, randomOrder ? "random" : "id", batch,
           replyBytes);
    printf("  %.0f messages/s (%.2f s; %.1f µs a message, of which COMMIT %.1f µs; CPU %.1f µs a message)\n",
           messages / elapsed, elapsed, elapsed * 1e6 / messages, committing * 1e6 / messages,
           cpuSeconds * 1e6 / messages);
    sqlite3_stmt *statements[] = {savepoint, release, replay, inbound, answer, session, update};
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) sqlite3_finalize(statements[i]);
    sqlite3_close(db);
    removeStore(path);
    free(reply);
    return 0;
}

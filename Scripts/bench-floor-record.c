// The floor of the record tusoi writes: the rows a `tusoi serve` benchmark stored, stored again in
// the same order by SQLite alone, with the server's statements, schema and commit arrangement, and
// nothing else (no JSON, no conversation, no rendering, no output).
//
//   python3 Scripts/bench.py --binary B --messages 200000 --chats 10000 --keep   (prints the store)
//   cc -O2 -pthread Scripts/bench-floor-record.c -lsqlite3 -o /tmp/bench-floor-record
//   /tmp/bench-floor-record KEPT_STORE [BATCH] [PATH] [behind]    (defaults: 360 /tmp/tusoi-floor-record.sqlite)
//
// Where `Scripts/bench-floor.c` stores rows of a fixed made-up shape, this one takes tusoi's own:
// the schema is the kept store's (every table and index, read from its `sqlite_schema`), and so are
// the rows: each message's `inbound` row, the `answers` and `session_events` rows it caused, the new
// reply texts it stored (`replies`, as stored, deflated or not), the session it started. Per message,
// as `tusoi serve` does: the replay check (the same SELECT), a new reply text's INSERT when the
// message is the first to use it, a new session's INSERT, the `inbound` INSERT, its `answers` and
// `session_events` INSERTs; per batch (BATCH messages; the server's batches averaged 359 lines in
// the runs of issue 16), one UPDATE of each session touched, with its stored state, then COMMIT.
// No savepoint (the server uses them only after a failure). WAL, `synchronous=FULL`, a page cache
// of 5 MB, and the server's checkpoints: a thread with its own connection copies the log into the
// database file each time it has grown by 100 frames, and the writer checkpoints itself past 4,025
// frames (`Checkpointer.swift`).
//
// With `behind`, commits are synced behind them as `tusoi serve` does since the eleventh session
// (`LogSync.swift`): the writer at `synchronous=NORMAL`, and a thread that syncs the log
// (`fdatasync`) after each commit, where the server's output thread does before writing a batch's
// acknowledgements; the writer may commit a batch while the one before is synced and at most one
// waits for its sync, as with the server's output thread; the clock stops when the last sync returned.
//
// What is not the same: a session's state in each UPDATE is its last one (the kept store has no
// other), and everything is read into memory before the clock starts.
#include <fcntl.h>
#include <pthread.h>

#include "bench-floor.h"

// A row read from the kept store: its columns as SQLite values, copied.
typedef struct {
    int count;
    sqlite3_value **values;
} Row;

static Row copyRow(sqlite3_stmt *statement, int first) {
    Row row;
    row.count = sqlite3_column_count(statement) - first;
    row.values = malloc(sizeof(sqlite3_value *) * row.count);
    for (int column = 0; column < row.count; column++)
        row.values[column] = sqlite3_value_dup(sqlite3_column_value(statement, first + column));
    return row;
}

static void bindRow(sqlite3_stmt *statement, Row row) {
    for (int column = 0; column < row.count; column++)
        sqlite3_bind_value(statement, column + 1, row.values[column]);
}

// Rows of one table, in id order, each with the id of the message (or session) it belongs to.
typedef struct {
    int count;
    long long *owner;
    Row *rows;
} Table;

static Table readTable(sqlite3 *source, const char *sql) {
    Table table = {0, 0, 0};
    int capacity = 0;
    sqlite3_stmt *statement = prepare(source, sql);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        if (table.count == capacity) {
            capacity = capacity ? capacity * 2 : 1024;
            table.owner = realloc(table.owner, sizeof(long long) * capacity);
            table.rows = realloc(table.rows, sizeof(Row) * capacity);
        }
        table.owner[table.count] = sqlite3_column_int64(statement, 0);
        table.rows[table.count] = copyRow(statement, 1);
        table.count++;
    }
    sqlite3_finalize(statement);
    return table;
}

// The checkpoint thread of `Checkpointer.swift`, in C.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int pending = 0, stopping = 0, framesAtNudge = 0;
static const char *databasePath;

static void *checkpointer(void *unused) {
    (void)unused;
    sqlite3 *db;
    check(sqlite3_open_v2(databasePath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 0), db, "open");
    sqlite3_exec(db, "PRAGMA synchronous = FULL", 0, 0, 0);
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!pending && !stopping) pthread_cond_wait(&wake, &lock);
        pending = 0;
        int stop = stopping;
        pthread_mutex_unlock(&lock);
        if (stop) break;
        int previous = -1;
        for (int pass = 0; pass < 8; pass++) {
            int frames = 0, copied = 0;
            int code = sqlite3_wal_checkpoint_v2(db, 0, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
            if (code != SQLITE_OK || (copied >= frames && frames == previous)) break;
            previous = frames;
        }
    }
    sqlite3_close_v2(db);
    return 0;
}

// The sync thread of `behind`: syncs the log after each commit the writer reports.
static pthread_mutex_t syncLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t syncWake = PTHREAD_COND_INITIALIZER;
static int committedBatches = 0, syncedBatches = 0, syncStopping = 0, walDescriptor = -1;

static void *syncer(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&syncLock);
        while (committedBatches == syncedBatches && !syncStopping) pthread_cond_wait(&syncWake, &syncLock);
        int target = committedBatches, stop = syncStopping && committedBatches == syncedBatches;
        pthread_mutex_unlock(&syncLock);
        if (stop) break;
        if (fdatasync(walDescriptor) != 0) {
            perror("fdatasync");
            exit(1);
        }
        pthread_mutex_lock(&syncLock);
        syncedBatches = target;
        pthread_cond_broadcast(&syncWake);
        pthread_mutex_unlock(&syncLock);
    }
    return 0;
}

static int walHook(void *context, sqlite3 *db, const char *name, int frames) {
    (void)context, (void)name;
    if (frames < framesAtNudge) framesAtNudge = 0;
    if (frames >= 4000 + 100 / 4) {
        sqlite3_wal_checkpoint_v2(db, 0, SQLITE_CHECKPOINT_PASSIVE, 0, 0);
    } else if (frames - framesAtNudge >= 100) {
        framesAtNudge = frames;
        pthread_mutex_lock(&lock);
        pending = 1;
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
    }
    return SQLITE_OK;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s KEPT_STORE [BATCH] [PATH] [behind]\n", argv[0]);
        return 64;
    }
    int batch = argc > 2 ? atoi(argv[2]) : 360;
    databasePath = argc > 3 ? argv[3] : "/tmp/tusoi-floor-record.sqlite";
    int behind = argc > 4 && strcmp(argv[4], "behind") == 0;

    sqlite3 *source;
    check(sqlite3_open_v2(argv[1], &source, SQLITE_OPEN_READONLY, 0), source, argv[1]);
    // Messages in the order the server stored them; what each caused, by message.
    Table inbound = readTable(source,
        "SELECT id, channel, chat_id, message_id, user_id, session_id, sent_at, received_at, text, button,"
        " reply_id FROM inbound ORDER BY id");
    Table answers = readTable(source,
        "SELECT inbound_id, session_id, question_key, kind, value, inbound_id, answered_at FROM answers"
        " WHERE inbound_id IS NOT NULL ORDER BY id");
    Table events = readTable(source,
        "SELECT inbound_id, session_id, kind, inbound_id, at, document FROM session_events"
        " WHERE inbound_id IS NOT NULL ORDER BY id");
    Table replies = readTable(source, "SELECT id, id, body FROM replies ORDER BY id");
    Table sessions = readTable(source,
        "SELECT id, id, channel, user_id, chat_id, questionnaire_id, status, state, created_at, updated_at,"
        " member_id, campaign_id FROM sessions ORDER BY id");
    Table states = readTable(source, "SELECT id, state, status, updated_at, id FROM sessions ORDER BY id");
    Table schema = readTable(source,
        "SELECT rowid, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY rowid");
    Table questionnaires = readTable(source, "SELECT id, * FROM questionnaires ORDER BY id");
    long long maxSession = sessions.count ? sessions.owner[sessions.count - 1] : 0;
    long long maxReply = replies.count ? replies.owner[replies.count - 1] : 0;
    // Which session rows and reply rows exist before the run (none in a benchmark's store: every
    // session and reply is created by a message; a row used by no message is created up front).
    char *sessionSeen = calloc(maxSession + 1, 1), *replySeen = calloc(maxReply + 1, 1);
    int *sessionIndex = calloc(maxSession + 1, sizeof(int)), *replyIndex = calloc(maxReply + 1, sizeof(int));
    for (int index = 0; index < sessions.count; index++) sessionIndex[sessions.owner[index]] = index;
    for (int index = 0; index < replies.count; index++) replyIndex[replies.owner[index]] = index;
    sqlite3_close(source);

    removeStore(databasePath);
    sqlite3 *db;
    check(sqlite3_open_v2(databasePath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, 0),
          db, databasePath);
    check(sqlite3_exec(db,
              "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-5000;"
              "PRAGMA wal_autocheckpoint=0;",
              0, 0, 0),
          db, "pragmas");
    check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
    for (int index = 0; index < schema.count; index++)
        check(sqlite3_exec(db, (const char *)sqlite3_value_text(schema.rows[index].values[0]), 0, 0, 0), db,
              "schema");
    sqlite3_stmt *questionnaire = prepare(db, "INSERT INTO questionnaires VALUES (?, ?, ?, ?, ?, ?)");
    for (int index = 0; index < questionnaires.count; index++) {
        bindRow(questionnaire, questionnaires.rows[index]);
        run(questionnaire);
    }
    check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");

    sqlite3_stmt *replay = prepare(db,
        "SELECT r.body FROM inbound i JOIN replies r ON r.id = i.reply_id"
        " WHERE i.channel = ? AND i.chat_id = ? AND i.message_id = ?");
    sqlite3_stmt *reply = prepare(db, "INSERT INTO replies(id, body) VALUES (?, ?)");
    sqlite3_stmt *session = prepare(db,
        "INSERT INTO sessions(id, channel, user_id, chat_id, questionnaire_id, status, state, created_at,"
        " updated_at, member_id, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *message = prepare(db,
        "INSERT INTO inbound(channel, chat_id, message_id, user_id, session_id, sent_at, received_at, text,"
        " button, reply_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *answer = prepare(db,
        "INSERT INTO answers(session_id, question_key, kind, value, inbound_id, answered_at)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *event = prepare(db,
        "INSERT INTO session_events(session_id, kind, inbound_id, at, document) VALUES (?, ?, ?, ?, ?)");
    sqlite3_stmt *update = prepare(db, "UPDATE sessions SET state = ?, status = ?, updated_at = ? WHERE id = ?");

    pthread_t thread, syncThread;
    pthread_create(&thread, 0, checkpointer, 0);
    if (behind) {
        check(sqlite3_exec(db, "PRAGMA synchronous = NORMAL", 0, 0, 0), db, "synchronous");
        char name[4096];
        snprintf(name, sizeof name, "%s-wal", databasePath);
        walDescriptor = open(name, O_RDONLY | O_CLOEXEC);
        if (walDescriptor < 0) {
            perror(name);
            return 1;
        }
        pthread_create(&syncThread, 0, syncer, 0);
    }
    sqlite3_wal_hook(db, walHook, 0);
    long long *touched = malloc(sizeof(long long) * (batch + 1));
    char *touchedFlag = calloc(maxSession + 1, 1);
    int nextAnswer = 0, nextEvent = 0;
    double started = seconds(), committing = 0;
    clock_t cpu = clock();
    for (int first = 0; first < inbound.count; first += batch) {
        int end = first + batch < inbound.count ? first + batch : inbound.count, touchedCount = 0;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int index = first; index < end; index++) {
            Row row = inbound.rows[index];
            for (int column = 0; column < 3; column++) sqlite3_bind_value(replay, column + 1, row.values[column]);
            run(replay);
            long long replyID = sqlite3_value_int64(row.values[9]);
            if (replyID > 0 && replyID <= maxReply && !replySeen[replyID]) {
                replySeen[replyID] = 1;
                bindRow(reply, replies.rows[replyIndex[replyID]]);
                run(reply);
            }
            long long sessionID = sqlite3_value_type(row.values[4]) == SQLITE_NULL ? 0 : sqlite3_value_int64(row.values[4]);
            if (sessionID > 0 && sessionID <= maxSession && !sessionSeen[sessionID]) {
                sessionSeen[sessionID] = 1;
                bindRow(session, sessions.rows[sessionIndex[sessionID]]);
                run(session);
            }
            bindRow(message, row);
            run(message);
            long long inboundID = sqlite3_last_insert_rowid(db);
            for (; nextAnswer < answers.count && answers.owner[nextAnswer] <= inbound.owner[index]; nextAnswer++) {
                bindRow(answer, answers.rows[nextAnswer]);
                sqlite3_bind_int64(answer, 5, inboundID);
                run(answer);
            }
            for (; nextEvent < events.count && events.owner[nextEvent] <= inbound.owner[index]; nextEvent++) {
                bindRow(event, events.rows[nextEvent]);
                sqlite3_bind_int64(event, 3, inboundID);
                run(event);
            }
            if (sessionID > 0 && sessionID <= maxSession && !touchedFlag[sessionID]) {
                touchedFlag[sessionID] = 1;
                touched[touchedCount++] = sessionID;
            }
        }
        for (int index = 0; index < touchedCount; index++) {
            touchedFlag[touched[index]] = 0;
            bindRow(update, states.rows[sessionIndex[touched[index]]]);
            run(update);
        }
        double before = seconds();
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        if (behind) {
            // At most one committed batch waits for its sync while another is synced.
            pthread_mutex_lock(&syncLock);
            committedBatches++;
            pthread_cond_broadcast(&syncWake);
            while (committedBatches - syncedBatches > 2) pthread_cond_wait(&syncWake, &syncLock);
            pthread_mutex_unlock(&syncLock);
        }
        committing += seconds() - before;
    }
    if (behind) {
        pthread_mutex_lock(&syncLock);
        syncStopping = 1;
        pthread_cond_broadcast(&syncWake);
        pthread_mutex_unlock(&syncLock);
        pthread_join(syncThread, 0);
        close(walDescriptor);
    }
    double elapsed = seconds() - started;
    double cpuSeconds = (double)(clock() - cpu) / CLOCKS_PER_SEC;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, 0);
    printf("Floor of the record: %d messages (%d answers, %d events, %d reply texts, %d sessions) of %s, "
           "batches of %d, %s\n",
           inbound.count, answers.count, events.count, replies.count, sessions.count, argv[1], batch,
           behind ? "synced behind the commits" : "synced in each commit");
    printf("  %.0f messages/s (%.2f s; %.1f µs a message, of which COMMIT %.1f µs; CPU %.1f µs a message, "
           "every thread)\n",
           inbound.count / elapsed, elapsed, elapsed * 1e6 / inbound.count, committing * 1e6 / inbound.count,
           cpuSeconds * 1e6 / inbound.count);
    sqlite3_stmt *statements[] = {questionnaire, replay, reply, session, message, answer, event, update};
    for (size_t index = 0; index < sizeof statements / sizeof statements[0]; index++)
        sqlite3_finalize(statements[index]);
    sqlite3_close(db);
    removeStore(databasePath);
    return 0;
}

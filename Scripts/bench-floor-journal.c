// The SQLite floor of the smallest store that would still keep the record: one row per message in
// an append-only journal (the message's key, its session, its time, its text and a reference to its
// replies: BODY_BYTES in all), WAL, synchronous=FULL, one transaction per batch, nothing else (no
// answers table, no session rows, no savepoints, no JSON, no conversation). With KEY=unique the
// journal has a unique index on the message key, which the replay check of the protocol needs; with
// KEY=none it has no index but its rowid (replays would have to be found some other way).
//
//   cc -O2 Scripts/bench-floor-journal.c -lsqlite3 -o /tmp/bench-floor-journal
//   /tmp/bench-floor-journal MESSAGES CHATS BATCH BODY_BYTES KEY [PATH]
//   (defaults: 200000 10000 400 120 unique)
//
// Compare with Scripts/bench-floor.c (the statements tusoi serve runs today) in the same run: this
// is the ceiling a redesigned store could reach on the same machine, before any other work.
#include "bench-floor.h"

int main(int argc, char **argv) {
    int messages = argc > 1 ? atoi(argv[1]) : 200000;
    int chats = argc > 2 ? atoi(argv[2]) : 10000;
    int batch = argc > 3 ? atoi(argv[3]) : 400;
    int bodyBytes = argc > 4 ? atoi(argv[4]) : 120;
    int unique = argc > 5 ? strcmp(argv[5], "none") != 0 : 1;
    const char *path = argc > 6 ? argv[6] : "/tmp/tusoi-bench-floor-journal.sqlite";
    removeStore(path);

    sqlite3 *db;
    check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, 0), db, path);
    check(sqlite3_exec(db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-5000; PRAGMA wal_autocheckpoint=4000;",
        0, 0, 0), db, "pragmas");
    check(sqlite3_exec(db,
        unique ? "CREATE TABLE journal(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, session_id INTEGER NOT NULL,"
                 " at INTEGER NOT NULL, body BLOB NOT NULL)"
               : "CREATE TABLE journal(id INTEGER PRIMARY KEY, key TEXT NOT NULL, session_id INTEGER NOT NULL,"
                 " at INTEGER NOT NULL, body BLOB NOT NULL)",
        0, 0, 0), db, "schema");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v3(db, "INSERT INTO journal(key, session_id, at, body) VALUES (?, ?, ?, ?)", -1,
        SQLITE_PREPARE_PERSISTENT, &insert, 0), db, "prepare");

    char *body = malloc(bodyBytes);
    for (int i = 0; i < bodyBytes; i++) body[i] = 'a' + i % 26;
    char key[64];
    double started = seconds(), committing = 0;
    clock_t cpu = clock();
    for (int first = 0; first < messages; first += batch) {
        int end = first + batch < messages ? first + batch : messages;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int index = first; index < end; index++) {
            int chat = index % chats;
            snprintf(key, sizeof key, "zalo/u%d/m%d", chat, index / chats);
            sqlite3_bind_text(insert, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, 2, chat + 1);
            sqlite3_bind_int64(insert, 3, 1764000000 + index);
            sqlite3_bind_blob(insert, 4, body, bodyBytes, SQLITE_STATIC);
            int code = sqlite3_step(insert);
            check(code, db, "insert");
            sqlite3_reset(insert);
        }
        double before = seconds();
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        committing += seconds() - before;
    }
    double elapsed = seconds() - started;
    double cpuSeconds = (double)(clock() - cpu) / CLOCKS_PER_SEC;
    printf("SQLite journal floor: %d messages over %d chats, batches of %d, rows of %d bytes, %s\n", messages,
           chats, batch, bodyBytes, unique ? "a unique key" : "no index");
    printf("  %.0f messages/s (%.2f s; %.1f µs a message, of which COMMIT %.1f µs; CPU %.1f µs a message)\n",
           messages / elapsed, elapsed, elapsed * 1e6 / messages, committing * 1e6 / messages,
           cpuSeconds * 1e6 / messages);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    removeStore(path);
    free(body);
    return 0;
}

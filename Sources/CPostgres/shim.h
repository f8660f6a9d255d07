// libpq, PostgreSQL's client library, loaded when a PostgreSQL store is first opened (dlopen), not
// linked: a ward on SQLite does not pay for it (about 4 ms of start-up and 6 MB of memory, with the
// Kerberos, LDAP and TLS libraries it pulls in). The header gives the types; `tusoi_libpq_load`
// gives the functions. Debian's libpq-dev puts the header in /usr/include/postgresql; Homebrew's
// libpq puts it on the include path itself.
#include <dlfcn.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/// The functions of libpq that tusoi calls.
typedef struct tusoi_libpq {
    __typeof__(PQconnectdb) *_Nonnull connectdb;
    __typeof__(PQstatus) *_Nonnull status;
    __typeof__(PQerrorMessage) *_Nonnull errorMessage;
    __typeof__(PQfinish) *_Nonnull finish;
    __typeof__(PQreset) *_Nonnull reset;
    __typeof__(PQexec) *_Nonnull exec;
    __typeof__(PQclear) *_Nonnull clear;
    __typeof__(PQcmdTuples) *_Nonnull cmdTuples;
    __typeof__(PQntuples) *_Nonnull ntuples;
    __typeof__(PQprepare) *_Nonnull prepare;
    __typeof__(PQexecPrepared) *_Nonnull execPrepared;
    __typeof__(PQresultStatus) *_Nonnull resultStatus;
    __typeof__(PQresultErrorField) *_Nonnull resultErrorField;
    __typeof__(PQresultErrorMessage) *_Nonnull resultErrorMessage;
    __typeof__(PQtransactionStatus) *_Nonnull transactionStatus;
    __typeof__(PQgetisnull) *_Nonnull getisnull;
    __typeof__(PQgetvalue) *_Nonnull getvalue;
} tusoi_libpq;

typedef struct tusoi_libpq_state {
    tusoi_libpq table;
    int loaded;
    char error[512];
} tusoi_libpq_state;

// Function-local statics: Swift emits a header's inline functions, not its global variables.
static inline tusoi_libpq_state *_Nonnull tusoi_libpq_state_get(void) {
    static tusoi_libpq_state state;
    return &state;
}

static inline pthread_once_t *_Nonnull tusoi_libpq_once(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    return &once;
}

static inline void *tusoi_libpq_symbol(void *library, const char *name, int *missing) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && *missing == 0) {
        *missing = 1;
        snprintf(tusoi_libpq_state_get()->error, sizeof tusoi_libpq_state_get()->error, "libpq has no %s", name);
    }
    return symbol;
}

static inline void tusoi_libpq_open(void) {
    // $TUSOI_LIBPQ alone when it is set (a library in an unusual place: its own error if it cannot
    // be loaded); else the name libpq 5 has on Debian, then Homebrew's absolute paths on macOS
    // (Apple silicon, then Intel). No bare macOS name: dyld could look for it in the working folder.
    const char *chosen = getenv("TUSOI_LIBPQ");
    const char *candidates[] = {
        "libpq.so.5", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib", "/usr/local/opt/libpq/lib/libpq.5.dylib",
    };
    void *library = NULL;
    char *error = tusoi_libpq_state_get()->error;
    size_t size = sizeof tusoi_libpq_state_get()->error;
    snprintf(error, size, "libpq.so.5 not found");
    if (chosen != NULL && chosen[0] != 0) {
        library = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
        if (library == NULL) snprintf(error, size, "%s", dlerror());
    } else {
        for (size_t index = 0; index < sizeof candidates / sizeof candidates[0] && library == NULL; index++) {
            library = dlopen(candidates[index], RTLD_NOW | RTLD_LOCAL);
            // The first failure says most (libpq.so.5 not found on Linux); dlerror's text is copied
            // at once, the next dlopen overwrites it.
            if (library == NULL && index == 0) snprintf(error, size, "%s", dlerror());
        }
    }
    if (library == NULL) return;
    int missing = 0;
    tusoi_libpq table = {
        (__typeof__(PQconnectdb) *)tusoi_libpq_symbol(library, "PQconnectdb", &missing),
        (__typeof__(PQstatus) *)tusoi_libpq_symbol(library, "PQstatus", &missing),
        (__typeof__(PQerrorMessage) *)tusoi_libpq_symbol(library, "PQerrorMessage", &missing),
        (__typeof__(PQfinish) *)tusoi_libpq_symbol(library, "PQfinish", &missing),
        (__typeof__(PQreset) *)tusoi_libpq_symbol(library, "PQreset", &missing),
        (__typeof__(PQexec) *)tusoi_libpq_symbol(library, "PQexec", &missing),
        (__typeof__(PQclear) *)tusoi_libpq_symbol(library, "PQclear", &missing),
        (__typeof__(PQcmdTuples) *)tusoi_libpq_symbol(library, "PQcmdTuples", &missing),
        (__typeof__(PQntuples) *)tusoi_libpq_symbol(library, "PQntuples", &missing),
        (__typeof__(PQprepare) *)tusoi_libpq_symbol(library, "PQprepare", &missing),
        (__typeof__(PQexecPrepared) *)tusoi_libpq_symbol(library, "PQexecPrepared", &missing),
        (__typeof__(PQresultStatus) *)tusoi_libpq_symbol(library, "PQresultStatus", &missing),
        (__typeof__(PQresultErrorField) *)tusoi_libpq_symbol(library, "PQresultErrorField", &missing),
        (__typeof__(PQresultErrorMessage) *)tusoi_libpq_symbol(library, "PQresultErrorMessage", &missing),
        (__typeof__(PQtransactionStatus) *)tusoi_libpq_symbol(library, "PQtransactionStatus", &missing),
        (__typeof__(PQgetisnull) *)tusoi_libpq_symbol(library, "PQgetisnull", &missing),
        (__typeof__(PQgetvalue) *)tusoi_libpq_symbol(library, "PQgetvalue", &missing),
    };
    if (missing) return;
    tusoi_libpq_state_get()->table = table;
    tusoi_libpq_state_get()->loaded = 1;
}

/// libpq's functions, loaded on the first call; NULL when libpq cannot be loaded
/// (`tusoi_libpq_failure` says why).
static inline const tusoi_libpq *_Nullable tusoi_libpq_load(void) {
    pthread_once(tusoi_libpq_once(), tusoi_libpq_open);
    return tusoi_libpq_state_get()->loaded ? &tusoi_libpq_state_get()->table : NULL;
}

static inline const char *_Nonnull tusoi_libpq_failure(void) { return tusoi_libpq_state_get()->error; }

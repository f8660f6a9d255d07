// libpq, PostgreSQL's client library. Debian's libpq-dev puts the header in /usr/include/postgresql;
// Homebrew's libpq puts it on the include path itself.
#include <stdlib.h>
#include <string.h>

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

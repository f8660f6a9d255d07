"""Drives `tusoi serve` with generated conversations and measures it. Run through Scripts/bench.

Figures are printed, not asserted: the script exits non-zero only when a run fails (a message not
acknowledged, an error in a response, a server that does not exit cleanly, a handshake not answered).
"""
import argparse
import glob
import json
import random
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# Answers that walk the real "tu-soi-tu-sua" questionnaire: a greeting, “bắt đầu”, checklists, yes/no,
# long and free text, a skip, a plan item with a date, then review, submit and confirm.
SCRIPT = [
    "Chào đồng chí", "bắt đầu", "3", "Chưa dành thời gian đọc kỹ nghị quyết.", "0", "khong co", "khong",
    "Đi làm đúng giờ, nhận việc khó, gương mẫu ở khu dân cư.", "xong", "bo qua", "5",
    "Phát ngôn trong nhóm cơ quan còn thiếu cân nhắc.", "Đề nghị thông báo lịch sinh hoạt sớm.", "không",
    "Học nghị quyết; cẩn trọng khi phát ngôn.", "Chưa học kỹ nghị quyết.", "Mỗi tháng đọc một nghị quyết.",
    "31/12", "không", "Hoàn thành nhiệm vụ chuyên môn.", "xem lại", "nộp", "xác nhận",
]

HANDSHAKE = (json.dumps({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                         "params": {"protocolVersion": "1", "channels": {"zalo": {"maxTextLength": 2000}}}})
             + "\n").encode()

# The sweep: (chats, messages as fast as possible). 20 messages a chat at 1k and 10k chats (the
# figures of the default and quick runs); 4 a chat at 100k chats, where no chat is ever in memory
# twice in a row and every message reads its session back from the store.
SWEEP = [(1_000, 20_000), (10_000, 200_000), (100_000, 400_000)]


# The steps of SCRIPT that take free text: each member writes their own (the chat's number in it), so
# that no two members' answers or replies are the same bytes.
FREE_TEXT = {index for index, text in enumerate(SCRIPT) if len(text) > 25}


def text(step, chat):
    index = step % len(SCRIPT)
    if index in FREE_TEXT:
        return "%s (đảng viên %d)" % (SCRIPT[index].rstrip("."), chat)
    return SCRIPT[index]


ORDER = "random"
SEED = 2026


def generate(messages, chats, first_step=0, order=None, first_chat=0):
    """`messages` message lines over `chats` chats (numbered from `first_chat`), each chat at step
    `first_step` first.

    `random` (the default, as members write): the chats interleave in a shuffled order, each chat's
    own messages still in order; `id`: round-robin over the chats in id order, which keeps every batch
    in a narrow band of each index and flatters the store.
    """
    order = order or ORDER
    if order == "id":
        sequence = [chat for _ in range(messages // chats + 1) for chat in range(chats)][:messages]
    else:
        sequence = [chat for chat in range(chats) for _ in range(messages // chats)]
        sequence += list(range(messages - len(sequence)))
        random.Random(SEED + first_step).shuffle(sequence)
    steps = [first_step] * chats
    lines = []
    for count, chat in enumerate(sequence):
        step = steps[chat]
        steps[chat] += 1
        member = first_chat + chat
        params = {"channel": "zalo", "chat": "u%d" % member, "user": "u%d" % member,
                  "messageId": "m%d" % step, "text": text(step, member)}
        lines.append((json.dumps({"jsonrpc": "2.0", "id": count, "method": "message", "params": params},
                                 ensure_ascii=False) + "\n").encode())
    return lines


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Run:
    """The figures of one run of `tusoi serve`."""

    def __init__(self, label, messages):
        self.label = label
        self.messages = messages
        self.seconds = 0.0
        self.latencies = []
        self.peak_mb = 0.0
        # At the end of the run: the process's memory in anonymous pages (its heap, its stacks,
        # relocated data) and in pages of files (the program and its libraries as far as they were
        # read), both part of VmHWM.
        self.anonymous_mb = 0.0
        self.file_mb = 0.0
        self.cpu_seconds = 0.0
        self.user_seconds = 0.0
        self.store_mb = 0.0
        self.acks = 0
        self.errors = 0
        self.code = 0
        self.batches = 0
        self.ahead = 0

    @property
    def throughput(self):
        return self.messages / self.seconds if self.seconds else 0.0

    @property
    def failed(self):
        return self.acks != self.messages or self.errors or self.code != 0

    def report(self):
        print(self.label)
        print("  throughput:   %.0f messages/s (%.2f s)" % (self.throughput, self.seconds))
        if self.latencies:
            print("  latency:      p50 %.2f ms, p99 %.2f ms (line in -> acknowledgement out; p90 %.2f, "
                  "p99.9 %.2f, max %.2f)" % (
                      percentile(self.latencies, 0.50), percentile(self.latencies, 0.99),
                      percentile(self.latencies, 0.90), percentile(self.latencies, 0.999), max(self.latencies)))
        print("  server CPU:   %.1f µs a message (user %.1f + system %.1f; every thread)" % (
            self.cpu_seconds * 1e6 / max(1, self.messages), self.user_seconds * 1e6 / max(1, self.messages),
            (self.cpu_seconds - self.user_seconds) * 1e6 / max(1, self.messages)))
        if self.batches:
            print("  batches:      %d (one transaction each; %.0f lines on average); %d turns worked out"
                  " ahead and taken" % (self.batches, self.messages / self.batches, self.ahead))
        print("  peak memory:  %.1f MB (VmHWM; at the end %.1f MB anonymous, %.1f MB of the program and"
              " its libraries)" % (self.peak_mb, self.anonymous_mb, self.file_mb))
        print("  store:        %.1f MB; acknowledged %d, errors %d, exit %d" % (
            self.store_mb, self.acks, self.errors, self.code))
        sys.stdout.flush()


def store_size(store):
    if is_postgres(store):
        return postgres_size(store)
    return sum(os.path.getsize(path) for path in (store, store + "-wal") if os.path.exists(path))


def is_postgres(store):
    return store.startswith("postgres://") or store.startswith("postgresql://")


def psql():
    """PostgreSQL's client: on the PATH, or beside Debian's server binaries."""
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    if not candidates:
        sys.exit("--store needs PostgreSQL's psql (apt-get install postgresql-client)")
    return candidates[-1]


def postgres_schema(url, sql):
    """Runs `sql` on the server of `url` (creating or dropping a run's schema)."""
    subprocess.run([psql(), "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", "SET client_min_messages = warning; " + sql],
                   check=True)


def postgres_store(url, name):
    """A fresh schema `name` on the server of `url`, and the URL of a store inside it."""
    postgres_schema(url, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s" % (name, name))
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3D" + name


def postgres_size(store):
    """The bytes of the store's tables and indexes in its schema."""
    name = store.rsplit("%3D", 1)[-1]
    base = store[:store.rfind("options=")].rstrip("?&")
    result = subprocess.run([psql(), "-Atq", "-d", base, "-c",
                             "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '%s' "
                             "AND c.relkind = 'r'" % name], capture_output=True, text=True)
    return int(result.stdout.strip() or 0) if result.returncode == 0 else 0


def acknowledged(line):
    """The number of the message a line acknowledges, or None (the handshake's answer, a send request)."""
    start = line.find(b'"id":') + 5
    value = line[start:line.find(b",", start)]
    return int(value) if value.isdigit() else None


# Arguments given to every `tusoi serve` (--serve-arg), e.g. --no-read-ahead.
SERVE_ARGS = ()


def serve(binary, store, lines, rate=0.0, label="run", extra=()):
    """Pipes the handshake and `lines` through `tusoi serve --db store`, as fast as possible or at
    `rate` messages a second, and measures each line from written to acknowledged."""
    messages = len(lines)
    run = Run(label, messages)
    process = subprocess.Popen([binary, "serve", "--store" if is_postgres(store) else "--db", store, *extra, *SERVE_ARGS],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = [0.0] * messages
    received = [0.0] * messages
    acks = [0]
    errors = [0]
    log = []

    def reader():
        # The client shares the machine's two cores with the server: it reads whole blocks and, when the
        # acknowledgements of a block come in order (as they do), stamps them in one step.
        pending = b""
        while True:
            chunk = process.stdout.read1(1 << 20)
            if not chunk:
                return
            now = time.perf_counter()
            data = pending + chunk
            cut = data.rfind(b"\n") + 1
            complete, pending = data[:cut], data[cut:]
            if not complete:
                continue
            count = complete.count(b"\n")
            errors[0] += complete.count(b'{"error"')  # an error line starts so; a text cannot hold it unescaped
            first = acknowledged(complete[:complete.find(b"\n")])
            last = acknowledged(complete[complete.rfind(b"\n", 0, len(complete) - 1) + 1:-1])
            if first is not None and last is not None and last - first + 1 == count:
                received[first:last + 1] = [now] * count
                acks[0] += count
                continue
            for line in complete.split(b"\n")[:-1]:
                number = acknowledged(line)
                if number is not None:
                    received[number] = now
                    acks[0] += 1

    def drain_stderr():
        log.append(process.stderr.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    logger = threading.Thread(target=drain_stderr, daemon=True)
    logger.start()
    process.stdin.write(HANDSHAKE)
    process.stdin.flush()
    began = time.perf_counter()
    try:
        if rate > 0:
            interval = 1.0 / rate
            for index, line in enumerate(lines):
                target = began + index * interval
                delay = target - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)  # sleeping, not spinning: the reader thread needs the GIL
                sent[index] = time.perf_counter()
                process.stdin.write(line)
                process.stdin.flush()
        else:
            chunk = 400
            for start in range(0, messages, chunk):
                end = min(start + chunk, messages)
                sent[start:end] = [time.perf_counter()] * (end - start)
                process.stdin.write(b"".join(lines[start:end]))
            process.stdin.flush()
    except BrokenPipeError:
        pass
    while acks[0] < messages and process.poll() is None:
        time.sleep(0.001)
    finished = time.perf_counter()
    try:
        with open("/proc/%d/status" % process.pid) as status:
            for field in status:
                if field.startswith("VmHWM:"):
                    run.peak_mb = int(field.split()[1]) / 1024
                elif field.startswith("RssAnon:"):
                    run.anonymous_mb = int(field.split()[1]) / 1024
                elif field.startswith("RssFile:"):
                    run.file_mb = int(field.split()[1]) / 1024
    except OSError:
        pass
    try:
        process.stdin.close()
    except BrokenPipeError:
        pass
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    thread.join(timeout=5)
    logger.join(timeout=5)
    run.seconds = finished - began
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    run.user_seconds = usage.ru_utime
    run.peak_mb = run.peak_mb or usage.ru_maxrss / 1024
    run.latencies = [(received[i] - sent[i]) * 1000 for i in range(messages) if received[i] > 0]
    run.store_mb = store_size(store) / 1e6
    run.acks, run.errors, run.code = acks[0], errors[0], process.returncode
    stopped = re.search(rb"stopped: .* (\d+) batches", log[0] if log else b"")
    run.batches = int(stopped.group(1)) if stopped else 0
    ahead = re.search(rb"(\d+) turns worked out ahead", log[0] if log else b"")
    run.ahead = int(ahead.group(1)) if ahead else 0
    if run.failed and log and log[0]:
        sys.stderr.write(log[0].decode(errors="replace")[-2000:])
    return run


def verify_replies(args, folder):
    """Every outbound message is kept: the run's input (whole self-reviews with --reviews N, else
    --messages over --chats) is sent to `tusoi serve`, then sent again to a new `tusoi serve` on the
    same store; every answer of the second run must be the first run's line, marked as a replay."""
    store = os.path.join(folder, "verify.sqlite")
    if args.reviews:
        lines = generate(args.reviews * len(SCRIPT), args.reviews)
    else:
        lines = generate(args.messages, args.chats)
    data = HANDSHAKE + b"".join(lines)
    outputs = []
    for attempt in range(2):
        done = subprocess.run([args.binary, "serve", "--db", store, *SERVE_ARGS], input=data, capture_output=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
            return False
        outputs.append([line for line in done.stdout.split(b"\n") if b'"replay":' in line])
    first, again = outputs
    expected = [line.replace(b'"replay":false', b'"replay":true') for line in first]
    differing = sum(1 for a, b in zip(expected, again) if a != b)
    replays = sum(1 for line in again if b'"replay":true' in line)
    reply_bytes = sum(len(line) for line in first)
    print("verify replies: %d messages answered, %d answered again from the store as replays; "
          "%d differ, %d missing (%.1f MB of answers compared byte for byte)" % (
              len(first), replays, differing, max(0, len(first) - len(again)), reply_bytes / 1e6))
    return len(first) == len(lines) and len(again) == len(first) and differing == 0 and replays == len(first)


def reviews(args, folder):
    """Whole self-reviews: each member sends the script once, to submission; the store's size (after
    a checkpoint, without the questionnaires' text) per submitted self-review."""
    import sqlite3
    store = os.path.join(folder, "reviews.sqlite")
    messages = args.reviews * len(SCRIPT)
    label = "tusoi serve: %d whole self-reviews (%d messages) in %s order" % (args.reviews, messages, args.order)
    run = serve(args.binary, store, generate(messages, args.reviews), 0, label)
    run.report()
    db = sqlite3.connect(store)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    submitted = db.execute("SELECT count(*) FROM session_events WHERE kind = 'submitted'").fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    # The questionnaires' text is stored once per version, whatever the number of members.
    shared = db.execute("SELECT coalesce(sum(length(source)), 0) FROM questionnaires").fetchone()[0]
    tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    rows = {name: db.execute("SELECT count(*) FROM \"%s\"" % name).fetchone()[0] for (name,) in tables}
    db.close()
    size = os.path.getsize(store)
    print("  self-reviews: %d submitted of %d; store %.1f MB (page %d B)" % (submitted, args.reviews, size / 1e6, page))
    if submitted:
        print("  store per submitted self-review: %.1f KB (%.1f KB without the questionnaires' text)" % (
            size / submitted / 1024, (size - shared) / submitted / 1024))
    print("  rows: " + ", ".join("%s %d" % item for item in sorted(rows.items()) if item[1]))
    return [run]


def single(args, folder):
    """One run, as before: N messages over M chats on a fresh store, as fast as possible or paced."""
    store = os.path.join(folder, "bench.sqlite")
    label = "tusoi serve benchmark: %d messages over %d chats in %s order%s" % (
        args.messages, args.chats, args.order, " at %d/s" % args.rate if args.rate else "")
    lines = generate(args.messages, args.chats)
    run = serve(args.binary, store, lines, args.rate, "SQLite: " + label if args.store else label)
    run.report()
    if not args.store:
        return [run]
    # The same input on PostgreSQL, beside SQLite in the same run.
    name = "bench_%d" % os.getpid()
    try:
        other = serve(args.binary, postgres_store(args.store, name), lines, args.rate, "PostgreSQL: " + label)
        other.report()
    finally:
        postgres_schema(args.store, "DROP SCHEMA IF EXISTS %s CASCADE" % name)
    runs = [run, other]
    if args.processes < 2:
        return runs
    # Two `serve --shared-store` processes on one fresh schema, each with half the chats (one bridge
    # each), at the same time.
    name = "bench_shared_%d" % os.getpid()
    try:
        url = postgres_store(args.store, name)
        half, chats = args.messages // 2, args.chats // 2
        results = [None, None]

        def one(index):
            results[index] = serve(args.binary, url, generate(half, chats, first_chat=index * chats), args.rate / 2,
                                   "PostgreSQL, process %d of 2 (--shared-store): %d messages over %d chats" % (
                                       index + 1, half, chats), extra=("--shared-store",))

        threads = [threading.Thread(target=one, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in results:
            result.report()
        print("PostgreSQL, 2 processes together: %d messages/s (%d messages in %.2f s)" % (
            2 * half / max(result.seconds for result in results), 2 * half, max(result.seconds for result in results)))
        runs += results
    finally:
        postgres_schema(args.store, "DROP SCHEMA IF EXISTS %s CASCADE" % name)
    return runs


def against_floor(args, folder):
    """Rounds of the throughput run, each followed at once by the floor of the very record it wrote:
    Scripts/bench-floor-record.c stores that run's rows again with SQLite alone (the server's schema,
    statements, batches of the run's average size and checkpoint thread), once with each commit synced
    in itself (`synchronous=FULL`) and once synced behind the commits on a thread of its own, as the
    server does. Issue 16's target is tusoi at 0.5 of its floor or more; the three are measured one
    after the other, so that a machine shared with others slows them alike as far as it can."""
    floor = os.path.join(folder, "bench-floor-record")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-floor-record.c")
    subprocess.run(["cc", "-O2", "-pthread", source, "-lsqlite3", "-o", floor], check=True)
    label = "tusoi serve benchmark: %d messages over %d chats in %s order" % (args.messages, args.chats, args.order)
    lines = generate(args.messages, args.chats)
    modes = (("in each commit", ()), ("behind the commits", ("behind",)))
    runs, ratios = [], {mode: [] for mode, _ in modes}
    for number in range(1, args.against_floor + 1):
        store = os.path.join(folder, "round-%d.sqlite" % number)
        run = serve(args.binary, store, lines, 0, "round %d of %d: %s" % (number, args.against_floor, label))
        run.report()
        runs.append(run)
        if run.failed:
            break
        batch = max(1, round(run.messages / max(run.batches, 1)))
        copy = os.path.join(folder, "floor.sqlite")
        for mode, extra in modes:
            done = subprocess.run([floor, store, str(batch), copy, *extra], capture_output=True, text=True)
            found = re.search(r"^\s*(\d+) messages/s", done.stdout, re.MULTILINE)
            if done.returncode != 0 or not found:
                sys.stderr.write(done.stdout + done.stderr)
                raise SystemExit("the floor program failed on %s" % store)
            rate = int(found.group(1))
            ratios[mode].append(run.throughput / rate)
            print("  floor:        %d messages/s storing this run's record again (batches of %d, synced %s); "
                  "tusoi at %.2f of it" % (rate, batch, mode, ratios[mode][-1]))
        if not args.keep:
            for suffix in ("", "-wal", "-shm", ".writer"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
    for mode, _ in modes:
        if ratios[mode]:
            print("against the floor synced %s: %d rounds, tusoi at %s of it (median %.2f); 0.5 or more in %d of %d" % (
                mode, len(ratios[mode]), " / ".join("%.2f" % ratio for ratio in ratios[mode]),
                statistics.median(ratios[mode]), sum(ratio >= 0.5 for ratio in ratios[mode]), len(ratios[mode])))
    return runs


def sweep(args, folder):
    """At 1k, 10k and 100k chats: throughput on a fresh store, then latency at `--sweep-rate`
    continuing the same chats on that store."""
    runs = []
    table = []
    for chats, messages in SWEEP:
        if args.sweep_chats and chats not in args.sweep_chats:
            continue
        store = os.path.join(folder, "sweep-%d.sqlite" % chats)
        fast = serve(args.binary, store, generate(messages, chats), 0,
                     "sweep: %d messages over %d chats, as fast as possible" % (messages, chats))
        fast.report()
        steps = messages // chats
        paced_count = int(args.sweep_rate * args.sweep_seconds)
        paced = serve(args.binary, store, generate(paced_count, chats, first_step=steps), args.sweep_rate,
                      "sweep: %d messages over %d chats at %d/s, continuing on that store" % (
                          paced_count, chats, args.sweep_rate))
        paced.report()
        runs += [fast, paced]
        table.append((chats, fast, paced))
        os.remove(store)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
    print("sweep summary")
    print("  %8s %10s %12s %10s %16s %16s %9s" % (
        "chats", "messages", "messages/s", "µs CPU", "p50/p99 (fast)", "p50/p99 @%d/s" % args.sweep_rate, "peak MB"))
    for chats, fast, paced in table:
        print("  %8d %10d %12.0f %10.1f %16s %16s %9.1f" % (
            chats, fast.messages, fast.throughput, fast.cpu_seconds * 1e6 / fast.messages,
            "%.0f/%.0f ms" % (percentile(fast.latencies, 0.5), percentile(fast.latencies, 0.99))
            if fast.latencies else "-",
            "%.2f/%.2f ms" % (percentile(paced.latencies, 0.5), percentile(paced.latencies, 0.99))
            if paced.latencies else "-",
            max(fast.peak_mb, paced.peak_mb)))
    return runs


def handshake_time(binary, store):
    """Seconds from starting `tusoi serve` to reading its answer to the handshake, and whether it
    answered without an error."""
    started = time.perf_counter()
    process = subprocess.Popen([binary, "serve", "--db", store, *SERVE_ARGS], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdin.write(HANDSHAKE)
    process.stdin.flush()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.stdin.close()
    process.stdout.read()
    code = process.wait()
    ok = line.startswith(b'{"id":"init"') and b'"result"' in line and code == 0
    return elapsed, ok


def count_sessions(store):
    """The number of sessions in a store, read with Python's sqlite3; "?" when it cannot be read."""
    try:
        import sqlite3
        connection = sqlite3.connect("file:%s?mode=ro" % store, uri=True)
        try:
            return "{:,}".format(connection.execute("SELECT count(*) FROM sessions").fetchone()[0])
        finally:
            connection.close()
    except Exception:  # noqa: BLE001  not a store: the timed runs report the failure
        return "?"


def startup(args, folder):
    """Start-up to the handshake: on a store of `--sessions` sessions (built by `tusoi serve` itself
    from generated traffic, or reused from `--startup-store`), and on an empty store for comparison."""
    store = args.startup_store or os.path.join(folder, "startup.sqlite")
    runs = []
    if not os.path.exists(store):
        per_session = args.startup_messages
        print("building the store: %d sessions, %d messages each, through tusoi serve" % (
            args.sessions, per_session))
        sys.stdout.flush()
        built = serve(args.binary, store, generate(args.sessions * per_session, args.sessions), 0,
                      "the start-up store: %d messages over %d chats" % (args.sessions * per_session, args.sessions))
        built.report()
        runs.append(built)
        if built.failed:
            return runs
    else:
        print("reusing the store %s" % store)
    sessions = count_sessions(store)
    empty = os.path.join(folder, "empty.sqlite")
    handshake_time(args.binary, empty)  # creates the schema, so that the timed runs only open it
    failed = False
    for label, path in (("empty store", empty), ("store of %s sessions" % sessions, store)):
        times = []
        for _ in range(args.runs):
            elapsed, ok = handshake_time(args.binary, path)
            failed = failed or not ok
            times.append(elapsed * 1000)
        print("start-up to the handshake, %s: median %.1f ms (min %.1f, max %.1f; %d runs; %.1f MB)" % (
            label, statistics.median(times), min(times), max(times), args.runs, store_size(path) / 1e6))
    if failed:
        print("FAILED: a start-up run did not answer the handshake", file=sys.stderr)
        failure = Run("start-up", 1)
        failure.code = 1
        runs.append(failure)
    return runs


def main():
    parser = argparse.ArgumentParser(description="Benchmark of tusoi serve; see Scripts/bench.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0, help="messages per second (0: as fast as possible)")
    parser.add_argument("--quick", action="store_true", help="20,000 messages over 1,000 chats")
    parser.add_argument("--order", choices=["random", "id"], default="random",
                        help="chats interleaved at random (default, as members write) or round-robin by id")
    parser.add_argument("--sweep", action="store_true",
                        help="throughput and latency at 1k, 10k and 100k chats")
    parser.add_argument("--sweep-chats", type=int, action="append",
                        help="only this number of chats of the sweep (repeatable)")
    parser.add_argument("--sweep-rate", type=float, default=1000)
    parser.add_argument("--sweep-seconds", type=float, default=20)
    parser.add_argument("--startup", action="store_true",
                        help="start-up time to the handshake with a store of --sessions sessions")
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--startup-messages", type=int, default=2,
                        help="messages per session when building the start-up store")
    parser.add_argument("--startup-store", help="reuse (or build and keep) the start-up store at this path")
    parser.add_argument("--runs", type=int, default=9, help="start-up runs; the median is reported")
    parser.add_argument("--reviews", type=int,
                        help="this many members each write a whole self-review (in random order); "
                             "reports the store per submitted self-review")
    parser.add_argument("--verify-replies", action="store_true",
                        help="send the whole run again to a new serve on the same store: every answer must "
                             "come back as a replay, byte for byte (the record keeps every reply)")
    parser.add_argument("--against-floor", type=int, metavar="ROUNDS",
                        help="this many throughput runs, each followed by the floor of the record it wrote "
                             "(Scripts/bench-floor-record.c, built with cc): tusoi as a fraction of it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder of stores")
    parser.add_argument("--serve-arg", action="append", default=[],
                        help="an argument for every tusoi serve (repeatable), e.g. --serve-arg=--no-read-ahead")
    parser.add_argument("--store", help="a PostgreSQL URL: the single run again on a fresh schema there")
    parser.add_argument("--processes", type=int, default=1,
                        help="with --store, 2: then two serve --shared-store processes, half the chats each")
    args = parser.parse_args()
    global SERVE_ARGS
    SERVE_ARGS = tuple(args.serve_arg)
    global ORDER
    ORDER = args.order
    if args.quick:
        args.messages, args.chats = 20_000, 1_000

    folder = tempfile.mkdtemp(prefix="tusoi-bench-")
    runs = []
    try:
        if args.sweep:
            runs += sweep(args, folder)
        if args.startup:
            runs += startup(args, folder)
        if args.reviews:
            runs += reviews(args, folder)
        if args.against_floor:
            runs += against_floor(args, folder)
        if args.verify_replies:
            if not verify_replies(args, folder):
                print("FAILED: a reply did not come back from the store as it was sent", file=sys.stderr)
                sys.exit(1)
        elif not args.sweep and not args.startup and not args.reviews and not args.against_floor:
            runs += single(args, folder)
    finally:
        if args.keep:
            print("stores kept in %s" % folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if any(run.failed for run in runs):
        print("FAILED: not every message was acknowledged without error", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Kills `tusoi serve` at random moments and proves that no acknowledged answer is lost. See Scripts/crash."""
import argparse
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import SCRIPT  # the answers that walk the real questionnaire to submission
from bench import is_postgres, postgres_schema, postgres_store, psql

INIT = json.dumps({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                   "params": {"protocolVersion": "1"}}).encode() + b"\n"


def message(chat, step):
    params = {"channel": "zalo", "chat": chat, "user": chat, "messageId": "m%d" % step, "text": SCRIPT[step]}
    return json.dumps({"jsonrpc": "2.0", "id": "%s/%d" % (chat, step), "method": "message", "params": params},
                      ensure_ascii=False).encode() + b"\n"


class Run:
    """One life of the server: writes lines in a thread, collects the acknowledgements it prints."""

    def __init__(self, binary, store, lines, limit=None, gate=None):
        def limits():
            if limit:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        self.process = subprocess.Popen([binary, "serve", "--store" if is_postgres(store) else "--db", store],
                                        stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limits)
        self.acked, self.errors = set(), []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()
        self.gate = gate  # when set: half the lines, then wait for the gate, then the rest
        self.writer = threading.Thread(target=self.write, args=(lines,), daemon=True)
        self.writer.start()

    def write(self, lines):
        try:
            self.process.stdin.write(INIT)
            for start in range(0, len(lines), 200):
                if self.gate and start >= len(lines) // 2 and not self.gate.is_set():
                    self.process.stdin.flush()
                    self.gate.wait()
                self.process.stdin.write(b"".join(lines[start:start + 200]))
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def read(self):
        for line in self.process.stdout:
            if not line.endswith(b"\n"):
                break  # the server died in the middle of this line: it acknowledges nothing
            reply = json.loads(line)
            if "result" in reply and reply["id"] != "init":
                self.acked.add(reply["id"])
            elif "error" in reply:
                self.errors.append(reply["error"])

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join(timeout=10)

    def finish(self):
        self.writer.join()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        code = self.process.wait()
        self.reader.join(timeout=10)
        return code


def crash_test(binary, folder, kills, chats_per_wave, store=None, server=None):
    """Kills serve `kills` times; with a PostgreSQL `store` and `server` (a folder of .ci/postgres),
    one round in ten crashes the server under load (and serve), and one in ten crashes and restarts it
    between two batches while serve goes on."""
    store = store or os.path.join(folder, "crash.sqlite")
    server_kills = 0
    survived = 0
    pending, acked, all_chats, wave = [], set(), [], 0
    done_kills = 0
    began = time.time()
    while done_kills < kills:
        if len(pending) < chats_per_wave * 5:
            chats = ["w%d-c%d" % (wave, n) for n in range(chats_per_wave)]
            wave += 1
            all_chats += chats
            pending += [("%s/%d" % (c, s), message(c, s)) for s in range(len(SCRIPT)) for c in chats]
        mode = (done_kills % 10) if server else None
        gate = threading.Event() if mode == 9 else None
        lines = [line for _, line in pending]
        run = Run(binary, store, lines, gate=gate)
        if mode == 4:
            # The database server crashes under load (and serve with it); then it recovers.
            time.sleep(random.uniform(0.05, 0.3))
            postgres(server, "crash")
            run.kill()
            postgres(server, "restart")
            server_kills += 1
        elif mode == 9:
            # The database server crashes between two batches and recovers; the same serve goes on
            # on a new connection without failing a batch.
            first = min(len(lines), (len(lines) // 2 + 199) // 200 * 200)
            deadline = time.time() + 60
            while len(run.acked) + len(run.errors) < first and time.time() < deadline:
                time.sleep(0.01)
            postgres(server, "crash")
            postgres(server, "restart")
            server_kills += 1
            answered = len(run.acked)
            gate.set()
            code = run.finish()
            if code != 0 or run.errors or len(run.acked) == answered:
                print("serve did not go on after the PostgreSQL server restarted: exit %d, %d errors, "
                      "%d acknowledged after it" % (code, len(run.errors), len(run.acked) - answered),
                      file=sys.stderr)
                return False
            survived += len(run.acked) - answered
        else:
            time.sleep(random.uniform(0.005, 0.06))
            run.kill()
        done_kills += 1
        acked |= run.acked
        pending = [(i, line) for i, line in pending if i not in run.acked]
    run = Run(binary, store, [line for _, line in pending])
    code = run.finish()
    acked |= run.acked
    pending = [(i, line) for i, line in pending if i not in run.acked]

    query = postgres_query(store) if is_postgres(store) else sqlite_query(store)
    stored = {"%s/%s" % (chat, mid[1:]) for chat, mid in query("SELECT chat_id, message_id FROM inbound")}
    lost = len(acked - stored)
    twice = int(query("SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY inbound_id, question_key "
                      "HAVING count(*) > 1) twice")[0][0])
    submitted = {row[0] for row in query("SELECT user_id FROM sessions WHERE status = 'submitted'")}
    stuck = len([c for c in all_chats if c not in submitted])
    answers = int(query("SELECT count(*) FROM answers")[0][0])
    integrity = "ok" if is_postgres(store) else query("PRAGMA integrity_check")[0][0]
    print("crash%s: %d kills (%d of them of the PostgreSQL server) in %.0f s; %d messages acknowledged over "
          "%d conversations, %d answers stored" % (
              " on PostgreSQL" if is_postgres(store) else "", done_kills, server_kills, time.time() - began,
              len(acked), len(all_chats), answers))
    if server:
        print("  acknowledged by a serve after the server it was connected to restarted: %d" % survived)
    print("  acknowledged messages lost:       %d" % lost)
    print("  answers stored twice:             %d" % twice)
    print("  conversations unable to continue: %d" % stuck)
    print("  unacknowledged at the end:        %d; last exit %d; integrity %s" % (len(pending), code, integrity))
    return lost == 0 and twice == 0 and stuck == 0 and not pending and code == 0 and integrity == "ok"


def postgres(folder, action):
    """Crashes (`pg_ctl stop -m immediate`) or restarts the .ci/postgres server in `folder`."""
    subprocess.run([os.path.join(os.path.dirname(__file__), "..", ".ci", "postgres"), action, folder], check=True)


def sqlite_query(store):
    def query(sql):
        db = sqlite3.connect(store)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    return query


def postgres_query(store):
    """Rows of `sql` in the store's schema, through psql (tab-separated)."""
    def query(sql):
        result = subprocess.run([psql(), "-Atq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", store, "-c", sql],
                                capture_output=True, text=True, check=True)
        return [line.split("\t") for line in result.stdout.splitlines()]
    return query


def full_disk_test(binary, folder):
    store = os.path.join(folder, "full.sqlite")
    chats = ["f%d" % n for n in range(400)]
    lines = [message(c, s) for s in range(len(SCRIPT)) for c in chats]
    run = Run(binary, store, lines, limit=1_000_000)
    code = run.finish()
    refused = [e for e in run.errors if e["code"] == -32002]
    db = sqlite3.connect(store)
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    stored = {"%s/%s" % (chat, mid[1:]) for chat, mid in db.execute("SELECT chat_id, message_id FROM inbound")}
    db.close()
    lost = len(run.acked - stored)
    ok = code == 0 and refused and integrity == "ok" and lost == 0
    print("full disk (1 MB file limit): %d acknowledged, %d refused with -32002 (%s); exit %d; "
          "integrity %s; acknowledged lost %d" % (len(run.acked), len(refused),
                                                  refused[0]["data"]["reason"] if refused else "-", code, integrity, lost))
    return ok


def foreign_store_test(binary, folder):
    ok = True
    cases = {"garbage": b"this is not a database\n" * 400, "other program": None, "damaged header": None}
    for name, content in cases.items():
        path = os.path.join(folder, name.replace(" ", "-") + ".sqlite")
        if name == "other program":
            db = sqlite3.connect(path)
            db.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
            db.commit()
            db.close()
        elif name == "damaged header":
            good = os.path.join(folder, "crash.sqlite")
            with open(good, "rb") as source:
                data = bytearray(source.read())
            data[0:16] = b"XXXXXXXXXXXXXXXX"
            with open(path, "wb") as target:
                target.write(data)
        else:
            with open(path, "wb") as target:
                target.write(content)
        result = subprocess.run([binary, "serve", "--db", path], input=INIT, capture_output=True, timeout=20)
        message = result.stderr.decode().strip().splitlines()[-1] if result.stderr else ""
        refused = result.returncode == 74 and "not a tusoi store" in message and not result.stdout
        ok = ok and refused
        print("store that is %s: exit %d, %s" % (name, result.returncode, message))
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--store", help="a PostgreSQL URL: the kill test on a fresh schema there, and nothing else")
    parser.add_argument("--postgres-folder",
                        help="the folder of a .ci/postgres server behind --store: every fifth kill is of it")
    args = parser.parse_args()
    kills = 50 if args.quick else args.kills
    folder = tempfile.mkdtemp(prefix="tusoi-crash-")
    if args.store:
        name = "crash_%d" % os.getpid()
        try:
            ok = crash_test(args.binary, folder, kills, 300, postgres_store(args.store, name), args.postgres_folder)
        finally:
            postgres_schema(args.store, "DROP SCHEMA IF EXISTS %s CASCADE" % name)
        if not ok:
            print("FAILED; logs kept in %s" % folder, file=sys.stderr)
            sys.exit(1)
        shutil.rmtree(folder, ignore_errors=True)
        print("all crash checks passed on PostgreSQL")
        return
    results = [crash_test(args.binary, folder, kills, 300), full_disk_test(args.binary, folder),
               foreign_store_test(args.binary, folder)]
    if not all(results):
        print("FAILED; stores kept in %s" % folder, file=sys.stderr)
        sys.exit(1)
    # Only a failure keeps the stores (test data, but a record of conversations all the same).
    shutil.rmtree(folder, ignore_errors=True)
    print("all crash checks passed")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Kill test for the bridges: SIGKILL `tusoi-telegram` / `tusoi-zalo` at random moments while members
write, restart at once with the same store (and journal), and count what members lose or get twice.

    python3 Scripts/killtest.py [--kills 200] [--messenger telegram|zalo|both] [--seed N]

Builds nothing: uses .build/debug/{tusoi,tusoi-telegram,tusoi-zalo} (`--bin-dir` to change).

Each messenger gets a threaded fake of its API on 127.0.0.1 (`POST /bot<TOKEN>/<method>`, JSON,
`Connection: close`):
  Telegram  getUpdates keeps every update until an `offset` confirms it;
  Zalo      getUpdates hands out one update at a time, gone once handed out, 408 when none came.
Members (20 chats by default) walk the real questionnaire; each sends its next text only after a
reply came to its chat, or after `--wait` seconds without one (counted as a wait timed out).

A killed bridge's long poll may still wait at the fake. Like a real server, the Zalo fake notices a
closed client only by looking: before handing an update out it checks the socket (select + recv
MSG_PEEK; b'' or a reset means the client is gone, and the update stays queued). After writing an
answer it half-closes and waits for the client to close in turn: a clean close means the bridge read
the answer; a reset means the bridge died between that check and reading it (the answer was unread).
Those updates are gone, the first part of Zalo's residual window; an update a bridge read and then
lost, because it was killed before its journal's fsync, is the second (counted as kills in the window).
With `--telegram-journal` the Telegram bridge gets a journal too.

At the end the bridge runs once more without a kill until every update is taken and every reply
sent, is stopped with SIGTERM, and the store is read (`inbound`: one row per channel, chat and
message id, with the replies the bot produced). Figures per messenger:
  sent       texts members sent
  recorded   messages the bot recorded (and answered); `lost` = sent and never recorded
  duplicates reply messages delivered to a chat more often than the bot produced them
  undelivered reply messages the bot produced that never reached the chat
Exit 1 when a member message was lost outside Zalo's residual window (or the run failed).
"""
import argparse
import collections
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

try:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench import SCRIPT  # answers that walk the real questionnaire to submission
except Exception:  # pragma: no cover - bench.py moved: any texts will do, counting is what matters
    SCRIPT = ["chao", "3", "0", "khong", "xong", "bo qua", "5", "khong", "2", "xem lai", "nop", "xac nhan"]


# MARK: - The fakes

class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.close_connection = True
        self.arrived = time.monotonic()
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        prefix = "/bot%s/" % fake.token
        if not self.path.startswith(prefix):
            self.answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        fake.dispatch(self, self.path[len(prefix):], body)

    def answer(self, status, payload):
        """Writes the whole answer; False when the connection turned out dead while writing."""
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except OSError:
            return False

    def ok(self, result):
        return self.answer(200, {"ok": True, "result": result})


def client_gone(sock):
    """Whether the client closed its end (what a server sees of a process killed mid long poll)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def reader_of_answer(sock):
    """After an answer: 'read' if the client closed cleanly (it had the bytes), 'dead' on a reset
    (closed before, or killed with the answer unread), 'unknown' if it said nothing for 2 s."""
    try:
        sock.shutdown(socket.SHUT_WR)
        readable, _, _ = select.select([sock], [], [], 2.0)
        if not readable:
            return "unknown"
        return "read" if sock.recv(64) == b"" else "unknown"
    except OSError:
        return "dead"


class Fake:
    channel = None
    token = None

    def __init__(self):
        self.cond = threading.Condition()
        self.queue = []
        self.delivered = collections.defaultdict(list)  # chat -> parts, in order
        self.sends = 0
        self.last_send = time.monotonic()
        self.sent_keys = []  # (chat, message id) of every member message
        self.polls = []  # arrival of every getUpdates
        self.next_id = 1
        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.fake = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                       daemon=True)
        self.thread.start()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def replies_to(self, chat):
        with self.cond:
            return len(self.delivered[chat])

    def wait_reply(self, chat, seen, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.delivered[chat]) <= seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
            return True

    def record(self, chat, part):
        with self.cond:
            self.delivered[chat].append(part)
            self.sends += 1
            self.last_send = time.monotonic()
            self.cond.notify_all()
            return self.sends

    def dispatch(self, handler, method, body):
        try:
            params = json.loads(body) if body and body.lstrip()[:1] == b"{" else {}
        except ValueError:
            params = {}
        if method == "getMe":
            handler.ok(self.me)
        elif method == "getUpdates":
            with self.cond:
                self.polls.append(handler.arrived)
            self.get_updates(handler, params)
        elif method == "sendMessage":
            chat, text = str(params.get("chat_id", "")), params.get("text") or ""
            if not text or len(text.encode("utf-16-le")) // 2 > self.max_text:
                handler.answer(400, {"ok": False, "error_code": 400, "description": "Bad Request: text"})
                return
            handler.ok({"message_id": self.record(chat, text)})
        elif method == "sendDocument":
            chat = re.search(rb'name="chat_id"\r\n\r\n([^\r]*)\r\n', body)
            name = re.search(rb'filename="([^"]*)"', body)
            chat = chat.group(1).decode() if chat else "?"
            handler.ok({"message_id": self.record(chat, "doc:" + (name.group(1).decode() if name else "?"))})
        elif method in ("deleteWebhook", "answerCallbackQuery"):
            handler.ok(True)
        else:
            handler.answer(404, {"ok": False, "error_code": 404, "description": "Not Found: " + method})

    def idle(self):
        with self.cond:
            return not self.queue, time.monotonic() - self.last_send


class FakeTelegram(Fake):
    channel = "telegram"
    token = "123456:AAH-kill_test-token"
    me = {"id": 123456, "is_bot": True, "username": "killtest_bot"}
    max_text = 4096

    def __init__(self):
        super().__init__()
        self.next_update = 100
        self.handed = collections.defaultdict(list)  # update id -> arrival of each poll it was handed to

    def chat_of(self, member, round_):
        return str(1000 + member * 1000 + round_)

    def push(self, chat, text):
        with self.cond:
            message_id, self.next_id = self.next_id, self.next_id + 1
            update_id, self.next_update = self.next_update, self.next_update + 1
            self.queue.append((update_id, {
                "update_id": update_id,
                "message": {"message_id": message_id, "date": int(time.time()), "text": text,
                            "chat": {"id": int(chat), "type": "private"},
                            "from": {"id": int(chat), "is_bot": False, "first_name": "Binh"}}}))
            self.sent_keys.append((chat, str(message_id)))
            self.cond.notify_all()

    def get_updates(self, handler, params):
        timeout = min(float(params.get("timeout") or 0), 5)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self.cond:
            offset = params.get("offset")
            if offset is not None:
                self.queue = [entry for entry in self.queue if entry[0] >= int(offset)]
            while not self.queue:
                left = deadline - time.monotonic()
                if left <= 0 or client_gone(handler.connection):
                    break
                self.cond.wait(min(left, 0.05))
            batch = [update for _, update in self.queue[:limit]]
            for update_id, _ in self.queue[:limit]:
                self.handed[update_id].append(handler.arrived)
        handler.ok(batch)


class FakeZalo(Fake):
    channel = "zalo"
    token = "2839201:zalo-KILL_test-token"
    me = {"id": "2839201", "account_name": "bot.killtest", "account_type": "BASIC"}
    max_text = 2000

    def __init__(self):
        super().__init__()
        self.handouts = {}  # message id -> (poll arrived, handed out, 'read' | 'dead' | 'unknown')
        self.withheld = 0  # polls found closed while an update was waiting: not handed out
        self.dead_polls = 0  # polls found closed before answering, in all

    def chat_of(self, member, round_):
        return "%d" % (7000000 + member * 1000 + round_)

    def push(self, chat, text):
        with self.cond:
            message_id = "zm%d" % self.next_id
            self.next_id += 1
            self.queue.append({
                "event_name": "message.text.received",
                "message": {"message_id": message_id, "date": int(time.time() * 1000), "text": text,
                            "chat": {"id": chat, "chat_type": "PRIVATE"},
                            "from": {"id": chat, "display_name": "Binh"}}})
            self.sent_keys.append((chat, message_id))
            self.cond.notify_all()

    def get_updates(self, handler, params):
        try:
            timeout = min(float(params.get("timeout") or 0), 5)
        except (TypeError, ValueError):
            timeout = 0
        deadline = time.monotonic() + timeout
        sock = handler.connection
        with self.cond:
            while True:
                if client_gone(sock):
                    self.dead_polls += 1
                    if self.queue:
                        self.withheld += 1
                    return  # nobody to answer: the connection is closed, the update stays
                if self.queue:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.05))
            update = self.queue.pop(0) if self.queue else None
            at = time.monotonic()
        if update is None:
            handler.answer(408, {"ok": False, "error_code": 408, "description": "Request timeout"})
            return
        written = handler.ok(update)
        verdict = reader_of_answer(sock) if written else "dead"
        with self.cond:
            self.handouts[update["message"]["message_id"]] = (handler.arrived, at, verdict)


# MARK: - What the bridge sends for the bot's stored replies (ReplyRenderer, OutboundPart, TextSplitter)

NEWLINES = {"\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}


def units(text):
    return len(text.encode("utf-16-le")) // 2


def graphemes(text):
    clusters = []
    for ch in text:
        joins = clusters and (
            unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Mc")
            or ch in "\u200d\ufe0e\ufe0f" or clusters[-1].endswith("\u200d")
            or (ch == "\n" and clusters[-1] == "\r"))
        if joins:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def split_text(text, limit):
    if units(text) <= limit:
        trimmed = text.strip()
        return [trimmed] if trimmed else []
    chars = graphemes(text)
    pieces, start = [], 0
    while start < len(chars):
        cut = piece_end(chars, start, limit)
        piece = "".join(chars[start:cut]).strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def piece_end(chars, start, limit):
    bounds = [(-1, 0)] * 4
    used, index = 0, start
    while index < len(chars):
        ch = chars[index]
        width = units(ch)
        if used + width > limit:
            break
        used += width
        index += 1
        previous = chars[index - 2] if index - 2 >= start else None
        if ch in NEWLINES:
            if previous in NEWLINES:
                bounds[0] = (index, used)
            bounds[1] = (index, used)
        elif ch == " ":
            if previous is not None and previous in ".?!…:;":
                bounds[2] = (index, used)
            bounds[3] = (index, used)
    if index >= len(chars):
        return index
    for at, before in bounds:
        if at > start and before * 2 >= limit:
            return at
    for at, _ in bounds:
        if at > start:
            return at
    return max(index, start + 1)


def render_split(text, limit):
    """ReplyRenderer.split (the bot's own split, on UTF-8 bytes)."""
    data = text.encode()
    if len(data) <= limit:
        return [text]
    pieces, start = [], 0
    while start < len(data):
        used, index = 0, start
        paragraph = line = sentence = space = -1
        while index < len(data):
            lead = data[index]
            width = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            used += 2 if width == 4 else 1
            if used > limit:
                break
            if lead == 0x0A:
                if index > start and data[index - 1] == 0x0A:
                    paragraph = index - 1
                line = index
            elif lead == 0x20:
                if index > start and data[index - 1] == 0x2E:
                    sentence = index
                space = index
            index += width
        end = index
        if index < len(data):
            for candidate in (paragraph, line, sentence, space):
                if candidate > start:
                    end = candidate
                    break
        piece = data[start:end].strip(b" \n").decode("utf-8", "replace")
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def outbound_parts(replies, channel):
    """What the bridge sends for a message's stored replies: the bot renders them for the channel
    (ReplyRenderer: buttons numbered where the channel has none, split, documents as files or as
    text), then the bridge fits each part (OutboundPart.parts, TextSplitter). A file is 'doc:NAME'."""
    telegram = channel == "telegram"
    limit = 4096 if telegram else 2000
    parts = []
    for reply in replies if isinstance(replies, list) else []:
        if not isinstance(reply, dict) or not isinstance(reply.get("text"), str):
            continue
        text = reply["text"]
        buttons = [b for b in reply.get("buttons") or []
                   if isinstance(b, dict) and isinstance(b.get("label"), str) and isinstance(b.get("payload"), str)]
        numbered = "\n\n" + "\n".join("%d. %s" % (i + 1, b["label"]) for i, b in enumerate(buttons))
        if buttons and not telegram:
            text += numbered
            buttons = []
        chunks = render_split(text, limit)
        for number, chunk in enumerate(chunks):
            last = number == len(chunks) - 1
            if last and buttons and not all(b["payload"] and len(b["payload"].encode()) <= 64 for b in buttons):
                chunk += numbered  # Telegram cannot carry that data: the bridge numbers them
            parts += split_text(chunk, limit)
        attachment = reply.get("attachment")
        if isinstance(attachment, dict) and isinstance(attachment.get("name"), str) \
                and isinstance(attachment.get("text"), str) and isinstance(attachment.get("mediaType"), str):
            if telegram:
                parts.append("doc:" + attachment["name"])
            else:
                plain = attachment.get("plainText")
                plain = plain if isinstance(plain, str) else attachment["text"]
                if plain:
                    for chunk in render_split(plain, limit):
                        parts += split_text(chunk, limit)
    return parts


# MARK: - The run

def processes_with(word):
    """Live processes whose command line names `word` (our own temporary store: only ours)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if word.encode() not in f.read():
                    continue
            with open("/proc/%s/stat" % pid) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except OSError:
            continue
        found.append(int(pid))
    return found


def wait_gone(word, timeout=20):
    deadline = time.monotonic() + timeout
    while processes_with(word):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class Members:
    def __init__(self, fake, count, wait):
        self.fake, self.wait = fake, wait
        self.stop = threading.Event()
        self.timeouts = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.member, args=(n,), daemon=True) for n in range(count)]
        for thread in self.threads:
            thread.start()

    def member(self, number):
        round_ = 0
        time.sleep(number * 0.01)
        while not self.stop.is_set():
            chat = self.fake.chat_of(number, round_)
            for text in SCRIPT:
                if self.stop.is_set():
                    return
                seen = self.fake.replies_to(chat)
                self.fake.push(chat, text)
                if not self.fake.wait_reply(chat, seen, self.wait):
                    with self.lock:
                        self.timeouts += 1
            round_ += 1  # the questionnaire was submitted: a new member takes over

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def run(kind, args, rng, folder):
    fake = FakeTelegram() if kind == "telegram" else FakeZalo()
    store = os.path.join(folder, "%s-store.sqlite" % kind)
    journal = os.path.join(folder, "%s.journal" % kind)
    token_file = os.path.join(folder, "%s.token" % kind)
    locks = os.path.join(folder, "locks-" + kind)
    os.makedirs(locks, exist_ok=True)
    with open(os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(fake.token + "\n")
    log = open(os.path.join(folder, "%s-bridge.log" % kind), "ab")
    program = os.path.join(args.bin_dir, "tusoi-" + kind)
    command = [program, "--token-file", token_file, "--api-base", fake.base, "--poll-timeout", "1",
               "--chat-interval", "0", "--overall-rate", "1000", "--restart-delay", "0.05",
               "--retry-delay", "0.05", "--lock-dir", locks]
    if kind == "zalo" or args.telegram_journal:
        command += ["--journal", journal]
    command += ["--", os.path.join(args.bin_dir, "tusoi"), "serve", "--db", store]

    def start():
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=folder)

    began = time.monotonic()
    lives = []  # (started, SIGKILL sent, reaped) of each killed bridge
    problems = []
    members = Members(fake, args.chats, args.wait)
    for _ in range(args.kills):
        bridge = start()
        started = time.monotonic()
        time.sleep(rng.uniform(0.05, 0.8))
        killed = time.monotonic()
        bridge.send_signal(signal.SIGKILL)
        bridge.wait()
        lives.append((started, killed, time.monotonic()))
        if not wait_gone(store):  # the bot (`tusoi serve`) ends with its stdin
            problems.append("a bot outlived its bridge by 20 s")
    # The last life: no kill. Members stop once their current message is answered (or timed out),
    # then everything left is taken up and answered.
    bridge = start()
    members.finish()
    deadline = time.monotonic() + 90
    while True:
        empty, quiet = fake.idle()
        if empty and quiet > 3 and not os.path.exists(journal):
            break
        if time.monotonic() > deadline:
            problems.append("not settled 90 s after the last kill (queue empty: %s)" % empty)
            break
        time.sleep(0.2)
    bridge.send_signal(signal.SIGTERM)
    try:
        code = bridge.wait(timeout=30)
    except subprocess.TimeoutExpired:
        bridge.kill()
        code = bridge.wait()
        problems.append("the bridge did not stop within 30 s of SIGTERM")
    if code != 0:
        problems.append("the last bridge exited %d" % code)
    wait_gone(store)
    fake.close()
    log.close()
    elapsed = time.monotonic() - began

    db = sqlite3.connect(store)
    rows = db.execute("SELECT i.chat_id, i.message_id, r.body FROM inbound i JOIN replies r ON r.id = i.reply_id "
                      "WHERE i.channel = ?", (kind,)).fetchall()
    db.close()
    recorded = {(chat, message) for chat, message, _ in rows}
    expected = collections.defaultdict(collections.Counter)
    for chat, _, replies in rows:
        try:
            if isinstance(replies, bytes):  # a long reply text is kept deflated (PackedText.swift)
                replies = zlib.decompress(replies).decode()
            expected[chat].update(outbound_parts(json.loads(replies), kind))
        except (ValueError, zlib.error):
            problems.append("replies of a message in %s are not JSON" % chat)
    sent = list(fake.sent_keys)
    lost = [key for key in sent if key not in recorded]
    duplicates = undelivered = twice_chats = most = 0
    for chat in set(expected) | set(fake.delivered):
        got = collections.Counter(fake.delivered.get(chat, []))
        extra = sum(max(0, n - expected[chat][part]) for part, n in got.items())
        duplicates += extra
        twice_chats += extra > 0
        undelivered += sum(max(0, n - got[part]) for part, n in expected[chat].items())
        most = max([most] + [n - expected[chat][part] + 1 for part, n in got.items() if expected[chat][part]])

    figures = {"kind": kind, "kills": len(lives), "sent": len(sent), "recorded": len(rows),
               "lost": len(lost), "duplicates": duplicates, "twice_chats": twice_chats, "most": most,
               "undelivered": undelivered, "sends": fake.sends, "timeouts": members.timeouts,
               "elapsed": elapsed, "problems": problems, "real": [], "residual": 0,
               "journal": kind == "zalo" or args.telegram_journal}

    def life_at(moment):
        return next((i for i, (s, _, d) in enumerate(lives) if s <= moment <= d), None)

    if kind == "zalo":
        figures["withheld"], figures["dead_polls"] = fake.withheld, fake.dead_polls
        # Every update handed out, by what became of the connection: the fake checked it was open
        # just before, so a reset means the bridge died between that check and reading the answer.
        figures["handouts"] = collections.Counter(verdict for _, _, verdict in fake.handouts.values())
        lost_kinds, window_lives, delays = collections.Counter(), set(), []
        for chat, message in lost:
            if message not in fake.handouts:
                figures["real"].append("%s/%s never handed out" % (chat, message))
                continue
            _, at, verdict = fake.handouts[message]
            if verdict == "dead":
                lost_kinds["dead"] += 1
                continue
            # Read by a bridge: lost only if it was killed before its journal's fsync.
            life = next((i for i, (_, _, reaped) in enumerate(lives) if at <= reaped), None)
            if life is None:
                figures["real"].append("%s/%s read (%s) by the last run, which was not killed"
                                       % (chat, message, verdict))
                continue
            lost_kinds["read"] += 1
            window_lives.add(life)
            delays.append(lives[life][1] - at)
        figures["lost_kinds"], figures["window_kills"], figures["window_delays"] = lost_kinds, len(window_lives), delays
        figures["residual"] = sum(lost_kinds.values())
    else:
        figures["real"] = ["%s/%s" % key for key in lost]
        # Handed out again to a later life of the bridge (within one life, the fake repeats what is
        # not confirmed at every poll, and the bridge skips what is in flight).
        figures["again"] = sum(len({life_at(t) for t in times}) - 1 for times in fake.handed.values())
    firsts = []
    for started, _, reaped in lives:
        first = next((t for t in fake.polls if started <= t <= reaped), None)
        if first is not None:
            firsts.append(first - started)
    firsts.sort()
    figures["first_poll"] = (firsts[len(firsts) // 2] if firsts else None, len(lives) - len(firsts))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--messenger", choices=["telegram", "zalo", "both"], default="both")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--chats", type=int, default=20, help="members writing at once (default 20)")
    parser.add_argument("--wait", type=float, default=5.0, help="seconds a member waits for a reply")
    parser.add_argument("--bin-dir", default=os.path.join(ROOT, ".build", "debug"))
    parser.add_argument("--telegram-journal", action="store_true",
                        help="give the Telegram bridge a --journal too (Zalo always has one)")
    parser.add_argument("--keep", action="store_true", help="keep the folder with stores and logs")
    args = parser.parse_args()
    missing = [p for p in ("tusoi", "tusoi-telegram", "tusoi-zalo")
               if not os.access(os.path.join(args.bin_dir, p), os.X_OK)]
    if missing:
        print("killtest: missing in %s: %s (run swift build first)" % (args.bin_dir, ", ".join(missing)),
              file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    kinds = ["telegram", "zalo"] if args.messenger == "both" else [args.messenger]
    folder = tempfile.mkdtemp(prefix="tusoi-killtest-")
    began = time.monotonic()
    results = []
    try:
        for kind in kinds:
            print("killtest: %s, %d kills (seed %d)..." % (kind, args.kills, seed), file=sys.stderr, flush=True)
            results.append(run(kind, args, rng, folder))
    finally:
        if args.keep:
            print("killtest: stores and logs kept in %s" % folder, file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)

    rows = [("kills", "kills"), ("member messages sent", "sent"), ("recorded by the bot (answered)", "recorded"),
            ("lost (sent, never recorded)", "lost"), ("  in Zalo's residual window", "residual"),
            ("  outside it (real losses)", None), ("duplicate replies delivered", "duplicates"),
            ("  chats that got one", "twice_chats"), ("  most copies of one reply", "most"),
            ("replies never delivered", "undelivered"), ("member waits timed out", "timeouts"),
            ("seconds", "elapsed")]
    print("killtest (seed %d, %d chats, waits of %.0f s)" % (seed, args.chats, args.wait))
    print("%-34s" % "" + "".join("%12s" % r["kind"] for r in results))
    for label, key in rows:
        cells = []
        for r in results:
            if key == "elapsed":
                cells.append("%.0f" % r[key])
            elif key == "residual" and r["kind"] != "zalo":
                cells.append("-")
            elif key:
                cells.append(str(r[key]))
            else:
                cells.append(str(len(r["real"])))
        print("%-34s" % label + "".join("%12s" % c for c in cells))
    for r in results:
        median, none = r["first_poll"]
        print("%s: first poll %s after the bridge started (median); %d of %d lives killed before polling"
              % (r["kind"], "%.0f ms" % (median * 1000) if median is not None else "-", none, r["kills"]))
        if r["kind"] == "telegram":
            print("telegram: %d updates handed out again to a later life of the bridge%s"
                  % (r["again"], " (with a journal)" if r["journal"] else " (no journal)"))
        if r["kind"] == "zalo":
            h, lk, delays = r["handouts"], r["lost_kinds"], r["window_delays"]
            print("zalo: %d polls found closed before answering, %d of them with an update waiting (kept)"
                  % (r["dead_polls"], r["withheld"]))
            print("zalo: answers written to a bridge that died before reading them (reset): %d, %d lost"
                  % (h["dead"], lk["dead"]))
            print("zalo: kills between the answer read by the bridge and its journal write: %d (%d messages%s)"
                  % (r["window_kills"], lk["read"], "; SIGKILL %.0f to %.0f ms after the answer was written"
                     % (min(delays) * 1000, max(delays) * 1000) if delays else ""))
            if h["unknown"]:
                print("zalo: %d answers whose reader never closed (not classified)" % h["unknown"])
        for line in r["real"][:10]:
            print("%s real loss: %s" % (r["kind"], line))
        for line in r["problems"]:
            print("%s problem: %s" % (r["kind"], line))
    print("elapsed %.0f s" % (time.monotonic() - began))
    failed = any(r["real"] or r["problems"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

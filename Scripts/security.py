"""The security harness of `tusoi`, against the real binary. Run through Scripts/security.

A ward is set up through the real command line in a temporary folder (branches, a CSV roster,
invite codes, a campaign), then `tusoi serve` is fed protocol lines like a bridge would:

1. Authorization matrix: every role x every action x every channel (private chats on two
   messengers, and group chats). One member has submitted a self-review holding a unique secret;
   every reply, every document (base64) and every `send` request is decoded, and the secret must
   reach only the member, their branch's secretary and the committee. Every refused command must
   be in the audit log, and every allowed pull too.
2. Invite brute force: wrong codes from one identity, then from many identities.
3. Export injection: hostile answers, then every export format and the committee's HTML report;
   the CSV as a spreadsheet opens it (byte order mark, headings, labels not codes), the report of
   one committee (refused without --committee), a roster import as Excel saves it and again.
4. File modes: the store and its -wal/-shm files, and the exports, are owner-only (0600).
5. Logs: the standard error of every command and every server run holds no answer text.

Standard library only. Every child process runs with umask 000, so that the modes checked in part
4 are the ones the product sets, not the ones a careful umask would give.
"""
import argparse
import base64
import contextlib
import csv
import datetime
import html.parser
import io
import json
import os
import queue
import random
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time

COMMITTEE = "Đảng ủy phường Bồ Đề"
OTHER_COMMITTEE = "Đảng ủy phường Long Biên"
BRANCHES = [
    ("cb24", "Chi bộ 24", COMMITTEE),
    ("cb25", "Chi bộ 25", COMMITTEE),
    ("vp", "Chi bộ Văn phòng", COMMITTEE),
    ("xa", "Chi bộ Xóm Ao", OTHER_COMMITTEE),
]
# (key, name, branch, role). An is the member under test; Lộc and Hùng are bound, then revoked;
# Mai is never bound (her codes are the prize of the brute force).
PEOPLE = [
    ("ha", "Phạm Thu Hà", "cb24", "facilitator"),
    ("an", "Nguyễn Văn An", "cb24", "member"),
    ("binh", "Trần Thị Bình", "cb24", "member"),
    ("loc", "Hoàng Văn Lộc", "cb24", "member"),
    ("hung", "Lý Quốc Hùng", "cb24", "facilitator"),
    ("tam", "Đỗ Minh Tâm", "cb25", "facilitator"),
    ("cuong", "Lê Văn Cường", "cb25", "member"),
    ("mai", "Ngô Thị Mai", "cb25", "member"),
    ("uyen", "Vũ Thị Uyên", "vp", "committee"),
    ("khoa", "Đặng Văn Khoa", "xa", "committee"),
]
NAMES = {key: name for key, name, _, _ in PEOPLE}
REVOKED = {"loc", "hung"}
NEVER_BOUND = {"mai"}
# Who may read An's answers, and who may even learn that An exists (his name, his status).
READS_AN = {"an", "ha", "uyen"}
SEES_AN = READS_AN

# A sentence only An writes; the token is what is searched for (ASCII, one word: it survives
# splitting, escaping and case folding).
SECRET_TOKEN = "BIMAT7Q4ZX"
SECRET = "Bí mật của An, mã %s: chưa đọc kỹ nghị quyết." % SECRET_TOKEN

# The answers that walk the real "tu-soi-tu-sua" questionnaire to "submitted" (after the invite code):
# indices are the steps; `None` marks a free-text step that the caller fills in.
WALK = [
    "3", None, "0", "khong co", "khong", None, "xong", None, "5", None, None, "không",
    None, None, None, "31/12", "không", "xem lại", "nộp", "xác nhận",
]
PLAIN = {
    1: "Chưa dành thời gian đọc kỹ nghị quyết.", 5: "Đi làm đúng giờ, gương mẫu ở khu dân cư.", 7: "bo qua",
    9: "Phát ngôn còn thiếu cân nhắc.", 10: "Đề nghị thông báo lịch sinh hoạt sớm.",
    12: "Học nghị quyết; cẩn trọng khi phát ngôn.", 13: "Chưa học kỹ nghị quyết.",
    14: "Mỗi tháng đọc một nghị quyết.",
}

# Bình's hostile answers, by step. Every one carries a marker, to find it in the outputs.
HOSTILE = {
    1: '=HYPERLINK("http://x") HOSTILE-EQ',
    # A long text written in several messages (one part a message, "xong" ends it).
    5: ["<script>alert(1)</script> HOSTILE-SCRIPT", "# Tiêu đề HOSTILE-H1", "> Trích dẫn HOSTILE-Q1",
        "Dòng thường HOSTILE-SETEXT", "---", "[bấm vào](javascript:alert(1)) HOSTILE-LINK"],
    # The 2022 campaign has no rating (tu-soi-tu-sua 2022.5): the right-to-left override rides here.
    7: "[link](javascript:alert(1)) HOSTILE-LINK2 \u202eHOSTILE-RLO gnp.exe",
    9: "+1+1 HOSTILE-PLUS",
    10: "-2 HOSTILE-MINUS\nDòng HOSTILE-SETEXT2\n---\n# Tiêu đề HOSTILE-H2\n> Trích dẫn HOSTILE-Q2",
    12: "@SUM(A1) HOSTILE-AT",
    13: "\t=1+1 HOSTILE-TAB",
    14: '"><img src=x onerror=alert(1)> HOSTILE-IMG',
}
HOSTILE_COMMENT = "<script>alert(2)</script> [x](javascript:alert(2)) HOSTILE-COMMENT"
# What must never be in a log: the secret, and the markers and payloads of the hostile answers.
LOG_NEEDLES = [SECRET_TOKEN, "HOSTILE-", "HYPERLINK", "alert(", "onerror", "SUM(A1)", "\u202e"]

# The beginnings of the bot's refusals (Prompts/bot.txt), and of its answers to invite codes.
GROUP_REFUSAL = "Xin đồng chí nhắn tin riêng cho tôi"
INVITE_NEEDED = "Xin chào! Tôi là trợ lý tự kiểm điểm của chi bộ. Để bắt đầu"
REVOKED_REFUSAL = "Tài khoản của đồng chí hiện không còn được dùng"
THROTTLED = "sai mã nhiều lần"
REFUSED_CODE = "Mã mời này không đúng"
UNLINK_ASK = "Đồng chí có chắc muốn gỡ"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Failures:
    """Counts checks, and the failures by kind (with their details), to print them grouped."""

    def __init__(self):
        self.checks = 0
        self.items = []  # (kind, what)

    def check(self, condition, what, kind=None):
        self.checks += 1
        if not condition:
            self.items.append((kind or what, what))
        return condition

    def __len__(self):
        return len(self.items)

    def report(self, examples):
        """Prints each kind of failure once, with its count and a few examples."""
        kinds = {}
        for kind, what in self.items:
            kinds.setdefault(kind, []).append(what)
        for kind, items in kinds.items():
            if items == [kind]:
                print("  FAILED " + kind)
                continue
            print("  FAILED %d x %s" % (len(items), kind))
            for what in items[:examples]:
                print("      " + what)


def child_environment(extra=None):
    environment = dict(os.environ)
    environment.pop("TUSOI_DB", None)
    environment.update(extra or {})
    return environment


class Cli:
    """Runs `tusoi` subcommands on the store; keeps every standard error for part 5."""

    def __init__(self, binary, store):
        self.binary = binary
        self.store = store
        self.stderr = []

    def __call__(self, *arguments, check=True):
        result = subprocess.run([self.binary, *arguments, "--db", self.store], capture_output=True,
                                text=True, env=child_environment())
        self.stderr.append(("tusoi " + " ".join(arguments[:2]), result.stderr))
        if check and result.returncode != 0:
            sys.exit("tusoi %s failed (%d): %s" % (" ".join(arguments), result.returncode, result.stderr))
        return result.stdout


class Server:
    """One run of `tusoi serve`, driven like a bridge: a request, its response, then a `sync` request
    (an unknown method, answered with an error) so that every `send` request the message caused is
    read before the next message. Every `send` is confirmed, as a bridge would."""

    def __init__(self, binary, store, channels, environment=None, preexec=None):
        self.process = subprocess.Popen([binary, "serve", "--db", store], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=child_environment(environment), preexec_fn=preexec)
        self.lines = queue.Queue()
        self.errors = []
        self.count = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        response, self.startup = self.request(
            {"jsonrpc": "2.0", "id": "init", "method": "initialize",
             "params": {"protocolVersion": "1", "channels": channels}})
        assert "result" in response, response

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def _read_errors(self):
        self.errors.append(self.process.stderr.read().decode("utf-8", "replace"))

    def write(self, objects):
        data = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in objects)
        self.process.stdin.write(data.encode())
        self.process.stdin.flush()

    def read_until(self, ident):
        """Reads lines up to the response with this id; returns it and the `send` requests before it."""
        sends = []
        while True:
            line = self.lines.get(timeout=120)
            if line is None:
                raise RuntimeError("tusoi serve ended while an answer to %r was awaited" % (ident,))
            if line.get("id") == ident and "method" not in line:
                return line, sends
            if line.get("method") == "send":
                sends.append(line)

    def request(self, request):
        self.write([request])
        response, sends = self.read_until(request["id"])
        self.confirm(sends)
        return response, sends

    def confirm(self, sends):
        if sends:
            self.write([{"jsonrpc": "2.0", "id": send["id"], "result": {}} for send in sends])

    def message_request(self, channel, chat, user, text, chat_type=None):
        self.count += 1
        params = {"channel": channel, "chat": chat, "user": user, "messageId": "m%d" % self.count,
                  "text": text}
        if chat_type:
            params["chatType"] = chat_type
        return {"jsonrpc": "2.0", "id": self.count, "method": "message", "params": params}

    def message(self, channel, chat, user, text, chat_type=None):
        """Sends one message; returns its response and every `send` request it caused."""
        request = self.message_request(channel, chat, user, text, chat_type)
        self.write([request])
        response, sends = self.read_until(request["id"])
        self.write([{"jsonrpc": "2.0", "id": "sync-%d" % self.count, "method": "sync"}])
        _, more = self.read_until("sync-%d" % self.count)
        sends += more
        self.confirm(sends)
        return response, sends

    def close(self):
        self.process.stdin.close()
        code = self.process.wait(timeout=120)
        deadline = time.time() + 10
        while not self.errors and time.time() < deadline:
            time.sleep(0.01)
        return code


def flatten(value):
    """Every string in a JSON value, with base64 documents decoded: what a person could read."""
    if isinstance(value, dict):
        if isinstance(value.get("base64"), str):
            return base64.b64decode(value["base64"]).decode("utf-8", "replace")
        return "\n".join(flatten(item) for item in value.values())
    if isinstance(value, list):
        return "\n".join(flatten(item) for item in value)
    return value if isinstance(value, str) else ""


def one_line(text, length=120):
    return " ".join(text.split())[:length]


def reply_text(response):
    return flatten(response.get("result", {}).get("replies", []))


def documents(response):
    """The decoded documents of a response: (name, media type, text)."""
    found = []
    for reply in response.get("result", {}).get("replies", []):
        document = reply.get("document")
        if document:
            found.append((document["name"], document["mediaType"],
                          base64.b64decode(document["base64"]).decode("utf-8", "replace")))
    return found


# ----------------------------------------------------------------------------------------------
# The ward


class Ward:
    """The store, set up through the command line, and what the parts need to know about it."""

    def __init__(self, binary, folder, channels):
        self.binary = binary
        self.folder = folder
        self.store = os.path.join(folder, "ward.sqlite")
        self.cli = Cli(binary, self.store)
        self.channels = channels  # private channels: (name, capabilities)
        self.codes = {}  # member key -> invite codes (as printed): the first, then the re-issued ones
        self.voided = {}  # member key -> a code voided by a later one
        self.ids = {}  # member key -> member id
        self.servers = []  # every server run, for their standard error
        self.tried_codes = []  # the brute force's codes, which must not reach a log either
        self.chat_pull = []  # the documents of a /xemchibo by An's secretary (part 1), for part 3
        self.binh_copy = []  # the documents Bình received when she submitted again, for part 3

    def identity(self, key, channel):
        return "%s-%s" % (channel[0], key)

    def owner(self, channel, user):
        """The member key an identity is bound to (revoked ones included), or None."""
        for key in self.ids:
            if key not in NEVER_BOUND and any(user == self.identity(key, name) and channel == name
                                              for name, _ in self.channels):
                return key
        return None

    @contextlib.contextmanager
    def database(self):
        """A short connection to the store, closed at the end (an open one would keep the -wal file)."""
        connection = sqlite3.connect(self.store, timeout=30)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def set_up(self):
        cli = self.cli
        for code, name, committee in BRANCHES:
            cli("branch", "add", code, name, "--committee", committee)
        roster = os.path.join(self.folder, "members.csv")
        with open(roster, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "branch", "role", "phone", "email", "born", "unit"])
            for _, name, branch, role in PEOPLE:
                writer.writerow([name, branch, role, "", "", "1978-03-15", "UBND phường"])
        cli("member", "import", roster)
        # Two rounds of codes before anyone binds, as a secretary who lost the first list would: the
        # second voids the first (kept in `voided` for the takeover checks).
        for round in range(2):
            for code, _, _ in BRANCHES:
                for item in json.loads(cli("invite", "--branch", code, "--json")):
                    key = next(key for key, name, _, _ in PEOPLE if name == item["member"])
                    if round == 0:
                        self.voided[key] = item["code"]
                    else:
                        self.codes[key] = [item["code"]]
        if sorted(len(codes) for codes in self.codes.values()) != [1] * len(PEOPLE):
            sys.exit("tusoi invite did not give every member a code in each round: %s" % self.codes)
        until = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        cli("campaign", "open", "dot-2026", "Tự kiểm điểm 2026", "--until", until)
        with self.database() as connection:
            for member_id, name in connection.execute("SELECT id, name FROM members"):
                self.ids[next(key for key, known, _, _ in PEOPLE if known == name)] = member_id

    def serve(self, environment=None, preexec=None):
        server = Server(self.binary, self.store, dict(self.channels), environment, preexec)
        self.servers.append(server)
        return server

    def walk(self, server, key, channel, answers):
        """Walks `key`'s questionnaire to "submitted" with these free-text answers; returns the replies."""
        user = self.identity(key, channel)
        response, _ = server.message(channel, user, user, "bắt đầu")  # after the greeting
        responses = [response]
        for step, text in enumerate(WALK):
            text = answers.get(step, PLAIN.get(step)) if text is None else text
            for part in text if isinstance(text, list) else [text]:
                response, _ = server.message(channel, user, user, part)
                responses.append(response)
        return responses

    def bind_and_submit(self, server):
        """Binds everyone but Mai on every channel, revokes Lộc and Hùng, and has An (the secret) and
        Bình (the hostile answers) submit; Hà returns Bình's with a hostile comment, Bình resubmits."""
        for key, _, _, _ in PEOPLE:
            if key in NEVER_BOUND:
                continue
            for number, (channel, _) in enumerate(self.channels):
                if number > 0:
                    # A second messenger is another account: it needs a code re-issued on purpose.
                    issued = json.loads(self.cli("invite", "--member", str(self.ids[key]), "--reissue", "--json"))
                    self.codes[key].append(issued[0]["code"])
                user = self.identity(key, channel)
                response, sends = server.message(channel, user, user, self.codes[key][number])
                server.confirm(sends)
                if NAMES[key] not in reply_text(response):
                    sys.exit("%s could not bind on %s: %s" % (key, channel, reply_text(response)))
        with self.database() as connection:
            connection.execute("UPDATE members SET revoked = 1 WHERE id IN (%d, %d)"
                               % (self.ids["loc"], self.ids["hung"]))
        channel = self.channels[0][0]
        self.walk(server, "an", channel, {1: SECRET, 10: "Góp ý: " + SECRET})
        # Bình writes on the last messenger (no documents there: her copy comes as text).
        self.walk(server, "binh", self.channels[-1][0], HOSTILE)
        user = self.identity("ha", channel)
        cb24 = sorted(self.ids[key] for key, _, branch, _ in PEOPLE if branch == "cb24")
        server.message(channel, user, user, "/tralai %d %s" % (cb24.index(self.ids["binh"]) + 1, HOSTILE_COMMENT))
        user = self.identity("binh", channel)
        server.message(channel, user, user, "nộp")
        response, _ = server.message(channel, user, user, "xác nhận")
        # The copy she receives on the first messenger, a Markdown document: checked in part 3.
        self.binh_copy = documents(response)

    def status(self, key):
        with self.database() as connection:
            row = connection.execute("SELECT status FROM sessions WHERE member_id = ? ORDER BY id DESC LIMIT 1",
                                     (self.ids[key],)).fetchone()
        return row[0] if row else None

    def audit_rows_after(self, last_id):
        with self.database() as connection:
            return connection.execute("SELECT id, actor, action, subject, channel FROM audit WHERE id > ? "
                                      "ORDER BY id", (last_id,)).fetchall()

    def access(self, key):
        """What lets `key` in: their bound accounts, and their codes with whether each is void."""
        with self.database() as connection:
            accounts = connection.execute("SELECT channel, user_id FROM identities WHERE member_id = ? "
                                          "ORDER BY 1, 2", (self.ids[key],)).fetchall()
            codes = connection.execute("SELECT code, voided_at IS NULL AND used_at IS NULL FROM invites "
                                       "WHERE member_id = ? ORDER BY 1", (self.ids[key],)).fetchall()
        return accounts, codes

    def last_audit_id(self):
        with self.database() as connection:
            return connection.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


# ----------------------------------------------------------------------------------------------
# Part 1: the authorization matrix


# (label, who, how): who is a member key; how says which identity they write from.
ACTORS = [
    ("stranger", None, "stranger"),
    ("stranger with An's id on another messenger", "an", "other-channel"),
    ("revoked member", "loc", "own"),
    ("revoked secretary of An's branch", "hung", "own"),
    ("member of An's branch", "binh", "own"),
    ("member of another branch", "cuong", "own"),
    ("An himself", "an", "own"),
    ("secretary of An's branch", "ha", "own"),
    ("secretary of another branch", "tam", "own"),
    ("committee", "uyen", "own"),
    ("committee of another ward", "khoa", "own"),
]

# (label, text, what it is): the text is formatted with An's member id and name.
ACTIONS = [
    ("answer", "Câu trả lời thử {marker}", "answer"),
    ("/tiendo", "/tiendo", "progress"),
    ("/chuaxong", "/chuaxong", "pending"),
    ("/nhac N", "/nhac cb24 {number}", "remind"),
    ("/xem N", "/xem cb24 {number}", "pull"),
    ("/xem name", "/xem {name}", "pull"),
    ("/xemchibo cb24", "/xemchibo cb24", "pull"),
    ("/tralai N", "/tralai cb24 {number} Xin viết rõ hơn phần khắc phục.", "return"),
    ("/baocao", "/baocao", "report"),
    # The roster in the chat: the list, a new code, unlinking (asked first; answered "không" here).
    ("/danhsach cb24", "/danhsach cb24", "roster"),
    ("/capma N", "/capma cb24 {number}", "reissue"),
    ("/golienket N", "/golienket cb24 {number}", "unlink"),
]


def allowed(who, how, kind):
    """Whether the actor may carry out the action on An (or, for /tiendo, /chuaxong and /baocao,
    within their own reach, whatever it is)."""
    if how != "own" or who in REVOKED:
        return False
    role = next(role for key, _, _, role in PEOPLE if key == who)
    if kind == "answer":
        return True
    if role == "member":
        return False
    if kind in ("progress", "pending"):
        return True
    if kind == "report":
        return role == "committee"
    return who in ("ha", "uyen")


def part_authorization(ward, server, channels, failures):
    """Every actor sends every action on every channel; returns the figures."""
    figures = {"cells": 0, "refused": 0, "refused answers": 0, "unaudited": 0, "group unaudited": 0,
               "unaudited strangers": 0, "leaks": 0, "name leaks": 0, "allowed pulls": 0, "pulls audited": 0,
               "roster cells": 0, "roster changes by the refused": 0}
    an = ward.ids["an"]
    # In the chat a member is numbered by their place in their branch's list: "/xem cb24 2".
    cb24 = sorted(ward.ids[key] for key, _, branch, _ in PEOPLE if branch == "cb24")
    an_number = cb24.index(an) + 1
    # The channels of the matrix: each private channel, and group chats (with "chatType":"group" on
    # the first messenger; on the last one without chatType, a chat id unlike the user's: fail closed).
    lanes = [(name, "private") for name, _ in channels]
    lanes.append((channels[0][0], "group"))
    if len(channels) > 1:
        lanes.append((channels[-1][0], "implicit group"))
    with ward.database() as connection:
        first_inbound = connection.execute("SELECT coalesce(max(id), 0) FROM inbound").fetchone()[0]

    for channel, lane in lanes:
        for label, who, how in ACTORS:
            if how == "stranger":
                user = "%s-stranger" % channel[0]
            elif how == "other-channel":
                other = next(name for name, _ in ward.channels if name != channel)
                user = ward.identity(who, other)  # An's id on the other messenger, unbound here
            else:
                user = ward.identity(who, channel)
            chat, chat_type = user, None
            if lane == "group":
                chat, chat_type = "group-%s" % channel, "group"
            elif lane == "implicit group":
                chat = "group-%s" % channel
            for action, template, kind in ACTIONS:
                text = template.format(number=an_number, name=NAMES["an"], marker="[%s %s]" % (channel, label))
                may = lane == "private" and allowed(who, how, kind)
                cell = "%s | %s | %s %s" % (label, action, channel, lane)
                figures["cells"] += 1
                before = ward.last_audit_id()
                status_before = ward.status("an")
                access_before = ward.access("an")
                response, sends = server.message(channel, chat, user, text, chat_type)
                audit = ward.audit_rows_after(before)
                shown = reply_text(response)
                failures.check("result" in response, "%s: error %s" % (cell, response.get("error")))

                # Leaks: the secret reaches only those who may read An's answers, through a reply
                # (read by everyone in `chat`) or a `send` (read by the identity it is sent to).
                reader = ward.owner(channel, user) if lane == "private" and how == "own" else None
                if not failures.check(SECRET_TOKEN.lower() not in shown.lower() or reader in READS_AN,
                                      "%s: the secret leaks in the reply" % cell):
                    figures["leaks"] += 1
                for send in sends:
                    target = ward.owner(send["params"]["channel"], send["params"]["chat"])
                    body = flatten(send["params"]["replies"])
                    if not failures.check(SECRET_TOKEN.lower() not in body.lower() or target in READS_AN,
                                          "%s: the secret is sent to %s" % (cell, target)):
                        figures["leaks"] += 1
                    if not failures.check(NAMES["an"] not in body or target in SEES_AN,
                                          "%s: An's name is sent to %s" % (cell, target)):
                        figures["name leaks"] += 1
                # Those who may not know An must not learn his name (unless they wrote it themselves).
                if NAMES["an"] not in text and not (reader in SEES_AN):
                    if not failures.check(NAMES["an"] not in shown,
                                          "%s: shows An's name: %s" % (cell, one_line(shown))):
                        figures["name leaks"] += 1

                # What the action did.
                if kind == "pull" and may:
                    figures["allowed pulls"] += 1
                    failures.check(SECRET_TOKEN in shown, "%s: an allowed pull without An's self-review" % cell)
                    if failures.check(any(row[2] in ("pull-member", "pull-branch") for row in audit),
                                      "%s: an allowed pull is not audited: %s" % (cell, audit)):
                        figures["pulls audited"] += 1
                    if "xemchibo" in text and channel == channels[0][0] and who == "ha":
                        ward.chat_pull = documents(response)
                if kind == "remind":
                    reminded = [send for send in sends if ward.owner(send["params"]["channel"],
                                                                     send["params"]["chat"]) == "an"]
                    failures.check(bool(reminded) == may, "%s: %d reminders reached An" % (cell, len(reminded)))
                if kind == "return":
                    status = ward.status("an")
                    failures.check((status == "returned") == may and status_before == "submitted",
                                   "%s: An's status went from %s to %s" % (cell, status_before, status))
                    if status == "returned":
                        # An revises nothing and submits again, so the next cell finds him submitted.
                        own = ward.identity("an", channels[0][0])
                        for answer in ["nộp", "xác nhận"]:
                            reply, more = server.message(channels[0][0], own, own, answer)
                            for send in more:
                                target = ward.owner(send["params"]["channel"], send["params"]["chat"])
                                body = flatten(send["params"]["replies"])
                                if not failures.check(SECRET_TOKEN not in body or target in READS_AN,
                                                      "%s: An's resubmission is sent to %s" % (cell, target)):
                                    figures["leaks"] += 1
                                if not failures.check(NAMES["an"] not in body or target in SEES_AN,
                                                      "%s: An's resubmission is announced to %s" % (cell, target)):
                                    figures["name leaks"] += 1
                        failures.check(ward.status("an") == "submitted", "%s: An could not resubmit" % cell)

                # The roster commands: refused ones change nothing of An's accounts and codes; an
                # allowed /capma gives a code, and an allowed /golienket only asks ("không" cancels).
                if kind in ("reissue", "unlink"):
                    accounts, codes = ward.access("an")
                    figures["roster cells"] += 1
                    if kind == "reissue" and may:
                        code = re.search(r"\b[%s]{5}-[%s]{5}\b" % (ALPHABET, ALPHABET), shown)
                        failures.check(code is not None and len(codes) == len(access_before[1]) + 1,
                                       "%s: an allowed /capma gave no new code: %r" % (cell, one_line(shown)))
                        if code:
                            ward.codes["an"].append(code.group(0))
                    elif kind == "unlink" and may:
                        # Buttons where the channel has them, numbered options where it has not.
                        asked = UNLINK_ASK in shown
                        failures.check(asked and (accounts, codes) == access_before,
                                       "%s: /golienket acted before asking: %r" % (cell, one_line(shown)))
                        answer, _ = server.message(channel, chat, user, "không")
                        audit += ward.audit_rows_after(audit[-1][0] if audit else before)
                        accounts, codes = ward.access("an")
                        failures.check("Đã hủy lệnh gỡ liên kết" in reply_text(answer)
                                       and (accounts, codes) == access_before,
                                       "%s: a \"không\" did not cancel: %r" % (cell, one_line(reply_text(answer))))
                    elif not failures.check((accounts, codes) == access_before,
                                            "%s: a refused %s changed An's accounts or codes" % (cell, action)):
                        figures["roster changes by the refused"] += 1

                # The audit log: every command, allowed or refused, is a row; refused ones end in
                # "-refused". An answer is not a command.
                if kind != "answer":
                    refused_rows = [row for row in audit if row[2].endswith("-refused")]
                    if not may:
                        figures["refused"] += 1
                        audited = bool(refused_rows)
                        if how != "own":
                            # Strangers are counted, not failed: the rule is for known members.
                            figures["unaudited strangers"] += not audited
                        elif not failures.check(audited, "%s: refused, not audited" % cell,
                                                "a refused command by a known member is not audited"):
                            figures["unaudited"] += 1
                            figures["group unaudited"] += lane != "private"
                    else:
                        failures.check(bool(audit) and not refused_rows,
                                       "%s: allowed, audited as %s" % (cell, [row[2] for row in audit]))
                elif not may:
                    figures["refused answers"] += 1
                # A refusal says why, and nothing else: write privately, send your invite code, or
                # your account is closed; the commands have their own refusals.
                if not may and (kind == "answer" or lane != "private" or how != "own" or who in REVOKED):
                    expected = (GROUP_REFUSAL if lane != "private" else INVITE_NEEDED if how != "own"
                                else REVOKED_REFUSAL)
                    failures.check(shown.startswith(expected) and len(response["result"]["replies"]) == 1,
                                   "%s: refused with %r" % (cell, one_line(shown)), "an unexpected refusal")

            # A member outside the actor's reach is answered like one who does not exist.
            if lane == "private" and how == "own" and not allowed(who, how, "pull"):
                missing = 99999
                first, _ = server.message(channel, chat, user, "/xem cb24 %d" % an_number)
                second, _ = server.message(channel, chat, user, "/xem cb24 %d" % missing)
                same = (reply_text(first).replace("cb24 %d" % an_number, "cb24 N")
                        == reply_text(second).replace("cb24 %d" % missing, "cb24 N"))
                failures.check(same,
                               "%s: /xem of An differs from /xem of nobody: %r / %r"
                               % (label, one_line(reply_text(first)), one_line(reply_text(second))))

    # Nobody but An wrote into An's self-review, and no stranger or revoked member recorded an answer
    # during the matrix.
    identities = ["%s:%s" % (name, ward.identity("an", name)) for name, _ in ward.channels]
    outsiders = ["%s:%s" % (name, ward.identity(key, name)) for name, _ in ward.channels for key in REVOKED]
    outsiders += ["%s:%s-stranger" % (name, name[0]) for name, _ in ward.channels]
    outsiders += ["%s:%s" % (name, ward.identity("an", other)) for name, _ in ward.channels
                  for other, _ in ward.channels if other != name]
    with ward.database() as connection:
        foreign = connection.execute(
            "SELECT count(*) FROM answers a JOIN sessions s ON s.id = a.session_id "
            "JOIN inbound i ON i.id = a.inbound_id WHERE s.member_id = ? AND (i.channel || ':' || i.user_id) "
            "NOT IN (%s)" % ",".join("?" * len(identities)), (an, *identities)).fetchone()[0]
        recorded = connection.execute(
            "SELECT count(*) FROM answers a JOIN inbound i ON i.id = a.inbound_id WHERE i.id > ? AND "
            "((i.channel || ':' || i.user_id) IN (%s) OR i.chat_id LIKE 'group-%%')"
            % ",".join("?" * len(outsiders)),
            (first_inbound, *outsiders)).fetchone()[0]
    failures.check(foreign == 0, "%d answers in An's self-review came from someone else" % foreign)
    failures.check(recorded == 0, "%d answers recorded from strangers, revoked members or groups" % recorded)
    figures["foreign answers"] = foreign + recorded
    return figures


def check_audit_command(ward, figures, failures):
    """`tusoi audit --json` lists every refusal the matrix saw, as the store does."""
    entries = json.loads(ward.cli("audit", "--json", "--limit", "100000"))
    with ward.database() as connection:
        stored = connection.execute("SELECT count(*) FROM audit").fetchone()[0]
    refused = sum(1 for entry in entries if entry["action"].endswith("-refused"))
    failures.check(len(entries) == stored, "tusoi audit lists %d of %d rows" % (len(entries), stored))
    failures.check(all(SECRET_TOKEN not in json.dumps(entry, ensure_ascii=False) for entry in entries),
                   "the audit log holds the secret")
    figures["audit rows"] = len(entries)
    figures["audit refusals"] = refused


# ----------------------------------------------------------------------------------------------
# Part 2: invite brute force


def random_code(rng, taken):
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(10))
        if code not in taken:
            return code[:5] + "-" + code[5:]


def part_brute_force(ward, server, identities, failures, rng):
    channel = ward.channels[0][0]
    with ward.database() as connection:
        taken = {row[0] for row in connection.execute("SELECT code FROM invites")}
        live = connection.execute("SELECT count(*) FROM invites i JOIN members m ON m.id = i.member_id WHERE "
                                  "i.used_at IS NULL AND m.revoked = 0 AND i.expires_at > ?",
                                  (int(time.time()),)).fetchone()[0]
    issued = [code for codes in ward.codes.values() for code in codes]
    failures.check(all(re.fullmatch("[%s]{5}-[%s]{5}" % (ALPHABET, ALPHABET), code) for code in issued)
                   and len(set(issued)) == len(issued), "invite codes are not 10 distinct characters of 32")

    def outcome(response):
        text = reply_text(response)
        if THROTTLED in text:
            return "throttled"
        if REFUSED_CODE in text:
            return "tried"
        return "bound" if "Mã mời đã được xác nhận" in text else "other: " + text[:80]

    def attack(user, count):
        codes = [random_code(rng, taken) for _ in range(count)]
        ward.tried_codes += codes
        requests = [server.message_request(channel, user, user, code) for code in codes]
        server.write(requests)
        results = []
        for request in requests:
            response, sends = server.read_until(request["id"])
            server.confirm(sends)
            results.append(outcome(response))
        return results

    figures = {}
    brute = "%s-brute" % channel[0]
    results = attack(brute, 1000)
    figures["tried"] = results.count("tried")
    figures["throttled"] = results.count("throttled")
    failures.check(figures["tried"] <= 5, "one identity tried %d codes before the throttle" % figures["tried"])
    failures.check(figures["tried"] + figures["throttled"] == 1000, "odd answers: %s" % set(results))
    # The right code, while throttled, binds nothing and is answered like a wrong one.
    response, _ = server.message(channel, brute, brute, ward.codes["mai"][0])
    figures["right code while throttled"] = outcome(response)
    failures.check(outcome(response) == "throttled", "a throttled identity redeemed a valid code")
    # Fifteen minutes later (the wrong-code record moved back in the store): five more, no more.
    with ward.database() as connection:
        connection.execute("UPDATE invite_failures SET last_at = last_at - 900 WHERE user_id = ?", (brute,))
    later = attack(brute, 20)
    figures["tried after 15 min"] = later.count("tried")
    failures.check(later.count("tried") <= 5, "%d codes tried in the next 15 minutes" % later.count("tried"))
    # A used code (An's) and an expired one (Mai's first, expired in the store) bind nobody, and are
    # answered like any wrong code, from identities that have not failed before.
    with ward.database() as connection:
        connection.execute("UPDATE invites SET expires_at = ? WHERE code = ?",
                           (int(time.time()) - 1, ward.codes["mai"][0].replace("-", "")))
    for label, code in [("used", ward.codes["an"][0]), ("expired", ward.codes["mai"][0])]:
        user = "%s-%s" % (channel[0], label)
        response, _ = server.message(channel, user, user, code)
        figures[label] = outcome(response)
        failures.check(outcome(response) == "tried", "a %s code: %s" % (label, outcome(response)))
    # Account takeover: the secretary's first code, voided when the list was printed again, from a
    # stranger; then the command line refuses a plain code for a member who has an account.
    user = "%s-takeover" % channel[0]
    response, _ = server.message(channel, user, user, ward.voided["ha"])
    figures["voided"] = outcome(response)
    failures.check(outcome(response) == "tried", "the secretary's voided code: %s" % outcome(response))
    response, _ = server.message(channel, user, user, "/xemchibo")
    failures.check(not documents(response) and SECRET not in reply_text(response),
                   "a stranger with a voided code pulled the branch")
    with ward.database() as connection:
        refused = connection.execute("SELECT count(*) FROM audit WHERE actor = ? AND action = "
                                     "'redeem-invite-refused' AND subject = ?",
                                     ("%s:%s" % (channel, user), "voided code of member %d" % ward.ids["ha"])
                                     ).fetchone()[0]
    figures["voided audited"] = refused
    failures.check(refused == 1, "the voided code's try is not in the audit log with its identity")
    ward.cli("invite", "--member", str(ward.ids["an"]), "--json", check=False)
    with ward.database() as connection:
        plain = connection.execute("SELECT count(*) FROM invites WHERE member_id = ? AND purpose = 'first' AND "
                                   "used_at IS NULL AND voided_at IS NULL", (ward.ids["an"],)).fetchone()[0]
    figures["plain code for a linked member"] = "issued" if plain else "refused"
    failures.check(plain == 0, "tusoi invite gave a plain code to a member who has an account")
    # Many identities, a few codes each.
    total = []
    for number in range(identities):
        total += attack("%s-bot%d" % (channel[0], number), 6)
    figures["identities"] = identities
    figures["many tried"] = total.count("tried")
    figures["many throttled"] = total.count("throttled")
    figures["many bound"] = total.count("bound")
    failures.check(total.count("bound") == 0 and all(item in ("tried", "throttled") for item in total),
                   "a brute-force identity bound: %s" % set(total))
    failures.check(total.count("tried") <= 5 * identities, "more than 5 codes an identity")
    with ward.database() as connection:
        bound = connection.execute("SELECT count(*) FROM identities WHERE user_id LIKE ? OR user_id = ?",
                                   ("%s-bot%%" % channel[0], brute)).fetchone()[0]
    failures.check(bound == 0, "%d brute-force identities are bound" % bound)
    figures["live codes"] = live
    return figures


# ----------------------------------------------------------------------------------------------
# Part 3: export injection


class MarkupScan(html.parser.HTMLParser):
    """Finds markup that could run or load something: script-like elements, event handlers, and
    URLs with a script scheme; collects the text, to see the hostile answers arrived (escaped)."""

    DANGEROUS = {"script", "iframe", "object", "embed", "img", "base", "form", "link", "frame", "frameset",
                 "applet", "audio", "video", "source", "input", "button", "svg:script", "foreignobject",
                 "animate", "set"}
    URLS = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []
        self.csp = False

    def handle_starttag(self, tag, attributes):
        if tag in self.DANGEROUS:
            self.problems.append("<%s>" % tag)
        for name, value in attributes:
            value = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name.startswith("on"):
                self.problems.append("%s= on <%s>" % (name, tag))
            if name in self.URLS and re.match(r"(javascript|vbscript|data:text/html)", value):
                self.problems.append("%s=%s on <%s>" % (name, value[:30], tag))
            if tag == "meta" and name == "http-equiv" and value == "refresh":
                self.problems.append("meta refresh")
            if tag == "meta" and name == "content" and "default-src'none'" in value:
                self.csp = True

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def scan_html(label, text, failures, hostile=True):
    scan = MarkupScan()
    scan.feed(text)
    scan.close()
    plain = "".join(scan.text)
    failures.check(not scan.problems, "%s: executable markup %s" % (label, scan.problems[:5]))
    failures.check("<script" not in text.lower(), "%s: contains <script" % label)
    failures.check(scan.csp, "%s: no content security policy" % label)
    if hostile:
        for marker in ["HOSTILE-SCRIPT", "HOSTILE-IMG", "HOSTILE-LINK", "HOSTILE-COMMENT"]:
            failures.check(marker in plain, "%s: the hostile answer %s is missing (the test did not run)"
                           % (label, marker))
    return len(scan.problems)


SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def markdown_problems(text):
    """Lines of the member's text (those with a HOSTILE marker) that a Markdown renderer would make
    a heading or a quote (ATX, or setext: a text line underlined by === or ---), and links whose
    target is a script."""
    lines = text.split("\n")
    problems = []
    for number, line in enumerate(lines):
        if "HOSTILE-" not in line:
            continue
        if len(line) - len(line.lstrip(" ")) >= 4:
            continue  # an indented code block: shown as typed
        stripped = line.lstrip(" ")
        if re.match(r"#{1,6}(\s|$)", stripped):
            problems.append("heading: %r" % line[:60])
        if stripped.startswith(">"):
            problems.append("quote: %r" % line[:60])
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.strip() and SETEXT.match(following):
            problems.append("setext heading: %r over %r" % (line[:60], following))
    # A link needs an unescaped "]" before its "(": "\\](javascript:…)" is text.
    links = re.findall(r"(?<!\\)\]\(\s*<?\s*javascript:[^)]*\)", text, re.IGNORECASE)
    problems += ["javascript: link %r" % link for link in links]
    return problems


def part_exports(ward, failures):
    cli = ward.cli
    figures = {"csv formula cells": 0, "csv neutralised": 0, "html problems": 0, "md problems": [],
               "files": []}
    outputs = {}
    for fmt in ["csv", "md", "html", "json"]:
        path = os.path.join(ward.folder, "cb24.%s" % fmt)
        cli("export", "--branch", "cb24", "--format", fmt, "--output", path)
        outputs[fmt] = path
    report = os.path.join(ward.folder, "bao-cao.html")
    cli("report", "--format", "html", "--output", report, "--committee", COMMITTEE)
    outputs["report"] = report
    figures["files"] = list(outputs.values())
    read = {name: open(path, encoding="utf-8", newline="").read() for name, path in outputs.items()}

    # CSV: no cell may start with = + - @ tab or CR (a spreadsheet would run it as a formula).
    rows = list(csv.reader(io.StringIO(read["csv"])))
    for row in rows:
        for cell in row:
            if cell[:1] and cell[0] in "=+-@\t\r":
                figures["csv formula cells"] += 1
                failures.check(False, "csv: a cell starts with %r: %r" % (cell[0], cell[:40]))
            if "HOSTILE-" in cell and cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t"):
                figures["csv neutralised"] += 1
    tab = [cell for row in rows for cell in row if "HOSTILE-TAB" in cell]
    figures["tab"] = ("kept as a tab" if tab and tab[0][1:2] == "\t" else
                      "trimmed by the bot, so it arrives as '=…'" if tab and tab[0][1:2] == "=" else "?")
    for marker in ["HOSTILE-EQ", "HOSTILE-PLUS", "HOSTILE-MINUS", "HOSTILE-AT", "HOSTILE-TAB"]:
        failures.check(any(marker in cell for row in rows for cell in row),
                       "csv: the hostile answer %s is missing (the test did not run)" % marker)
    failures.check(figures["csv formula cells"] == 0, "csv: %d formula cells" % figures["csv formula cells"])

    # CSV for a spreadsheet: a byte order mark, Vietnamese headings, one value a cell: an answer is
    # shown as its label (a name, an option), its code in a column of its own, never a list of codes.
    failures.check(read["csv"].startswith("\ufeff"), "csv: no byte order mark (Excel would not read UTF-8)")
    header = [cell.lstrip("\ufeff") for cell in rows[0]] if rows else []
    failures.check(header[:5] == ["Chi bộ", "Họ và tên", "Trạng thái", "Câu hỏi", "Trả lời"],
                   "csv: the headings are %r" % header)
    figures["csv codes shown"] = 0
    for row in rows[1:]:
        label, code = (row[4], row[6]) if len(row) == 7 else ("", "")
        failures.check(len(row) == 7, "csv: a row of %d cells: %r" % (len(row), row[:3]))
        if code and "," in code or "\t" in code:
            failures.check(False, "csv: a code cell holds a list or a tab: %r" % code[:40])
        if code and not code.isdigit() and label == code:
            figures["csv codes shown"] += 1
            failures.check(False, "csv: an answer is shown as its code: %r" % code[:40])
        if re.match(r"m\d+\t", label):
            failures.check(False, "csv: a member answer as code and name in one cell: %r" % label[:40])

    # The report is one committee's: refused without --committee (the ward has two), never counting
    # a branch of the other committee.
    refused = subprocess.run([ward.binary, "report", "--db", ward.store], capture_output=True, text=True,
                             env=child_environment())
    failures.check(refused.returncode == 64 and COMMITTEE in refused.stderr and OTHER_COMMITTEE in refused.stderr,
                   "report without --committee: exit %d, %r" % (refused.returncode, refused.stderr[:200]))
    scoped = json.loads(cli("report", "--format", "json", "--committee", COMMITTEE))
    outside = [branch["name"] for branch in scoped["branches"]
               if branch["name"] in [name for _, name, committee in BRANCHES if committee != COMMITTEE]]
    failures.check(not outside, "the report of %s counts %s" % (COMMITTEE, outside))
    figures["report scope"] = "refused without --committee (exit %d); %d branch(es) of %s, none of another" % (
        refused.returncode, len(scoped["branches"]), COMMITTEE)

    # HTML: the paper forms, the report, and the branch's forms pulled through the chat.
    figures["html problems"] += scan_html("html export", read["html"], failures)
    figures["html problems"] += scan_html("html report", read["report"], failures, hostile=False)
    pulled = [doc for doc in ward.chat_pull if doc[1] == "text/html"]
    failures.check(bool(pulled), "no branch document was pulled through the chat")
    for name, _, text in pulled:
        figures["html problems"] += scan_html("chat pull %s" % name, text, failures)

    # Markdown: the export, and the copy Bình received when she submitted again.
    problems = markdown_problems(read["md"])
    failures.check(any(media == "text/markdown" for _, media, _ in ward.binh_copy), "Bình received no copy")
    for name, media, text in ward.binh_copy:
        if media == "text/markdown":
            problems += ["(copy %s) %s" % (name, problem) for problem in markdown_problems(text)]
    figures["md problems"] = problems
    for problem in problems:
        failures.check(False, "md: %s" % problem,
                       "Markdown: an answer becomes a heading, a quote or a script link")
    for marker in ["HOSTILE-H1", "HOSTILE-Q1", "HOSTILE-SETEXT", "HOSTILE-LINK"]:
        failures.check(marker in read["md"], "md: the hostile answer %s is missing" % marker)
    failures.check("<script" not in read["md"].lower() and "<img" not in read["md"].lower(),
                   "md: raw HTML from an answer")

    # The committee's summary and the progress list count; they never carry answer text.
    for arguments in [("report", "--committee", COMMITTEE), ("report", "--format", "json", "--committee", COMMITTEE),
                      ("progress", "--json"), ("progress",)]:
        text = cli(*arguments)
        failures.check(SECRET_TOKEN not in text and "HOSTILE-" not in text,
                       "tusoi %s shows answer text" % " ".join(arguments))
    failures.check(SECRET_TOKEN not in read["report"] and "HOSTILE-" not in read["report"],
                   "the HTML report shows answer text")

    # A line "---" between paragraphs of an answer is a thematic break: the same mark as the one
    # between two members in the export (information, not a failure).
    lines = read["md"].split("\n")
    figures["md rules"] = sum(1 for number, line in enumerate(lines)
                              if SETEXT.match(line) and "-" in line and number > 1
                              and not lines[number - 1].strip() and "HOSTILE-" in lines[number - 2])

    # JSON: parses, and the hostile answers come back exactly.
    try:
        parsed = json.loads(read["json"])
        values = [answer["value"] for item in parsed for answer in item["answers"]]
        for text in HOSTILE.values():
            wanted = (text if isinstance(text, str) else text[0]).strip()
            failures.check(any(wanted in value for value in values),
                           "json: the answer %r does not come back" % wanted[:30])
        figures["json"] = "parses (%d members, %d answers)" % (len(parsed), len(values))
    except (ValueError, KeyError, TypeError) as error:
        failures.check(False, "json: %s" % error)
        figures["json"] = "does not parse"
    # Right-to-left override (information): kept as typed or not, per format.
    figures["rlo"] = ", ".join("%s %s" % (name, "kept" if "\u202e" in text else "removed")
                               for name, text in read.items() if name != "report")
    return figures


def part_import(ward, failures):
    """A roster as a spreadsheet saves it (UTF-8 with a byte order mark, CRLF, a comma, doubled quotes
    and a line break inside quoted fields, a formula-looking name) imported into a store of its own;
    then the same file again, which must add no one."""
    folder = os.path.join(ward.folder, "import")
    os.makedirs(folder, exist_ok=True)
    cli = Cli(ward.binary, os.path.join(folder, "import.sqlite"))
    cli("branch", "add", "tdp5", "Chi bộ Tổ dân phố 5", "--committee", COMMITTEE)
    people = [["Lê Thị \"Hoa\"", "tdp5", "bí thư", "", "", "1950-02-01", "Tổ dân phố 5, phường Ngọc Lâm"],
              ["=HYPERLINK(\"http://x\")", "tdp5", "member", "", "", "", "Hưu trí,\r\nTổ 7"],
              ["Đỗ Văn Nam", "tdp5", "", "", "", "01/05/1948", ""]]
    roster = os.path.join(folder, "members.csv")
    with open(roster, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)  # RFC 4180 with CRLF, as Excel saves
        writer.writerow(["name", "branch", "role", "phone", "email", "born", "unit"])
        writer.writerows(people)
    first = subprocess.run([ward.binary, "member", "import", roster, "--db", cli.store], capture_output=True,
                           text=True, env=child_environment())
    listed = json.loads(cli("member", "list", "--json"))
    names = [item["name"] for item in listed]
    failures.check(first.returncode == 0 and names == [row[0] for row in people],
                   "import: exit %d, members %r" % (first.returncode, names))
    with sqlite3.connect(cli.store) as connection:
        units = [row[0] for row in connection.execute("SELECT unit FROM members ORDER BY id")]
    failures.check(units[:1] == ["Tổ dân phố 5, phường Ngọc Lâm"], "import: the workplace was cut: %r" % units)
    again = subprocess.run([ward.binary, "member", "import", roster, "--db", cli.store], capture_output=True,
                           text=True, env=child_environment())
    after = len(json.loads(cli("member", "list", "--json")))
    # Each duplicate named with the line its record starts on (the second one spans two lines).
    named = len(set(re.findall(r"members\.csv:(\d+): ", again.stderr)))
    failures.check(again.returncode == 65 and after == len(people) and named == len(people),
                   "import again: exit %d, %d members, %d duplicate lines named" % (again.returncode, after, named))
    with open(roster, "w", newline="", encoding="utf-8") as handle:
        handle.write("name,branch\r\n\"Vũ \x1b[31mĐỏ\",tdp5\r\n\"Mở ngoặc,tdp5\r\n")
    hostile = subprocess.run([ward.binary, "member", "import", roster, "--db", cli.store], capture_output=True,
                             text=True, env=child_environment())
    failures.check(hostile.returncode == 65 and len(json.loads(cli("member", "list", "--json"))) == len(people),
                   "import of a control character and an open quote: exit %d" % hostile.returncode)
    return {"first": first.returncode, "again": again.returncode, "members after": after, "named": named,
            "hostile": hostile.returncode, "unit": units[0] if units else ""}


# ----------------------------------------------------------------------------------------------
# Part 4: file modes


def modes(paths):
    found = {}
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            found[path] = None
            continue
        found[path] = (stat.S_IMODE(info.st_mode), info.st_uid)
    return found


def check_modes(label, paths, failures, required=None):
    """Every file must be 0600 and ours; those in `required` (all by default) must exist."""
    lines = []
    for path, found in modes(paths).items():
        name = os.path.basename(path)
        if found is None:
            failures.check(required is not None and path not in required,
                           "%s: %s does not exist" % (label, name))
            lines.append("%s absent" % name)
            continue
        mode, owner = found
        failures.check(mode == 0o600 and owner == os.getuid(), "%s: %s is %03o" % (label, name, mode))
        lines.append("%s %03o" % (name, mode))
    return lines


def store_files(ward):
    return [ward.store, ward.store + "-wal", ward.store + "-shm"]


# ----------------------------------------------------------------------------------------------
# Part 5: logs


def part_logs(ward, failures, rng):
    """A last server run with every plausible debug setting in its environment (the command line has
    none), and a store that cannot grow (a file-size limit) so that the error path logs too; then
    every standard error collected so far is searched for answers and codes."""
    usage = subprocess.run([ward.binary, "help"], capture_output=True, text=True).stdout
    pattern = r"--(?:verbose|debug|quiet|log[-\w]*|trace)\b|TUSOI_\w*(?:LOG|DEBUG|VERBOSE|TRACE)\w*"
    settings = sorted(set(re.findall(pattern, usage)))
    debug = {"TUSOI_DEBUG": "1", "TUSOI_VERBOSE": "1", "TUSOI_LOG": "debug", "TUSOI_LOG_LEVEL": "debug",
             "TUSOI_TRACE": "1"}
    limit = 200 * 1024  # the write-ahead log may grow this far: a 400 KB message cannot be stored

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    server = ward.serve(debug, preexec=small_files)
    channel = ward.channels[0][0]
    for key, text in [("an", SECRET), ("binh", HOSTILE[1]), ("cuong", HOSTILE[14])]:
        user = ward.identity(key, channel)
        server.message(channel, user, user, text)
    user = ward.identity("cuong", channel)
    big = (SECRET + " " + HOSTILE[5][0] + " ") * 4000  # about 400 KB: more than the file may grow
    response, _ = server.message(channel, user, user, big)
    not_stored = response.get("error", {}).get("code") == -32002
    failures.check(not_stored, "the store-full message was stored: %s" % str(response)[:200])
    late = "%s-late" % channel[0]
    wrong = random_code(rng, set())
    ward.tried_codes.append(wrong)
    server.message(channel, late, late, wrong)
    # Mai's code expired in part 2: she gets a new one.
    issued = json.loads(ward.cli("invite", "--member", str(ward.ids["mai"]), "--json"))
    ward.codes["mai"].append(issued[0]["code"])
    user = ward.identity("mai", channel)
    response, _ = server.message(channel, user, user, ward.codes["mai"][-1])
    failures.check(NAMES["mai"] in reply_text(response), "Mai could not bind with her code")
    code = server.close()
    failures.check(code == 0, "tusoi serve exited %s" % code)

    logs = [(name, text) for name, text in ward.cli.stderr]
    logs += [("serve #%d" % number, "".join(run.errors)) for number, run in enumerate(ward.servers, 1)]
    needles = LOG_NEEDLES + [code for codes in ward.codes.values() for code in codes]
    needles += [code.replace("-", "") for codes in ward.codes.values() for code in codes]
    needles += ward.tried_codes + [code.replace("-", "") for code in ward.tried_codes]
    found = []
    for name, text in logs:
        for needle in needles:
            if needle.lower() in text.lower():
                found.append("%s: %r" % (name, needle))
    for item in found:
        failures.check(False, "log: %s" % item)
    error_lines = sum(text.count("error:") for _, text in logs)
    with open(os.path.join(ward.folder, "stderr.txt"), "w", encoding="utf-8") as handle:
        for name, text in logs:
            handle.write("== %s\n%s" % (name, text))
    return {"commands": len(ward.cli.stderr), "servers": len(ward.servers), "found": found,
            "settings": settings, "not stored": not_stored, "error lines": error_lines,
            "bytes": sum(len(text) for _, text in logs)}


# ----------------------------------------------------------------------------------------------


def thousands(number):
    return "{:,}".format(number)


def part(title, phrases):
    """One line a part: its title and its figures."""
    print("%s: %s" % (title, "; ".join(phrases)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--quick", action="store_true",
                        help="one private channel and one group chat; 40 brute-force identities")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", type=int, default=3, help="examples printed for each kind of failure")
    args = parser.parse_args()
    started = time.perf_counter()
    binary = os.path.abspath(args.binary)
    folder = tempfile.mkdtemp(prefix="tusoi-security-")
    os.umask(0)  # every file the product creates must get its mode from the product itself
    rng = random.Random(args.seed)
    channels = [("telegram", {"maxTextLength": 4096, "buttons": True, "documents": True}),
                ("zalo", {"maxTextLength": 2000})]
    matrix_channels = channels[:1] if args.quick else channels
    ward = Ward(binary, folder, channels)
    failures = Failures()
    print("security: %s, store in %s (umask 000)" % ("quick" if args.quick else "full", folder))

    ward.set_up()
    server = ward.serve()
    ward.bind_and_submit(server)
    serving = check_modes("while serving", store_files(ward), failures)
    matrix = part_authorization(ward, server, matrix_channels, failures)
    check_audit_command(ward, matrix, failures)
    matrix["checks"] = failures.checks
    brute = part_brute_force(ward, server, 40 if args.quick else 200, failures, rng)
    code = server.close()
    failures.check(code == 0, "tusoi serve exited %s" % code)
    after = check_modes("after serving", store_files(ward), failures, required=[ward.store])
    exports = part_exports(ward, failures)
    exported = check_modes("exports", exports["files"], failures)
    imported = part_import(ward, failures)
    logs = part_logs(ward, failures, rng)
    final = check_modes("after the last run", store_files(ward), failures, required=[ward.store])

    lanes = [name for name, _ in matrix_channels] + ["a group"]
    if len(matrix_channels) > 1:
        lanes.append("an implicit group")
    part("1 authorization", [
        "%d roles x %d actions x %d channels (%s) = %d cells, %s checks"
        % (len(ACTORS), len(ACTIONS), len(lanes), ", ".join(lanes), matrix["cells"], thousands(matrix["checks"])),
        "refused: %d commands, %d answers" % (matrix["refused"], matrix["refused answers"]),
        "not audited: %d refusals by known members (%d in group chats), %d by strangers"
        % (matrix["unaudited"], matrix["group unaudited"], matrix["unaudited strangers"]),
        "leaks: %d of the secret, %d of An's name" % (matrix["leaks"], matrix["name leaks"]),
        "%d allowed pulls, %d audited" % (matrix["allowed pulls"], matrix["pulls audited"]),
        "/capma and /golienket: %d cells, %d changes of An's accounts or codes by those refused (an allowed "
        "/golienket asks first, and \"không\" cancels it)" % (matrix["roster cells"], matrix["roster changes by the refused"]),
        "%d answers in An's review from others" % matrix["foreign answers"],
        "tusoi audit: %d rows, %d refusals" % (matrix["audit rows"], matrix["audit refusals"])])
    space = len(ALPHABET) ** 10
    part("2 invite brute force", [
        "1,000 wrong codes from one identity: %d tried, %d throttled (\"%s\")"
        % (brute["tried"], brute["throttled"], THROTTLED),
        "the right code while throttled: %s" % brute["right code while throttled"],
        "15 minutes later: %d more tried" % brute["tried after 15 min"],
        "a used code: %s, an expired one: %s" % (brute["used"], brute["expired"]),
        "takeover: the secretary's voided code %s (%d audited with the identity); a plain code for a "
        "linked member %s" % (brute["voided"], brute["voided audited"], brute["plain code for a linked member"]),
        "%d identities x 6 codes: %s tried, %d throttled, %d bound"
        % (brute["identities"], thousands(brute["many tried"]), brute["many throttled"], brute["many bound"]),
        "code space 32^10 = 2^50 = %.2e; %d live codes: one guess in %.1e hits; at 5 guesses per 15 minutes, "
        "%.1e hits per identity-year" % (space, brute["live codes"], space / max(1, brute["live codes"]),
                                           5 * 4 * 24 * 365 * brute["live codes"] / space)])
    part("3 export injection", [
        "csv: %d formula cells (%d hostile cells neutralised with '; a leading tab %s)"
        % (exports["csv formula cells"], exports["csv neutralised"], exports["tab"]),
        "html: %d executable (export, report, chat pull)" % exports["html problems"],
        "md: %d headings, quotes or script links from answers (and %d thematic break(s), for information)"
        % (len(exports["md problems"]), exports["md rules"]),
        "json: %s" % exports["json"],
        "csv for a spreadsheet: byte order mark, Vietnamese headings, %d answers shown as codes"
        % exports["csv codes shown"],
        "report: %s" % exports["report scope"],
        "import (BOM, CRLF, quoted comma, doubled quotes, line break in quotes): exit %d, workplace %r; "
        "the same file again: exit %d, %d members, %d duplicate lines named; a control character or an "
        "open quote: exit %d" % (imported["first"], imported["unit"], imported["again"], imported["members after"],
                                imported["named"], imported["hostile"]),
        "U+202E: %s" % exports["rlo"]])
    part("4 file modes", ["while serving: " + ", ".join(serving), "after: " + ", ".join(after),
                          "after the last run: " + ", ".join(final), "exports: " + ", ".join(exported)])
    part("5 logs", [
        "%d commands and %d server runs (%s bytes of standard error, %d error line(s))"
        % (logs["commands"], logs["servers"], thousands(logs["bytes"]), logs["error lines"]),
        "the store-full error %s" % ("logged" if logs["not stored"] else "NOT PROVOKED"),
        "%d answers or codes found" % len(logs["found"]),
        "log settings in `tusoi help`: %s (serve also ran with TUSOI_DEBUG, TUSOI_VERBOSE, TUSOI_LOG, "
        "TUSOI_LOG_LEVEL, TUSOI_TRACE set)" % (", ".join(logs["settings"]) or "none")])
    elapsed = time.perf_counter() - started
    print("security: %s checks, %d failures, %.1f s" % (thousands(failures.checks), len(failures), elapsed))
    if failures:
        failures.report(args.show)
        print("  (the store, the exports and the logs are kept in %s)" % folder)
        sys.exit(1)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

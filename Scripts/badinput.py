"""Sends hostile lines to `tusoi serve` and checks every one is answered. See Scripts/badinput."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def message(number, text):
    return json.dumps({"jsonrpc": "2.0", "id": "ok-%d" % number, "method": "message",
                       "params": {"channel": "t", "chat": "u", "user": "u", "messageId": str(number),
                                  "text": text}}).encode()


HOSTILE = [
    ("not JSON", b"hello there"),
    ("empty line", b""),
    ("only white space", b" \t \r"),
    ("truncated", b'{"jsonrpc":"2.0","id":1,"method":"mess'),
    ("empty object", b"{}"),
    ("array", b"[1,2,3]"),
    ("deeply nested", b"[" * 200_000 + b"]" * 200_000),
    ("deeply nested object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    ("huge number id", b'{"jsonrpc":"2.0","id":' + b"9" * 100_000 + b',"method":"message"}'),
    ("huge exponent", b'{"jsonrpc":"2.0","id":1e999999999,"method":"nothing"}'),
    ("duplicate keys", b'{"jsonrpc":"2.0","id":3,"id":4,"method":"message"}'),
    ("NUL byte in a string", b'{"jsonrpc":"2.0","id":5,"method":"message","params":{"text":"a\x00b"}}'),
    ("NUL byte alone", b"\x00"),
    ("invalid UTF-8", b'{"jsonrpc":"2.0","id":6,"method":"\xff\xfe"}'),
    ("overlong UTF-8", b'{"jsonrpc":"2.0","id":7,"method":"\xc0\xaf"}'),
    ("lone surrogate", b'{"jsonrpc":"2.0","id":8,"method":"message","params":{"text":"\\udc00"}}'),
    ("reversed surrogates", b'{"jsonrpc":"2.0","id":9,"method":"message","params":{"text":"\\udc00\\ud800"}}'),
    ("raw control character", b'{"jsonrpc":"2.0","id":10,"method":"message","params":{"text":"a\x07b"}}'),
    ("wrong types", b'{"jsonrpc":"2.0","id":true,"method":5,"params":"x"}'),
    ("100 MB line", b"x" * 100_000_000),
    ("right-to-left and zero-width text", message(1, "\u202eco\u200b\u200d\u2066ong\u2069")),
    ("escaped control characters in text", message(2, "a\u0007b\u001bc\u0000d")),
    ("emoji and combining marks", message(3, "co\u0301 \U0001F44D\U0001F3FD")),
    ("10 KB of text", message(4, "Tự soi. " * 1300)),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tusoi-bad-")
    store = os.path.join(folder, "bad.sqlite")
    process = subprocess.Popen([args.binary, "serve", "--db", store], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    replies, peak = [], [0]

    def read():
        for line in process.stdout:
            replies.append(json.loads(line))

    def watch():
        while process.poll() is None:
            try:
                with open("/proc/%d/status" % process.pid) as status:
                    for field in status:
                        if field.startswith("VmRSS:"):
                            peak[0] = max(peak[0], int(field.split()[1]))
            except OSError:
                return
            time.sleep(0.01)

    threads = [threading.Thread(target=read, daemon=True), threading.Thread(target=watch, daemon=True)]
    for thread in threads:
        thread.start()
    init = {"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {"protocolVersion": "1"}}
    process.stdin.write(json.dumps(init).encode() + b"\n")
    for number, (_, line) in enumerate(HOSTILE):
        process.stdin.write(line + b"\n")
        # After each hostile line, a valid message shows the server is still up and in order.
        process.stdin.write(message(1000 + number, "co") + b"\n")
    process.stdin.close()
    code = process.wait(timeout=120)
    threads[0].join(timeout=10)
    failures = 0
    if len(replies) != 1 + 2 * len(HOSTILE):
        print("expected %d replies, got %d" % (1 + 2 * len(HOSTILE), len(replies)))
        failures += 1
    for number, (name, _) in enumerate(HOSTILE):
        reply = replies[1 + 2 * number] if 1 + 2 * number < len(replies) else {}
        alive = replies[2 + 2 * number] if 2 + 2 * number < len(replies) else {}
        answered = "error" in reply or "result" in reply
        if "error" in reply:
            what = "error %d: %s" % (reply["error"]["code"], reply["error"]["data"]["reason"][:70])
        else:
            what = "handled as text"
        still = alive.get("id") == "ok-%d" % (1000 + number) and "result" in alive
        print("  %-36s %s%s" % (name, what, "" if still else "  [NEXT LINE NOT ANSWERED]"))
        failures += (not answered) + (not still)
    print("bad input: %d hostile lines, %d answered, peak memory %.1f MB, exit %d" % (
        len(HOSTILE), len(HOSTILE) - failures, peak[0] / 1024, code))
    if failures or code != 0 or peak[0] > 64 * 1024:
        print("FAILED; the store is kept in %s" % folder, file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

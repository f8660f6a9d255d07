"""A ward-sized rehearsal: 32 branches, 1,000 members, 800 submitted self-reviews through `tusoi serve`,
then times the committee's report and the full exports. Run through Scripts/ward."""
import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import SCRIPT  # noqa: E402  the answers that walk the real questionnaire to "submitted"

COMMITTEE = "Đảng ủy phường Bồ Đề"


def run(binary, store, *arguments, quiet=True):
    started = time.perf_counter()
    result = subprocess.run([binary, *arguments, "--db", store], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit("tusoi %s failed (%d): %s" % (" ".join(arguments), result.returncode, result.stderr))
    return result.stdout, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--branches", type=int, default=32)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--submitted", type=int, default=800)
    parser.add_argument("--keep", action="store_true", help="keep the folder with the store and its reports")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tusoi-ward-")
    store = os.path.join(folder, "ward.sqlite")
    binary = args.binary

    codes = ["cb%02d" % (number + 1) for number in range(args.branches)]
    for code in codes:
        run(binary, store, "branch", "add", code, "Chi bộ %s" % code[2:], "--committee", COMMITTEE)
    roster = os.path.join(folder, "members.csv")
    with open(roster, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "branch", "role", "phone", "email", "born", "unit"])
        for number in range(args.members):
            branch = codes[number % args.branches]
            role = "facilitator" if number < args.branches else "member"
            writer.writerow(["Đảng viên %04d" % number, branch, role, "", "", "1975-%02d-15" % (number % 12 + 1),
                             "Tổ dân phố %d" % (number % 40 + 1)])
    run(binary, store, "member", "import", roster)
    today = datetime.date.today()
    run(binary, store, "campaign", "open", "dot-2026", "Tự kiểm điểm cuối năm 2026", "--from",
        today.isoformat(), "--until", (today + datetime.timedelta(days=30)).isoformat())
    invites = {}
    for code in codes:
        output, _ = run(binary, store, "invite", "--branch", code, "--json")
        for item in json.loads(output):
            invites[item["member"]] = item["code"]

    # Every member binds their code; the first N go through the whole questionnaire and submit.
    names = sorted(invites)
    lines = [json.dumps({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                         "params": {"protocolVersion": "1", "channels": {"zalo": {"maxTextLength": 2000}}}})]
    count = 0
    for index, name in enumerate(names):
        user = "z%d" % index
        texts = [invites[name]] + (SCRIPT[1:] if index < args.submitted else [])
        for step, text in enumerate(texts):
            params = {"channel": "zalo", "chat": user, "user": user, "messageId": "m%d" % step, "text": text}
            lines.append(json.dumps({"jsonrpc": "2.0", "id": count, "method": "message", "params": params},
                                    ensure_ascii=False))
            count += 1
    started = time.perf_counter()
    served = subprocess.run([binary, "serve", "--db", store], input="\n".join(lines) + "\n",
                            capture_output=True, text=True)
    serve_seconds = time.perf_counter() - started
    errors = sum(1 for line in served.stdout.splitlines() if '"error"' in line and '"id":"b-' not in line)
    progress, _ = run(binary, store, "progress", "--json")
    statuses = [item["status"] for item in json.loads(progress)]
    submitted = statuses.count("submitted")

    figures = {}
    for label, arguments in [
        ("report (text)", ["report"]),
        ("report (html)", ["report", "--format", "html", "--output", os.path.join(folder, "report.html")]),
        ("export md", ["export", "--campaign", "dot-2026", "--output", os.path.join(folder, "all.md")]),
        ("export html", ["export", "--campaign", "dot-2026", "--format", "html", "--output",
                         os.path.join(folder, "all.html")]),
        ("export csv", ["export", "--campaign", "dot-2026", "--format", "csv", "--output",
                        os.path.join(folder, "all.csv")]),
        ("export json", ["export", "--campaign", "dot-2026", "--format", "json", "--output",
                         os.path.join(folder, "all.json")]),
    ]:
        _, elapsed = run(binary, store, *arguments)
        figures[label] = elapsed

    size = os.path.getsize(store)
    print("ward: %d branches, %d members, %d submitted (%d messages through serve in %.1f s, %d errors)"
          % (args.branches, args.members, submitted, count, serve_seconds, errors))
    for label, elapsed in figures.items():
        print("  %-14s %6.2f s" % (label, elapsed))
    print("  store: %.1f MB, %.1f KB per submitted self-review (with its messages)"
          % (size / 1e6, size / 1e3 / max(1, submitted)))
    failed = submitted != args.submitted or errors > 0 or any(value > 10 for value in figures.values())
    if failed:
        print("FAILED: expected %d submitted, no errors, every step under 10 s; files kept in %s"
              % (args.submitted, folder))
        sys.exit(1)
    if args.keep:
        print("  files kept in %s" % folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

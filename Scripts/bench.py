"""Drives `tusoi serve` with generated conversations and measures it. Run through Scripts/bench."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

# Answers that walk the real "tu-soi-tu-sua" questionnaire: a greeting, checklists, yes/no,
# long and free text, a skip, a plan item with a date, a single choice, then review, submit and confirm.
SCRIPT = [
    "Chào đồng chí", "3", "Chưa dành thời gian đọc kỹ nghị quyết.", "0", "khong co", "khong",
    "Đi làm đúng giờ, nhận việc khó, gương mẫu ở khu dân cư.", "xong", "bo qua", "5",
    "Phát ngôn trong nhóm cơ quan còn thiếu cân nhắc.", "Đề nghị thông báo lịch sinh hoạt sớm.", "không",
    "Học nghị quyết; cẩn trọng khi phát ngôn.", "Chưa học kỹ nghị quyết.", "Mỗi tháng đọc một nghị quyết.",
    "31/12", "không", "2", "Hoàn thành nhiệm vụ chuyên môn.", "xem lại", "nộp", "xác nhận",
]


def generate(messages, chats):
    lines = [json.dumps({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                         "params": {"protocolVersion": "1", "channels": {"zalo": {"maxTextLength": 2000}}}})]
    count = 0
    step = 0
    while count < messages:
        text = SCRIPT[step % len(SCRIPT)]
        for chat in range(chats):
            if count >= messages:
                break
            params = {"channel": "zalo", "chat": "u%d" % chat, "user": "u%d" % chat,
                      "messageId": "m%d" % step, "text": text}
            lines.append(json.dumps({"jsonrpc": "2.0", "id": count, "method": "message", "params": params},
                                    ensure_ascii=False))
            count += 1
        step += 1
    return [(line + "\n").encode() for line in lines]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0, help="messages per second (0: as fast as possible)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.messages, args.chats = 20_000, 1_000

    lines = generate(args.messages, args.chats)
    folder = tempfile.mkdtemp(prefix="tusoi-bench-")
    store = os.path.join(folder, "bench.sqlite")
    process = subprocess.Popen([args.binary, "serve", "--db", store], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = [0.0] * args.messages
    received = [0.0] * args.messages
    acks = [0]
    errors = [0]

    def reader():
        buffer = b""
        while True:
            chunk = process.stdout.read1(1 << 20)
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            for line in complete:
                start = line.find(b'"id":') + 5
                end = line.find(b",", start)
                ident = line[start:end]
                if ident.isdigit():
                    received[int(ident)] = now
                    acks[0] += 1
                    if b'"error"' in line[:10]:
                        errors[0] += 1

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    process.stdin.write(lines[0])
    process.stdin.flush()
    began = time.perf_counter()
    if args.rate > 0:
        interval = 1.0 / args.rate
        for index, line in enumerate(lines[1:]):
            target = began + index * interval
            delay = target - time.perf_counter()
            if delay > 0:
                time.sleep(delay)  # sleeping, not spinning: the reader thread needs the GIL
            sent[index] = time.perf_counter()
            process.stdin.write(line)
            process.stdin.flush()
    else:
        chunk = 400
        for start in range(0, args.messages, chunk):
            now = time.perf_counter()
            for index in range(start, min(start + chunk, args.messages)):
                sent[index] = now
            process.stdin.write(b"".join(lines[1 + start:1 + start + chunk]))
        process.stdin.flush()
    while acks[0] < args.messages and process.poll() is None:
        time.sleep(0.001)
    finished = time.perf_counter()
    peak_kb = 0
    try:
        with open("/proc/%d/status" % process.pid) as status:
            for field in status:
                if field.startswith("VmHWM:"):
                    peak_kb = int(field.split()[1])
    except OSError:
        pass
    process.stdin.close()
    code = process.wait()
    thread.join(timeout=5)
    latencies = [(received[i] - sent[i]) * 1000 for i in range(args.messages) if received[i] > 0]
    size = os.path.getsize(store) + (os.path.getsize(store + "-wal") if os.path.exists(store + "-wal") else 0)
    print("tusoi serve benchmark: %d messages over %d chats%s" % (
        args.messages, args.chats, " at %d/s" % args.rate if args.rate else ""))
    print("  throughput:   %.0f messages/s (%.2f s)" % (args.messages / (finished - began), finished - began))
    if latencies:
        print("  latency:      p50 %.2f ms, p99 %.2f ms (line in -> acknowledgement out)" % (
            percentile(latencies, 0.50), percentile(latencies, 0.99)))
    print("  peak memory:  %.1f MB (VmHWM)" % (peak_kb / 1024))
    print("  store:        %.1f MB; acknowledged %d, errors %d, exit %d" % (size / 1e6, acks[0], errors[0], code))
    if acks[0] != args.messages or errors[0] or code != 0:
        print("FAILED: not every message was acknowledged without error", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""crash_writer.py: the clinic's side of tests/server/crash.sh, on the standard library only.

  crash_writer.py write PORT KEY ACKS [THREADS]
      POSTs treatments to /api/treatments from THREADS connections (default 4) until SIGTERM.
      A treatment is acknowledged once its whole 201 answer has been read; only then is
      "ID TOKEN" appended to ACKS, one line in one write(2). Prints "acked N, refused N,
      broken N, wrong N" on exit (refused: an answer other than 201; broken: no complete
      answer; wrong: a 201 whose Location is not its id's), and exits 1 on any wrong.

  crash_writer.py verify PORT KEY ACKS TMPDIR
      Every acknowledged treatment must be there (checked with curl, its answers kept in
      TMPDIR): GET /api/treatments/ID is 200 with the same id and token, and GET /p/TOKEN is
      200; GET /p/TOKEN.json is 200 with a plan for the newest JSON_NEWEST and one in
      JSON_EVERY of the others. No id may have been
      acknowledged twice. Prints "N verified" or the losses, and exits 1 on any.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import threading

HOST = "127.0.0.1"
JSON_NEWEST = 100
JSON_EVERY = 50


def connect(port):
    return http.client.HTTPConnection(HOST, port, timeout=10)


def write(port, key, acks, threads):
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    stop = threading.Event()
    counts = {"acked": 0, "refused": 0, "broken": 0, "wrong": 0}
    lock = threading.Lock()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def count(what):
        with lock:
            counts[what] += 1

    def loop(n):
        conn = None
        i = 0
        while not stop.is_set():
            i += 1
            body = json.dumps({"patient": "Crash %d-%d" % (n, i), "treated_at": "2026-11-20 10:00",
                               "depth": ("deep", "superficial")[i % 2],
                               "confirm": True})  # a fixed date, 60 days back from 2027 on
            try:
                if conn is None:
                    conn = connect(port)
                conn.request("POST", "/api/treatments", body,
                             {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()	# the whole answer, by its Content-Length
                if resp.status != 201:
                    count("refused")
                    continue
                j = json.loads(data)
                token = j["link"][len("/p/"):]
                if resp.getheader("Location") != "/api/treatments/%d" % j["id"]:
                    count("wrong")
                    continue
                os.write(fd, ("%d %s\n" % (j["id"], token)).encode())
                count("acked")
            except (OSError, http.client.HTTPException, ValueError):
                count("broken")
                if conn is not None:
                    conn.close()
                conn = None
                stop.wait(0.02)	# the server is gone: try again, gently

    workers = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(threads)]
    for w in workers:
        w.start()
    while not stop.is_set():
        stop.wait(0.1)
    for w in workers:
        w.join(15)
    os.close(fd)
    print("acked %(acked)d, refused %(refused)d, broken %(broken)d, wrong %(wrong)d" % counts,
          flush=True)
    return 1 if counts["wrong"] else 0


def verify(port, key, acks, tmp):
    seen = {}
    lost = []
    for line in open(acks, encoding="ascii"):
        if not line.endswith("\n"):
            continue	# cannot happen (one write a line), but a torn line is no ack
        ident, token = line.split()
        if ident in seen:
            lost.append("id %s acknowledged twice (tokens %s...)" % (ident, token[:4]))
        seen[ident] = token
    # curl on one connection (http.client is six times slower): each treatment by id, its
    # page by token (the same lookup as the .json, without rendering 100 KB of plan), and the
    # .json itself for the newest JSON_NEWEST (the writes nearest a kill) and one in
    # JSON_EVERY of the rest.
    base = "http://%s:%d" % (HOST, port)
    order = list(seen.items())
    wanted = []
    with open(os.path.join(tmp, "curl.cfg"), "w", encoding="ascii") as cfg:
        cfg.write('silent\nheader = "Authorization: Bearer %s"\n' % key)
        cfg.write('write-out = "%{http_code}\\n"\n')
        for n, (ident, token) in enumerate(order):
            paths = ["/api/treatments/" + ident, "/p/" + token]
            if n >= len(order) - JSON_NEWEST or n % JSON_EVERY == 0:
                paths.append("/p/%s.json" % token)
            for i, path in enumerate(paths):
                out = os.path.join(tmp, "v%d.%d" % (n, i))
                cfg.write('url = "%s%s"\noutput = "%s"\n' % (base, path, out))
                wanted.append((ident, token, path, out))
    run = subprocess.run(["curl", "-K", os.path.join(tmp, "curl.cfg")], stdout=subprocess.PIPE,
                         check=False)
    codes = run.stdout.decode().split()
    if len(codes) != len(wanted):
        lost.append("curl answered %d of %d requests (exit %d)" % (len(codes), len(wanted),
                                                                   run.returncode))
    for (ident, token, path, out), code in zip(wanted, codes):
        if code != "200":
            lost.append("id %s: GET %s: %s" % (ident, path.replace(token, "TOKEN"), code))
            continue
        with open(out, "rb") as f:
            body = f.read()
        os.unlink(out)
        if path.startswith("/api/"):
            j = json.loads(body)
            if j["id"] != int(ident) or j["link"] != "/p/" + token:
                lost.append("id %s: another treatment (id %s)" % (ident, j["id"]))
        elif path.endswith(".json") and "plan" not in json.loads(body):
            lost.append("id %s: its /p/TOKEN.json has no plan" % ident)
    if lost:
        print("%d of %d acknowledged writes lost:" % (len(lost), len(seen)))
        for what in lost[:20]:
            print("  " + what)
        return 1
    print("%d verified" % len(seen))
    return 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "write":
        return write(int(argv[2]), argv[3], argv[4], int(argv[5]) if len(argv) > 5 else 4)
    if len(argv) == 6 and argv[1] == "verify":
        return verify(int(argv[2]), argv[3], argv[4], argv[5])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

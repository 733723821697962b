#!/usr/bin/env python3
"""slowloris.py PORT: 1,024 slow connections from 8 loopback addresses (127.0.0.11 to .18,
128 each: the per-address limit), each sending a header line every 2 s and never the blank
line, must lock no one out: a fresh client from 127.0.0.200 is answered 200 within 1 s, again
and again, while they are open; and the server closes every one of them within its head
deadline (10 s) plus 3 s. Loopback only; bounded: about 14 s. Prints what it saw; exit 0 or 1."""
import resource, socket, subprocess, sys, time

PORT, N, ADDRESSES, DEADLINE = int(sys.argv[1]), 1024, 8, 10
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < N + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, N + 64), hard))
socks, t0 = [], time.monotonic()
for i in range(N):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (11 + i % ADDRESSES), 0))
    s.connect(("127.0.0.1", PORT))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    s.setblocking(False)
    socks.append(s)
def probe():
    t = time.monotonic()
    code = subprocess.run(["curl", "-s", "-m", "3", "-o", "/dev/null", "-w", "%{http_code}",
                           "--interface", "127.0.0.200", "http://127.0.0.1:%d/healthz" % PORT],
                          capture_output=True, text=True).stdout
    return code, time.monotonic() - t
problems, probes, open_ = [], 0, set(range(N))
while open_ and time.monotonic() - t0 < DEADLINE + 3:
    for i in list(open_):	# a header line each; a socket the server closed is done
        try:
            if socks[i].recv(1) == b"":
                open_.discard(i)
                continue
        except BlockingIOError:
            pass
        except OSError:
            open_.discard(i)
            continue
        try:
            socks[i].send(b"X: y\r\n")
        except OSError:
            open_.discard(i)
    if len(open_) > N // 2:	# still a crowd: someone else must get in
        code, took = probe()
        probes += 1
        if code != "200" or took > 1.0:
            problems.append("t=%.0fs: a fresh client got %s in %.2f s" % (time.monotonic() - t0, code, took))
    time.sleep(2)
elapsed = time.monotonic() - t0
for s in socks:
    s.close()
print("%d slow connections; %d probes while most were open; %d still open after %.1f s"
      % (N, probes, len(open_), elapsed))
if probes < 3:
    problems.append("only %d probes while the slow connections were open" % probes)
if open_:
    problems.append("%d slow connections not closed within %d s" % (len(open_), DEADLINE + 3))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)

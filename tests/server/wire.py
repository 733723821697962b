#!/usr/bin/env python3
"""wire.py PORT STATUS SAYS REQUEST: send REQUEST (Python escapes: \\r\\n, \\x00) as raw bytes to
127.0.0.1:PORT and check the one reply: exactly one status line, STATUS, the documented
headers (docs/api.md, "Limits and headers"), a JSON {"error"} containing SAYS, and, for a
framing error, "Connection: close" and nothing more on the connection. Exit 0 or 1 with why."""
import json, socket, sys

port, status, says, raw = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
data = raw.encode("latin-1").decode("unicode_escape").encode("latin-1")
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(data)
got = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
except socket.timeout:
    pass
def fail(why):
    print("%s: %r" % (why, got[:400]))
    sys.exit(1)
if got.startswith(b"HTTP/1.") + got.count(b"\nHTTP/1.") != 1:
    fail("not exactly one status line")
head, _, body = got.partition(b"\r\n\r\n")
lines = head.decode("latin-1").split("\r\n")
if not lines[0].startswith("HTTP/1.1 " + status + " "):
    fail("status not " + status)
fields = {}
for line in lines[1:]:
    name, _, value = line.partition(":")
    fields.setdefault(name.strip().lower(), []).append(value.strip())
for name, want in [("content-type", "application/json"), ("x-content-type-options", "nosniff"),
                   ("referrer-policy", "no-referrer"), ("x-frame-options", "DENY"),
                   ("content-security-policy", "default-src 'none'"),
                   ("cache-control", "no-store")]:
    if len(fields.get(name, [])) != 1 or not fields[name][0].startswith(want):
        fail("header %s: %s" % (name, fields.get(name)))
if status == "400" and fields.get("connection") != ["close"]:
    fail("a framing error must close the connection")
try:
    j = json.loads(body)
except ValueError:
    fail("body not JSON")
if list(j) != ["error"] or says not in j["error"]:
    fail("error does not say %r" % says)

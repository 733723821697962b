#!/usr/bin/env python3
"""paging.py: the desk's list over 10,000 treatments (tests/server/desk.sh; make bench).

    paging.py sql                      10,000 treatments over 20 days to 2026-11-25, as SQL
                                       for the store the server made (SQLite or PostgreSQL:
                                       tests/server/lib.sh's db_script)
    paging.py measure BASE KEY [MAX]   pages through 2026-11-25's 500 with the clinic key:
                                       each page in time order, none lost or repeated, and a
                                       search by name; prints "pages N, worst MS ms, all …";
                                       exit 1 on a wrong answer or a page slower than MAX ms
                                       (default 1000: a guard against the pathological only,
                                       how fast is bench-desk.sh's to say)
"""
import http.client
import json
import secrets
import sys
import time
import urllib.parse


def sql():
    day = int(time.mktime(time.strptime("2026-11-25 08:00", "%Y-%m-%d %H:%M")))
    print("BEGIN;")
    for i in range(10000):
        tok = secrets.token_urlsafe(24)[:32]
        print("INSERT INTO treatment(token, selector, patient, treated_at, device, depth, skin, "
              "created_at, protocol) VALUES ('%s', '%s', 'Bulk %05d', %d, 'pen', 'unspecified', "
              "'unspecified', %d, '');" % (tok, tok[:12], i, day - 86400 * (i % 20) + 60 * (i // 20),
                                          day))
    print("COMMIT;")


def measure(base, key, most):
    conn = http.client.HTTPConnection(urllib.parse.urlparse(base).netloc, timeout=10)

    def get(path):
        t = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": "Bearer " + key})
        r = conn.getresponse()
        body = r.read()
        return r.status, json.loads(body), (time.perf_counter() - t) * 1000

    seen, cursor, alltimes = set(), None, []
    while True:
        st, j, ms = get("/api/treatments?date=2026-11-25&limit=50" +
                        ("&cursor=" + cursor if cursor else ""))
        assert st == 200, (st, j)
        alltimes.append(ms)
        times = [(t["treated_at"], t["id"]) for t in j["treatments"]]
        assert times == sorted(times), "not in time order"
        assert not seen & {t["id"] for t in j["treatments"]}, "a row on two pages"
        seen.update(t["id"] for t in j["treatments"])
        cursor = j["next"]
        if not cursor:
            break
    assert len(seen) == 500, len(seen)  # 10,000 over 20 days
    pages = len(alltimes)
    st, j, ms = get("/api/treatments?q=bulk%2009999&limit=50")
    assert st == 200 and [t["patient"] for t in j["treatments"]] == ["Bulk 09999"], j
    alltimes.append(ms)
    worst = max(alltimes)
    print("pages %d, worst %.1f ms, all %s" % (pages, worst, " ".join("%.1f" % x for x in alltimes)))
    assert worst < most, worst


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "sql":
        sql()
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) == 5 else 1000)
    else:
        sys.exit(__doc__)

#!/usr/bin/env python3
"""openapi.py BIN: docs/openapi.yaml describes every route and method the server answers, and
the server answers every one it describes.

The paths asked come from both sides: server/routes.c's table (an exact route as it is; each
prefix route by the examples below, and every sub-path a route file compares its tail with,
strcmp(tail, "...") and the like, must be in one of them) and openapi.yaml's own paths. For
each path, a PUT (which no route takes) is answered 405 with Allow naming the methods the
path's route takes; each of them (HEAD aside) is then sent for real, with the clinic's key,
and one not answered 404 or 405 is a method the server answers there. DELETEs go last, so
that the treatment asked about is there for the rest. Prints "N passed, M failed"."""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
KEY = 'openapi-test-key-%d-0123456789' % os.getpid()
# Each prefix route of routes.c: the paths under it the server serves ({id}, {token} filled).
EXAMPLES = {
    '/api/treatments/': ['/api/treatments/{id}', '/api/treatments/{id}/qr.svg'],
    '/clinic/': ['/clinic/session', '/clinic/sign-in', '/clinic/sign-out'],
    '/p/': ['/p/{token}', '/p/{token}.json', '/p/{token}.ics'],
    '/static/': ['/static/app.js', '/static/index.html'],
}
# A template's parameters as patterns: a token has no dot, so /p/{token} is not /p/{token}.json.
PARAM = {'id': '[0-9]+', 'token': '[A-Za-z0-9_-]{32}', 'name': '[^/]+'}

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL ' + what)


def routes_table():
    """(path, prefix) of each row of routes.c's table."""
    text = open(os.path.join(ROOT, 'server', 'routes.c')).read()
    rows = re.findall(r'^\t\{"(/[^"]*)", "[A-Z ]+", (true|false),', text, re.M)
    return [(p, prefix == 'true') for p, prefix in rows]


def tail_literals():
    """Every literal a route file compares a path's tail with: its sub-paths."""
    found = set()
    for name in os.listdir(os.path.join(ROOT, 'server')):
        if name.endswith('.c'):
            text = open(os.path.join(ROOT, 'server', name)).read()
            found |= set(re.findall(r'strcmp\((?:tail|dot|tail \+ idn), "([^"]+)"\)', text))
    return found


def start(bin_path, db):
    env = dict(os.environ, AFTERCARE_API_KEY=KEY, TZ='Europe/London')
    proc = subprocess.Popen([bin_path, 'serve', '--listen', '127.0.0.1:0', '--db', db],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    line = proc.stdout.readline()
    m = re.search(r'http://127\.0\.0\.1:(\d+)/', line)
    if not m:
        proc.kill()
        sys.exit('FAIL no server: %r' % line)
    return proc, int(m.group(1))


def ask(port, method, path, body=None):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    headers = {'Authorization': 'Bearer ' + KEY}
    if body is not None:
        headers['Content-Type'] = 'application/json'
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader('Allow'), data


def main():
    bin_path = sys.argv[1]
    spec = yaml.safe_load(open(os.path.join(ROOT, 'docs', 'openapi.yaml')))
    described = {(m.upper(), p) for p, ops in spec['paths'].items() for m in ops
                 if m in ('get', 'post', 'patch', 'delete', 'put')}
    templates = [(p, re.compile('^' + re.sub(r'\\\{(\w+)\\\}', lambda m: PARAM[m.group(1)],
                                             re.escape(p)) + '$')) for p in spec['paths']]
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start(bin_path, os.path.join(tmp, 'db'))
        try:
            status, _, data = ask(port, 'POST', '/api/treatments', json.dumps(
                {'patient': 'O', 'treated_at': '2026-01-10 10:00', 'confirm': True}))
            check(status == 201, 'a treatment to ask about: %d %r' % (status, data[:200]))
            t = json.loads(data)
            fill = {'id': str(t['id']), 'token': t['link'][len('/p/'):], 'name': 'app.js'}

            table = routes_table()
            check(len(table) >= 10, "routes.c's table not found: %r" % table)
            paths = set()
            for path, prefix in table:
                if not prefix:
                    paths.add(path)
                    continue
                check(path in EXAMPLES, 'prefix route %s has no example here' % path)
                paths.update(EXAMPLES.get(path, []))
            examples = [e for v in EXAMPLES.values() for e in v]
            for lit in sorted(tail_literals()):
                check(any(lit in e for e in examples), 'sub-path "%s" has no example here' % lit)
            paths.update(spec['paths'])

            answered = set()
            todo = []
            for tpl in sorted(paths):
                path = re.sub(r'\{(\w+)\}', lambda m: fill[m.group(1)], tpl)
                status, allow, _ = ask(port, 'PUT', path, '{}')
                check(status == 405 and allow, 'PUT %s: %d, Allow %r' % (path, status, allow))
                for method in (allow or '').replace(',', ' ').split():
                    if method != 'HEAD':
                        todo.append((method == 'DELETE', method, path))
            for _, method, path in sorted(todo):
                status, _, _ = ask(port, method, path, '{}' if method in ('POST', 'PATCH') else None)
                if status in (404, 405):
                    continue
                names = [p for p, rx in templates if rx.match(path)]
                check(len(names) == 1, '%s %s (%d) matches %s in openapi.yaml' % (method, path, status, names or 'no path'))
                if names:
                    answered.add((method, names[0]))
            for m, p in sorted(answered - described):
                check(False, 'the server answers %s %s: not in openapi.yaml' % (m, p))
            for m, p in sorted(described - answered):
                check(False, 'openapi.yaml has %s %s: the server does not answer it' % (m, p))
            check(len(answered) >= 20, 'only %d routes answered' % len(answered))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

#!/bin/sh
# seeds-head.sh DIR: the seed corpus of fuzz_head (scripts/fuzz.sh), one raw request head a
# file: every route, the clinic's key, bodies plain and chunked, pipelining, and the heads
# docs/api.md ("Framing") refuses, the reproducers of ../shared/cases/server/ among them.
set -eu
D=${1:?usage: seeds-head.sh DIR}
mkdir -p "$D"
K='Authorization: Bearer fuzz-clinic-key-0123456789\r\n'
n=0
seed() {	# seed NAME PRINTF-FORMAT (a % of the request written %%)
	n=$((n + 1))
	# shellcheck disable=SC2059 # the format is the seed, escapes and all
	printf "$2" >"$D/seed-$1.http"
}
seed healthz 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
seed head 'HEAD /api/activities HTTP/1.1\r\nHost: x\r\n\r\n'
seed http10 'GET /api/sources HTTP/1.0\r\n\r\n'
seed when 'GET /api/when?activity=swimming&treated=2026-11-20+10:00&after=2d HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n'
seed when-twice 'GET /api/when?activity=swimming&after=1d&after=2d HTTP/1.1\r\nHost: x\r\n\r\n'
seed plan-ics 'GET /api/plan.ics?treated=2026-10-25%%2001:30 HTTP/1.1\r\nHost: x\r\n\r\n'
seed page 'GET /?treated=2026-03-29%%2001:30&skin=oily HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n'
seed ask 'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 74\r\n\r\n{"question":"can i swim 2 days after microneedling","treated":"2026-11-20"}'
seed plan-chunked 'POST /api/plan HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{"skin":"\r\n6\r\noily"}\r\n0\r\n\r\n'
seed treatment "POST /api/treatments?confirm=true HTTP/1.1\r\nHost: x\r\n${K}Content-Length: 55\r\n\r\n{\"patient\":\"A\",\"treated_at\":\"2026-11-20 10:00\",\"x\":\"\"}"
seed list "GET /api/treatments?q=a&limit=5 HTTP/1.1\r\nHost: x\r\n${K}\r\n"
seed delete "DELETE /api/treatments/1 HTTP/1.1\r\nHost: x\r\n${K}\r\n"
seed audit "GET /api/audit?limit=3 HTTP/1.1\r\nHost: x\r\n${K}\r\n"
seed patient 'GET /p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.json HTTP/1.1\r\nHost: x\r\n\r\n'
seed static 'GET /static/app.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n'
seed pipelined 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/sources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
seed too-large 'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n{'
# what the framing checks refuse
seed nul-target 'GET /healthz\000junk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
seed two-lengths 'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 43\r\n\r\nGET /api/sources HTTP/1.1\r\nHost: x\r\nX: y\r\n\r\n'
seed length-and-chunked 'POST /api/plan HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'
seed no-host 'GET /healthz HTTP/1.1\r\n\r\n'
seed two-hosts 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'
seed absolute 'GET http://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n'
seed method-escapes 'G\033]0;PWNED\007\033[2J\033[31mET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
seed method-cr 'POST\rGET /p/forged 200\r /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
seed bearer-spaces 'GET /api/treatments/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer   fuzz-clinic-key-0123456789 \r\n\r\n'
# what libmicrohttpd answers itself
seed bad-length 'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}'
seed http2 'GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n'
seed no-version 'GET /healthz\r\n\r\n'
seed folded 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n'
echo "seeds-head.sh: $n seeds in $D"

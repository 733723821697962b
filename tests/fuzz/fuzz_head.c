/* fuzz_head.c: libFuzzer harness for a raw HTTP request head (docs/api.md, "Framing").
 *
 * Each input is the bytes a client sends on one connection, and goes two ways:
 *
 * 1. Through server/framing.c's pure functions, after a split of its own (first line:
 *    METHOD SP TARGET SP VERSION; then "Name: value" lines up to a blank line), each verdict
 *    checked against what RFC 9110 and 9112 say, computed here independently: a method that is
 *    not a token, a target with a NUL, a space, a control or non-ASCII byte, or an absolute
 *    URL, two different Content-Length values (or one of 32 characters or more, which
 *    could not be compared), Content-Length beside Transfer-Encoding, an
 *    HTTP/1.1 request without exactly one Host, are refused; every other head is let through.
 *
 * 2. Through the server itself: libmicrohttpd's parser, http.c's callbacks (the framing
 *    checks, the body cap, the head deadline's bookkeeping, the log's escaping) and the routes
 *    on a real store, as `aftercare serve` runs them (http_start_detached: the same options,
 *    no listening socket of its own). The bytes are written to a loopback TCP connection
 *    whose other end libmicrohttpd is handed as if it had accepted it; the client then
 *    half-closes, and the daemon runs until it closes its end. What comes back must be HTTP
 *    responses: status lines "HTTP/1.x NNN", no 5xx but libmicrohttpd's 505, and every
 *    response of ours (JSON, or a 2xx) with the documented headers. The connection must end:
 *    a server that keeps it open once the client has gone is a finding (abort).
 *
 * Run by scripts/fuzz.sh (make fuzz) with tests/fuzz/head.dict and the heads in
 * tests/fuzz/seeds-head.sh (the reproducers among them). */
#define _GNU_SOURCE	/* memmem, memrchr */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../server/server.h"

#define KEY "fuzz-clinic-key-0123456789"
#define REPLY_MAX (1u << 20)	/* what is kept of the server's answer */
#define ROUNDS 2000		/* MHD_run_wait rounds of 5 ms at most: 10 s, past -timeout=3 */

#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "fuzz_head: property broken: %s (%s:%d): ", #cond,  \
				__FILE__, __LINE__);                                       \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                               \
			abort();                                                           \
		}                                                                          \
	} while (0)

static server srv;
static struct MHD_Daemon *daemon_;
static char store_path[64];
static int listener = -1;	/* 127.0.0.1:port, where each input's connection is made */
static struct sockaddr_in listen_addr;

static void remove_store(void)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char name[80];
	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s%s", store_path, ends[i]);
		unlink(name);
	}
}

static void setup(void)
{
	snprintf(store_path, sizeof(store_path), "/tmp/fuzz-head-%d.db", (int)getpid());
	atexit(remove_store);
	signal(SIGPIPE, SIG_IGN);	/* the server writes to a client that may be gone */
	char err[256] = "";
	if (ac_kb_load_builtin(&srv.kb, err) != AC_OK || ac_asker_new(srv.kb, &srv.asker) != AC_OK ||
	    ac_policy_parse(srv.kb, "conservative", &srv.default_policy, err) != AC_OK ||
	    store_open(store_path, &srv.store, err, sizeof(err))) {
		fprintf(stderr, "fuzz_head: setup: %s\n", err);
		abort();
	}
	srv.api_key = KEY;
	srv.api_key_len = strlen(KEY);
	srv.zone = "Europe/London";
	socklen_t alen = sizeof(listen_addr);
	listen_addr = (struct sockaddr_in){.sin_family = AF_INET,
					   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&listen_addr, sizeof(listen_addr)) ||
	    listen(listener, 4) || getsockname(listener, (struct sockaddr *)&listen_addr, &alen)) {
		perror("fuzz_head: setup: a loopback socket");
		abort();
	}
	if (!(daemon_ = http_start_detached(&srv))) {
		fprintf(stderr, "fuzz_head: setup: the daemon did not start\n");
		abort();
	}
}

/* ---- 1. the pure functions against an independent reading of the RFCs ---- */

static bool is_tchar(unsigned char c)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       (c && memchr(extra, c, sizeof(extra) - 1));
}

static void check_method(const char *m)
{
	bool token = *m;
	for (const unsigned char *p = (const unsigned char *)m; *p; p++)
		token = token && is_tchar(*p);
	const char *why = framing_method(m);
	CHECK(token == !why, "method \"%s\": %s", m, why ? why : "accepted");
}

/* t: raw bytes of the target, n of them (NULs included). */
static void check_target(const char *t, size_t n)
{
	size_t len = strnlen(t, n);
	const char *why = framing_target(t, len, n);
	bool fine = len == n;
	for (size_t i = 0; fine && i < n; i++)
		fine = (unsigned char)t[i] > ' ' && (unsigned char)t[i] < 0x7f;
	/* origin-form: no scheme, i.e. no ':' before the first '/' */
	for (size_t i = 0; fine && i < n && t[i] != '/'; i++)
		fine = t[i] != ':';
	CHECK(fine == !why, "target of %zu bytes (%zu as a string): %s", n, len,
	      why ? why : "accepted");
}

static void check_fields(const char *head, size_t n, const char *version)
{
	head_fields h = {0};
	unsigned hosts = 0, lengths = 0, te = 0;
	bool differ = false, too_long = false;
	char first[64] = "";	/* longer than head_fields keeps */
	const char *p = head, *end = head + n;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((eol ? eol : end) - p);
		if (ln && p[ln - 1] == '\r')
			ln--;
		if (!ln)
			break;	/* the blank line: the body follows */
		const char *colon = memchr(p, ':', ln);
		if (colon && colon > p && !memchr(p, '\0', ln)) {
			char name[64], value[64];
			size_t nl = (size_t)(colon - p), vo = nl + 1;
			while (vo < ln && (p[vo] == ' ' || p[vo] == '\t'))
				vo++;
			size_t vl = ln - vo;
			while (vl && (p[vo + vl - 1] == ' ' || p[vo + vl - 1] == '\t'))
				vl--;
			if (nl < sizeof(name) && vl < sizeof(value)) {
				memcpy(name, p, nl), name[nl] = '\0';
				memcpy(value, p + vo, vl), value[vl] = '\0';
				framing_field(&h, name, value);
				if (!strcasecmp(name, "Host")) {
					hosts++;
				} else if (!strcasecmp(name, "Content-Length")) {
					too_long = too_long || vl >= 32;
					if (lengths++ == 0)
						snprintf(first, sizeof(first), "%s", value);
					else if (strcmp(first, value))
						differ = true;
				} else if (!strcasecmp(name, "Transfer-Encoding")) {
					te++;
				}
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	bool refuse = differ || too_long || (lengths && te) || hosts > 1 ||
		      (!strcmp(version, "HTTP/1.1") && hosts != 1);
	const char *why = framing_fields(&h, version);
	CHECK(refuse == !!why, "%u Host, %u Content-Length (%s), %u Transfer-Encoding, %s: %s",
	      hosts, lengths, differ ? "differing" : "one value", te, version,
	      why ? why : "accepted");
}

static void pure(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *eol = memchr(s, '\n', size);
	size_t ln = eol ? (size_t)(eol - s) : size;
	if (ln && s[ln - 1] == '\r')
		ln--;
	const char *sp1 = memchr(s, ' ', ln);
	const char *sp2 = sp1 ? memrchr(sp1 + 1, ' ', ln - (size_t)(sp1 + 1 - s)) : NULL;
	if (!sp1 || !sp2 || (size_t)(sp1 - s) >= 64)
		return;
	char method[64], version[16];
	memcpy(method, s, (size_t)(sp1 - s));
	method[sp1 - s] = '\0';
	size_t vl = ln - (size_t)(sp2 + 1 - s);
	if (vl >= sizeof(version) || memchr(method, '\0', (size_t)(sp1 - s)))
		return;
	memcpy(version, sp2 + 1, vl);
	version[vl] = '\0';
	check_method(method);
	check_target(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	if (eol)
		check_fields(eol + 1, size - (size_t)(eol + 1 - s), version);
}

/* ---- 2. the server ---- */

/* The response that starts at r (a status line): its status, and whether its head (up to
 * the blank line, or the end of what came) has the header h. */
static bool has_header(const char *r, const char *end, const char *h)
{
	const char *stop = memmem(r, (size_t)(end - r), "\r\n\r\n", 4);
	return memmem(r, (size_t)((stop ? stop : end) - r), h, strlen(h)) != NULL;
}

static void check_replies(const char *buf, size_t n)
{
	if (!n)
		return;	/* a connection closed without an answer: libmicrohttpd's choice */
	CHECK(n >= 12 && (!memcmp(buf, "HTTP/1.1 ", 9) || !memcmp(buf, "HTTP/1.0 ", 9)),
	      "the reply does not start with a status line: \"%.40s\"", buf);
	const char *end = buf + n;
	for (const char *r = buf; r && r + 12 <= end;
	     r = memmem(r + 1, (size_t)(end - r - 1), "\r\nHTTP/1.", 9), r = r ? r + 2 : NULL) {
		if (memcmp(r, "HTTP/1.", 7) || (r[7] != '0' && r[7] != '1') || r[8] != ' ')
			continue;
		int status = atoi(r + 9);
		CHECK(status >= 100 && status <= 599, "status \"%.12s\"", r);
		CHECK(status < 500 || status == 505, "a %d: \"%.200s\"", status, r);
		/* ours: every 2xx and every JSON answer; libmicrohttpd's own pages are HTML, and
		 * its "100 Continue" (to Expect: 100-continue) is a status line alone */
		if ((status >= 200 && status < 300) || has_header(r, end, "application/json")) {
			CHECK(has_header(r, end, "X-Content-Type-Options: nosniff"),
			      "no nosniff: \"%.300s\"", r);
			CHECK(has_header(r, end, "Cache-Control: no"), "no Cache-Control: \"%.300s\"",
			      r);
			CHECK(has_header(r, end, "Content-Security-Policy: "), "no CSP: \"%.300s\"",
			      r);
		}
	}
}

static void serve(const uint8_t *data, size_t size)
{
	/* A real TCP connection on loopback, as a client's: sv[0] the client, sv[1] the
	 * server's end, handed to libmicrohttpd as if it had accepted it. */
	int sv[2];
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	sv[0] = socket(AF_INET, SOCK_STREAM, 0);
	/* libFuzzer's -timeout alarm interrupts: a connect then goes on by itself (loopback),
	 * an accept is tried again */
	int rc = sv[0] < 0 ? -1 : connect(sv[0], (struct sockaddr *)&listen_addr,
					 sizeof(listen_addr));
	if (rc && errno == EINTR)
		rc = 0;
	while (!rc && (sv[1] = accept(listener, (struct sockaddr *)&peer, &plen)) < 0)
		rc = errno == EINTR ? 0 : -1;
	if (rc) {
		perror("fuzz_head: a loopback connection");
		abort();
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	if (MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, plen) != MHD_YES) {
		close(sv[0]);
		return;	/* libmicrohttpd refused it (and closed sv[1]) */
	}
	static char buf[REPLY_MAX];
	size_t got = 0, sent = 0;
	bool closed = false, shut = false;
	for (int round = 0; round < ROUNDS && !closed; round++) {
		if (sent < size) {
			ssize_t w = send(sv[0], data + sent, size - sent, MSG_NOSIGNAL);
			if (w > 0)
				sent += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
				sent = size;	/* the server closed: what was not sent is not read */
		}
		if (sent == size && !shut) {
			shutdown(sv[0], SHUT_WR);	/* the client has sent everything */
			shut = true;
		}
		MHD_run_wait(daemon_, 5);
		for (;;) {
			char tmp[4096];
			ssize_t r = recv(sv[0], tmp, sizeof(tmp), 0);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
				closed = true;
				break;
			}
			if (r < 0)
				break;
			size_t keep = got + (size_t)r <= sizeof(buf) ? (size_t)r : sizeof(buf) - got;
			memcpy(buf + got, tmp, keep);
			got += keep;
		}
	}
	/* A reset, not a FIN: no TIME_WAIT left behind for each of thousands of inputs */
	struct linger reset = {1, 0};
	setsockopt(sv[0], SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	close(sv[0]);
	CHECK(closed, "the connection is still open %d ms after the client sent %zu bytes and "
	      "half-closed", ROUNDS * 5, size);
	check_replies(buf, got);
	/* Let the daemon see the close and free the connection (no leak between inputs). */
	for (int i = 0; i < 4; i++)
		MHD_run_wait(daemon_, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		setup();
		ready = true;
	}
	pure(data, size);
	serve(data, size);
	return 0;
}

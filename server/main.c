/* main.c of aftercare-serve: `aftercare serve`, the JSON API over HTTP (docs/api.md), run
 * by aftercare (cli/delegate.c) so that libmicrohttpd loads only for this command. */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "clinic.h"
#include "server.h"
#include "staff.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define DEFAULT_DB "aftercare.db"
#define API_KEY_MIN 16	/* bytes: a short key is guessed; refuse to start with one */

/* SIGINT and SIGTERM are blocked before the daemon's thread starts, so that thread inherits
 * the mask and only main() receives them, in sigwait(): no handler, no async-signal rules. */
static void block_stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static void print_url(const server *srv, const char *listen, unsigned port, const char *db)
{
	char host[64], where[256];
	store_describe(db, where, sizeof(where));
	const char *colon = strrchr(listen, ':');
	size_t n = (size_t)(colon - listen);
	snprintf(host, sizeof(host), "%.*s", (int)n, listen);
	printf("aftercare: serving on http://%s:%u/ (the page; the API under /api/; Ctrl-C stops)\n"
	       "aftercare: store %s; clinic endpoints %s\n",
	       host, port, where, srv->api_key ? "on (Bearer key)" : "off (no AFTERCARE_API_KEY)");
	printf("aftercare: the clinic desk: http://%s:%u/clinic (accounts: aftercare staff add NAME)\n",
	       host, port);
	fflush(stdout);
}

/* Once a second: a deleted treatment still in the WAL, tried again (store_tick); said
 * when it fails first and when it is done, not every second between. */
static void store_retry(store *st, bool *said)
{
	char why[128];
	int rc = store_tick(st, why, sizeof(why));
	if (rc > 0)
		fprintf(stderr, "aftercare: store: the WAL checkpoint is done: deleted treatments "
			"are gone from the store's files\n");
	else if (rc < 0 && !*said)
		fprintf(stderr, "aftercare: store: the WAL checkpoint failed again (%s); still "
			"trying\n", why);
	*said = rc < 0;
}

static int serve(server *srv, const char *listen, const char *db)
{
	sigset_t set;
	block_stop_signals(&set);
	struct MHD_Daemon *d = http_start(srv, listen);
	if (!d)
		return EXIT_USAGE;
	print_url(srv, listen, http_port(d), db);
	/* Once a second, between signals: the deadline of slow requests' heads, and the store's
	 * unfinished work (store_tick). */
	const struct timespec second = {1, 0};
	int sig;
	bool said = false;
	while ((sig = sigtimedwait(&set, NULL, &second)) < 0) {
		store_retry(srv->store, &said);
		unsigned closed = http_tick();
		if (closed)
			fprintf(stderr, "aftercare: closed %u connection%s: no complete request head "
				"in %d s\n", closed, closed == 1 ? "" : "s", HTTP_HEAD_SECONDS);
	}
	http_stop(d);
	fprintf(stderr, "aftercare: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}

/* The server's zone as people read it: TZ's name ("Europe/London"), else the one
 * /etc/localtime links to, else "local". Shown once on the page (docs/web.md, "One clock"). */
static const char *zone_name(void)
{
	static char buf[256];
	const char *tz = getenv("TZ");
	if (tz && *tz == ':')
		tz++;
	if (tz && *tz && strcmp(tz, "/etc/localtime") != 0)
		return tz;
	ssize_t n = readlink("/etc/localtime", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		const char *z = strstr(buf, "zoneinfo/");
		if (z)
			return z + strlen("zoneinfo/");
	}
	return "local";
}

/* The clinic's zone, one value for the whole server, decided here at start (docs/web.md,
 * "One clock"): --timezone, or clinic.yaml's time_zone (the two must agree when both are
 * given), else the machine's (TZ, /etc/localtime). The server runs in it: pages, answers,
 * feeds and the desk's days; each new treatment keeps it. 0, or -1 said. */
static int clinic_zone(const cli_args *args, const clinic_settings *clinic)
{
	const char *file = clinic ? clinic->time_zone : NULL, *zone = args->timezone;
	if (zone && !clinic_zone_ok(zone)) {
		cli_error("--timezone \"%s\" is not a zone of this machine's tz database (an IANA "
			  "name such as Europe/London; see /usr/share/zoneinfo)", zone);
		return -1;
	}
	if (zone && file && strcmp(zone, file) != 0) {
		cli_error("--timezone %s and %s's time_zone %s differ: give the clinic's zone once",
			  zone, args->clinic, file);
		return -1;
	}
	if (zone || file)
		setenv("TZ", zone ? zone : file, 1);
	return 0;
}

/* Whether a client can send key as "Authorization: Bearer KEY" and have it read back as it
 * is: a b64token (RFC 6750 section 2.1). Whitespace around it is not part of a header's value
 * (RFC 9110 section 5.5), a control byte or a newline ends the header, and other bytes are
 * changed or refused by clients and proxies: such a key would lock the clinic out. */
static bool key_sendable(const char *key)
{
	size_t n = strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			       "-._~+/");
	return n && key[n + strspn(key + n, "=")] == '\0';
}

/* The clinic's key: --api-key, else AFTERCARE_API_KEY, else none (the clinic endpoints are
 * off). -1 for a key too short to be safe. */
static int api_key(const cli_args *args, server *srv)
{
	const char *key = args->api_key ? args->api_key : getenv("AFTERCARE_API_KEY");
	if (!key || !*key)
		return 0;
	if (strlen(key) < API_KEY_MIN) {
		cli_error("the clinic key must be at least %d characters (e.g. from "
			  "`head -c 24 /dev/urandom | base64`)", API_KEY_MIN);
		return -1;
	}
	if (!key_sendable(key)) {
		cli_error("the clinic key may hold only letters, digits and - . _ ~ + /, then = at "
			  "its end (a Bearer token, RFC 6750 section 2.1): no client can send a "
			  "space, a control character or other bytes in it as the server reads it");
		return -1;
	}
	srv->api_key = key;
	srv->api_key_len = strlen(key);
	return 0;
}

/* The desk's settings (docs/desk.md): clinic.yaml (--clinic), whose zone the server then
 * runs in (or --timezone); the session's idle time (AFTERCARE_SESSION_IDLE in seconds
 * overrides it, for tests). 0, or an exit status. */
static int desk_setup(const cli_args *args, server *srv, clinic_settings **clinic)
{
	*clinic = NULL;
	if (staff_init()) {
		cli_error("libsodium cannot start");
		return EXIT_INTERNAL;
	}
	if (args->clinic) {
		char err[512];
		if (clinic_load(args->clinic, clinic, err, sizeof(err))) {
			cli_error("%s", err);
			return EXIT_USAGE;
		}
		if ((*clinic)->session_idle_minutes)
			srv->session_idle = (*clinic)->session_idle_minutes * 60;
	}
	srv->clinic = *clinic;
	const char *idle = getenv("AFTERCARE_SESSION_IDLE");
	if (idle && atol(idle) > 0)
		srv->session_idle = atol(idle);
	return 0;
}

int main(int argc, char **argv)
{
	cli_args args;
	if (cli_parse(argc, argv, &args))
		return EXIT_USAGE;
	if (args.help) {	/* run directly: aftercare-serve serve --help */
		cli_usage(stdout);
		return 0;
	}
	if (args.command && strcmp(args.command, "staff") == 0)
		return cli_finish(cmd_staff(&args));
	if (!args.command || strcmp(args.command, "serve") != 0) {
		cli_error("aftercare-serve runs serve and staff");
		return EXIT_USAGE;
	}
	if (args.n_operands) {
		cli_error("serve takes no operands (got \"%s\")", args.operands[0]);
		return EXIT_USAGE;
	}
	/* With TZ unset, glibc checks /etc/localtime again at every mktime (an fstatat per
	 * request, 6% of /api/when: docs/benchmarks.md); naming it once keeps the zone it has
	 * now until the next start. */
	/* A write past the file-size limit (ulimit -f) fails with EFBIG, and SQLite says so:
	 * a 500, not the whole server killed by SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
	setenv("TZ", ":/etc/localtime", 0);
	server srv = {.log = true};
	clinic_settings *clinic;
	int drc = desk_setup(&args, &srv, &clinic);
	if (drc)
		return drc;
	if (clinic_zone(&args, clinic)) {
		clinic_free(clinic);
		return EXIT_USAGE;
	}
	tzset();
	srv.zone = zone_name();
	if (api_key(&args, &srv)) {
		clinic_free(clinic);
		return EXIT_USAGE;
	}
	cli_ctx ctx;	/* the kb (--kb, --protocol) loaded once, as every command loads it */
	int rc = cli_ctx_init(&ctx, &args);
	if (rc) {
		clinic_free(clinic);
		return rc;
	}
	srv.kb = ctx.kb;
	char perr[AC_ERRBUF_SIZE];
	if (ac_policy_parse(ctx.kb, "conservative", &srv.default_policy, perr) != AC_OK) {
		cli_error("%s", perr);
		cli_ctx_free(&ctx);
		clinic_free(clinic);
		return EXIT_INTERNAL;
	}
	const char *db = args.db ? args.db : DEFAULT_DB;
	char err[256], where[256];
	if (store_open(db, &srv.store, err, sizeof(err))) {
		store_describe(db, where, sizeof(where));
		cli_error("cannot open the store %s: %s", where, err);
		rc = EXIT_USAGE;
	} else if (protocols_start(&srv, args.kb, args.protocol, err, sizeof(err))) {
		/* the protocol's version, its text kept in the store (protocols.c) */
		cli_error("%s", err);
		rc = EXIT_USAGE;
	} else if (ac_asker_new(ctx.kb, &srv.asker) != AC_OK) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	} else {
		rc = serve(&srv, args.listen ? args.listen : DEFAULT_LISTEN, db);
	}
	ac_asker_free(srv.asker);
	protocols_free(&srv);
	store_close(srv.store);
	cli_ctx_free(&ctx);
	clinic_free(clinic);
	return rc;
}

/* main.c of aftercare-serve: `aftercare serve`, the JSON API over HTTP (docs/api.md), run
 * by aftercare (cli/delegate.c) so that libmicrohttpd loads only for this command. */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "server.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

/* SIGINT and SIGTERM are blocked before the daemon's thread starts, so that thread inherits
 * the mask and only main() receives them, in sigwait(): no handler, no async-signal rules. */
static void block_stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static void print_url(const char *listen, unsigned port)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	size_t n = (size_t)(colon - listen);
	snprintf(host, sizeof(host), "%.*s", (int)n, listen);
	printf("aftercare: serving the API on http://%s:%u/ (try /api/activities; Ctrl-C stops)\n",
	       host, port);
	fflush(stdout);
}

static int serve(server *srv, const char *listen)
{
	sigset_t set;
	block_stop_signals(&set);
	struct MHD_Daemon *d = http_start(srv, listen);
	if (!d)
		return EXIT_USAGE;
	print_url(listen, http_port(d));
	int sig = 0;
	sigwait(&set, &sig);
	http_stop(d);
	fprintf(stderr, "aftercare: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}

int main(int argc, char **argv)
{
	cli_args args;
	if (cli_parse(argc, argv, &args))
		return EXIT_USAGE;
	if (!args.command || strcmp(args.command, "serve") != 0) {
		cli_error("aftercare-serve runs serve");
		return EXIT_USAGE;
	}
	if (args.n_operands) {
		cli_error("serve takes no operands (got \"%s\")", args.operands[0]);
		return EXIT_USAGE;
	}
	cli_ctx ctx;	/* the kb (--kb, --protocol) loaded once, as every command loads it */
	int rc = cli_ctx_init(&ctx, &args);
	if (rc)
		return rc;
	server srv = {ctx.kb, NULL};
	if (ac_asker_new(ctx.kb, &srv.asker) != AC_OK) {
		cli_error("out of memory");
		rc = EXIT_INTERNAL;
	} else {
		rc = serve(&srv, args.listen ? args.listen : DEFAULT_LISTEN);
	}
	ac_asker_free(srv.asker);
	cli_ctx_free(&ctx);
	return rc;
}

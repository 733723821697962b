/* fuzz_route.c: libFuzzer harness for the server's routes (server/routes.c, treatments.c,
 * patient.c, params.c) behind libmicrohttpd: any body to POST /api/ask, /api/plan and
 * /api/treatments (with the clinic's key), and any path to GET or DELETE, gets a status
 * from 200 to 499 and a JSON body (or one of the page's files), never a 500, a crash, a leak
 * or a hang. A treatment that is created can be read back by its token, then is deleted.
 *
 * The first byte picks what to do with the rest. The routes that read the query string
 * (/api/when, /api/plan.ics) need a live connection and are left to tests/server/run.sh. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../server/server.h"

#define KEY "fuzz-clinic-key-0123456789"

static server srv;
static char path[64];

/* The store is the run's own: gone when the run ends. */
static void remove_store(void)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char name[80];
	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s%s", path, ends[i]);
		unlink(name);
	}
}

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/fuzz-route-%d.db", (int)getpid());
	atexit(remove_store);
	char err[256];
	if (ac_kb_load_builtin(&srv.kb, err) != AC_OK || ac_asker_new(srv.kb, &srv.asker) != AC_OK ||
	    ac_policy_parse(srv.kb, "conservative", &srv.default_policy, err) != AC_OK ||
	    store_open(path, &srv.store, err, sizeof(err)) ||
	    protocols_start(&srv, NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "fuzz_route: setup: %s\n", err);
		abort();
	}
	srv.api_key = KEY;
	srv.api_key_len = strlen(KEY);
	srv.zone = "Europe/London";	/* as main.c sets it: never NULL in a server */
}

/* Route one request and check the reply's shape; the reply's body is returned (or NULL). */
static char *run(const char *method, const char *path, const char *body, size_t len,
		 unsigned *status)
{
	request req = {NULL, method, path, body, len, "Bearer " KEY};
	reply out = {0};
	route(&srv, &req, &out);
	if (out.status < 200 || out.status >= 500 || (!out.body && !out.asset))
		abort();
	if (out.body && !out.type) {	/* JSON: it must parse */
		json_t *j = json_loadb(out.body, out.len, 0, NULL);
		if (!j)
			abort();
		json_decref(j);
	}
	*status = out.status;
	return out.body;
}

/* A treatment made: its page, feed and JSON by token, then gone with DELETE. */
static void check_created(const char *answer)
{
	json_t *j = json_loads(answer, 0, NULL);
	const char *link = json_string_value(json_object_get(j, "link"));
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	if (!link || id <= 0)
		abort();
	char path[96];
	unsigned status;
	static const char *const tails[] = {"", ".json", ".ics"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", link, tails[i]);
		free(run("GET", path, NULL, 0, &status));
		if (status != 200)
			abort();
	}
	snprintf(path, sizeof(path), "/api/treatments/%lld", (long long)id);
	free(run("DELETE", path, NULL, 0, &status));
	if (status != 200)
		abort();
	snprintf(path, sizeof(path), "%s.json", link);
	free(run("GET", path, NULL, 0, &status));
	if (status != 404)
		abort();
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!srv.kb)
		setup();
	if (size < 1 || size > SERVER_BODY_MAX)
		return 0;
	const char *rest = (const char *)data + 1;
	size_t n = size - 1;
	char *text = malloc(n + 2);	/* the rest as a string, for paths */
	if (!text)
		return 0;
	text[0] = '/';
	memcpy(text + 1, rest, n);
	text[n + 1] = '\0';
	unsigned status = 0;
	char *body = NULL;
	switch (data[0] % 6) {
	case 0: body = run("POST", "/api/ask", rest, n, &status); break;
	case 1: body = run("POST", "/api/plan", rest, n, &status); break;
	case 2:
		body = run("POST", "/api/treatments", rest, n, &status);
		if (status == 201)
			check_created(body);
		break;
	case 3: case 4:	/* any path; not the two that read a live connection's query */
		if (strcmp(text, "/api/when") != 0 && strcmp(text, "/api/plan.ics") != 0)
			body = run(data[0] % 6 == 3 ? "GET" : "DELETE", text, NULL, 0, &status);
		break;
	default:
		body = run("POST", text, rest, n, &status);
		break;
	}
	free(body);
	free(text);
	return 0;
}

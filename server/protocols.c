/* protocols.c: a treatment's plan under the protocol it was issued under (docs/desk.md,
 * "Protocol versions").
 *
 * A protocol's version is BLAKE2b-256 of its file's bytes. At start the server keeps the
 * text of the protocol it was given in the store, under that version (once: a version's
 * text never changes). A treatment records the version it was issued under; its page,
 * JSON and calendar are computed with that version's text on top of the guide, read back
 * from the store, until staff reissue it. The knowledge bases of earlier versions are
 * built on first use and a few are kept: one thread serves every request (server.h), so
 * the cache needs no lock, and a kb handed out is used before the next lookup. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define PROTOCOLS_KEPT 8		/* earlier versions' knowledge bases kept built */
#define PROTOCOL_MAX_BYTES (16u << 20)	/* as the library reads a file */

typedef struct held_kb {
	char version[STORE_PROTOCOL_LEN + 1];	/* "" the guide alone */
	ac_kb *kb;
	ac_policy policy;
	ac_asker *asker;	/* for the page's questions (protocol_asker); NULL until asked */
} held_kb;

struct protocols {
	char *kb_path;		/* --kb, or NULL: the guide built into the library */
	held_kb held[PROTOCOLS_KEPT];
	size_t next;		/* the slot the next one built goes in (oldest first) */
};

/* BLAKE2b-256 of len bytes, as hex. */
static void version_of(const char *body, size_t len, char out[STORE_PROTOCOL_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)body, len, NULL, 0);
	sodium_bin2hex(out, STORE_PROTOCOL_LEN + 1, h, sizeof(h));
}

static int read_all(const char *path, char **body, size_t *len)
{
	*body = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char *buf = malloc(PROTOCOL_MAX_BYTES + 1);
	size_t n = buf ? fread(buf, 1, PROTOCOL_MAX_BYTES + 1, f) : 0;
	int bad = !buf || ferror(f) || n > PROTOCOL_MAX_BYTES;
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*body = buf;
	*len = n;
	return 0;
}

int protocols_start(server *srv, const char *kb_path, const char *protocol_path, char *err,
		    size_t errlen)
{
	srv->protocols = calloc(1, sizeof(*srv->protocols));
	if (!srv->protocols || (kb_path && !(srv->protocols->kb_path = strdup(kb_path)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!protocol_path)
		return 0;
	char *body;
	size_t len;
	if (read_all(protocol_path, &body, &len)) {
		snprintf(err, errlen, "cannot read the protocol %s", protocol_path);
		return -1;
	}
	version_of(body, len, srv->protocol);
	int rc = store_protocol_put(srv->store, srv->protocol, body, len);
	free(body);
	if (rc) {
		snprintf(err, errlen, "cannot keep the protocol %s in the store: %s", protocol_path,
			 store_error(srv->store));
		return -1;
	}
	return 0;
}

void protocols_free(server *srv)
{
	struct protocols *p = srv->protocols;
	if (!p)
		return;
	for (size_t i = 0; i < PROTOCOLS_KEPT; i++) {
		ac_asker_free(p->held[i].asker);
		ac_kb_free(p->held[i].kb);
	}
	free(p->kb_path);
	free(p);
	srv->protocols = NULL;
}

/* The guide (--kb, or the built-in one) with version's text on top ("": the guide alone),
 * into slot h. 0, 1 when the store never kept that version, -1 when it cannot be built
 * (the store failed, or the text no longer loads on this guide), with why in err. */
static int build(server *srv, const char *version, held_kb *h, char *err, size_t errlen)
{
	char kerr[AC_ERRBUF_SIZE];
	char *body = NULL;
	size_t len = 0;
	int rc = 0;
	if (*version) {
		rc = store_protocol_get(srv->store, version, &body, &len);
		if (rc) {
			snprintf(err, errlen, "%s", rc > 0 ? "its text was not kept" :
				 store_error(srv->store));
			return rc > 0 ? 1 : -1;
		}
	}
	ac_kb *kb = NULL;
	ac_result r = srv->protocols->kb_path ? ac_kb_load(srv->protocols->kb_path, &kb, kerr)
					       : ac_kb_load_builtin(&kb, kerr);
	char name[32];
	snprintf(name, sizeof(name), "protocol %.12s", version);
	if (r == AC_OK && *version)
		r = ac_kb_apply_protocol_buffer(kb, name, body, len, kerr);
	ac_policy policy;
	if (r == AC_OK)
		r = ac_policy_parse(kb, "conservative", &policy, kerr);
	free(body);
	if (r != AC_OK) {
		snprintf(err, errlen, "%s", kerr);
		ac_kb_free(kb);
		return -1;
	}
	ac_asker_free(h->asker);	/* it was the old kb's */
	h->asker = NULL;
	ac_kb_free(h->kb);
	h->kb = kb;
	h->policy = policy;
	snprintf(h->version, sizeof(h->version), "%s", version);
	return 0;
}

void protocol_for(server *srv, const treatment *t, plan_kb *out)
{
	*out = (plan_kb){.kb = srv->kb, .policy = &srv->default_policy, .held = true,
			 .current = strcmp(t->protocol, srv->protocol) == 0};
	if (out->current)
		return;
	struct protocols *p = srv->protocols;
	if (!p) {	/* never started: no earlier protocol can be built */
		out->held = false;
		return;
	}
	for (size_t i = 0; i < PROTOCOLS_KEPT; i++) {
		if (p->held[i].kb && strcmp(p->held[i].version, t->protocol) == 0) {
			out->kb = p->held[i].kb;
			out->policy = &p->held[i].policy;
			return;
		}
	}
	held_kb *h = &p->held[p->next];
	char why[AC_ERRBUF_SIZE];
	if (build(srv, t->protocol, h, why, sizeof(why))) {
		/* Said, and the plan is the current protocol's: better than no plan at all. */
		out->held = false;
		fprintf(stderr, "aftercare: treatment %lld was issued under protocol %.12s, which "
			"cannot be used (%s): its plan is the current protocol's until it is "
			"reissued\n", (long long)t->id, *t->protocol ? t->protocol : "(none)", why);
		return;
	}
	p->next = (p->next + 1) % PROTOCOLS_KEPT;
	out->kb = h->kb;
	out->policy = &h->policy;
}

ac_asker *protocol_asker(server *srv, const plan_kb *pk)
{
	if (pk->kb == srv->kb)
		return srv->asker;
	for (size_t i = 0; srv->protocols && i < PROTOCOLS_KEPT; i++) {
		held_kb *h = &srv->protocols->held[i];
		if (h->kb != pk->kb)
			continue;
		if (!h->asker && ac_asker_new(h->kb, &h->asker) != AC_OK)
			h->asker = NULL;
		return h->asker;
	}
	return NULL;
}

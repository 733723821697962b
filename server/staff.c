/* staff.c: accounts, sessions and the audit (staff.h, docs/desk.md). The slow work (hashing a
 * password: ~0.15 s and 64 MiB) is done outside the store's lock; every statement is bound. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "staff.h"

/* A hash to verify against when the name is unknown, so that a wrong name takes as long as
 * a wrong password. Made on first need (it costs one hashing). */
static char dummy_hash[crypto_pwhash_STRBYTES];

int staff_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

bool staff_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n >= 1 && n <= STAFF_NAME_MAX &&
	       strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-") == n;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], char *err,
			 size_t errlen)
{
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		snprintf(err, errlen, "out of memory hashing the password");
		return -1;
	}
	return 0;
}

/* Run a desk write: its changes, or -1 (err says why). */
static int write_one(store *s, store_desk_stmt q, const char *t1, const char *t2, int64_t i3,
		     char *err, size_t errlen)
{
	int rc = store_desk_write(s, q, t1, t2, i3);
	if (rc < 0) {
		snprintf(err, errlen, "%s", store_error(s));
		return -1;
	}
	return rc;
}

int staff_add(store *s, const char *name, const char *password, bool owner, char *err,
	      size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err, errlen))
		return -1;
	int rc = write_one(s, SD_STAFF_ADD, name, hash, owner, err, errlen);
	sodium_memzero(hash, sizeof(hash));
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

int staff_passwd(store *s, const char *name, const char *password, char *err, size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err, errlen))
		return -1;
	int rc = write_one(s, SD_STAFF_PASSWD, name, hash, 0, err, errlen);
	sodium_memzero(hash, sizeof(hash));
	if (rc > 0)	/* a changed password ends every session of the old one */
		rc = write_one(s, SD_STAFF_SESSIONS_END, name, NULL, 0, err, errlen) < 0 ? -1 : 1;
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

int staff_remove(store *s, const char *name, char *err, size_t errlen)
{
	if (write_one(s, SD_STAFF_SESSIONS_END, name, NULL, 0, err, errlen) < 0)
		return -1;
	int rc = write_one(s, SD_STAFF_REMOVE, name, NULL, 0, err, errlen);
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

static void print_staff(void *ctx, const char *const *col, int n)
{
	if (n == 2)
		fprintf(ctx, "%s%s\n", col[0], strcmp(col[1], "0") ? " (owner)" : "");
}

int staff_list(store *s, FILE *out)
{
	return store_desk_read(s, SD_STAFF_LIST, NULL, 0, print_staff, out) < 0 ? -1 : 0;
}

/* The row of SD_STAFF_BY_NAME: id, hash. */
struct account {
	int64_t id;
	char hash[crypto_pwhash_STRBYTES];
};

static void read_account(void *ctx, const char *const *col, int n)
{
	struct account *a = ctx;
	if (n == 2 && col[0] && col[1]) {
		a->id = strtoll(col[0], NULL, 10);
		snprintf(a->hash, sizeof(a->hash), "%s", col[1]);
	}
}

int staff_verify(store *s, const char *name, const char *password, int64_t *id)
{
	struct account a = {0};
	*id = 0;
	if (store_desk_read(s, SD_STAFF_BY_NAME, name, 0, read_account, &a) < 0)
		return -1;
	if (!a.id) {
		if (!dummy_hash[0]) {
			char err[64];
			if (hash_password("not anyone's password", dummy_hash, err, sizeof(err)))
				return -1;
		}
		/* the same work as a known name's, and the same answer whatever it says */
		int same = crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
		(void)same;
		return 1;
	}
	int ok = crypto_pwhash_str_verify(a.hash, password, strlen(password)) == 0;
	sodium_memzero(a.hash, sizeof(a.hash));
	if (ok)
		*id = a.id;
	return ok ? 0 : 1;
}

/* ---- sessions ---- */

static void random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

/* What the store keeps of a cookie: its BLAKE2b-256, hex. */
static void token_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int session_new(store *s, int64_t staff_id, char cookie[SESSION_TOKEN_LEN + 1])
{
	char csrf[SESSION_TOKEN_LEN + 1], hex[65], err[128];
	random_token(cookie);
	random_token(csrf);
	token_hash(cookie, hex);
	/* ended sessions go as new ones come (idle ones when they are next shown) */
	write_one(s, SD_SESSION_PRUNE, NULL, NULL, SESSION_MAX_AGE, err, sizeof(err));
	return write_one(s, SD_SESSION_ADD, hex, csrf, staff_id, err, sizeof(err)) == 1 ? 0 : -1;
}

/* The row of SD_SESSION_GET into a session and its two times. */
struct session_row {
	staff_session *out;
	time_t created, seen;
};

static void read_session(void *ctx, const char *const *col, int n)
{
	struct session_row *r = ctx;
	for (int i = 0; i < n; i++)
		if (!col[i])
			return;
	if (n != 6)
		return;
	r->out->staff_id = strtoll(col[0], NULL, 10);
	snprintf(r->out->name, sizeof(r->out->name), "%s", col[1]);
	r->out->owner = strcmp(col[2], "0") != 0;
	snprintf(r->out->csrf, sizeof(r->out->csrf), "%s", col[3]);
	r->created = (time_t)strtoll(col[4], NULL, 10);
	r->seen = (time_t)strtoll(col[5], NULL, 10);
}

int session_check(store *s, const char *cookie, long idle_s, staff_session *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(cookie) != SESSION_TOKEN_LEN)
		return 1;
	char hex[65], err[128];
	token_hash(cookie, hex);
	struct session_row r = {out, 0, 0};
	int rows = store_desk_read(s, SD_SESSION_GET, hex, 0, read_session, &r);
	time_t now = time(NULL);
	if (rows < 0)
		return -1;
	if (rows == 0 || !out->staff_id) {
		memset(out, 0, sizeof(*out));
		return 1;
	}
	if (now - r.seen > idle_s || now - r.created > SESSION_MAX_AGE) {
		write_one(s, SD_SESSION_END, hex, NULL, 0, err, sizeof(err));
		memset(out, 0, sizeof(*out));
		return 1;
	}
	/* its last use, kept to the second it matters: a write at most once a minute */
	if (now - r.seen >= 60 || now - r.seen > idle_s / 4)
		write_one(s, SD_SESSION_SEEN, hex, NULL, 0, err, sizeof(err));
	return 0;
}

int session_end(store *s, const char *cookie)
{
	char hex[65], err[128];
	token_hash(cookie, hex);
	return write_one(s, SD_SESSION_END, hex, NULL, 0, err, sizeof(err)) < 0 ? -1 : 0;
}

/* ---- the audit ---- */

int audit_add(store *s, const char *who, const char *action, int64_t treatment_id,
	      const char *detail)
{
	char err[128], text[1024];
	/* who and action in one bound text, split by SQL: write_one binds two texts */
	snprintf(text, sizeof(text), "%s\n%s", action, detail);
	return write_one(s, SD_AUDIT_ADD, who, text, treatment_id, err, sizeof(err)) == 1 ? 0 : -1;
}

static void add_audit(void *ctx, const char *const *col, int n)
{
	json_t *arr = ctx;
	if (n != 6 || !col[0] || !col[1] || !col[2] || !col[3] || !col[4] || !col[5])
		return;
	char at[64];
	json_array_append_new(arr, json_pack(
		"{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)strtoll(col[0], NULL, 10),
		"at", ac_time_format_iso((time_t)strtoll(col[1], NULL, 10), at, sizeof(at)),
		"who", col[2], "action", col[3],
		"treatment", (json_int_t)strtoll(col[4], NULL, 10), "detail", col[5]));
}

json_t *audit_list(store *s, int limit)
{
	json_t *arr = json_array();
	if (arr && store_desk_read(s, SD_AUDIT_LIST, NULL, limit, add_audit, arr) < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* store.c: the store's calls (store.h), whatever the backend: which backend a --db names,
 * the lock that makes each call one at a time, tokens, and what both backends share (reading
 * a row, the constant-time compare). The SQL is in store_sqlite.c and store_pg.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store_impl.h"

bool store_is_pg(const char *where)
{
	if (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0)
		return true;
	/* libpq's "host=... dbname=...": an '=' before any '/' (a file path may hold an '='
	 * in a directory's name, but then a '/' comes first) */
	size_t eq = strcspn(where, "=");
	return where[eq] == '=' && eq > 0 && strcspn(where, "/") > eq;
}

int store_open(const char *where, store **out, char *err, size_t errlen)
{
	*out = NULL;
	return store_is_pg(where) ? store_pg_open(where, out, err, errlen)
				  : store_sqlite_open(where, out, err, errlen);
}

void store_describe(const char *where, char *buf, size_t len)
{
	if (store_is_pg(where))
		store_pg_describe(where, buf, len);
	else
		snprintf(buf, len, "%s", where);
}

void store_base_init(store *s, const struct store_ops *ops)
{
	s->ops = ops;
	pthread_mutex_init(&s->lock, NULL);
	s->error[0] = '\0';
}

void store_close(store *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	s->ops->close(s);
}

const char *store_error(store *s)
{
	return s->error;
}

int store_equal_ct(const char *a, size_t alen, const char *b, size_t blen)
{
	/* Walk all of b whatever a holds; a shorter a is read from its start again. */
	unsigned diff = alen != blen;
	for (size_t i = 0; i < blen; i++)
		diff |= (unsigned char)(alen ? a[i % alen] : 0) ^ (unsigned char)b[i];
	return diff == 0;
}

/* 24 bytes from the kernel's generator, as base64url without padding (32 characters). */
static int new_token(char out[STORE_TOKEN_LEN + 1])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[STORE_TOKEN_BYTES];
	size_t got = 0;
	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	char *p = out;
	for (size_t i = 0; i < sizeof(raw); i += 3) {
		unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
		*p++ = alphabet[v >> 18 & 63];
		*p++ = alphabet[v >> 12 & 63];
		*p++ = alphabet[v >> 6 & 63];
		*p++ = alphabet[v & 63];
	}
	*p = '\0';
	return 0;
}

int store_read_row(store *s, const char *const col[STORE_ROW_NCOLS], treatment *t)
{
	memset(t, 0, sizeof(*t));
	t->id = strtoll(col[0] ? col[0] : "0", NULL, 10);
	snprintf(t->token, sizeof(t->token), "%s", col[1] ? col[1] : "");
	snprintf(t->patient, sizeof(t->patient), "%s", col[2] ? col[2] : "");
	t->profile.treated_at = (time_t)strtoll(col[3] ? col[3] : "0", NULL, 10);
	t->created_at = (time_t)strtoll(col[7] ? col[7] : "0", NULL, 10);
	snprintf(t->protocol, sizeof(t->protocol), "%s", col[8] ? col[8] : "");
	snprintf(t->zone, sizeof(t->zone), "%s", col[9] ? col[9] : "");
	if (ac_device_parse(col[4] ? col[4] : "", &t->profile.device) != AC_OK ||
	    ac_depth_parse(col[5] ? col[5] : "", &t->profile.depth) != AC_OK ||
	    ac_skin_parse(col[6] ? col[6] : "", &t->profile.skin) != AC_OK) {
		snprintf(s->error, sizeof(s->error), "a row names a device, depth or skin this "
			 "program does not know");
		return -1;
	}
	return 0;
}

/* The public calls: one at a time (the lock), each undoing nothing of another's. */
#define LOCKED(s, call)                                                                    \
	do {                                                                               \
		pthread_mutex_lock(&(s)->lock);                                            \
		int rc_ = (call);                                                          \
		pthread_mutex_unlock(&(s)->lock);                                          \
		return rc_;                                                                \
	} while (0)

static int add(store *s, treatment *t)
{
	if (new_token(t->token)) {
		snprintf(s->error, sizeof(s->error), "getrandom: %s", strerror(errno));
		return -1;
	}
	t->created_at = time(NULL);
	return s->ops->add(s, t);
}

int store_add(store *s, treatment *t)
{
	LOCKED(s, add(s, t));
}

int store_get(store *s, int64_t id, treatment *t)
{
	LOCKED(s, s->ops->get(s, id, t));
}

static int get_by_token(store *s, const char *token, treatment *t)
{
	size_t len = strlen(token);
	if (len != STORE_TOKEN_LEN)
		return 1;
	char selector[STORE_SELECTOR + 1];
	memcpy(selector, token, STORE_SELECTOR);
	selector[STORE_SELECTOR] = '\0';
	int rc = s->ops->get_by_selector(s, selector, t);
	if (rc == 0 && !store_equal_ct(token, len, t->token, STORE_TOKEN_LEN)) {
		memset(t, 0, sizeof(*t));
		return 1;
	}
	return rc;
}

int store_get_by_token(store *s, const char *token, treatment *t)
{
	LOCKED(s, get_by_token(s, token, t));
}

int store_delete(store *s, int64_t id)
{
	LOCKED(s, s->ops->del(s, id));
}

int store_erase_pending(store *s, char *why, size_t len)
{
	LOCKED(s, s->ops->erase_pending(s, why, len));
}

int store_tick(store *s, char *why, size_t len)
{
	LOCKED(s, s->ops->tick(s, why, len));
}

int store_update(store *s, const treatment *t)
{
	LOCKED(s, s->ops->update(s, t));
}

int store_list(store *s, const store_query *q, treatment *out, int max)
{
	LOCKED(s, s->ops->list(s, q, out, max));
}

int store_duplicate(store *s, const treatment *t, int64_t *id)
{
	LOCKED(s, s->ops->duplicate(s, t, id));
}

int store_desk_write(store *s, store_desk_stmt q, const char *t1, const char *t2, int64_t i3)
{
	LOCKED(s, s->ops->desk_write(s, q, t1, t2, i3, (int64_t)time(NULL)));
}

int store_desk_read(store *s, store_desk_stmt q, const char *t1, int64_t i3, store_row_fn fn,
		    void *ctx)
{
	LOCKED(s, s->ops->desk_read(s, q, t1, i3, (int64_t)time(NULL), fn, ctx));
}

/* ---- the protocols' texts (docs/desk.md, "Protocol versions") ---- */

int store_protocol_put(store *s, const char *version, const char *body, size_t len)
{
	LOCKED(s, s->ops->protocol_put(s, version, len ? body : "", len, (int64_t)time(NULL)));
}

static int protocol_get(store *s, const char *version, char **body, size_t *len)
{
	*body = NULL;
	*len = 0;
	return s->ops->protocol_get(s, version, body, len);
}

int store_protocol_get(store *s, const char *version, char **body, size_t *len)
{
	LOCKED(s, protocol_get(s, version, body, len));
}

/* ---- throttles (store.h) ---- */

int64_t store_throttle_lock_ms(int64_t failures, int64_t free_tries)
{
	if (failures <= free_tries)
		return 0;
	int64_t n = failures - free_tries - 1;	/* 1 s, doubled n times */
	int64_t ms = (int64_t)1000 << (n < 20 ? n : 20);
	return ms < STORE_THROTTLE_LOCK_MAX_MS ? ms : STORE_THROTTLE_LOCK_MAX_MS;
}

static bool throttle_key_ok(store *s, const char *key)
{
	size_t n = strlen(key);
	if (n >= 1 && n <= STORE_THROTTLE_KEY_MAX)
		return true;
	snprintf(s->error, sizeof(s->error), "a throttle's key of %zu bytes (1 to %d)", n,
		 STORE_THROTTLE_KEY_MAX);
	return false;
}

static int throttle_wait(store *s, const char *key, int free_tries, int64_t now_ms,
			 int64_t *wait_ms)
{
	*wait_ms = 0;
	if (!throttle_key_ok(s, key))
		return -1;
	int64_t failures, last;
	int rc = s->ops->throttle_get(s, key, &failures, &last);
	if (rc)
		return rc < 0 ? rc : 0;
	if (now_ms - last > STORE_THROTTLE_FORGET_MS)
		return 0;
	int64_t until = last + store_throttle_lock_ms(failures, free_tries);
	*wait_ms = until > now_ms ? until - now_ms : 0;
	return 0;
}

int store_throttle_wait(store *s, const char *key, int free_tries, int64_t now_ms,
			int64_t *wait_ms)
{
	LOCKED(s, throttle_wait(s, key, free_tries, now_ms, wait_ms));
}

static int throttle_hit(store *s, const char *key, int free_tries, bool force, int64_t now_ms,
			int64_t *failures, int64_t *wait_ms)
{
	int64_t f = 0, w = 0;
	int rc = throttle_key_ok(s, key) ? s->ops->throttle_hit(s, key, free_tries, force,
								now_ms, &f) : -1;
	if (rc == 1) {	/* locked: for how long (a lock that ended just now: 1 ms) */
		int wrc = throttle_wait(s, key, free_tries, now_ms, &w);
		if (wrc < 0)
			return wrc;
		if (w < 1)
			w = 1;
	}
	if (failures)
		*failures = f;
	if (wait_ms)
		*wait_ms = w;
	return rc;
}

int store_throttle_hit(store *s, const char *key, int free_tries, bool force, int64_t now_ms,
		       int64_t *failures, int64_t *wait_ms)
{
	LOCKED(s, throttle_hit(s, key, free_tries, force, now_ms, failures, wait_ms));
}

static int throttle_touch(store *s, const char *key, int64_t now_ms)
{
	if (!throttle_key_ok(s, key))
		return -1;
	int rc = s->ops->throttle_touch(s, key, now_ms);
	return rc < 0 ? rc : 0;
}

int store_throttle_touch(store *s, const char *key, int64_t now_ms)
{
	LOCKED(s, throttle_touch(s, key, now_ms));
}

static int throttle_clear(store *s, const char *key)
{
	if (!throttle_key_ok(s, key))
		return -1;
	int rc = s->ops->throttle_delete(s, key, 0);
	return rc < 0 ? rc : 0;
}

int store_throttle_clear(store *s, const char *key)
{
	LOCKED(s, throttle_clear(s, key));
}

int store_throttle_prune(store *s, int64_t now_ms)
{
	LOCKED(s, s->ops->throttle_delete(s, NULL, now_ms - STORE_THROTTLE_FORGET_MS));
}

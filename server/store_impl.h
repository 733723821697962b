/* store_impl.h: what a store backend provides (store_sqlite.c, store_pg.c) and what store.c
 * gives them back. Not for the routes: they see store.h only. */
#ifndef AC_STORE_IMPL_H
#define AC_STORE_IMPL_H

#include <pthread.h>

#include "store.h"

/* The columns every backend's treatment SELECTs return, in this order, as text. */
#define STORE_ROW_COLUMNS \
	"id, token, patient, treated_at, device, depth, skin, created_at, protocol, zone"
#define STORE_ROW_NCOLS 10

/* One backend's calls. store.c holds the store's lock around each, so a backend serves one
 * call at a time; each returns what the store.h function of the same name documents. */
struct store_ops {
	/* Insert t (token, created_at set by store.c): 0 with t->id set, -1 or STORE_BUSY. */
	int (*add)(store *s, treatment *t);
	int (*get)(store *s, int64_t id, treatment *t);
	/* The row whose selector (the token's first STORE_SELECTOR characters) is selector. */
	int (*get_by_selector)(store *s, const char *selector, treatment *t);
	int (*del)(store *s, int64_t id);
	int (*erase_pending)(store *s, char *why, size_t len);
	int (*tick)(store *s, char *why, size_t len);
	int (*update)(store *s, const treatment *t);
	int (*list)(store *s, const store_query *q, treatment *out, int max);
	int (*duplicate)(store *s, const treatment *t, int64_t *id);
	/* store_desk_write and store_desk_read, with now (seconds since the epoch) as $4. */
	int (*desk_write)(store *s, store_desk_stmt q, const char *t1, const char *t2,
			  int64_t i3, int64_t now);
	int (*desk_read)(store *s, store_desk_stmt q, const char *t1, int64_t i3, int64_t now,
			 store_row_fn fn, void *ctx);
	/* store_protocol_put and store_protocol_get, with now (seconds since the epoch) as the
	 * text's first_seen. */
	int (*protocol_put)(store *s, const char *version, const char *body, size_t len,
			    int64_t now);
	int (*protocol_get)(store *s, const char *version, char **body, size_t *len);
	/* The throttle's row of key: 0 found (*failures, *last_ms), 1 none, -1 or
	 * STORE_BUSY. */
	int (*throttle_get)(store *s, const char *key, int64_t *failures, int64_t *last_ms);
	/* One atomic statement: key's failures counted at now_ms (1 when none, or forgotten),
	 * unless !force and it is locked at now_ms (store_throttle_lock_ms). 0 counted
	 * (*failures its number), 1 not (locked), -1 or STORE_BUSY. */
	int (*throttle_hit)(store *s, const char *key, int64_t free_tries, bool force,
			    int64_t now_ms, int64_t *failures);
	/* key's last failure at now_ms, unless it is later: rows changed, -1 or STORE_BUSY. */
	int (*throttle_touch)(store *s, const char *key, int64_t now_ms);
	/* Delete key's row, or every row whose last failure is before before_ms (key NULL):
	 * the number deleted, -1 or STORE_BUSY. */
	int (*throttle_delete)(store *s, const char *key, int64_t before_ms);
	/* Free everything the backend holds, s included. */
	void (*close)(store *s);
};

/* The part of a store every backend shares: a backend's own struct begins with it. */
struct store {
	const struct store_ops *ops;
	pthread_mutex_t lock;
	char error[256];	/* why the last operation failed (never a token or a password) */
};

/* Set up the shared part (ops, lock, no error). */
void store_base_init(store *s, const struct store_ops *ops);

/* A row of STORE_ROW_COLUMNS, each as text, into t: 0, or -1 (with why in s->error) when a
 * stored name is not one this program knows (a row edited by hand, or by a newer version). */
int store_read_row(store *s, const char *const col[STORE_ROW_NCOLS], treatment *t);

/* The backends' openers: 0, or -1 with why in err. */
int store_sqlite_open(const char *path, store **out, char *err, size_t errlen);
int store_pg_open(const char *conninfo, store **out, char *err, size_t errlen);
/* store_describe for a PostgreSQL connection string. */
void store_pg_describe(const char *conninfo, char *buf, size_t len);

#endif

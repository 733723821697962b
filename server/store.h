/* store.h: the clinic's treatments, staff, sessions, audit, protocol texts and sign-in
 * throttles (docs/api.md, "Store"), in one SQLite file (store_sqlite.c, the embedded
 * default) or in PostgreSQL (store_pg.c, docs/deploy.md). The calls below are the same for
 * both; store.c picks the backend. */
#ifndef AC_STORE_H
#define AC_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "aftercare.h"

/* A token: 24 random bytes (192 bits) as 32 base64url characters. Its first STORE_SELECTOR
 * characters find the row through an index; the whole token is then compared in constant
 * time, so that how long a lookup takes says nothing about how much of a guess was right. */
#define STORE_TOKEN_BYTES 24
#define STORE_TOKEN_LEN 32
#define STORE_SELECTOR 12
#define STORE_PATIENT_MAX 200	/* bytes of a patient's name or reference */

#define STORE_PROTOCOL_LEN 64	/* a protocol version: BLAKE2b-256 of its file, hex */
#define STORE_ZONE_MAX 64	/* bytes of an IANA zone name ("America/Argentina/Buenos_Aires") */

typedef struct store store;

typedef struct treatment {
	int64_t id;
	char token[STORE_TOKEN_LEN + 1];
	char patient[STORE_PATIENT_MAX + 1];
	ac_profile profile;		/* treated_at, device, depth, skin */
	time_t created_at;
	char protocol[STORE_PROTOCOL_LEN + 1];	/* the protocol version issued under; "" none */
	char zone[STORE_ZONE_MAX + 1];	/* the IANA zone it was given in; "" stored before zones */
} treatment;

/* Open (creating or migrating its schema on first use) the store named by where:
 * - a PostgreSQL connection string, as a URI ("postgresql://USER@HOST/DB", "postgres://...")
 *   or as libpq's "key=value ..." (where has an '=' before any '/'): the PostgreSQL backend;
 *   the password comes from PGPASSFILE, ~/.pgpass or PGPASSWORD (a password in where works
 *   but is then in the process's arguments);
 * - anything else: a SQLite file, created on first use (WAL, synchronous=FULL).
 * 0 with *out set (the caller's, freed by store_close), or -1 with why in err (never a
 * password). */
int store_open(const char *where, store **out, char *err, size_t errlen);
/* Whether where names a PostgreSQL database rather than a file (as store_open decides). */
bool store_is_pg(const char *where);
/* What to call where in a message or the log: a file's path as it is; a PostgreSQL
 * connection string as its host, port, dbname and user only (never its password). */
void store_describe(const char *where, char *buf, size_t len);
/* Close and free s; NULL is nothing. */
void store_close(store *s);

/* What the functions below return when the store could not be reached in time (another
 * program held SQLite's lock past the busy timeout; PostgreSQL restarting, unreachable, or
 * past its statement or lock timeout): nothing was changed, and trying again later may
 * work. The server answers 503 with Retry-After. */
#define STORE_BUSY (-2)

/* Add t (patient, profile and zone filled in): on 0 its id, token and created_at are set.
 * The write is durable (committed and synced) when this returns 0. */
int store_add(store *s, treatment *t);
/* 0 found, 1 no such treatment, -1 a store error (or STORE_BUSY). */
int store_get(store *s, int64_t id, treatment *t);
int store_get_by_token(store *s, const char *token, treatment *t);
int store_delete(store *s, int64_t id);
/* Whether a deleted treatment's bytes may still be in SQLite's WAL: 0 no, -1 yes, because
 * store_delete's checkpoint failed (another program reading the file, a full disk), with
 * SQLite's reason in why. The delete itself is done and durable either way. */
int store_erase_pending(store *s, char *why, size_t len);
/* Try that checkpoint again, without waiting for a lock: 0 nothing was pending, 1 done now,
 * -1 still pending (why as above). main calls it once a second; the store's calls may come
 * from another thread at the same time. PostgreSQL: always 0 (docs/deploy.md, "Deleting"). */
int store_tick(store *s, char *why, size_t len);
/* Why the last call failed, for the server's log (never a token: tokens are bound, not
 * quoted). */
const char *store_error(store *s);

/* ---- the desk (docs/desk.md) ---- */

/* Change t's patient, time, profile and protocol (by t->id); the token and created_at stay,
 * so the patient's link is the same. 0 done, 1 no such treatment, -1 or STORE_BUSY. */
int store_update(store *s, const treatment *t);

/* A page of treatments. With day_from/day_to (a day in the clinic's zone, [from, to)):
 * that day's, in time order, after the cursor (after_time, after_id; 0, 0 from the start).
 * Without: every day's whose patient contains name, newest first, before the cursor.
 * name: lower-case ASCII-folded text to find in the patient's name, "" for all. */
typedef struct store_query {
	time_t day_from, day_to;
	int64_t after_time, after_id;
	const char *name;
} store_query;
/* Fill out[0..max): the count, or -1 (or STORE_BUSY). */
int store_list(store *s, const store_query *q, treatment *out, int max);

/* Whether another treatment (not t->id) has t's patient, time, device, depth and skin:
 * 1 (its id in *id), 0 no, -1 or STORE_BUSY. */
int store_duplicate(store *s, const treatment *t, int64_t *id);

/* The desk's own tables (server/staff.c), by named statement: each backend writes its SQL,
 * always with bound parameters: $1 t1 and $2 t2 (text), $3 i3 (an integer), $4 the current
 * time (seconds since the epoch, from this process's clock). */
typedef enum store_desk_stmt {
	SD_STAFF_ADD,		/* t1 name, t2 hash, i3 owner (0 or 1): added unless the name is */
	SD_STAFF_PASSWD,	/* t1 name, t2 its new hash */
	SD_STAFF_SESSIONS_END,	/* t1 name: all that account's sessions */
	SD_STAFF_REMOVE,	/* t1 name */
	SD_SESSION_PRUNE,	/* i3 seconds: sessions started longer ago than that */
	SD_SESSION_ADD,		/* t1 the cookie's hash, t2 csrf, i3 staff id */
	SD_SESSION_END,		/* t1 the cookie's hash */
	SD_SESSION_SEEN,	/* t1 the cookie's hash: its last use is now */
	SD_AUDIT_ADD,		/* t1 who, t2 "ACTION\nDETAIL", i3 the treatment's id */
	SD_STAFF_LIST,		/* rows: name, owner (0 or 1), by name */
	SD_STAFF_BY_NAME,	/* t1 name; rows: id, hash */
	SD_SESSION_GET,		/* t1 the cookie's hash; rows: staff id, name, owner, csrf,
				 * created_at, seen_at */
	SD_AUDIT_LIST,		/* i3 a limit; rows: id, at, who, action, treatment, detail,
				 * newest first */
	SD_COUNT
} store_desk_stmt;

/* Run one of the writes above (t1, t2 may be NULL where unused) as its own transaction:
 * the number of rows changed, or -1 or STORE_BUSY (why in store_error). */
int store_desk_write(store *s, store_desk_stmt q, const char *t1, const char *t2, int64_t i3);

/* A row of a desk read: its n columns as text (NULL for an SQL NULL), valid only during the
 * call. */
typedef void (*store_row_fn)(void *ctx, const char *const *col, int n);
/* Run one of the reads above, calling fn for each row: the number of rows, or -1 or
 * STORE_BUSY (why in store_error). */
int store_desk_read(store *s, store_desk_stmt q, const char *t1, int64_t i3, store_row_fn fn,
		    void *ctx);

/* A protocol's text by its version (the protocol table), so that a treatment's plan is
 * computed with the protocol it was issued under (docs/desk.md, "Protocol versions").
 * put: keep len bytes of body under version, once (a version already kept stays as it is);
 * 0, -1 or STORE_BUSY. get: 0 with *body (malloc'd, NUL-terminated; the caller frees it)
 * and *len, 1 when the version was never kept, -1 or STORE_BUSY. */
int store_protocol_put(store *s, const char *version, const char *body, size_t len);
int store_protocol_get(store *s, const char *version, char **body, size_t *len);

/* ---- throttles: counted failures, shared by every server on the store (docs/desk.md) ----
 *
 * A throttle is a row per key (the desk's: "name:NAME" and "addr:ADDRESS"): how many
 * failures, and when the last was (milliseconds since the epoch, from the caller's clock:
 * servers sharing a database keep theirs by NTP; a skew of d moves a lock by d). With
 * free_tries free, failure number f > free_tries locks the key until the failure's time plus
 * store_throttle_lock_ms(f, free_tries): 1 s, doubling with each failure, at most
 * STORE_THROTTLE_LOCK_MAX_MS. Failures more than STORE_THROTTLE_FORGET_MS after the last
 * are forgotten (the next one is number 1 again); such rows are dead, and
 * store_throttle_prune deletes them (the desk does on each wrong password: cleanup on
 * write). Each count is one atomic statement (PostgreSQL: INSERT ... ON CONFLICT DO UPDATE
 * ... RETURNING; SQLite: the same upsert in one transaction), so two servers counting one
 * key at once both count. */
#define STORE_THROTTLE_LOCK_MAX_MS 900000	/* 15 minutes */
#define STORE_THROTTLE_FORGET_MS 900000	/* 15 quiet minutes (>= the longest lock) */
#define STORE_THROTTLE_KEY_MAX 128	/* bytes of a key */

/* The lock after failure number failures, in milliseconds: 0 when failures <= free_tries. */
int64_t store_throttle_lock_ms(int64_t failures, int64_t free_tries);
/* Milliseconds (>= 0) until key is no longer locked at now_ms, into *wait_ms: 0 not
 * locked. A read only. 0, or -1 or STORE_BUSY (why in store_error). */
int store_throttle_wait(store *s, const char *key, int free_tries, int64_t now_ms,
			int64_t *wait_ms);
/* Count a try against key at now_ms, unless key is locked then; atomically, so that tries
 * through several servers at once are each counted, and none passes a lock another's count
 * set. 0 counted (*failures: its number), 1 refused, locked (*wait_ms as
 * store_throttle_wait's, at least 1), -1 or STORE_BUSY. force: count it even when locked
 * (a failure that already happened), never 1. wait_ms or failures may be NULL. */
int store_throttle_hit(store *s, const char *key, int free_tries, bool force, int64_t now_ms,
		       int64_t *failures, int64_t *wait_ms);
/* The try that store_throttle_hit counted is known only at now_ms to have failed (a password
 * is checked after its try is counted): key's lock runs from then (its last failure is
 * now_ms, unless a later one is there). 0, or -1 or STORE_BUSY. */
int store_throttle_touch(store *s, const char *key, int64_t now_ms);
/* Forget key's failures (a right password): 0, or -1 or STORE_BUSY. */
int store_throttle_clear(store *s, const char *key);
/* Delete every row forgotten by now_ms (its last failure more than STORE_THROTTLE_FORGET_MS
 * before): the number deleted, or -1 or STORE_BUSY. */
int store_throttle_prune(store *s, int64_t now_ms);

/* Whether a and b are equal, in time that depends only on their lengths. */
int store_equal_ct(const char *a, size_t alen, const char *b, size_t blen);

#endif

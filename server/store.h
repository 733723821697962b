/* store.h: the clinic's treatments in SQLite (docs/api.md, "Store"). */
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

/* Open (creating on first use) the store at path: WAL, synchronous=FULL, a busy timeout.
 * 0, or -1 with why in err. */
int store_open(const char *path, store **out, char *err, size_t errlen);
void store_close(store *s);

/* What the functions below return when another program held the store's lock for longer
 * than the busy timeout: nothing was changed, and trying again later may work. */
#define STORE_BUSY (-2)

/* Add t (patient, profile and zone filled in): on 0 its id, token and created_at are set.
 * The write is durable (committed and synced) when this returns 0. */
int store_add(store *s, treatment *t);
/* 0 found, 1 no such treatment, -1 a store error (or STORE_BUSY). */
int store_get(store *s, int64_t id, treatment *t);
int store_get_by_token(store *s, const char *token, treatment *t);
int store_delete(store *s, int64_t id);
/* Whether a deleted treatment's bytes may still be in the WAL: 0 no, -1 yes, because
 * store_delete's checkpoint failed (another program reading the file, a full disk), with
 * SQLite's reason in why. The delete itself is done and durable either way. */
int store_erase_pending(store *s, char *why, size_t len);
/* Try that checkpoint again, without waiting for a lock: 0 nothing was pending, 1 done now,
 * -1 still pending (why as above). main calls it once a second; the store's calls may come
 * from another thread at the same time. */
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

/* A protocol's text by its version (the protocol table), so that a treatment's plan is
 * computed with the protocol it was issued under (docs/desk.md, "Protocol versions").
 * put: keep len bytes of body under version, once (a version already kept stays as it is);
 * 0, -1 or STORE_BUSY. get: 0 with *body (malloc'd, NUL-terminated; the caller frees it)
 * and *len, 1 when the version was never kept, -1 or STORE_BUSY. */
int store_protocol_put(store *s, const char *version, const char *body, size_t len);
int store_protocol_get(store *s, const char *version, char **body, size_t *len);

/* The connection, for the desk's own tables (server/staff.c): used between store_lock and
 * store_unlock only; store_fail records SQLite's reason, rolls back and returns -1 or
 * STORE_BUSY, as the calls above do. */
struct sqlite3;
struct sqlite3 *store_sqlite(store *s);
void store_lock(store *s);
void store_unlock(store *s);
int store_fail(store *s);

/* Whether a and b are equal, in time that depends only on their lengths. */
int store_equal_ct(const char *a, size_t alen, const char *b, size_t blen);

#endif

/* store.c: the clinic's treatments in one SQLite file.
 *
 * Durability: WAL with synchronous=FULL, so a write is on disk (the WAL fsynced) before
 * store_add returns and the server answers 201; killing the server at any moment loses no
 * acknowledged write (tests/server/crash.sh). Every statement is prepared once with bound
 * parameters; nothing a client sends is ever part of SQL text. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "store.h"

#define SCHEMA_VERSION 4
/* One thread serves every request: a lock held by another program (a backup, the sqlite3
 * shell) must not stall every patient's page for long. Past this, a write is STORE_BUSY. */
#define BUSY_TIMEOUT_MS 250

enum { ST_INSERT, ST_BY_ID, ST_BY_SELECTOR, ST_DELETE, ST_UPDATE, ST_DAY, ST_SEARCH, ST_SAME,
       ST_PROTOCOL_PUT, ST_PROTOCOL_GET, ST_COUNT };

#define ROW_COLUMNS \
	"id, token, patient, treated_at, device, depth, skin, created_at, protocol, zone"

static const char *const statements[ST_COUNT] = {
	[ST_INSERT] = "INSERT INTO treatment(token, selector, patient, treated_at, device, depth,"
		      " skin, created_at, protocol, zone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_BY_ID] = "SELECT " ROW_COLUMNS " FROM treatment WHERE id = ?1",
	[ST_BY_SELECTOR] = "SELECT " ROW_COLUMNS " FROM treatment WHERE selector = ?1",
	[ST_DELETE] = "DELETE FROM treatment WHERE id = ?1",
	/* the token, selector, created_at and zone never change: the patient's link stays, and
	 * its times stay in the zone the treatment was given in */
	[ST_UPDATE] = "UPDATE treatment SET patient = ?2, treated_at = ?3, device = ?4, depth = ?5,"
		      " skin = ?6, protocol = ?7 WHERE id = ?1",
	/* a day's list, in time order, from a cursor (treated_at, id) on: the index
	 * treatment_time serves it whatever the table's size (docs/api.md, "Paging") */
	[ST_DAY] = "SELECT " ROW_COLUMNS " FROM treatment WHERE treated_at >= ?1 AND treated_at < ?2"
		   " AND (treated_at, id) > (?3, ?4) AND (?5 = '' OR instr(lower(patient), ?5) > 0)"
		   " ORDER BY treated_at, id LIMIT ?6",
	/* a name searched across every day, newest first, from a cursor on */
	[ST_SEARCH] = "SELECT " ROW_COLUMNS " FROM treatment WHERE (treated_at, id) < (?1, ?2)"
		      " AND instr(lower(patient), ?3) > 0 ORDER BY treated_at DESC, id DESC LIMIT ?4",
	/* an exact duplicate of a treatment: the same patient, time and profile */
	[ST_SAME] = "SELECT id FROM treatment WHERE patient = ?1 AND treated_at = ?2 AND device = ?3"
		    " AND depth = ?4 AND skin = ?5 AND id != ?6 LIMIT 1",
	/* a protocol's text, kept the first time it is served: a version never changes */
	[ST_PROTOCOL_PUT] = "INSERT INTO protocol(hash, body, first_seen) VALUES (?1, ?2, ?3)"
			    " ON CONFLICT(hash) DO NOTHING",
	[ST_PROTOCOL_GET] = "SELECT body FROM protocol WHERE hash = ?1",
};

/* STRICT: a value of the wrong type is an error, not silently stored. Device, depth and
 * skin are kept by name, as the API and the command spell them. AUTOINCREMENT: an id is
 * never given out again, so a stale id (a retried DELETE, an old bookmark) cannot reach
 * another patient's treatment after the newest one was deleted. */
#define TREATMENT_COLUMNS(table)                                                             \
	"CREATE TABLE " table " ("                                                           \
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"                                             \
	" token TEXT NOT NULL,"                                                              \
	" selector TEXT NOT NULL UNIQUE,"                                                    \
	" patient TEXT NOT NULL,"                                                            \
	" treated_at INTEGER NOT NULL,"                                                      \
	" device TEXT NOT NULL,"                                                             \
	" depth TEXT NOT NULL,"                                                              \
	" skin TEXT NOT NULL,"                                                               \
	" created_at INTEGER NOT NULL"                                                       \
	") STRICT;"

static const char schema[] = TREATMENT_COLUMNS("treatment");

/* Version 2 to 3: the clinic desk (docs/desk.md). Each treatment keeps the protocol version
 * (a content hash, '' for the guide alone) it was issued under; staff accounts, their
 * sessions (only a hash of each cookie is kept) and the audit of every change. */
static const char migrate_2_to_3[] =
	"ALTER TABLE treatment ADD COLUMN protocol TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX treatment_time ON treatment(treated_at, id);"
	"CREATE TABLE staff ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" name TEXT NOT NULL UNIQUE,"
	" hash TEXT NOT NULL,"		/* crypto_pwhash_str: $argon2id$... */
	" owner INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE session ("
	" hash TEXT PRIMARY KEY,"	/* BLAKE2b of the cookie's value, hex */
	" staff_id INTEGER NOT NULL,"
	" csrf TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" seen_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at INTEGER NOT NULL,"
	" who TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" treatment INTEGER NOT NULL,"
	" detail TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE protocol ("
	" hash TEXT PRIMARY KEY,"
	" body BLOB NOT NULL,"
	" first_seen INTEGER NOT NULL"
	") STRICT;";

/* Version 3 to 4: the zone a treatment was given in, as the server ran then ('' for those
 * stored before: shown in the server's zone). docs/web.md, "One clock". */
static const char migrate_3_to_4[] = "ALTER TABLE treatment ADD COLUMN zone TEXT NOT NULL DEFAULT '';";

/* Version 1 (before AUTOINCREMENT) to 2: the same rows in a rebuilt table; ids past the
 * largest kept one are never reused from then on. */
static const char migrate_1_to_2[] =
	TREATMENT_COLUMNS("treatment_v2")
	"INSERT INTO treatment_v2 SELECT id, token, selector, patient, treated_at, device, depth,"
	" skin, created_at FROM treatment;"
	"DROP TABLE treatment;"
	"ALTER TABLE treatment_v2 RENAME TO treatment;";

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	char error[256];	/* why the last operation failed */
	/* A delete's checkpoint failed: its treatment's bytes are still in the WAL, and
	 * store_tick tries again. store_tick runs on another thread than the requests: the
	 * lock keeps the connection to one of them at a time. */
	bool erase_pending;
	char erase_error[128];	/* why that checkpoint failed last */
	pthread_mutex_t lock;
};

static int exec(store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The pragmas, then the schema, created at most once (user_version says which). */
static int setup(store *s, char *err, size_t errlen)
{
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_stmt *q = NULL;
	int wal = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode=WAL", -1, &q, NULL) == SQLITE_OK &&
		  sqlite3_step(q) == SQLITE_ROW &&
		  strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
	sqlite3_finalize(q);
	if (!wal) {
		snprintf(err, errlen, "cannot switch to WAL: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	if (exec(s, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;") ||
	    exec(s, "BEGIN IMMEDIATE"))
		goto fail;
	int version = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version >= 0 && version < SCHEMA_VERSION) {	/* a new file, or an older one */
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version=%d", SCHEMA_VERSION);
		if ((version == 0 && exec(s, schema)) || (version == 1 && exec(s, migrate_1_to_2)) ||
		    (version < 3 && exec(s, migrate_2_to_3)) || exec(s, migrate_3_to_4) ||
		    exec(s, bump))
			goto rollback;
	} else if (version != SCHEMA_VERSION) {
		snprintf(err, errlen, "schema version %d, this program knows %d", version,
			 SCHEMA_VERSION);
		exec(s, "ROLLBACK");
		return -1;
	}
	if (exec(s, "COMMIT"))
		goto rollback;
	return 0;
rollback:
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	exec(s, "ROLLBACK");
	return -1;
fail:
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	return -1;
}

int store_open(const char *path, store **out, char *err, size_t errlen)
{
	*out = NULL;
	store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&s->lock, NULL);
	/* Patients' names are in it: a new file is the owner's alone (0600), and SQLite gives
	 * its -wal and -shm files the same mode. An existing file is left as it is. */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		free(s);
		return -1;
	}
	close(fd);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (setup(s, err, errlen)) {
		store_close(s);
		return -1;
	}
	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->st[i], NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
			store_close(s);
			return -1;
		}
	}
	*out = s;
	return 0;
}

void store_close(store *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

const char *store_error(store *s)
{
	return s->error;
}

/* An operation failed: keep SQLite's reason (a ROLLBACK after it would replace it), undo
 * what is still open, and say whether another connection held the lock. */
static int failed(store *s)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	snprintf(s->error, sizeof(s->error), "%s", sqlite3_errmsg(s->db));
	if (!sqlite3_get_autocommit(s->db))
		exec(s, "ROLLBACK");
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? STORE_BUSY : -1;
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

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int unlocked_add(store *s, treatment *t)
{
	if (new_token(t->token)) {
		snprintf(s->error, sizeof(s->error), "getrandom: %s", strerror(errno));
		return -1;
	}
	t->created_at = time(NULL);
	sqlite3_stmt *st = s->st[ST_INSERT];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_text(st, 1, t->token, STORE_TOKEN_LEN, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->token, STORE_SELECTOR, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->patient, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)t->profile.treated_at);
	sqlite3_bind_text(st, 5, ac_device_name(t->profile.device), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ac_depth_name(t->profile.depth), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ac_skin_name(t->profile.skin), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)t->created_at);
	sqlite3_bind_text(st, 9, t->protocol, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, t->zone, -1, SQLITE_STATIC);
	if (step_done(st) || exec(s, "COMMIT"))
		return failed(s);
	t->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static const char *column(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

/* One row of the SELECTs above into t; -1 when a stored name is not one this program knows
 * (a file edited by hand, or by a newer version). */
static int read_row(sqlite3_stmt *st, treatment *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	snprintf(t->token, sizeof(t->token), "%s", column(st, 1));
	snprintf(t->patient, sizeof(t->patient), "%s", column(st, 2));
	t->profile.treated_at = (time_t)sqlite3_column_int64(st, 3);
	t->created_at = (time_t)sqlite3_column_int64(st, 7);
	snprintf(t->protocol, sizeof(t->protocol), "%s", column(st, 8));
	snprintf(t->zone, sizeof(t->zone), "%s", column(st, 9));
	if (ac_device_parse(column(st, 4), &t->profile.device) != AC_OK ||
	    ac_depth_parse(column(st, 5), &t->profile.depth) != AC_OK ||
	    ac_skin_parse(column(st, 6), &t->profile.skin) != AC_OK)
		return -1;
	return 0;
}

/* Run a SELECT of at most one row (bound already): 0 found, 1 none, -1 an error. */
static int select_one(store *s, sqlite3_stmt *st, treatment *t)
{
	int rc = sqlite3_step(st);
	int result = rc == SQLITE_ROW ? (read_row(st, t) ? -1 : 0) : rc == SQLITE_DONE ? 1 : -1;
	if (rc == SQLITE_ROW && result < 0)
		snprintf(s->error, sizeof(s->error), "a row names a device, depth or skin this "
			 "program does not know");
	else if (result < 0)
		result = failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static int unlocked_get(store *s, int64_t id, treatment *t)
{
	sqlite3_bind_int64(s->st[ST_BY_ID], 1, id);
	return select_one(s, s->st[ST_BY_ID], t);
}

static int unlocked_get_by_token(store *s, const char *token, treatment *t)
{
	size_t len = strlen(token);
	if (len != STORE_TOKEN_LEN)
		return 1;
	sqlite3_bind_text(s->st[ST_BY_SELECTOR], 1, token, STORE_SELECTOR, SQLITE_STATIC);
	int rc = select_one(s, s->st[ST_BY_SELECTOR], t);
	if (rc == 0 && !store_equal_ct(token, len, t->token, STORE_TOKEN_LEN)) {
		memset(t, 0, sizeof(*t));
		return 1;
	}
	return rc;
}

/* Empty the WAL (TRUNCATE): the pages a delete rewrote are then only in the file, where
 * secure_delete zeroed the row. Fails while another program reads the file (SQLITE_BUSY),
 * or when the file cannot grow (a full disk, a file-size limit). */
static int checkpoint(store *s)
{
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc == SQLITE_OK) {
		s->erase_pending = false;
		return 0;
	}
	snprintf(s->erase_error, sizeof(s->erase_error), "%s", sqlite3_errstr(rc));
	s->erase_pending = true;
	return -1;
}

static int unlocked_delete(store *s, int64_t id)
{
	sqlite3_stmt *st = s->st[ST_DELETE];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_int64(st, 1, id);
	if (step_done(st))
		return failed(s);
	int changed = sqlite3_changes(s->db);
	if (exec(s, "COMMIT"))
		return failed(s);
	/* secure_delete zeroes the row's page in the file, but the WAL still holds the pages
	 * that carried it (its name, its token) until a checkpoint empties it: do that now,
	 * and where it fails, again from store_tick until it is done. */
	if (changed)
		checkpoint(s);
	return changed ? 0 : 1;
}

/* The public calls: one at a time (the lock), each undoing nothing of another's. */
#define LOCKED(s, call)                                                                    \
	do {                                                                               \
		pthread_mutex_lock(&(s)->lock);                                            \
		int rc_ = (call);                                                          \
		pthread_mutex_unlock(&(s)->lock);                                          \
		return rc_;                                                                \
	} while (0)

int store_add(store *s, treatment *t)
{
	LOCKED(s, unlocked_add(s, t));
}

int store_get(store *s, int64_t id, treatment *t)
{
	LOCKED(s, unlocked_get(s, id, t));
}

int store_get_by_token(store *s, const char *token, treatment *t)
{
	LOCKED(s, unlocked_get_by_token(s, token, t));
}

int store_delete(store *s, int64_t id)
{
	LOCKED(s, unlocked_delete(s, id));
}

/* How an erase stands: 0 nothing pending, -1 pending, with why in buf. Under the lock. */
static int erase_state(store *s, char *why, size_t len)
{
	if (!s->erase_pending)
		return 0;
	snprintf(why, len, "%s", s->erase_error);
	return -1;
}

int store_erase_pending(store *s, char *why, size_t len)
{
	LOCKED(s, erase_state(s, why, len));
}

int store_tick(store *s, char *why, size_t len)
{
	pthread_mutex_lock(&s->lock);
	int rc = 0;
	if (s->erase_pending) {
		/* no waiting for a reader here: this holds the lock every request needs */
		sqlite3_busy_timeout(s->db, 0);
		rc = checkpoint(s) ? erase_state(s, why, len) : 1;
		sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* ---- the desk's calls (docs/desk.md) ---- */

static int unlocked_update(store *s, const treatment *t)
{
	sqlite3_stmt *st = s->st[ST_UPDATE];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_text(st, 2, t->patient, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)t->profile.treated_at);
	sqlite3_bind_text(st, 4, ac_device_name(t->profile.device), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ac_depth_name(t->profile.depth), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ac_skin_name(t->profile.skin), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, t->protocol, -1, SQLITE_STATIC);
	if (step_done(st))
		return failed(s);
	int changed = sqlite3_changes(s->db);
	if (exec(s, "COMMIT"))
		return failed(s);
	return changed ? 0 : 1;
}

int store_update(store *s, const treatment *t)
{
	LOCKED(s, unlocked_update(s, t));
}

/* Step st (bound) into out[0..max): the count, or -1 (or STORE_BUSY). */
static int collect(store *s, sqlite3_stmt *st, treatment *out, int max)
{
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_row(st, &out[n])) {
			snprintf(s->error, sizeof(s->error), "a row names a device, depth or skin "
				 "this program does not know");
			n = -1;
			break;
		}
		n++;
	}
	if (n >= 0 && n < max && rc != SQLITE_DONE)
		n = failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

static int unlocked_list(store *s, const store_query *q, treatment *out, int max)
{
	sqlite3_stmt *st;
	if (q->day_from || q->day_to) {
		st = s->st[ST_DAY];
		sqlite3_bind_int64(st, 1, (sqlite3_int64)q->day_from);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)q->day_to);
		sqlite3_bind_int64(st, 3, q->after_time);
		sqlite3_bind_int64(st, 4, q->after_id);
		sqlite3_bind_text(st, 5, q->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, max);
	} else {
		st = s->st[ST_SEARCH];
		sqlite3_bind_int64(st, 1, q->after_id ? q->after_time : INT64_MAX);
		sqlite3_bind_int64(st, 2, q->after_id ? q->after_id : INT64_MAX);
		sqlite3_bind_text(st, 3, q->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, max);
	}
	return collect(s, st, out, max);
}

int store_list(store *s, const store_query *q, treatment *out, int max)
{
	LOCKED(s, unlocked_list(s, q, out, max));
}

static int unlocked_duplicate(store *s, const treatment *t, int64_t *id)
{
	sqlite3_stmt *st = s->st[ST_SAME];
	sqlite3_bind_text(st, 1, t->patient, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)t->profile.treated_at);
	sqlite3_bind_text(st, 3, ac_device_name(t->profile.device), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ac_depth_name(t->profile.depth), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ac_skin_name(t->profile.skin), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, t->id);
	int rc = sqlite3_step(st);
	int result = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -2;
	if (result == 1)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result == -2 ? failed(s) : result;
}

int store_duplicate(store *s, const treatment *t, int64_t *id)
{
	LOCKED(s, unlocked_duplicate(s, t, id));
}

sqlite3 *store_sqlite(store *s)
{
	return s->db;
}

void store_lock(store *s)
{
	pthread_mutex_lock(&s->lock);
}

void store_unlock(store *s)
{
	pthread_mutex_unlock(&s->lock);
}

int store_fail(store *s)
{
	return failed(s);
}

/* ---- the protocols' texts (docs/desk.md, "Protocol versions") ---- */

static int unlocked_protocol_put(store *s, const char *version, const char *body, size_t len)
{
	sqlite3_stmt *st = s->st[ST_PROTOCOL_PUT];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, len ? body : "", len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if (step_done(st) || exec(s, "COMMIT"))
		return failed(s);
	return 0;
}

int store_protocol_put(store *s, const char *version, const char *body, size_t len)
{
	LOCKED(s, unlocked_protocol_put(s, version, body, len));
}

static int unlocked_protocol_get(store *s, const char *version, char **body, size_t *len)
{
	sqlite3_stmt *st = s->st[ST_PROTOCOL_GET];
	*body = NULL;
	*len = 0;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), result = 1;
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		const void *v = sqlite3_column_blob(st, 0);
		*body = malloc(n + 1);
		if (*body) {
			if (n)
				memcpy(*body, v, n);
			(*body)[n] = '\0';
			*len = n;
			result = 0;
		} else {
			snprintf(s->error, sizeof(s->error), "out of memory");
			result = -1;
		}
	} else if (rc != SQLITE_DONE) {
		result = failed(s);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

int store_protocol_get(store *s, const char *version, char **body, size_t *len)
{
	LOCKED(s, unlocked_protocol_get(s, version, body, len));
}

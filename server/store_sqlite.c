/* store_sqlite.c: the store in one SQLite file (store.h), the embedded default.
 *
 * Durability: WAL with synchronous=FULL, so a write is on disk (the WAL fsynced) before
 * store_add returns and the server answers 201; killing the server at any moment loses no
 * acknowledged write (tests/server/crash.sh). Every statement is prepared once with bound
 * parameters; nothing a client sends is ever part of SQL text. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_impl.h"

#define SCHEMA_VERSION 5
/* One thread serves every request: a lock held by another program (a backup, the sqlite3
 * shell) must not stall every patient's page for long. Past this, a write is STORE_BUSY. */
#define BUSY_TIMEOUT_MS 250

enum { ST_INSERT, ST_BY_ID, ST_BY_SELECTOR, ST_DELETE, ST_UPDATE, ST_DAY, ST_SEARCH, ST_SAME,
       ST_PROTOCOL_PUT, ST_PROTOCOL_GET, ST_THROTTLE_GET, ST_THROTTLE_HIT, ST_THROTTLE_TOUCH,
       ST_THROTTLE_DEL,
       ST_THROTTLE_PRUNE, ST_COUNT };

#define STR_(x) #x
#define STR(x) STR_(x)

#define ROW_COLUMNS STORE_ROW_COLUMNS

static const char *const statements[ST_COUNT] = {
	[ST_INSERT] = "INSERT INTO treatment(token, selector, patient, treated_at, device, depth,"
		      " skin, created_at, protocol, zone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		      " ?10)",
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
	/* the throttles (store.h): ?1 key, ?2 free tries, ?3 now (ms), ?4 force. A try is
	 * counted (1 when there was none, or it was forgotten) unless the key is locked:
	 * failure f > ?2 locks it until last + min(LOCK_MAX, 1 s << (f - ?2 - 1)), as
	 * store_throttle_lock_ms; RETURNING gives no row when it was not counted. In the
	 * caller's transaction (BEGIN IMMEDIATE), the read and the count are one. */
	[ST_THROTTLE_GET] = "SELECT failures, last FROM throttle WHERE key = ?1",
	[ST_THROTTLE_HIT] = "INSERT INTO throttle(key, failures, last) VALUES (?1, 1, ?3)"
			    " ON CONFLICT(key) DO UPDATE SET failures = CASE WHEN ?3 - last >"
			    " " STR(STORE_THROTTLE_FORGET_MS) " THEN 1 ELSE failures + 1 END,"
			    " last = ?3 WHERE ?4 OR NOT (failures > ?2 AND ?3 < last + min("
			    STR(STORE_THROTTLE_LOCK_MAX_MS) ", 1000 << min(failures - ?2 - 1, 20)))"
			    " RETURNING failures",
	[ST_THROTTLE_TOUCH] = "UPDATE throttle SET last = max(last, ?2) WHERE key = ?1",
	[ST_THROTTLE_DEL] = "DELETE FROM throttle WHERE key = ?1",
	[ST_THROTTLE_PRUNE] = "DELETE FROM throttle WHERE last < ?1",
};

/* The desk's statements (store.h, store_desk_stmt): ?1, ?2 texts, ?3 an integer, ?4 now. */
static const char *const desk_statements[SD_COUNT] = {
	[SD_STAFF_ADD] = "INSERT INTO staff(name, hash, owner, created_at) SELECT ?1, ?2, ?3, ?4"
			 " WHERE NOT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
	[SD_STAFF_PASSWD] = "UPDATE staff SET hash = ?2 WHERE name = ?1",
	[SD_STAFF_SESSIONS_END] = "DELETE FROM session WHERE staff_id = (SELECT id FROM staff"
				  " WHERE name = ?1)",
	[SD_STAFF_REMOVE] = "DELETE FROM staff WHERE name = ?1",
	[SD_SESSION_PRUNE] = "DELETE FROM session WHERE created_at < ?4 - ?3",
	[SD_SESSION_ADD] = "INSERT INTO session(hash, csrf, staff_id, created_at, seen_at)"
			   " VALUES (?1, ?2, ?3, ?4, ?4)",
	[SD_SESSION_END] = "DELETE FROM session WHERE hash = ?1",
	[SD_SESSION_SEEN] = "UPDATE session SET seen_at = ?4 WHERE hash = ?1",
	/* who and action in one bound text, split by SQL */
	[SD_AUDIT_ADD] = "INSERT INTO audit(at, who, action, treatment, detail) VALUES"
			 " (?4, ?1, substr(?2, 1, instr(?2, char(10)) - 1), ?3,"
			 " substr(?2, instr(?2, char(10)) + 1))",
	[SD_STAFF_LIST] = "SELECT name, owner FROM staff ORDER BY name",
	[SD_STAFF_BY_NAME] = "SELECT id, hash FROM staff WHERE name = ?1",
	[SD_SESSION_GET] = "SELECT session.staff_id, staff.name, staff.owner, session.csrf,"
			   " session.created_at, session.seen_at FROM session JOIN staff ON"
			   " staff.id = session.staff_id WHERE session.hash = ?1",
	[SD_AUDIT_LIST] = "SELECT id, at, who, action, treatment, detail FROM audit"
			  " ORDER BY id DESC LIMIT ?3",
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
static const char migrate_3_to_4[] =
	"ALTER TABLE treatment ADD COLUMN zone TEXT NOT NULL DEFAULT '';";

/* Version 4 to 5: the sign-in throttles (store.h, docs/desk.md), in the store rather than
 * in the server's memory, as on PostgreSQL where several servers share them. last: the
 * last failure, ms since the epoch; the index serves store_throttle_prune. */
static const char migrate_4_to_5[] =
	"CREATE TABLE throttle ("
	" key TEXT PRIMARY KEY,"
	" failures INTEGER NOT NULL,"
	" last INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX throttle_last ON throttle(last);";

/* Version 1 (before AUTOINCREMENT) to 2: the same rows in a rebuilt table; ids past the
 * largest kept one are never reused from then on. */
static const char migrate_1_to_2[] =
	TREATMENT_COLUMNS("treatment_v2")
	"INSERT INTO treatment_v2 SELECT id, token, selector, patient, treated_at, device, depth,"
	" skin, created_at FROM treatment;"
	"DROP TABLE treatment;"
	"ALTER TABLE treatment_v2 RENAME TO treatment;";

typedef struct sqlite_store {
	struct store base;	/* first: a store * is a sqlite_store * */
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *desk[SD_COUNT];
	/* A delete's checkpoint failed: its treatment's bytes are still in the WAL, and
	 * store_tick tries again (from main's thread; store.c's lock keeps the connection to
	 * one call at a time). */
	bool erase_pending;
	char erase_error[128];	/* why that checkpoint failed last */
} sqlite_store;

static int exec(sqlite_store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The pragmas, then the schema, created at most once (user_version says which). */
static int setup(sqlite_store *s, char *err, size_t errlen)
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
		    (version < 3 && exec(s, migrate_2_to_3)) ||
		    (version < 4 && exec(s, migrate_3_to_4)) || exec(s, migrate_4_to_5) ||
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

static void sqlite_close(store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (int i = 0; i < SD_COUNT; i++)
		sqlite3_finalize(s->desk[i]);
	sqlite3_close(s->db);
	free(s);
}

/* An operation failed: keep SQLite's reason (a ROLLBACK after it would replace it), undo
 * what is still open, and say whether another connection held the lock. */
static int failed(sqlite_store *s)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	snprintf(s->base.error, sizeof(s->base.error), "%s", sqlite3_errmsg(s->db));
	if (!sqlite3_get_autocommit(s->db))
		exec(s, "ROLLBACK");
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? STORE_BUSY : -1;
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sqlite_add(store *base, treatment *t)
{
	sqlite_store *s = (sqlite_store *)base;
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

/* The current row of st as text columns (SQLite gives integers as their decimal text). */
static int row_text(sqlite3_stmt *st, const char **col, int n)
{
	for (int i = 0; i < n; i++)
		col[i] = (const char *)sqlite3_column_text(st, i);
	return n;
}

static int read_row(sqlite_store *s, sqlite3_stmt *st, treatment *t)
{
	const char *col[STORE_ROW_NCOLS];
	row_text(st, col, STORE_ROW_NCOLS);
	return store_read_row(&s->base, col, t);
}

/* Run a SELECT of at most one row (bound already): 0 found, 1 none, -1 an error. */
static int select_one(sqlite_store *s, sqlite3_stmt *st, treatment *t)
{
	int rc = sqlite3_step(st);
	int result = rc == SQLITE_ROW ? (read_row(s, st, t) ? -1 : 0) : rc == SQLITE_DONE ? 1 : -1;
	if (rc != SQLITE_ROW && result < 0)
		result = failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static int sqlite_get(store *base, int64_t id, treatment *t)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_bind_int64(s->st[ST_BY_ID], 1, id);
	return select_one(s, s->st[ST_BY_ID], t);
}

static int sqlite_get_by_selector(store *base, const char *selector, treatment *t)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_bind_text(s->st[ST_BY_SELECTOR], 1, selector, -1, SQLITE_STATIC);
	return select_one(s, s->st[ST_BY_SELECTOR], t);
}

/* Empty the WAL (TRUNCATE): the pages a delete rewrote are then only in the file, where
 * secure_delete zeroed the row. Fails while another program reads the file (SQLITE_BUSY),
 * or when the file cannot grow (a full disk, a file-size limit). */
static int checkpoint(sqlite_store *s)
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

static int sqlite_delete(store *base, int64_t id)
{
	sqlite_store *s = (sqlite_store *)base;
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

/* How an erase stands: 0 nothing pending, -1 pending, with why in buf. */
static int sqlite_erase_pending(store *base, char *why, size_t len)
{
	sqlite_store *s = (sqlite_store *)base;
	if (!s->erase_pending)
		return 0;
	snprintf(why, len, "%s", s->erase_error);
	return -1;
}

static int sqlite_tick(store *base, char *why, size_t len)
{
	sqlite_store *s = (sqlite_store *)base;
	if (!s->erase_pending)
		return 0;
	/* no waiting for a reader here: this holds the lock every request needs */
	sqlite3_busy_timeout(s->db, 0);
	int rc = checkpoint(s) ? sqlite_erase_pending(base, why, len) : 1;
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	return rc;
}

/* ---- the desk's calls (docs/desk.md) ---- */

static int sqlite_update(store *base, const treatment *t)
{
	sqlite_store *s = (sqlite_store *)base;
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

/* Step st (bound) into out[0..max): the count, or -1 (or STORE_BUSY). */
static int collect(sqlite_store *s, sqlite3_stmt *st, treatment *out, int max)
{
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_row(s, st, &out[n])) {
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

static int sqlite_list(store *base, const store_query *q, treatment *out, int max)
{
	sqlite_store *s = (sqlite_store *)base;
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

static int sqlite_duplicate(store *base, const treatment *t, int64_t *id)
{
	sqlite_store *s = (sqlite_store *)base;
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

/* Bind a desk statement's parameters: those it does not use are SQLITE_RANGE, ignored. */
static void desk_bind(sqlite3_stmt *st, const char *t1, const char *t2, int64_t i3,
		      int64_t now)
{
	if (t1)
		sqlite3_bind_text(st, 1, t1, -1, SQLITE_STATIC);
	if (t2)
		sqlite3_bind_text(st, 2, t2, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, i3);
	sqlite3_bind_int64(st, 4, now);
}

static int sqlite_desk_write(store *base, store_desk_stmt q, const char *t1, const char *t2,
			     int64_t i3, int64_t now)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->desk[q];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	desk_bind(st, t1, t2, i3, now);
	if (step_done(st))
		return failed(s);
	int changed = sqlite3_changes(s->db);
	if (exec(s, "COMMIT"))
		return failed(s);
	return changed;
}

static int sqlite_desk_read(store *base, store_desk_stmt q, const char *t1, int64_t i3,
			    int64_t now, store_row_fn fn, void *ctx)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->desk[q];
	desk_bind(st, t1, NULL, i3, now);
	int rc, n = 0, ncol = sqlite3_column_count(st);
	const char *col[16];
	if (ncol > 16)
		ncol = 16;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(ctx, col, row_text(st, col, ncol));
		n++;
	}
	if (rc != SQLITE_DONE)
		n = failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

/* ---- the protocols' texts (docs/desk.md, "Protocol versions") ---- */

static int sqlite_protocol_put(store *base, const char *version, const char *body, size_t len,
			       int64_t now)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[ST_PROTOCOL_PUT];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, body, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if (step_done(st) || exec(s, "COMMIT"))
		return failed(s);
	return 0;
}

static int sqlite_protocol_get(store *base, const char *version, char **body, size_t *len)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[ST_PROTOCOL_GET];
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
			snprintf(s->base.error, sizeof(s->base.error), "out of memory");
			result = -1;
		}
	} else if (rc != SQLITE_DONE) {
		result = failed(s);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

/* ---- the throttles (store.h) ---- */

static int sqlite_throttle_get(store *base, const char *key, int64_t *failures,
			       int64_t *last_ms)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[ST_THROTTLE_GET];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), result = 1;
	if (rc == SQLITE_ROW) {
		*failures = sqlite3_column_int64(st, 0);
		*last_ms = sqlite3_column_int64(st, 1);
		result = 0;
	} else if (rc != SQLITE_DONE) {
		result = failed(s);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static int sqlite_throttle_hit(store *base, const char *key, int64_t free_tries, bool force,
			       int64_t now_ms, int64_t *failures)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[ST_THROTTLE_HIT];
	if (exec(s, "BEGIN IMMEDIATE"))
		return failed(s);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, free_tries);
	sqlite3_bind_int64(st, 3, now_ms);
	sqlite3_bind_int(st, 4, force);
	int rc = sqlite3_step(st), counted = rc == SQLITE_ROW;
	if (counted) {
		*failures = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE || exec(s, "COMMIT"))
		return failed(s);
	return counted ? 0 : 1;
}

/* The bound statement st in a write transaction of its own: the rows it changed, or what
 * failed() returns (STORE_BUSY or -1). The bindings are cleared either way. */
static int write_counted(sqlite_store *s, sqlite3_stmt *st)
{
	if (exec(s, "BEGIN IMMEDIATE")) {
		sqlite3_clear_bindings(st);
		return failed(s);
	}
	if (step_done(st))
		return failed(s);
	int changed = sqlite3_changes(s->db);
	if (exec(s, "COMMIT"))
		return failed(s);
	return changed;
}

static int sqlite_throttle_touch(store *base, const char *key, int64_t now_ms)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[ST_THROTTLE_TOUCH];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_ms);
	return write_counted(s, st);
}

static int sqlite_throttle_delete(store *base, const char *key, int64_t before_ms)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = s->st[key ? ST_THROTTLE_DEL : ST_THROTTLE_PRUNE];
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, before_ms);
	return write_counted(s, st);
}

static const struct store_ops sqlite_ops = {
	.add = sqlite_add,
	.get = sqlite_get,
	.get_by_selector = sqlite_get_by_selector,
	.del = sqlite_delete,
	.erase_pending = sqlite_erase_pending,
	.tick = sqlite_tick,
	.update = sqlite_update,
	.list = sqlite_list,
	.duplicate = sqlite_duplicate,
	.desk_write = sqlite_desk_write,
	.desk_read = sqlite_desk_read,
	.protocol_put = sqlite_protocol_put,
	.protocol_get = sqlite_protocol_get,
	.throttle_get = sqlite_throttle_get,
	.throttle_hit = sqlite_throttle_hit,
	.throttle_touch = sqlite_throttle_touch,
	.throttle_delete = sqlite_throttle_delete,
	.close = sqlite_close,
};

/* Prepare every statement once, for the connection's life. */
static int prepare_all(sqlite_store *s, char *err, size_t errlen)
{
	for (int i = 0; i < ST_COUNT + SD_COUNT; i++) {
		const char *sql = i < ST_COUNT ? statements[i] : desk_statements[i - ST_COUNT];
		sqlite3_stmt **st = i < ST_COUNT ? &s->st[i] : &s->desk[i - ST_COUNT];
		if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
		    SQLITE_OK) {
			snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
			return -1;
		}
	}
	return 0;
}

int store_sqlite_open(const char *path, store **out, char *err, size_t errlen)
{
	*out = NULL;
	sqlite_store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store_base_init(&s->base, &sqlite_ops);
	/* Patients' names are in it: a new file is the owner's alone (0600), and SQLite gives
	 * its -wal and -shm files the same mode. An existing file is left as it is. */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		store_close(&s->base);
		return -1;
	}
	close(fd);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(&s->base);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (setup(s, err, errlen) || prepare_all(s, err, errlen)) {
		store_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

/* store_pg.c: the store in PostgreSQL through libpq (store.h; docs/deploy.md).
 *
 * Several servers share one database, so everything a request needs is in it: treatments,
 * staff, sessions, the audit and the sign-in throttles. One connection per store (the
 * server's one request thread and its once-a-second tick share it, one call at a time,
 * under store.c's lock).
 * - Every statement is prepared once per connection (PQprepare) and run with bound
 *   parameters (PQexecPrepared); nothing a client sends is ever part of SQL text.
 * - Durability: each write is one statement in its own transaction, with
 *   synchronous_commit on (set on every connection, whatever the server's default): when it
 *   returns, the commit is flushed to the database's WAL, and only then does the server
 *   answer 201.
 * - Time limits: statement_timeout and lock_timeout, so that a slow or locked database is a
 *   quick 503 (STORE_BUSY) and never a stalled server.
 * - A lost connection (the database restarted) is a 503 for the call that found it; the
 *   next call resets it (PQreset, at most once a second), prepares again and goes on.
 * - The schema is created and migrated under an advisory lock, so that servers starting
 *   together do not both migrate; its version is in the table aftercare_schema.
 * - Protocol texts are bytea, sent and read in binary: kept byte for byte, NUL bytes too. */
#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_impl.h"

#define SCHEMA_VERSION 5
/* As SQLite's busy timeout (store_sqlite.c): one thread serves every request, so waiting
 * for a lock past this is a 503; a statement past STATEMENT_MS (a database in trouble) too. */
#define LOCK_MS "250"
#define STATEMENT_MS "2000"
#define CONNECT_TIMEOUT_S "2"	/* a connection string's own connect_timeout wins */
/* pg_advisory_xact_lock's key for migrations: "aftercar" in ASCII. */
#define MIGRATE_LOCK "7018141365064557938"

/* Parameter types, one letter each: t text, 8 bigint, b bytea. */
typedef struct pg_statement {
	const char *types;
	const char *sql;
} pg_statement;

enum { PT_INSERT, PT_BY_ID, PT_BY_SELECTOR, PT_DELETE, PT_UPDATE, PT_DAY, PT_SEARCH, PT_SAME,
       PT_PROTOCOL_PUT, PT_PROTOCOL_GET, PT_THROTTLE_GET, PT_THROTTLE_HIT, PT_THROTTLE_TOUCH,
       PT_THROTTLE_DEL,
       PT_THROTTLE_PRUNE, PT_COUNT };

#define STR_(x) #x
#define STR(x) STR_(x)

#define PARAMS_MAX 10	/* the most parameters of one statement (PT_INSERT's) */

#define ROWS "SELECT " STORE_ROW_COLUMNS " FROM treatment WHERE "

static const pg_statement statements[PT_COUNT] = {
	[PT_INSERT] = {"ttt8ttt8tt", "INSERT INTO treatment(token, selector, patient, treated_at,"
		       " device, depth, skin, created_at, protocol, zone) VALUES ($1, $2, $3, $4,"
		       " $5, $6, $7, $8, $9, $10) RETURNING id"},
	[PT_BY_ID] = {"8", ROWS "id = $1"},
	[PT_BY_SELECTOR] = {"t", ROWS "selector = $1"},
	[PT_DELETE] = {"8", "DELETE FROM treatment WHERE id = $1"},
	/* the token, selector, created_at and zone never change: the patient's link stays, and
	 * its times stay in the zone the treatment was given in */
	[PT_UPDATE] = {"8t8tttt", "UPDATE treatment SET patient = $2, treated_at = $3,"
		       " device = $4, depth = $5, skin = $6, protocol = $7 WHERE id = $1"},
	/* as store_sqlite.c's: a day's list from a cursor on, served by treatment_time; the
	 * name is ASCII-folded by the caller, and lower() under the C collation folds ASCII
	 * only, as SQLite's does */
	[PT_DAY] = {"8888t8", ROWS "treated_at >= $1 AND treated_at < $2 AND (treated_at, id) >"
		    " ($3, $4) AND ($5 = '' OR strpos(lower(patient COLLATE \"C\"), $5) > 0)"
		    " ORDER BY treated_at, id LIMIT $6"},
	[PT_SEARCH] = {"88t8", ROWS "(treated_at, id) < ($1, $2) AND"
		       " strpos(lower(patient COLLATE \"C\"), $3) > 0"
		       " ORDER BY treated_at DESC, id DESC LIMIT $4"},
	[PT_SAME] = {"t8ttt8", "SELECT id FROM treatment WHERE patient = $1 AND treated_at = $2"
		     " AND device = $3 AND depth = $4 AND skin = $5 AND id <> $6 LIMIT 1"},
	/* a protocol's text, kept the first time it is served: a version never changes (two
	 * servers keeping one at once: one inserts, the other finds it there) */
	[PT_PROTOCOL_PUT] = {"tb8", "INSERT INTO protocol(hash, body, first_seen) VALUES ($1, $2,"
			     " $3) ON CONFLICT (hash) DO NOTHING"},
	[PT_PROTOCOL_GET] = {"t", "SELECT body FROM protocol WHERE hash = $1"},
	/* the throttles (store.h), as store_sqlite.c's: $1 key, $2 free tries, $3 now (ms),
	 * $4 force. One statement, so one atomic step: the key's row is locked while its old
	 * values decide (a concurrent count from another server waits, then sees this one's:
	 * none is lost, and none passes a lock the other set). No row back: not counted. */
	[PT_THROTTLE_GET] = {"t", "SELECT failures, last FROM throttle WHERE key = $1"},
	[PT_THROTTLE_HIT] = {"t888", "INSERT INTO throttle AS t(key, failures, last) VALUES"
			     " ($1, 1, $3) ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN"
			     " $3 - t.last > " STR(STORE_THROTTLE_FORGET_MS) " THEN 1 ELSE"
			     " t.failures + 1 END, last = $3 WHERE $4 <> 0 OR NOT (t.failures > $2"
			     " AND $3 < t.last + least(" STR(STORE_THROTTLE_LOCK_MAX_MS) ", 1000 *"
			     " (1::bigint << least(t.failures - $2 - 1, 20)::integer)))"
			     " RETURNING t.failures"},
	[PT_THROTTLE_TOUCH] = {"t8", "UPDATE throttle SET last = greatest(last, $2) WHERE key = $1"},
	[PT_THROTTLE_DEL] = {"t", "DELETE FROM throttle WHERE key = $1"},
	[PT_THROTTLE_PRUNE] = {"8", "DELETE FROM throttle WHERE last < $1"},
};

/* The desk's (store.h, store_desk_stmt): $1, $2 text, $3 an integer, $4 now. */
static const char *const desk_statements[SD_COUNT] = {
	/* ON CONFLICT: two servers adding one name at once, one adds it and one says it is
	 * there, as one server would */
	[SD_STAFF_ADD] = "INSERT INTO staff(name, hash, owner, created_at) VALUES ($1, $2, $3,"
			 " $4) ON CONFLICT (name) DO NOTHING",
	[SD_STAFF_PASSWD] = "UPDATE staff SET hash = $2 WHERE name = $1",
	[SD_STAFF_SESSIONS_END] = "DELETE FROM session WHERE staff_id = (SELECT id FROM staff"
				  " WHERE name = $1)",
	[SD_STAFF_REMOVE] = "DELETE FROM staff WHERE name = $1",
	[SD_SESSION_PRUNE] = "DELETE FROM session WHERE created_at < $4 - $3",
	[SD_SESSION_ADD] = "INSERT INTO session(hash, csrf, staff_id, created_at, seen_at)"
			   " VALUES ($1, $2, $3, $4, $4)",
	[SD_SESSION_END] = "DELETE FROM session WHERE hash = $1",
	[SD_SESSION_SEEN] = "UPDATE session SET seen_at = $4 WHERE hash = $1",
	[SD_AUDIT_ADD] = "INSERT INTO audit(at, who, action, treatment, detail) VALUES ($4, $1,"
			 " split_part($2, E'\\n', 1), $3, substr($2, strpos($2, E'\\n') + 1))",
	/* byte order, as SQLite's */
	[SD_STAFF_LIST] = "SELECT name, owner FROM staff ORDER BY name COLLATE \"C\"",
	[SD_STAFF_BY_NAME] = "SELECT id, hash FROM staff WHERE name = $1",
	[SD_SESSION_GET] = "SELECT session.staff_id, staff.name, staff.owner, session.csrf,"
			   " session.created_at, session.seen_at FROM session JOIN staff ON"
			   " staff.id = session.staff_id WHERE session.hash = $1",
	[SD_AUDIT_LIST] = "SELECT id, at, who, action, treatment, detail FROM audit"
			  " ORDER BY id DESC LIMIT $3",
};

/* Version 3, the SQLite store's (store_sqlite.c) at its version 3, made at once, then
 * migrate_3_to_4. The CHECKs hold what SQLite's STRICT tables and this program's writes hold
 * there: a token of 32 characters whose selector is its first 12, a patient of at most
 * STORE_PATIENT_MAX bytes, the names the API spells, a protocol version of 64 hex digits or
 * none. Identity columns come from sequences, which never give a number twice (as SQLite's
 * AUTOINCREMENT). */
static const char schema_3[] =
	"CREATE TABLE treatment ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" token text NOT NULL CHECK (length(token) = 32),"
	" selector text NOT NULL UNIQUE CHECK (selector = substr(token, 1, 12)),"
	" patient text NOT NULL CHECK (octet_length(patient) <= 200),"
	" treated_at bigint NOT NULL,"
	" device text NOT NULL CHECK (device IN ('pen', 'dermaroller', 'procell')),"
	" depth text NOT NULL CHECK (depth IN ('unspecified', 'superficial', 'deep')),"
	" skin text NOT NULL CHECK (skin IN ('unspecified', 'sensitive', 'normal', 'oily',"
	"  'acne-prone')),"
	" created_at bigint NOT NULL,"
	" protocol text NOT NULL DEFAULT '' CHECK (protocol ~ '^([0-9a-f]{64})?$'));"
	"CREATE INDEX treatment_time ON treatment(treated_at, id);"
	"CREATE TABLE staff ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),"
	" hash text NOT NULL,"
	" owner integer NOT NULL DEFAULT 0 CHECK (owner IN (0, 1)),"
	" created_at bigint NOT NULL);"
	"CREATE TABLE session ("
	" hash text PRIMARY KEY CHECK (length(hash) = 64),"
	" staff_id bigint NOT NULL,"
	" csrf text NOT NULL,"
	" created_at bigint NOT NULL,"
	" seen_at bigint NOT NULL);"
	"CREATE INDEX session_staff ON session(staff_id);"
	"CREATE TABLE audit ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" at bigint NOT NULL,"
	" who text NOT NULL,"
	" action text NOT NULL,"
	" treatment bigint NOT NULL,"
	" detail text NOT NULL);"
	"CREATE TABLE protocol ("
	" hash text PRIMARY KEY,"
	" body bytea NOT NULL,"
	" first_seen bigint NOT NULL);";

/* Version 3 to 4, as store_sqlite.c's: the zone a treatment was given in ('' for those
 * stored before: shown in the server's zone), an IANA name of at most STORE_ZONE_MAX bytes. */
static const char migrate_3_to_4[] =
	"ALTER TABLE treatment ADD COLUMN zone text NOT NULL DEFAULT ''"
	" CHECK (octet_length(zone) <= 64);";

/* Version 4 to 5, as store_sqlite.c's: the sign-in throttles, shared by every server on the
 * database (docs/deploy.md). last: the last failure, ms since the epoch; the index serves
 * store_throttle_prune. */
static const char migrate_4_to_5[] =
	"CREATE TABLE throttle ("
	" key text PRIMARY KEY CHECK (octet_length(key) BETWEEN 1 AND 128),"
	" failures integer NOT NULL CHECK (failures >= 1),"
	" last bigint NOT NULL);"
	"CREATE INDEX throttle_last ON throttle(last);";

typedef struct pg_store {
	struct store base;	/* first: a store * is a pg_store * */
	PGconn *conn;
	char *password;		/* the connection string's own, to keep out of messages */
	time_t last_reset;	/* CLOCK_MONOTONIC seconds of the last PQreset */
	bool set_up;		/* the connection's settings made and statements prepared */
} pg_store;

/* libpq's notices (a FATAL the database sent as it shut down, a WARNING) go to the log on
 * one line each, marked as the store's, instead of libpq's bare default. */
static void notice(void *arg, const char *message)
{
	(void)arg;
	size_t n = strcspn(message, "\n");
	fprintf(stderr, "aftercare: store: database says: %.*s\n", (int)n, message);
}

static time_t monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* msg into buf on one line, with the connection string's password (if any) as "***". */
static void say(const pg_store *s, char *buf, size_t len, const char *msg)
{
	size_t n = 0;
	size_t plen = s->password ? strlen(s->password) : 0;
	for (const char *p = msg; *p && n + 4 < len;) {
		if (plen && strncmp(p, s->password, plen) == 0) {
			memcpy(buf + n, "***", 3);
			n += 3;
			p += plen;
		} else {
			buf[n++] = *p == '\n' || *p == '\t' ? ' ' : *p;
			p++;
		}
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

/* Whether an error means "try again soon": the connection lost or not yet possible (class
 * 08, 57P01-57P03 the database shutting down or starting), a timeout (57014), a lock not
 * had in time (55P03), a conflict between transactions (40001, 40P01), too many
 * connections (53300). */
static bool transient(const char *state)
{
	static const char *const codes[] = {"57P01", "57P02", "57P03", "57014", "55P03",
					    "40001", "40P01", "53300"};
	if (!state)
		return false;
	if (strncmp(state, "08", 2) == 0)
		return true;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(state, codes[i]) == 0)
			return true;
	return false;
}

/* A call failed with res (NULL: no result at all): keep why, and say which kind. */
static int failed(pg_store *s, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
							     : PQerrorMessage(s->conn);
	say(s, s->base.error, sizeof(s->base.error), msg);
	bool busy = PQstatus(s->conn) != CONNECTION_OK || transient(state);
	PQclear(res);	/* state and msg are res's: read them first */
	return busy ? STORE_BUSY : -1;
}

/* Run SQL without parameters (settings, the schema): 0 or -1 with why in err. */
static int exec_simple(pg_store *s, const char *sql, char *err, size_t errlen)
{
	PGresult *res = PQexec(s->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return 0;
	}
	say(s, err, errlen, res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn));
	PQclear(res);
	return -1;
}

/* What every connection is set to, first or after a reset: the time limits, durability,
 * UTF-8, and every statement prepared. */
static int session_setup(pg_store *s, char *err, size_t errlen)
{
	if (exec_simple(s, "SET statement_timeout = " STATEMENT_MS "; SET lock_timeout = " LOCK_MS
			"; SET idle_in_transaction_session_timeout = 10000;"
			" SET synchronous_commit = on; SET client_encoding = 'UTF8';"
			" SET client_min_messages = warning", err, errlen))
		return -1;
	for (int i = 0; i < PT_COUNT + SD_COUNT; i++) {
		char name[16];
		Oid types[PARAMS_MAX];
		const char *t = i < PT_COUNT ? statements[i].types : "tt88";
		const char *sql = i < PT_COUNT ? statements[i].sql : desk_statements[i - PT_COUNT];
		int n = (int)strlen(t);
		for (int k = 0; k < n; k++)	/* text, bytea, int8 (pg_type.h) */
			types[k] = t[k] == 't' ? 25 : t[k] == 'b' ? 17 : 20;
		snprintf(name, sizeof(name), "ac%d", i);
		PGresult *res = PQprepare(s->conn, name, sql, n, types);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			say(s, err, errlen, res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn));
			PQclear(res);
			return -1;
		}
		PQclear(res);
	}
	return 0;
}

/* The schema as this program knows it, made or checked in one transaction under the
 * migration lock: a second server starting at once waits, then finds it made. */
static int migrate(pg_store *s, char *err, size_t errlen)
{
	if (exec_simple(s, "BEGIN; SET LOCAL statement_timeout = '60s';"
			" SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ");"
			" CREATE TABLE IF NOT EXISTS aftercare_schema (version integer NOT NULL)",
			err, errlen))
		goto rollback;
	PGresult *res = PQexec(s->conn, "SELECT coalesce(max(version), 0) FROM aftercare_schema");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		say(s, err, errlen, PQresultErrorMessage(res));
		PQclear(res);
		goto rollback;
	}
	int version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (version == 0 || version == 3 || version == 4) {	/* none yet, or an older one */
		if ((version == 0 && exec_simple(s, schema_3, err, errlen)) ||
		    (version < 4 && exec_simple(s, migrate_3_to_4, err, errlen)) ||
		    exec_simple(s, migrate_4_to_5, err, errlen) ||
		    exec_simple(s, "DELETE FROM aftercare_schema;"
				" INSERT INTO aftercare_schema VALUES (" STR(SCHEMA_VERSION) ")",
				err, errlen))
			goto rollback;
	} else if (version != SCHEMA_VERSION) {
		snprintf(err, errlen, "schema version %d, this program knows %d", version,
			 SCHEMA_VERSION);
		goto rollback;
	}
	return exec_simple(s, "COMMIT", err, errlen);
rollback:
	PQclear(PQexec(s->conn, "ROLLBACK"));
	return -1;
}

/* Ready to run a statement: the connection as it is; or, when it was lost, reset (at most
 * once a second); and set up again where that is not done (a new connection, or one whose
 * set-up failed half way, as while the database is still starting). 0, or STORE_BUSY with
 * why in s->base.error. */
static int ready(pg_store *s)
{
	/* A database that restarted has closed our socket: reading what is there notices it
	 * before a statement is sent into it. */
	bool up = PQstatus(s->conn) == CONNECTION_OK && PQconsumeInput(s->conn) &&
		  PQstatus(s->conn) == CONNECTION_OK;
	if (up && s->set_up)
		return 0;
	if (!up) {
		time_t now = monotonic();
		if (s->last_reset && now - s->last_reset < 1) {
			snprintf(s->base.error, sizeof(s->base.error), "the database connection "
				 "is lost; trying again within a second");
			return STORE_BUSY;
		}
		s->last_reset = now;
		s->set_up = false;
		PQreset(s->conn);
		if (PQstatus(s->conn) != CONNECTION_OK) {
			say(s, s->base.error, sizeof(s->base.error), PQerrorMessage(s->conn));
			return STORE_BUSY;
		}
	}
	if (exec_simple(s, "DEALLOCATE ALL", s->base.error, sizeof(s->base.error)) ||
	    session_setup(s, s->base.error, sizeof(s->base.error)))
		return STORE_BUSY;
	s->set_up = true;
	return 0;
}

/* Run prepared statement i with n parameters (text unless formats says binary, with its
 * lengths; NULL for none), its result in text (0) or binary (1): the result, or NULL with
 * *rc set to -1 or STORE_BUSY. A read whose connection was lost under it is run once more
 * on a reset connection; a write is not (it may have committed: the 503 says try again, and
 * the duplicate check finds it). */
static PGresult *run_formats(pg_store *s, int i, const char *const *params, const int *lengths,
			     const int *formats, int n, int binary, bool reads, int *rc)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		if ((*rc = ready(s)) != 0)
			return NULL;
		char name[16];
		snprintf(name, sizeof(name), "ac%d", i);
		PGresult *res = PQexecPrepared(s->conn, name, n, params, lengths, formats, binary);
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			*rc = 0;
			return res;
		}
		bool lost = PQstatus(s->conn) != CONNECTION_OK;
		*rc = failed(s, res);
		if (!lost || !reads)
			return NULL;
	}
	return NULL;
}

/* run_formats with every parameter and the result in text. */
static PGresult *run(pg_store *s, int i, const char *const *params, int n, bool reads,
		     int *rc)
{
	return run_formats(s, i, params, NULL, NULL, n, 0, reads, rc);
}

/* An integer as a parameter's text. */
typedef struct num {
	char s[24];
} num;

static num n64(int64_t v)
{
	num n;
	snprintf(n.s, sizeof(n.s), "%lld", (long long)v);
	return n;
}

static int pg_add(store *base, treatment *t)
{
	pg_store *s = (pg_store *)base;
	char selector[STORE_SELECTOR + 1];
	memcpy(selector, t->token, STORE_SELECTOR);
	selector[STORE_SELECTOR] = '\0';
	num at = n64(t->profile.treated_at), created = n64(t->created_at);
	const char *p[] = {t->token, selector, t->patient, at.s,
			   ac_device_name(t->profile.device), ac_depth_name(t->profile.depth),
			   ac_skin_name(t->profile.skin), created.s, t->protocol, t->zone};
	int rc;
	PGresult *res = run(s, PT_INSERT, p, 10, false, &rc);
	if (!res)
		return rc;
	t->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/* Row r of res (STORE_ROW_COLUMNS) into t. */
static int read_row(pg_store *s, PGresult *res, int r, treatment *t)
{
	const char *col[STORE_ROW_NCOLS];
	for (int i = 0; i < STORE_ROW_NCOLS; i++)
		col[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
	return store_read_row(&s->base, col, t);
}

/* A SELECT of at most one row: 0 found, 1 none, -1 or STORE_BUSY. */
static int select_one(pg_store *s, int i, const char *const *p, int n, treatment *t)
{
	int rc;
	PGresult *res = run(s, i, p, n, true, &rc);
	if (!res)
		return rc;
	rc = PQntuples(res) == 0 ? 1 : read_row(s, res, 0, t) ? -1 : 0;
	PQclear(res);
	return rc;
}

static int pg_get(store *base, int64_t id, treatment *t)
{
	num n = n64(id);
	const char *p[] = {n.s};
	return select_one((pg_store *)base, PT_BY_ID, p, 1, t);
}

static int pg_get_by_selector(store *base, const char *selector, treatment *t)
{
	const char *p[] = {selector};
	return select_one((pg_store *)base, PT_BY_SELECTOR, p, 1, t);
}

/* A write of one statement: the rows it changed, or -1 or STORE_BUSY. */
static int write_rows(pg_store *s, int i, const char *const *p, int n)
{
	int rc;
	PGresult *res = run(s, i, p, n, false, &rc);
	if (!res)
		return rc;
	rc = atoi(PQcmdTuples(res));
	PQclear(res);
	return rc;
}

static int pg_delete(store *base, int64_t id)
{
	num n = n64(id);
	const char *p[] = {n.s};
	int rc = write_rows((pg_store *)base, PT_DELETE, p, 1);
	return rc < 0 ? rc : rc ? 0 : 1;
}

/* PostgreSQL keeps a deleted row's bytes until VACUUM reuses its space, and in its WAL and
 * backups: this program cannot erase them (docs/deploy.md says what the clinic can do);
 * nothing is pending here. */
static int pg_erase_pending(store *base, char *why, size_t len)
{
	(void)base;
	(void)why;
	(void)len;
	return 0;
}

static int pg_tick(store *base, char *why, size_t len)
{
	return pg_erase_pending(base, why, len);
}

static int pg_update(store *base, const treatment *t)
{
	num id = n64(t->id), at = n64(t->profile.treated_at);
	const char *p[] = {id.s, t->patient, at.s, ac_device_name(t->profile.device),
			   ac_depth_name(t->profile.depth), ac_skin_name(t->profile.skin),
			   t->protocol};
	int rc = write_rows((pg_store *)base, PT_UPDATE, p, 7);
	return rc < 0 ? rc : rc ? 0 : 1;
}

static int pg_list(store *base, const store_query *q, treatment *out, int max)
{
	pg_store *s = (pg_store *)base;
	int rc;
	PGresult *res;
	num lim = n64(max);
	if (q->day_from || q->day_to) {
		num from = n64(q->day_from), to = n64(q->day_to), at = n64(q->after_time),
		    id = n64(q->after_id);
		const char *p[] = {from.s, to.s, at.s, id.s, q->name, lim.s};
		res = run(s, PT_DAY, p, 6, true, &rc);
	} else {
		num at = n64(q->after_id ? q->after_time : INT64_MAX),
		    id = n64(q->after_id ? q->after_id : INT64_MAX);
		const char *p[] = {at.s, id.s, q->name, lim.s};
		res = run(s, PT_SEARCH, p, 4, true, &rc);
	}
	if (!res)
		return rc;
	int n = PQntuples(res);
	if (n > max)
		n = max;
	for (int r = 0; r < n; r++) {
		if (read_row(s, res, r, &out[r])) {
			n = -1;
			break;
		}
	}
	PQclear(res);
	return n;
}

static int pg_duplicate(store *base, const treatment *t, int64_t *id)
{
	num at = n64(t->profile.treated_at), self = n64(t->id);
	const char *p[] = {t->patient, at.s, ac_device_name(t->profile.device),
			   ac_depth_name(t->profile.depth), ac_skin_name(t->profile.skin), self.s};
	int rc;
	PGresult *res = run((pg_store *)base, PT_SAME, p, 6, true, &rc);
	if (!res)
		return rc;
	rc = PQntuples(res) > 0;
	if (rc)
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

static int pg_desk_write(store *base, store_desk_stmt q, const char *t1, const char *t2,
			 int64_t i3, int64_t now)
{
	num n3 = n64(i3), n4 = n64(now);
	const char *p[] = {t1, t2, n3.s, n4.s};
	return write_rows((pg_store *)base, PT_COUNT + (int)q, p, 4);
}

static int pg_desk_read(store *base, store_desk_stmt q, const char *t1, int64_t i3,
			int64_t now, store_row_fn fn, void *ctx)
{
	pg_store *s = (pg_store *)base;
	num n3 = n64(i3), n4 = n64(now);
	const char *p[] = {t1, NULL, n3.s, n4.s};
	int rc;
	PGresult *res = run(s, PT_COUNT + (int)q, p, 4, true, &rc);
	if (!res)
		return rc;
	int rows = PQntuples(res), cols = PQnfields(res);
	const char *col[16];
	if (cols > 16)
		cols = 16;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++)
			col[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
		fn(ctx, col, cols);
	}
	PQclear(res);
	return rows;
}

/* ---- the protocols' texts (docs/desk.md, "Protocol versions") ---- */

static int pg_protocol_put(store *base, const char *version, const char *body, size_t len,
			   int64_t now)
{
	if (len > INT_MAX) {	/* libpq's lengths are ints; a protocol file is never near */
		snprintf(base->error, sizeof(base->error), "a protocol text of %zu bytes", len);
		return -1;
	}
	num first = n64(now);
	const char *p[] = {version, body, first.s};
	const int lengths[] = {0, (int)len, 0}, formats[] = {0, 1, 0};	/* the body binary */
	int rc;
	PGresult *res = run_formats((pg_store *)base, PT_PROTOCOL_PUT, p, lengths, formats, 3, 0,
				    false, &rc);
	PQclear(res);
	return rc;
}

static int pg_protocol_get(store *base, const char *version, char **body, size_t *len)
{
	pg_store *s = (pg_store *)base;
	const char *p[] = {version};
	int rc;
	/* the result binary: bytea's raw bytes, not its hex text */
	PGresult *res = run_formats(s, PT_PROTOCOL_GET, p, NULL, NULL, 1, 1, true, &rc);
	if (!res)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 1;
	}
	size_t n = (size_t)PQgetlength(res, 0, 0);
	*body = malloc(n + 1);
	if (!*body) {
		snprintf(s->base.error, sizeof(s->base.error), "out of memory");
		PQclear(res);
		return -1;
	}
	if (n)
		memcpy(*body, PQgetvalue(res, 0, 0), n);
	(*body)[n] = '\0';
	*len = n;
	PQclear(res);
	return 0;
}

/* ---- the throttles (store.h) ---- */

static int pg_throttle_get(store *base, const char *key, int64_t *failures, int64_t *last_ms)
{
	const char *p[] = {key};
	int rc;
	PGresult *res = run((pg_store *)base, PT_THROTTLE_GET, p, 1, true, &rc);
	if (!res)
		return rc;
	rc = PQntuples(res) == 0;
	if (!rc) {
		*failures = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		*last_ms = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	}
	PQclear(res);
	return rc;
}

static int pg_throttle_hit(store *base, const char *key, int64_t free_tries, bool force,
			   int64_t now_ms, int64_t *failures)
{
	num f = n64(free_tries), now = n64(now_ms), k = n64(force);
	const char *p[] = {key, f.s, now.s, k.s};
	int rc;
	/* a write: not run again on a lost connection (it may have counted) */
	PGresult *res = run((pg_store *)base, PT_THROTTLE_HIT, p, 4, false, &rc);
	if (!res)
		return rc;
	rc = PQntuples(res) == 0;
	if (!rc)
		*failures = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

static int pg_throttle_touch(store *base, const char *key, int64_t now_ms)
{
	num now = n64(now_ms);
	const char *p[] = {key, now.s};
	return write_rows((pg_store *)base, PT_THROTTLE_TOUCH, p, 2);
}

static int pg_throttle_delete(store *base, const char *key, int64_t before_ms)
{
	num before = n64(before_ms);
	const char *p[] = {key ? key : before.s};
	return write_rows((pg_store *)base, key ? PT_THROTTLE_DEL : PT_THROTTLE_PRUNE, p, 1);
}

static void pg_close(store *base)
{
	pg_store *s = (pg_store *)base;
	PQfinish(s->conn);
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	free(s);
}

static const struct store_ops pg_ops = {
	.add = pg_add,
	.get = pg_get,
	.get_by_selector = pg_get_by_selector,
	.del = pg_delete,
	.erase_pending = pg_erase_pending,
	.tick = pg_tick,
	.update = pg_update,
	.list = pg_list,
	.duplicate = pg_duplicate,
	.desk_write = pg_desk_write,
	.desk_read = pg_desk_read,
	.protocol_put = pg_protocol_put,
	.protocol_get = pg_protocol_get,
	.throttle_get = pg_throttle_get,
	.throttle_hit = pg_throttle_hit,
	.throttle_touch = pg_throttle_touch,
	.throttle_delete = pg_throttle_delete,
	.close = pg_close,
};

/* The password in conninfo, if it names one (to keep it out of messages): malloc'd, or
 * NULL. */
static char *password_of(const char *conninfo)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	char *pw = NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			pw = strdup(o->val);
	PQconninfoFree(opts);
	return pw;
}

void store_pg_describe(const char *conninfo, char *buf, size_t len)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
	if (!opts) {
		snprintf(buf, len, "a PostgreSQL connection string");
		PQfreemem(errmsg);
		return;
	}
	static const char *const shown[] = {"host", "hostaddr", "port", "dbname", "user"};
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		for (PQconninfoOption *o = opts; o->keyword; o++)
			if (strcmp(o->keyword, shown[i]) == 0 && o->val && *o->val && n < len)
				n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", n ? " " : "",
						      o->keyword, o->val);
	if (!buf[0])
		snprintf(buf, len, "PostgreSQL (libpq's defaults)");
	PQconninfoFree(opts);
}

int store_pg_open(const char *conninfo, store **out, char *err, size_t errlen)
{
	*out = NULL;
	pg_store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store_base_init(&s->base, &pg_ops);
	char *perr = NULL;
	PQconninfoOption *check = PQconninfoParse(conninfo, &perr);
	if (!check) {
		/* libpq's message may quote the string; the password is not known yet */
		snprintf(err, errlen, "not a PostgreSQL connection string (libpq cannot parse it)");
		PQfreemem(perr);
		store_close(&s->base);
		return -1;
	}
	PQconninfoFree(check);
	s->password = password_of(conninfo);
	/* expand_dbname: conninfo is expanded where "dbname" stands, after the defaults
	 * before it, so its own connect_timeout or application_name wins */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *const vals[] = {CONNECT_TIMEOUT_S, "aftercare", conninfo, NULL};
	s->conn = PQconnectdbParams(keys, vals, 1);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		say(s, err, errlen, s->conn ? PQerrorMessage(s->conn) : "out of memory");
		store_close(&s->base);
		return -1;
	}
	PQsetNoticeProcessor(s->conn, notice, NULL);
	/* "already exists, skipping" and the like are not news for the log */
	if (exec_simple(s, "SET statement_timeout = " STATEMENT_MS "; SET client_min_messages ="
			" warning", err, errlen) ||
	    migrate(s, err, errlen) || session_setup(s, err, errlen)) {
		store_close(&s->base);
		return -1;
	}
	s->set_up = true;
	*out = &s->base;
	return 0;
}

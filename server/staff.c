/* staff.c: accounts, sessions and the audit (staff.h, docs/desk.md). The slow work (hashing a
 * password: ~0.15 s and 64 MiB) is done outside the store's lock; every statement is bound. */
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
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

/* Prepare sql on the store's connection (under its lock): NULL on failure. */
static sqlite3_stmt *prepare(store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Run a write of one statement in its own transaction: its changes, or -1 (err says why). */
static int write_one(store *s, const char *sql, const char *t1, const char *t2, int64_t i3,
		     char *err, size_t errlen)
{
	sqlite3 *db = store_sqlite(s);
	store_lock(s);
	int rc = -1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    !(st = prepare(s, sql)))
		goto fail;
	if (t1)
		sqlite3_bind_text(st, 1, t1, -1, SQLITE_STATIC);
	if (t2)
		sqlite3_bind_text(st, 2, t2, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, i3);
	int step = sqlite3_step(st);
	if (step != SQLITE_DONE)
		goto fail;
	rc = sqlite3_changes(db);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = -1;
		goto fail;
	}
	store_unlock(s);
	return rc;
fail:
	sqlite3_finalize(st);
	rc = store_fail(s);
	snprintf(err, errlen, "%s", store_error(s));
	store_unlock(s);
	return rc < 0 ? rc : -1;
}

int staff_add(store *s, const char *name, const char *password, bool owner, char *err,
	      size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err, errlen))
		return -1;
	int rc = write_one(s, "INSERT INTO staff(name, hash, owner, created_at) SELECT ?1, ?2, ?3,"
			   " unixepoch() WHERE NOT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
			   name, hash, owner, err, errlen);
	sodium_memzero(hash, sizeof(hash));
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

int staff_passwd(store *s, const char *name, const char *password, char *err, size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err, errlen))
		return -1;
	int rc = write_one(s, "UPDATE staff SET hash = ?2 WHERE name = ?1", name, hash, 0, err,
			   errlen);
	sodium_memzero(hash, sizeof(hash));
	if (rc > 0)	/* a changed password ends every session of the old one */
		rc = write_one(s, "DELETE FROM session WHERE staff_id = (SELECT id FROM staff WHERE"
			       " name = ?1)", name, NULL, 0, err, errlen) < 0 ? -1 : 1;
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

int staff_remove(store *s, const char *name, char *err, size_t errlen)
{
	if (write_one(s, "DELETE FROM session WHERE staff_id = (SELECT id FROM staff WHERE"
		      " name = ?1)", name, NULL, 0, err, errlen) < 0)
		return -1;
	int rc = write_one(s, "DELETE FROM staff WHERE name = ?1", name, NULL, 0, err, errlen);
	return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

int staff_list(store *s, FILE *out)
{
	store_lock(s);
	sqlite3_stmt *st = prepare(s, "SELECT name, owner FROM staff ORDER BY name");
	int rc = st ? 0 : -1;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "%s%s\n", sqlite3_column_text(st, 0),
			sqlite3_column_int(st, 1) ? " (owner)" : "");
	rc = st && rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	store_unlock(s);
	return rc;
}

int staff_verify(store *s, const char *name, const char *password, int64_t *id)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	*id = 0;
	store_lock(s);
	sqlite3_stmt *st = prepare(s, "SELECT id, hash FROM staff WHERE name = ?1");
	int step = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			snprintf(hash, sizeof(hash), "%s", (const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	store_unlock(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return -1;
	if (!*id) {
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
	int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sodium_memzero(hash, sizeof(hash));
	if (!ok)
		*id = 0;
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
	write_one(s, "DELETE FROM session WHERE created_at < unixepoch() - ?3", NULL, NULL,
		  SESSION_MAX_AGE, err, sizeof(err));
	return write_one(s, "INSERT INTO session(hash, csrf, staff_id, created_at, seen_at)"
			 " VALUES (?1, ?2, ?3, unixepoch(), unixepoch())", hex, csrf, staff_id,
			 err, sizeof(err)) == 1 ? 0 : -1;
}

int session_check(store *s, const char *cookie, long idle_s, staff_session *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(cookie) != SESSION_TOKEN_LEN)
		return 1;
	char hex[65], err[128];
	token_hash(cookie, hex);
	store_lock(s);
	sqlite3_stmt *st = prepare(s, "SELECT session.staff_id, staff.name, staff.owner,"
				   " session.csrf, session.created_at, session.seen_at FROM session"
				   " JOIN staff ON staff.id = session.staff_id WHERE session.hash = ?1");
	int step = SQLITE_ERROR;
	time_t created = 0, seen = 0, now = time(NULL);
	if (st) {
		sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
		if ((step = sqlite3_step(st)) == SQLITE_ROW) {
			out->staff_id = sqlite3_column_int64(st, 0);
			snprintf(out->name, sizeof(out->name), "%s", sqlite3_column_text(st, 1));
			out->owner = sqlite3_column_int(st, 2) != 0;
			snprintf(out->csrf, sizeof(out->csrf), "%s", sqlite3_column_text(st, 3));
			created = (time_t)sqlite3_column_int64(st, 4);
			seen = (time_t)sqlite3_column_int64(st, 5);
		}
	}
	sqlite3_finalize(st);
	store_unlock(s);
	if (step == SQLITE_DONE)
		return 1;
	if (step != SQLITE_ROW)
		return -1;
	if (now - seen > idle_s || now - created > SESSION_MAX_AGE) {
		write_one(s, "DELETE FROM session WHERE hash = ?1", hex, NULL, 0, err,
			  sizeof(err));
		memset(out, 0, sizeof(*out));
		return 1;
	}
	/* its last use, kept to the second it matters: a write at most once a minute */
	if (now - seen >= 60 || now - seen > idle_s / 4)
		write_one(s, "UPDATE session SET seen_at = unixepoch() WHERE hash = ?1", hex,
			  NULL, 0, err, sizeof(err));
	return 0;
}

int session_end(store *s, const char *cookie)
{
	char hex[65], err[128];
	token_hash(cookie, hex);
	return write_one(s, "DELETE FROM session WHERE hash = ?1", hex, NULL, 0, err,
			 sizeof(err)) < 0 ? -1 : 0;
}

/* ---- the audit ---- */

int audit_add(store *s, const char *who, const char *action, int64_t treatment_id,
	      const char *detail)
{
	char err[128], text[1024];
	/* who and action in one bound text, split by SQL: write_one binds two texts */
	snprintf(text, sizeof(text), "%s\n%s", action, detail);
	return write_one(s, "INSERT INTO audit(at, who, action, treatment, detail) VALUES"
			 " (unixepoch(), ?1, substr(?2, 1, instr(?2, char(10)) - 1), ?3,"
			 " substr(?2, instr(?2, char(10)) + 1))", who, text, treatment_id, err,
			 sizeof(err)) == 1 ? 0 : -1;
}

json_t *audit_list(store *s, int limit)
{
	store_lock(s);
	sqlite3_stmt *st = prepare(s, "SELECT id, at, who, action, treatment, detail FROM audit"
				   " ORDER BY id DESC LIMIT ?1");
	json_t *arr = st ? json_array() : NULL;
	int step = SQLITE_ERROR;
	if (arr) {
		sqlite3_bind_int(st, 1, limit);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			char at[64];
			json_array_append_new(arr, json_pack(
				"{s:I, s:s, s:s, s:s, s:I, s:s}", "id",
				(json_int_t)sqlite3_column_int64(st, 0), "at",
				ac_time_format_iso((time_t)sqlite3_column_int64(st, 1), at, sizeof(at)),
				"who", (const char *)sqlite3_column_text(st, 2),
				"action", (const char *)sqlite3_column_text(st, 3),
				"treatment", (json_int_t)sqlite3_column_int64(st, 4),
				"detail", (const char *)sqlite3_column_text(st, 5)));
		}
	}
	sqlite3_finalize(st);
	store_unlock(s);
	if (step != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

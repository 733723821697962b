/* test_store.c: the clinic's store (server/store.c) on a file in a temporary directory: add,
 * get by id and by token, delete, reopen; tokens (32 base64url characters, all distinct, only
 * the exact one finds its row); protocol texts (NUL bytes too); the zone kept and migrated;
 * the desk's calls; the throttles (counted together through two stores and by racing
 * threads, locked, forgotten, pruned, migrated); and store_equal_ct. With AFTERCARE_TEST_PG
 * set (a libpq connection string of a database it may empty: tests/server/pg.sh sets it),
 * the same tests again on PostgreSQL (server/store_pg.c), and PostgreSQL's own:
 * constraints, the schema's version, two servers migrating at once, a lost connection, a
 * lock held too long. */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "testutil.h"

static char dir[] = "/tmp/aftercare-test-store-XXXXXX";
static char path[sizeof(dir) + 16];

static int make_dir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/store.db", dir);
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[sizeof(path) + 16];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
	return rmdir(dir);
}

/* Each test starts from no file. */
static int fresh(void **state)
{
	(void)state;
	remove_dir(state);
	return mkdir(dir, 0700);
}

/* What the generic tests open: path (SQLite), or AFTERCARE_TEST_PG. */
static const char *target = path;
static const char *pg_target;	/* AFTERCARE_TEST_PG; target while PostgreSQL is tested */
static ExecStatusType pg_sql(const char *sql);

static store *open_store(void)
{
	store *s = NULL;
	char err[256] = "";
	if (store_open(target, &s, err, sizeof(err)) != 0 || !s)
		fail_msg("store_open %s: %s", target, err);
	return s;
}

static bool is_token(const char *t)
{
	if (strlen(t) != STORE_TOKEN_LEN)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static treatment new_treatment(const char *patient, time_t treated, ac_device device,
			       ac_depth depth, ac_skin skin)
{
	treatment t;
	memset(&t, 0, sizeof(t));
	snprintf(t.patient, sizeof(t.patient), "%s", patient);
	t.profile.treated_at = treated;
	t.profile.device = device;
	t.profile.depth = depth;
	t.profile.skin = skin;
	return t;
}

static void assert_same(const treatment *a, const treatment *b)
{
	assert_int_equal(a->id, b->id);
	assert_string_equal(a->token, b->token);
	assert_string_equal(a->patient, b->patient);
	assert_int_equal(a->profile.treated_at, b->profile.treated_at);
	assert_int_equal(a->profile.device, b->profile.device);
	assert_int_equal(a->profile.depth, b->profile.depth);
	assert_int_equal(a->profile.skin, b->profile.skin);
	assert_int_equal(a->created_at, b->created_at);
}

static void test_add_get_round_trip(void **state)
{
	(void)state;
	store *s = open_store();
	time_t before = time(NULL);
	treatment a = new_treatment("Zoë Ångström", 1795168800, AC_DEVICE_DERMAROLLER,
				    AC_DEPTH_DEEP, AC_SKIN_SENSITIVE);
	assert_int_equal(store_add(s, &a), 0);
	assert_true(a.id >= 1);
	assert_true(is_token(a.token));
	assert_true(a.created_at >= before && a.created_at <= time(NULL));

	treatment b = new_treatment("B", 1795168800 + 3600, AC_DEVICE_PEN, AC_DEPTH_UNSPECIFIED,
				    AC_SKIN_UNSPECIFIED);
	assert_int_equal(store_add(s, &b), 0);
	assert_true(b.id > a.id);
	assert_true(is_token(b.token));
	assert_string_not_equal(a.token, b.token);

	treatment got;
	assert_int_equal(store_get(s, a.id, &got), 0);
	assert_same(&got, &a);
	assert_int_equal(store_get_by_token(s, a.token, &got), 0);
	assert_same(&got, &a);
	assert_int_equal(store_get(s, b.id, &got), 0);
	assert_same(&got, &b);
	assert_int_equal(store_get_by_token(s, b.token, &got), 0);
	assert_same(&got, &b);

	/* every device, depth and skin comes back as it went in */
	static const ac_device devices[] = {AC_DEVICE_PEN, AC_DEVICE_DERMAROLLER, AC_DEVICE_PROCELL};
	static const ac_depth depths[] = {AC_DEPTH_UNSPECIFIED, AC_DEPTH_SUPERFICIAL, AC_DEPTH_DEEP};
	static const ac_skin skins[] = {AC_SKIN_UNSPECIFIED, AC_SKIN_SENSITIVE, AC_SKIN_NORMAL,
					AC_SKIN_OILY, AC_SKIN_ACNE_PRONE};
	for (size_t i = 0; i < sizeof(skins) / sizeof(skins[0]); i++) {
		treatment t = new_treatment("P", 1700000000 + (time_t)i * 60, devices[i % 3],
					    depths[i % 3], skins[i]);
		assert_int_equal(store_add(s, &t), 0);
		assert_int_equal(store_get_by_token(s, t.token, &got), 0);
		assert_same(&got, &t);
	}

	/* a patient of STORE_PATIENT_MAX bytes, kept whole */
	treatment longest = new_treatment("", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_OILY);
	memset(longest.patient, 'x', STORE_PATIENT_MAX);
	longest.patient[STORE_PATIENT_MAX] = '\0';
	assert_int_equal(store_add(s, &longest), 0);
	assert_int_equal(store_get(s, longest.id, &got), 0);
	assert_int_equal(strlen(got.patient), STORE_PATIENT_MAX);
	assert_same(&got, &longest);

	assert_int_equal(store_get(s, 0, &got), 1);
	assert_int_equal(store_get(s, -1, &got), 1);
	assert_int_equal(store_get(s, longest.id + 1000, &got), 1);
	store_close(s);
}

static void test_wrong_tokens(void **state)
{
	(void)state;
	store *s = open_store();
	treatment a = new_treatment("A", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &a), 0);
	treatment got;
	char t[64];

	for (size_t i = 0; i < STORE_TOKEN_LEN; i++) {	/* any one character changed */
		snprintf(t, sizeof(t), "%s", a.token);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		assert_int_equal(store_get_by_token(s, t, &got), 1);
	}
	snprintf(t, sizeof(t), "%s", a.token);
	t[STORE_TOKEN_LEN - 1] = '\0';	/* 31 characters */
	assert_int_equal(store_get_by_token(s, t, &got), 1);
	snprintf(t, sizeof(t), "%sA", a.token);	/* 33 */
	assert_int_equal(store_get_by_token(s, t, &got), 1);
	snprintf(t, sizeof(t), "%.*s", STORE_SELECTOR, a.token);	/* the selector alone */
	assert_int_equal(store_get_by_token(s, t, &got), 1);
	assert_int_equal(store_get_by_token(s, "", &got), 1);
	/* the right selector, the rest not base64url at all */
	snprintf(t, sizeof(t), "%.*s%-20s", STORE_SELECTOR, a.token, "'; DROP TABLE x; --");
	assert_int_equal(strlen(t), STORE_TOKEN_LEN);
	assert_int_equal(store_get_by_token(s, t, &got), 1);

	for (size_t i = 0; a.token[i]; i++)	/* the other case of its letters */
		t[i] = (char)(a.token[i] >= 'a' && a.token[i] <= 'z' ? a.token[i] - 32
			      : a.token[i] >= 'A' && a.token[i] <= 'Z' ? a.token[i] + 32
								       : a.token[i]);
	t[STORE_TOKEN_LEN] = '\0';
	if (strcmp(t, a.token) != 0)
		assert_int_equal(store_get_by_token(s, t, &got), 1);

	assert_int_equal(store_get_by_token(s, a.token, &got), 0);	/* and the right one */
	assert_same(&got, &a);
	store_close(s);
}

static void test_delete(void **state)
{
	(void)state;
	store *s = open_store();
	treatment a = new_treatment("A", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_NORMAL);
	treatment b = new_treatment("B", 1795168800, AC_DEVICE_PROCELL, AC_DEPTH_SUPERFICIAL,
				    AC_SKIN_OILY);
	assert_int_equal(store_add(s, &a), 0);
	assert_int_equal(store_add(s, &b), 0);
	treatment got;
	assert_int_equal(store_delete(s, a.id), 0);
	assert_int_equal(store_get(s, a.id, &got), 1);
	assert_int_equal(store_get_by_token(s, a.token, &got), 1);
	assert_int_equal(store_delete(s, a.id), 1);	/* again: no such treatment */
	assert_int_equal(store_delete(s, 999999), 1);
	assert_int_equal(store_delete(s, 0), 1);
	assert_int_equal(store_get(s, b.id, &got), 0);	/* the other stays */
	assert_same(&got, &b);
	store_close(s);
}

static void test_reopen(void **state)
{
	(void)state;
	store *s = open_store();
	treatment kept[3];
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Patient %d", i);
		kept[i] = new_treatment(name, 1795168800 + i * 86400, AC_DEVICE_DERMAROLLER,
					AC_DEPTH_SUPERFICIAL, AC_SKIN_ACNE_PRONE);
		assert_int_equal(store_add(s, &kept[i]), 0);
	}
	assert_int_equal(store_delete(s, kept[1].id), 0);
	store_close(s);

	s = open_store();
	treatment got;
	assert_int_equal(store_get(s, kept[0].id, &got), 0);
	assert_same(&got, &kept[0]);
	assert_int_equal(store_get_by_token(s, kept[2].token, &got), 0);
	assert_same(&got, &kept[2]);
	assert_int_equal(store_get(s, kept[1].id, &got), 1);
	assert_int_equal(store_get_by_token(s, kept[1].token, &got), 1);
	treatment next = new_treatment("Next", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP,
				       AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &next), 0);
	assert_true(next.id > kept[2].id);
	store_close(s);

	s = open_store();	/* a third time: still one schema, still there */
	assert_int_equal(store_get(s, next.id, &got), 0);
	assert_same(&got, &next);
	store_close(s);
}

static void test_open_refuses(void **state)
{
	(void)state;
	store *s = NULL;
	char err[256] = "";
	char bad[sizeof(path) + 32];
	snprintf(bad, sizeof(bad), "%s/no/such/dir/x.db", dir);
	assert_int_equal(store_open(bad, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_true(err[0] != '\0');

	/* not a SQLite file: refused, and left as it was */
	static const char junk[] = "name,treated\nA,2026-11-20\n0123456789abcdef";
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(junk, 1, sizeof(junk) - 1, f), sizeof(junk) - 1);
	fclose(f);
	err[0] = '\0';
	assert_int_equal(store_open(path, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_non_null(strstr(err, "not a database"));
	char back[sizeof(junk)] = "";
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(back, 1, sizeof(back), f), sizeof(junk) - 1);
	fclose(f);
	assert_memory_equal(back, junk, sizeof(junk) - 1);
}

/* The newest treatment deleted, the next one added: a new id, never the deleted one's. */
static void test_ids_never_reused(void **state)
{
	(void)state;
	store *s = open_store();
	treatment a = new_treatment("A", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_NORMAL);
	treatment b = a;
	assert_int_equal(store_add(s, &a), 0);
	assert_int_equal(store_delete(s, a.id), 0);
	store_close(s);
	struct stat st;	/* patients' names: the owner's alone */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	s = open_store();
	assert_int_equal(store_add(s, &b), 0);
	assert_true(b.id > a.id);
	store_close(s);
}

/* sqlite3 SQL on the file at path, outside the store. */
static void raw_sql(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* A version 1 file (ids without AUTOINCREMENT) is rebuilt as version 2 and then given version
 * 3's desk tables and protocol column (docs/desk.md), rows and all; a file
 * of a version to come is refused and left alone. */
static void test_schema_versions(void **state)
{
	(void)state;
	raw_sql("CREATE TABLE treatment (id INTEGER PRIMARY KEY, token TEXT NOT NULL,"
		" selector TEXT NOT NULL UNIQUE, patient TEXT NOT NULL, treated_at INTEGER NOT NULL,"
		" device TEXT NOT NULL, depth TEXT NOT NULL, skin TEXT NOT NULL,"
		" created_at INTEGER NOT NULL) STRICT;"
		"INSERT INTO treatment VALUES (7, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'ABCDEFGHIJKL',"
		" 'Old', 1795168800, 'dermaroller', 'deep', 'oily', 1795168800);"
		"PRAGMA user_version=1;");
	store *s = open_store();
	treatment got;
	assert_int_equal(store_get_by_token(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", &got), 0);
	assert_int_equal(got.id, 7);
	assert_string_equal(got.patient, "Old");
	assert_int_equal(got.profile.device, AC_DEVICE_DERMAROLLER);
	assert_int_equal(store_delete(s, 7), 0);
	treatment next = new_treatment("New", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP,
				       AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &next), 0);
	assert_true(next.id > 7);
	store_close(s);

	raw_sql("PRAGMA user_version=99;");
	char err[256] = "";
	assert_int_equal(store_open(path, &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "version 99"));
	raw_sql("PRAGMA user_version=5;");	/* untouched by the refusal: still readable */
	s = open_store();
	assert_int_equal(store_get(s, next.id, &got), 0);
	store_close(s);
}

/* A protocol's text is kept once under its version, byte for byte (NUL bytes too), and
 * survives a reopen; a version never kept is 1, not an error. */
static void test_protocol_texts(void **state)
{
	(void)state;
	store *s = open_store();
	const char a[] = "rules:\n  - id: a\0tail", b[] = "rules: [b]\n";
	char va[65], vb[65];
	memset(va, 'a', 64), va[64] = '\0';
	memset(vb, 'b', 64), vb[64] = '\0';
	char *body = (char *)"untouched";
	size_t len = 99;
	assert_int_equal(store_protocol_get(s, va, &body, &len), 1);
	assert_null(body);
	assert_int_equal(len, 0);
	assert_int_equal(store_protocol_put(s, va, a, sizeof(a) - 1), 0);
	assert_int_equal(store_protocol_put(s, vb, b, sizeof(b) - 1), 0);
	/* a version's text never changes: a second put of it keeps the first */
	assert_int_equal(store_protocol_put(s, va, b, sizeof(b) - 1), 0);
	store_close(s);
	s = open_store();
	assert_int_equal(store_protocol_get(s, va, &body, &len), 0);
	assert_int_equal(len, sizeof(a) - 1);
	assert_memory_equal(body, a, sizeof(a) - 1);
	assert_int_equal(body[len], '\0');
	free(body);
	assert_int_equal(store_protocol_get(s, vb, &body, &len), 0);
	assert_string_equal(body, b);
	free(body);
	assert_int_equal(store_protocol_put(s, "", "", 0), 0);	/* empty text: kept as empty */
	assert_int_equal(store_protocol_get(s, "", &body, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(body, "");
	free(body);
	store_close(s);
}

/* The zone a treatment was given in is kept with it, and an edit leaves it; a version 3 file
 * or database (before zones) gains the column, its rows with "" (shown in the server's
 * zone). */
static void test_zone_kept(void **state)
{
	(void)state;
	store *s = open_store();
	treatment t = new_treatment("Zoned", 1795168800, AC_DEVICE_PEN, AC_DEPTH_UNSPECIFIED,
				    AC_SKIN_UNSPECIFIED);
	snprintf(t.zone, sizeof(t.zone), "America/New_York");
	assert_int_equal(store_add(s, &t), 0);
	treatment got;
	assert_int_equal(store_get_by_token(s, t.token, &got), 0);
	assert_string_equal(got.zone, "America/New_York");
	snprintf(got.patient, sizeof(got.patient), "Zoned again");
	snprintf(got.zone, sizeof(got.zone), "Asia/Tokyo");	/* not what an edit changes */
	got.profile.treated_at += 3600;
	assert_int_equal(store_update(s, &got), 0);
	assert_int_equal(store_get(s, t.id, &got), 0);
	assert_string_equal(got.patient, "Zoned again");
	assert_string_equal(got.zone, "America/New_York");
	store_close(s);

	if (target == pg_target)	/* back to version 3, as a database before zones */
		assert_int_equal(pg_sql("ALTER TABLE treatment DROP COLUMN zone; DROP TABLE throttle;"
					" UPDATE aftercare_schema SET version = 3"), PGRES_COMMAND_OK);
	else
		raw_sql("ALTER TABLE treatment DROP COLUMN zone; DROP TABLE throttle;"
			" PRAGMA user_version=3;");
	s = open_store();
	assert_int_equal(store_get(s, t.id, &got), 0);
	assert_string_equal(got.patient, "Zoned again");
	assert_string_equal(got.zone, "");
	treatment next = new_treatment("New", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP,
				       AC_SKIN_NORMAL);
	snprintf(next.zone, sizeof(next.zone), "Europe/London");
	assert_int_equal(store_add(s, &next), 0);
	assert_int_equal(store_get(s, next.id, &got), 0);
	assert_string_equal(got.zone, "Europe/London");
	store_close(s);
}

static int compare_tokens(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void test_tokens_distinct(void **state)
{
	(void)state;
	enum { N = 1000 };
	store *s = open_store();
	char (*tokens)[STORE_TOKEN_LEN + 1] = calloc(N, sizeof(*tokens));
	assert_non_null(tokens);
	for (int i = 0; i < N; i++) {
		treatment t = new_treatment("P", 1795168800, AC_DEVICE_PEN, AC_DEPTH_UNSPECIFIED,
					    AC_SKIN_UNSPECIFIED);
		assert_int_equal(store_add(s, &t), 0);
		assert_true(is_token(t.token));
		memcpy(tokens[i], t.token, sizeof(tokens[i]));
	}
	qsort(tokens, N, sizeof(tokens[0]), compare_tokens);
	for (int i = 1; i < N; i++) {
		assert_string_not_equal(tokens[i - 1], tokens[i]);
		/* not even a selector twice: it is what the index finds a row by */
		assert_true(strncmp(tokens[i - 1], tokens[i], STORE_SELECTOR) != 0);
	}
	/* every character of the alphabet is used somewhere: the encoding covers all 64 */
	bool used[256] = {false};
	for (int i = 0; i < N; i++)
		for (int j = 0; j < STORE_TOKEN_LEN; j++)
			used[(unsigned char)tokens[i][j]] = true;
	int n_used = 0;
	for (int c = 0; c < 256; c++)
		n_used += used[c];
	assert_int_equal(n_used, 64);
	free(tokens);
	store_close(s);
}

static void test_equal_ct(void **state)
{
	(void)state;
	const char *a = "abcdefghijklmnopqrstuvwxyz012345";
	assert_true(store_equal_ct(a, 32, "abcdefghijklmnopqrstuvwxyz012345", 32));
	assert_false(store_equal_ct(a, 32, "Xbcdefghijklmnopqrstuvwxyz012345", 32));	/* first */
	assert_false(store_equal_ct(a, 32, "abcdefghijklmnopXrstuvwxyz012345", 32));	/* middle */
	assert_false(store_equal_ct(a, 32, "abcdefghijklmnopqrstuvwxyz01234X", 32));	/* last */
	assert_false(store_equal_ct(a, 32, a, 31));	/* a prefix of a */
	assert_false(store_equal_ct(a, 31, a, 32));
	assert_false(store_equal_ct(a, 32, "abcdefghijklmnopqrstuvwxyz0123456", 33));
	assert_false(store_equal_ct("ab", 2, "abab", 4));	/* a repeated is not a */
	assert_false(store_equal_ct("abab", 4, "ab", 2));
	assert_true(store_equal_ct("", 0, "", 0));
	assert_false(store_equal_ct("", 0, "a", 1));
	assert_false(store_equal_ct("a", 1, "", 0));
	assert_false(store_equal_ct("a", 1, "b", 1));
	assert_true(store_equal_ct("\xff", 1, "\xff", 1));
	assert_false(store_equal_ct("\x80", 1, "\x00", 1));
	/* the lengths given count, not NUL terminators */
	assert_true(store_equal_ct("ab\0c", 4, "ab\0c", 4));
	assert_false(store_equal_ct("ab\0c", 4, "ab\0d", 4));
}

/* ---- the calls of the desk, on either backend ---- */

struct rows {
	int n;
	char text[8][256];	/* each row's columns joined by '|' */
};

static void keep_row(void *ctx, const char *const *col, int n)
{
	struct rows *r = ctx;
	if (r->n >= 8)
		return;
	size_t used = 0;
	r->text[r->n][0] = '\0';
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(r->text[r->n] + used, sizeof(r->text[0]) - used, "%s%s",
					 i ? "|" : "", col[i] ? col[i] : "NULL");
	r->n++;
}

static void test_desk_statements(void **state)
{
	(void)state;
	store *s = open_store();
	assert_int_equal(store_desk_write(s, SD_STAFF_ADD, "bob", "hash-b", 0), 1);
	assert_int_equal(store_desk_write(s, SD_STAFF_ADD, "alice", "hash-a", 1), 1);
	assert_int_equal(store_desk_write(s, SD_STAFF_ADD, "alice", "other", 0), 0);	/* there */
	struct rows r = {0};
	assert_int_equal(store_desk_read(s, SD_STAFF_LIST, NULL, 0, keep_row, &r), 2);
	assert_string_equal(r.text[0], "alice|1");	/* by name, owner as 0 or 1 */
	assert_string_equal(r.text[1], "bob|0");
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_desk_read(s, SD_STAFF_BY_NAME, "alice", 0, keep_row, &r), 1);
	assert_non_null(strstr(r.text[0], "|hash-a"));	/* the first hash, not "other" */
	long alice = strtol(r.text[0], NULL, 10);
	assert_true(alice > 0);
	assert_int_equal(store_desk_write(s, SD_STAFF_PASSWD, "alice", "hash-a2", 0), 1);
	assert_int_equal(store_desk_write(s, SD_STAFF_PASSWD, "nobody", "x", 0), 0);

	char hash[65];
	memset(hash, 'c', 64);
	hash[64] = '\0';
	time_t before = time(NULL);
	assert_int_equal(store_desk_write(s, SD_SESSION_ADD, hash, "the-csrf", alice), 1);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_desk_read(s, SD_SESSION_GET, hash, 0, keep_row, &r), 1);
	long long created = 0, seen = 0;
	char want[128];
	snprintf(want, sizeof(want), "%ld|alice|1|the-csrf|", alice);
	assert_true(strncmp(r.text[0], want, strlen(want)) == 0);
	assert_int_equal(sscanf(r.text[0] + strlen(want), "%lld|%lld", &created, &seen), 2);
	assert_true(created >= before && created <= time(NULL) && seen == created);
	/* a prune of sessions older than a day keeps it; of sessions older than -1 s, not */
	assert_int_equal(store_desk_write(s, SD_SESSION_PRUNE, NULL, NULL, 86400), 0);
	assert_int_equal(store_desk_write(s, SD_SESSION_SEEN, hash, NULL, 0), 1);
	assert_int_equal(store_desk_write(s, SD_STAFF_SESSIONS_END, "alice", NULL, 0), 1);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_desk_read(s, SD_SESSION_GET, hash, 0, keep_row, &r), 0);

	/* the audit: action and detail split at the first newline, newest first */
	assert_int_equal(store_desk_write(s, SD_AUDIT_ADD, "alice", "create\npatient Ann", 7), 1);
	assert_int_equal(store_desk_write(s, SD_AUDIT_ADD, "clinic key", "edit\na\nb", 8), 1);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_desk_read(s, SD_AUDIT_LIST, NULL, 1, keep_row, &r), 1);
	assert_non_null(strstr(r.text[0], "|clinic key|edit|8|a\nb"));
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_desk_read(s, SD_AUDIT_LIST, NULL, 10, keep_row, &r), 2);
	assert_non_null(strstr(r.text[1], "|alice|create|7|patient Ann"));

	assert_int_equal(store_desk_write(s, SD_STAFF_REMOVE, "bob", NULL, 0), 1);
	assert_int_equal(store_desk_write(s, SD_STAFF_REMOVE, "bob", NULL, 0), 0);
	store_close(s);
}

/* A day's list and a name search, with cursors; an edit; the duplicate check. */
static void test_list_update_duplicate(void **state)
{
	(void)state;
	store *s = open_store();
	const time_t day = 1795132800;	/* 2026-11-20 00:00 UTC */
	treatment t[5];
	static const char *const names[] = {"Ann Lee", "Bob Ray", "anna b", "Cy", "Ann Lee"};
	for (int i = 0; i < 5; i++) {
		/* 9:00, 10:00, 11:00, the next day's 6:00, and 9:00 again (a duplicate of t[0]) */
		t[i] = new_treatment(names[i], day + 3600 * (i == 3 ? 30 : i == 4 ? 9 : 9 + i),
				     AC_DEVICE_PEN,
				     AC_DEPTH_DEEP, AC_SKIN_OILY);
		assert_int_equal(store_add(s, &t[i]), 0);
	}
	treatment out[5];
	store_query q = {.day_from = day, .day_to = day + 86400, .name = ""};
	assert_int_equal(store_list(s, &q, out, 5), 4);	/* Cy is the next day's */
	assert_int_equal(out[0].id, t[0].id);	/* by time, then id */
	assert_int_equal(out[1].id, t[4].id);
	assert_int_equal(out[3].id, t[2].id);
	assert_same(&out[2], &t[1]);
	q.after_time = out[1].profile.treated_at;	/* the page after the second */
	q.after_id = out[1].id;
	assert_int_equal(store_list(s, &q, out, 5), 2);
	assert_int_equal(out[0].id, t[1].id);
	store_query by_name = {.name = "ann"};	/* every day, newest first */
	assert_int_equal(store_list(s, &by_name, out, 5), 3);
	assert_int_equal(out[0].id, t[2].id);
	assert_int_equal(out[1].id, t[4].id);
	assert_int_equal(out[2].id, t[0].id);
	by_name.after_time = out[0].profile.treated_at;
	by_name.after_id = out[0].id;
	assert_int_equal(store_list(s, &by_name, out, 5), 2);
	assert_int_equal(out[0].id, t[4].id);
	assert_int_equal(store_list(s, &by_name, out, 2), 2);	/* max holds */

	int64_t other = 0;
	assert_int_equal(store_duplicate(s, &t[0], &other), 1);
	assert_int_equal(other, t[4].id);
	assert_int_equal(store_duplicate(s, &t[1], &other), 0);

	treatment edit = t[1];
	snprintf(edit.patient, sizeof(edit.patient), "Robert Ray");
	edit.profile.device = AC_DEVICE_PROCELL;
	memset(edit.protocol, 'a', STORE_PROTOCOL_LEN);
	edit.protocol[STORE_PROTOCOL_LEN] = '\0';
	assert_int_equal(store_update(s, &edit), 0);
	treatment got;
	assert_int_equal(store_get_by_token(s, t[1].token, &got), 0);	/* the same link */
	assert_same(&got, &edit);
	assert_string_equal(got.protocol, edit.protocol);
	edit.id = t[4].id + 100;
	assert_int_equal(store_update(s, &edit), 1);
	store_close(s);
}

/* ---- the throttles (store.h; docs/desk.md, "Wrong passwords") ---- */

#define T0 INT64_C(1795168800000)	/* a time in ms: the tests pass their own clock */

/* A try at now: what store_throttle_hit said (0 counted, 1 refused), failing on an error. */
static int hit(store *s, const char *key, int free_tries, bool force, int64_t now,
	       int64_t *failures, int64_t *wait)
{
	int64_t f = -1, w = -1;
	int rc = store_throttle_hit(s, key, free_tries, force, now, &f, &w);
	if (rc < 0)
		fail_msg("store_throttle_hit %s: %d %s", key, rc, store_error(s));
	if (failures)
		*failures = f;
	if (wait)
		*wait = w;
	return rc;
}

static int64_t wait_at(store *s, const char *key, int free_tries, int64_t now)
{
	int64_t w = -1;
	if (store_throttle_wait(s, key, free_tries, now, &w))
		fail_msg("store_throttle_wait %s: %s", key, store_error(s));
	return w;
}

static void test_throttle_lock_ms(void **state)
{
	(void)state;
	assert_int_equal(store_throttle_lock_ms(0, 3), 0);
	assert_int_equal(store_throttle_lock_ms(3, 3), 0);
	assert_int_equal(store_throttle_lock_ms(4, 3), 1000);
	assert_int_equal(store_throttle_lock_ms(5, 3), 2000);
	assert_int_equal(store_throttle_lock_ms(13, 3), 512000);
	assert_int_equal(store_throttle_lock_ms(14, 3), STORE_THROTTLE_LOCK_MAX_MS);
	assert_int_equal(store_throttle_lock_ms(INT64_C(1) << 40, 3), STORE_THROTTLE_LOCK_MAX_MS);
	assert_int_equal(store_throttle_lock_ms(11, 10), 1000);
}

/* Three tries free, then a lock of 1 s, 2 s, 4 s ... up to 15 minutes; a locked key
 * refuses a try without counting it (unless forced); 15 quiet minutes forget; a clear
 * forgets; keys are apart; the state is the store's, so a second store on the same
 * database (another server) sees it and counts with it. */
static void test_throttle(void **state)
{
	(void)state;
	store *a = open_store(), *b = open_store();
	int64_t f, w;
	assert_int_equal(wait_at(a, "name:carol", 3, T0), 0);
	for (int i = 1; i <= 3; i++) {	/* through a and b in turn: one count */
		assert_int_equal(hit(i % 2 ? a : b, "name:carol", 3, false, T0 + i, &f, &w), 0);
		assert_int_equal(f, i);
		assert_int_equal(w, 0);
		assert_int_equal(wait_at(i % 2 ? b : a, "name:carol", 3, T0 + i), 0);
	}
	assert_int_equal(hit(b, "name:carol", 3, false, T0 + 4, &f, NULL), 0);	/* the 4th */
	assert_int_equal(f, 4);
	assert_int_equal(wait_at(a, "name:carol", 3, T0 + 4), 1000);
	assert_int_equal(wait_at(a, "name:carol", 3, T0 + 504), 500);
	/* locked: refused through either store, not counted */
	assert_int_equal(hit(a, "name:carol", 3, false, T0 + 504, &f, &w), 1);
	assert_int_equal(w, 500);
	assert_int_equal(hit(b, "name:carol", 3, false, T0 + 1003, &f, &w), 1);
	assert_int_equal(w, 1);
	assert_int_equal(wait_at(b, "name:carol", 3, T0 + 1004), 0);
	assert_int_equal(hit(b, "name:carol", 3, false, T0 + 1004, &f, &w), 0);	/* the 5th */
	assert_int_equal(f, 5);
	assert_int_equal(wait_at(a, "name:carol", 3, T0 + 1004), 2000);
	/* forced: counted while locked (a failure that happened), the lock from it */
	assert_int_equal(hit(a, "name:carol", 3, true, T0 + 2000, &f, &w), 0);
	assert_int_equal(f, 6);
	assert_int_equal(w, 0);
	assert_int_equal(wait_at(a, "name:carol", 3, T0 + 2000), 4000);
	/* the other keys are apart: the same name as an address, another name */
	assert_int_equal(wait_at(a, "addr:carol", 3, T0 + 2000), 0);
	assert_int_equal(hit(a, "name:carol2", 3, false, T0 + 2000, &f, NULL), 0);
	assert_int_equal(f, 1);
	/* the lock's most: 15 minutes */
	int64_t now = T0 + 3000;
	for (int i = 0; i < 25; i++)	/* 1 s << 14 is past it */
		hit(b, "addr:192.0.2.1", 10, true, now, NULL, NULL);
	assert_int_equal(wait_at(a, "addr:192.0.2.1", 10, now), STORE_THROTTLE_LOCK_MAX_MS);
	assert_int_equal(hit(a, "addr:192.0.2.1", 10, false, now + STORE_THROTTLE_LOCK_MAX_MS - 1,
			     NULL, &w), 1);
	assert_int_equal(w, 1);
	/* 15 quiet minutes: forgotten, the next failure is the first */
	now += STORE_THROTTLE_FORGET_MS + 1;
	assert_int_equal(wait_at(a, "addr:192.0.2.1", 10, now), 0);
	assert_int_equal(hit(a, "addr:192.0.2.1", 10, false, now, &f, NULL), 0);
	assert_int_equal(f, 1);
	/* kept by the store: a reopened one has it */
	store_close(b);
	b = open_store();
	assert_int_equal(wait_at(b, "name:carol", 3, T0 + 2000), 4000);
	/* a right password: the account's slate clean */
	assert_int_equal(store_throttle_clear(b, "name:carol"), 0);
	assert_int_equal(wait_at(a, "name:carol", 3, T0 + 2000), 0);
	assert_int_equal(hit(a, "name:carol", 3, false, T0 + 2001, &f, NULL), 0);
	assert_int_equal(f, 1);
	assert_int_equal(store_throttle_clear(b, "name:nobody"), 0);
	/* keys of 1 to STORE_THROTTLE_KEY_MAX bytes */
	char key[STORE_THROTTLE_KEY_MAX + 2];
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assert_int_equal(store_throttle_hit(a, key, 3, false, T0, NULL, NULL), -1);
	assert_non_null(strstr(store_error(a), "key"));
	assert_int_equal(store_throttle_wait(a, "", 3, T0, &w), -1);
	key[STORE_THROTTLE_KEY_MAX] = '\0';
	assert_int_equal(hit(a, key, 3, false, T0, &f, NULL), 0);
	/* a failure known later than its try was counted: the lock from then, never earlier */
	assert_int_equal(hit(a, "name:slow", 0, false, T0, &f, NULL), 0);
	assert_int_equal(wait_at(b, "name:slow", 0, T0 + 700), 300);
	assert_int_equal(store_throttle_touch(b, "name:slow", T0 + 700), 0);
	assert_int_equal(wait_at(a, "name:slow", 0, T0 + 700), 1000);
	assert_int_equal(store_throttle_touch(b, "name:slow", T0 + 100), 0);
	assert_int_equal(wait_at(a, "name:slow", 0, T0 + 700), 1000);
	assert_int_equal(store_throttle_touch(b, "name:none", T0), 0);	/* no row: none made */
	assert_int_equal(wait_at(a, "name:none", 0, T0), 0);
	assert_int_equal(hit(a, "name:none", 0, false, T0, &f, NULL), 0);
	assert_int_equal(f, 1);
	store_close(a);
	store_close(b);
}

/* Rows forgotten are deleted by a prune, the others kept: the table cannot grow past the
 * tries of the last 15 minutes. */
static void test_throttle_prune(void **state)
{
	(void)state;
	store *s = open_store();
	char key[32];
	for (int i = 0; i < 50; i++) {	/* one a minute: 35 of them older than 15 minutes */
		snprintf(key, sizeof(key), "addr:198.51.100.%d", i);
		assert_int_equal(hit(s, key, 10, true, T0 + (int64_t)i * 60000, NULL, NULL), 0);
	}
	int64_t now = T0 + 49 * 60000;
	assert_int_equal(store_throttle_prune(s, now), 34);	/* last < now - 15 min */
	assert_int_equal(store_throttle_prune(s, now), 0);
	assert_int_equal(wait_at(s, "addr:198.51.100.49", 10, now), 0);
	int64_t f;
	assert_int_equal(hit(s, "addr:198.51.100.34", 10, true, now, &f, NULL), 0);
	assert_int_equal(f, 2);	/* kept: its last was exactly 15 minutes before */
	assert_int_equal(hit(s, "addr:198.51.100.33", 10, true, now, &f, NULL), 0);
	assert_int_equal(f, 1);	/* pruned: counted anew */
	assert_int_equal(store_throttle_prune(s, now + STORE_THROTTLE_FORGET_MS + 1), 17);
	store_close(s);
}

/* Several servers counting one key at once: every forced count is counted, and of tries
 * all made at one moment, exactly the free ones and the one that locks are let through
 * (none passes the lock another's count set). */
typedef struct racer {
	int n, counted, refused, busy;
	bool force;
	int64_t most;	/* the highest failure number this racer's counts were given */
	char err[256];
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	store *s = NULL;
	/* SQLite: another racer's write may hold the lock past the busy timeout at open too */
	for (int tries = 0; store_open(target, &s, r->err, sizeof(r->err)); tries++) {
		if (tries == 100 || !strstr(r->err, "locked"))
			return NULL;
		usleep(10000);
	}
	r->err[0] = '\0';
	for (int i = 0; i < r->n; i++) {
		int64_t f = 0;
		int rc = store_throttle_hit(s, "name:raced", 3, r->force, T0, &f, NULL);
		if (rc == STORE_BUSY) {	/* SQLite's lock past its busy timeout: again */
			r->busy++;
			i--;
			continue;
		}
		if (rc < 0) {
			snprintf(r->err, sizeof(r->err), "%s", store_error(s));
			break;
		}
		rc ? r->refused++ : r->counted++;
		if (!rc && f > r->most)
			r->most = f;
	}
	store_close(s);
	return NULL;
}

static void race_all(bool force, int per, int64_t *counted, int64_t *most)
{
	pthread_t th[4];
	racer r[4];
	memset(r, 0, sizeof(r));
	for (int i = 0; i < 4; i++) {
		r[i].n = per;
		r[i].force = force;
		assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
	}
	*counted = *most = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		if (r[i].err[0])
			fail_msg("racer %d: %s", i, r[i].err);
		assert_int_equal(r[i].counted + r[i].refused, per);
		*counted += r[i].counted;
		if (r[i].most > *most)
			*most = r[i].most;
	}
}

static void test_throttle_together(void **state)
{
	(void)state;
	store_close(open_store());	/* the schema made before the racers start */
	int64_t counted, most;
	race_all(false, 10, &counted, &most);
	assert_int_equal(counted, 4);	/* 3 free and the 4th, which locks; 36 refused */
	assert_int_equal(most, 4);
	store *s = open_store();
	assert_int_equal(store_throttle_clear(s, "name:raced"), 0);
	race_all(true, 25, &counted, &most);
	assert_int_equal(counted, 100);
	assert_int_equal(most, 100);	/* none lost: the last count saw all the others */
	assert_int_equal(wait_at(s, "name:raced", 3, T0), STORE_THROTTLE_LOCK_MAX_MS);
	store_close(s);
}

/* A version 4 store (before the throttles) gains their table on open, its rows kept. */
static void test_throttle_migrated(void **state)
{
	(void)state;
	store *s = open_store();
	treatment t = new_treatment("Four", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP,
				    AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &t), 0);
	store_close(s);
	if (target == pg_target)
		assert_int_equal(pg_sql("DROP TABLE throttle; UPDATE aftercare_schema SET version = 4"),
				 PGRES_COMMAND_OK);
	else
		raw_sql("DROP TABLE throttle; PRAGMA user_version=4;");
	s = open_store();
	treatment got;
	assert_int_equal(store_get(s, t.id, &got), 0);
	int64_t f;
	assert_int_equal(hit(s, "name:four", 3, false, T0, &f, NULL), 0);
	assert_int_equal(f, 1);
	store_close(s);
	if (target != pg_target) {
		sqlite3 *db;
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), 5);
		sqlite3_finalize(q);
		sqlite3_close(db);
	} else {
		assert_int_equal(pg_sql("DO $$ BEGIN IF (SELECT version FROM aftercare_schema) <> 5"
					" THEN RAISE 'not 5'; END IF; END $$"), PGRES_COMMAND_OK);
	}
}

/* ---- PostgreSQL's own ---- */

/* SQL on the test database through a connection of its own: the result's status. */
static ExecStatusType pg_sql(const char *sql)
{
	PGconn *c = PQconnectdb(pg_target);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", pg_target, PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	PQclear(res);
	PQfinish(c);
	return st;
}

/* Each test starts from an empty database. */
static int pg_fresh(void **state)
{
	(void)state;
	return pg_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public") == PGRES_COMMAND_OK
		       ? 0 : -1;
}

/* Rows that this program never writes are refused by the database itself. */
static void test_pg_constraints(void **state)
{
	(void)state;
	store_close(open_store());
#define COLS "INSERT INTO treatment(token, selector, patient, treated_at, device, depth, skin," \
	     " created_at) VALUES "
	assert_int_equal(pg_sql(COLS "('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'ABCDEFGHIJKL', 'ok', 1,"
				" 'pen', 'deep', 'oily', 1)"), PGRES_COMMAND_OK);
	static const char *const bad[] = {
		COLS "('ABCDEFGHIJKLMNOPQRSTUVWXYZabcde', 'ABCDEFGHIJKM', 'p', 1, 'pen', 'deep', 'oily', 1)",
		COLS "('BBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'XBCDEFGHIJKL', 'p', 1, 'pen', 'deep', 'oily', 1)",
		COLS "('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'ABCDEFGHIJKL', 'p', 1, 'pen', 'deep', 'oily', 1)",
		COLS "('CBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'CBCDEFGHIJKL', 'p', 1, 'laser', 'deep', 'oily', 1)",
		COLS "('DBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'DBCDEFGHIJKL', 'p', 1, 'pen', 'deeper', 'oily', 1)",
		COLS "('EBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'EBCDEFGHIJKL', 'p', 1, 'pen', 'deep', 'dry', 1)",
		COLS "('FBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'FBCDEFGHIJKL', repeat('x', 201), 1, 'pen',"
		     " 'deep', 'oily', 1)",
		COLS "('GBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'GBCDEFGHIJKL', NULL, 1, 'pen', 'deep', 'oily', 1)",
		COLS "('HBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'HBCDEFGHIJKL', 'p', 'soon', 'pen', 'deep',"
		     " 'oily', 1)",
		"UPDATE treatment SET protocol = 'not a hash'",
		"UPDATE treatment SET zone = repeat('x', 65)",
		"UPDATE treatment SET zone = NULL",
		"INSERT INTO staff(name, hash, owner, created_at) VALUES ('x', 'h', 2, 1)",
		"INSERT INTO staff(name, hash, owner, created_at) VALUES ('', 'h', 0, 1)",
		"INSERT INTO throttle(key, failures, last) VALUES ('', 1, 1)",
		"INSERT INTO throttle(key, failures, last) VALUES (repeat('k', 129), 1, 1)",
		"INSERT INTO throttle(key, failures, last) VALUES ('k', 0, 1)",
		"INSERT INTO throttle(key, failures, last) VALUES ('k', 1, NULL)",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pg_sql(bad[i]) != PGRES_FATAL_ERROR)
			fail_msg("accepted: %s", bad[i]);
	/* a patient of STORE_PATIENT_MAX bytes of two-byte letters is 100 letters: taken */
	assert_int_equal(pg_sql(COLS "('IBCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 'IBCDEFGHIJKL',"
				" repeat('é', 100), 1, 'pen', 'deep', 'oily', 1)"), PGRES_COMMAND_OK);
#undef COLS
}

static void test_pg_schema_version(void **state)
{
	(void)state;
	store_close(open_store());
	store_close(open_store());	/* again: made once */
	assert_int_equal(pg_sql("DO $$ BEGIN IF (SELECT count(*) FROM aftercare_schema) <> 1 OR"
				" (SELECT version FROM aftercare_schema) <> 5 THEN RAISE 'not"
				" one version 5'; END IF; END $$"), PGRES_COMMAND_OK);
	assert_int_equal(pg_sql("UPDATE aftercare_schema SET version = 99"), PGRES_COMMAND_OK);
	store *s = NULL;
	char err[256] = "";
	assert_int_equal(store_open(target, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_non_null(strstr(err, "version 99"));
	assert_int_equal(pg_sql("UPDATE aftercare_schema SET version = 5"), PGRES_COMMAND_OK);
	store_close(open_store());
	/* a version this program never made on PostgreSQL (SQLite's 1 and 2): refused too */
	assert_int_equal(pg_sql("UPDATE aftercare_schema SET version = 2"), PGRES_COMMAND_OK);
	assert_int_equal(store_open(target, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_non_null(strstr(err, "version 2"));
	assert_int_equal(pg_sql("UPDATE aftercare_schema SET version = 5"), PGRES_COMMAND_OK);
	store_close(open_store());
}

static void *open_in_thread(void *arg)
{
	store *s = NULL;
	char err[256] = "";
	int rc = store_open(target, &s, err, sizeof(err));
	if (rc)
		snprintf(arg, 256, "%s", err);
	store_close(s);
	return (void *)(intptr_t)rc;
}

/* Four servers starting at once on an empty database: each opens it, one made the schema. */
static void test_pg_migrate_together(void **state)
{
	(void)state;
	pthread_t th[4];
	char err[4][256] = {""};
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, open_in_thread, err[i]), 0);
	for (int i = 0; i < 4; i++) {
		void *rc;
		pthread_join(th[i], &rc);
		if (rc)
			fail_msg("open %d: %s", i, err[i]);
	}
	assert_int_equal(pg_sql("DO $$ BEGIN IF (SELECT count(*) FROM aftercare_schema) <> 1"
				" THEN RAISE 'migrated twice'; END IF; END $$"), PGRES_COMMAND_OK);
}

/* The store's connection ended under it (as when the database restarts): a read is served
 * on a new connection; a write is done or a STORE_BUSY (never a plain failure), and done a
 * second later. */
static void test_pg_reconnect(void **state)
{
	(void)state;
	store *s = open_store();
	treatment a = new_treatment("A", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &a), 0);
	static const char kill_sql[] = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
				       " WHERE application_name = 'aftercare'";
	assert_int_equal(pg_sql(kill_sql), PGRES_TUPLES_OK);
	treatment got;
	assert_int_equal(store_get(s, a.id, &got), 0);
	assert_same(&got, &a);
	assert_int_equal(pg_sql(kill_sql), PGRES_TUPLES_OK);
	usleep(1100 * 1000);	/* past the once-a-second limit on resets */
	treatment b = a;
	int rc = store_add(s, &b);
	assert_true(rc == 0 || rc == STORE_BUSY);
	if (rc) {
		usleep(1100 * 1000);
		assert_int_equal(store_add(s, &b), 0);
	}
	assert_int_equal(store_get_by_token(s, b.token, &got), 0);
	store_close(s);
}

/* A lock held by another program past lock_timeout: STORE_BUSY at once, nothing changed;
 * the store works again when it is let go. */
static void test_pg_busy(void **state)
{
	(void)state;
	store *s = open_store();
	treatment a = new_treatment("A", 1795168800, AC_DEVICE_PEN, AC_DEPTH_DEEP, AC_SKIN_NORMAL);
	assert_int_equal(store_add(s, &a), 0);
	PGconn *c = PQconnectdb(pg_target);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *res = PQexec(c, "BEGIN; LOCK TABLE treatment IN ACCESS EXCLUSIVE MODE");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	treatment b = a;
	assert_int_equal(store_add(s, &b), STORE_BUSY);
	treatment got;
	assert_int_equal(store_get(s, a.id, &got), STORE_BUSY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited < 2.0);	/* two lock timeouts of 250 ms, not a stall */
	assert_non_null(strstr(store_error(s), "lock"));
	PQclear(PQexec(c, "ROLLBACK"));
	PQfinish(c);
	assert_int_equal(store_get(s, a.id, &got), 0);
	assert_int_equal(store_add(s, &b), 0);
	assert_true(b.id > a.id);
	store_close(s);
}

/* What names PostgreSQL; no password in a message or a description. */
static void test_pg_names(void **state)
{
	(void)state;
	assert_true(store_is_pg("postgresql://u@h/db"));
	assert_true(store_is_pg("postgres://h/db"));
	assert_true(store_is_pg("host=/tmp dbname=x"));
	assert_true(store_is_pg("dbname=x"));
	assert_false(store_is_pg("aftercare.db"));
	assert_false(store_is_pg("/srv/a=b/aftercare.db"));
	assert_false(store_is_pg("./x=y.db"));
	assert_false(store_is_pg(""));

	static const char uri[] = "postgresql://clinic:s3cret-pw@/nodb?host=/nonexistent/dir";
	char buf[256];
	store_describe(uri, buf, sizeof(buf));
	assert_null(strstr(buf, "s3cret-pw"));
	assert_non_null(strstr(buf, "dbname=nodb"));
	store *s = NULL;
	char err[256] = "";
	assert_int_equal(store_open(uri, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_true(err[0] != '\0');
	assert_null(strstr(err, "s3cret-pw"));
	err[0] = '\0';
	assert_int_equal(store_open("host=/tmp dbname", &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "connection string"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_add_get_round_trip, fresh),
		cmocka_unit_test_setup(test_wrong_tokens, fresh),
		cmocka_unit_test_setup(test_delete, fresh),
		cmocka_unit_test_setup(test_reopen, fresh),
		cmocka_unit_test_setup(test_open_refuses, fresh),
		cmocka_unit_test_setup(test_tokens_distinct, fresh),
		cmocka_unit_test_setup(test_ids_never_reused, fresh),
		cmocka_unit_test_setup(test_schema_versions, fresh),
		cmocka_unit_test_setup(test_desk_statements, fresh),
		cmocka_unit_test_setup(test_list_update_duplicate, fresh),
		cmocka_unit_test_setup(test_protocol_texts, fresh),
		cmocka_unit_test_setup(test_zone_kept, fresh),
		cmocka_unit_test(test_throttle_lock_ms),
		cmocka_unit_test_setup(test_throttle, fresh),
		cmocka_unit_test_setup(test_throttle_prune, fresh),
		cmocka_unit_test_setup(test_throttle_together, fresh),
		cmocka_unit_test_setup(test_throttle_migrated, fresh),
		cmocka_unit_test(test_equal_ct),
		cmocka_unit_test(test_pg_names),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, make_dir, remove_dir);
	pg_target = getenv("AFTERCARE_TEST_PG");
	if (!pg_target || !*pg_target) {
		fprintf(stderr, "test_store: AFTERCARE_TEST_PG unset: PostgreSQL not tested here "
			"(tests/server/pg.sh runs it)\n");
		return failed;
	}
	target = pg_target;
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test_setup(test_add_get_round_trip, pg_fresh),
		cmocka_unit_test_setup(test_wrong_tokens, pg_fresh),
		cmocka_unit_test_setup(test_delete, pg_fresh),
		cmocka_unit_test_setup(test_reopen, pg_fresh),
		cmocka_unit_test_setup(test_tokens_distinct, pg_fresh),
		cmocka_unit_test_setup(test_desk_statements, pg_fresh),
		cmocka_unit_test_setup(test_list_update_duplicate, pg_fresh),
		cmocka_unit_test_setup(test_protocol_texts, pg_fresh),
		cmocka_unit_test_setup(test_zone_kept, pg_fresh),
		cmocka_unit_test_setup(test_throttle, pg_fresh),
		cmocka_unit_test_setup(test_throttle_prune, pg_fresh),
		cmocka_unit_test_setup(test_throttle_together, pg_fresh),
		cmocka_unit_test_setup(test_throttle_migrated, pg_fresh),
		cmocka_unit_test_setup(test_pg_constraints, pg_fresh),
		cmocka_unit_test_setup(test_pg_schema_version, pg_fresh),
		cmocka_unit_test_setup(test_pg_migrate_together, pg_fresh),
		cmocka_unit_test_setup(test_pg_reconnect, pg_fresh),
		cmocka_unit_test_setup(test_pg_busy, pg_fresh),
	};
	return failed + cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
}

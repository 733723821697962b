/* staff.h: the clinic desk's accounts, sessions and audit, in the server's store
 * (docs/desk.md). Passwords are kept as Argon2id strings (libsodium's crypto_pwhash_str);
 * a session's cookie is 256 random bits of which only a BLAKE2b hash is stored. */
#ifndef AC_STAFF_H
#define AC_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"

#define STAFF_NAME_MAX 64
#define STAFF_PASSWORD_MIN 10
#define STAFF_PASSWORD_MAX 1024
#define SESSION_TOKEN_LEN 43	/* 32 bytes as base64url without padding */
#define SESSION_IDLE_DEFAULT 1800	/* seconds without a request before a session ends */
#define SESSION_MAX_AGE 43200		/* seconds from sign-in, however busy */

/* Call once before anything below (sodium_init); -1 when libsodium cannot start. */
int staff_init(void);

/* Whether name is a staff name: 1 to STAFF_NAME_MAX of letters, digits and . _ @ -. */
bool staff_name_ok(const char *name);

/* 0 added, 1 the name exists, -1 a store or hashing error (why in err). */
int staff_add(store *s, const char *name, const char *password, bool owner, char *err,
	      size_t errlen);
/* 0 changed (and the account's sessions ended), 1 no such name, -1 an error. */
int staff_passwd(store *s, const char *name, const char *password, char *err, size_t errlen);
/* 0 removed (and its sessions ended), 1 no such name, -1 an error. */
int staff_remove(store *s, const char *name, char *err, size_t errlen);
/* Print "NAME[ (owner)]" a line; 0 or -1. */
int staff_list(store *s, FILE *out);

/* Check a password. An unknown name costs as long as a known one (a hash is verified
 * anyway). 0 right (*id set), 1 wrong or no such name, -1 a store error. */
int staff_verify(store *s, const char *name, const char *password, int64_t *id);

/* A signed-in member of staff, as a request's session shows them. */
typedef struct staff_session {
	int64_t staff_id;
	char name[STAFF_NAME_MAX + 1];
	bool owner;
	char csrf[SESSION_TOKEN_LEN + 1];	/* what a change must carry (X-CSRF-Token) */
} staff_session;

/* Start a session for staff_id: its cookie value in cookie. 0 or -1. */
int session_new(store *s, int64_t staff_id, char cookie[SESSION_TOKEN_LEN + 1]);
/* The session of a cookie's value, when it is live: used within idle_s seconds of its
 * last use and within SESSION_MAX_AGE of sign-in. 0 live (out filled, its last use now),
 * 1 none or expired (and then removed), -1 a store error. */
int session_check(store *s, const char *cookie, long idle_s, staff_session *out);
/* End the session of a cookie's value (signing out). 0 or -1. */
int session_end(store *s, const char *cookie);

/* Record a change: who (a staff name, or "clinic key"), what (create, edit, delete,
 * reissue), which treatment, and a detail that says what changed (never a token). */
int audit_add(store *s, const char *who, const char *action, int64_t treatment_id,
	      const char *detail);
/* The newest limit records as a JSON array [{id, at, who, action, treatment, detail}];
 * NULL on error. */
struct json_t *audit_list(store *s, int limit);

#endif

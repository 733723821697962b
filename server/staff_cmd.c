/* staff_cmd.c: `aftercare staff add|passwd|remove|list [NAME] [--owner] [--db FILE]`, run by
 * aftercare-serve (cli/main.c hands it over): the desk's accounts live in the server's store,
 * and libsodium is loaded by this program only (docs/desk.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "staff.h"

#define DEFAULT_DB "aftercare.db"

/* One line from in, without its newline: 0, or -1 at end of input or for a line too long. */
static int read_line(FILE *in, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, in))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == size - 1 && !feof(in))
		return -1;	/* longer than the buffer */
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* A password without echo from a terminal (asked twice), or one line of standard input when
 * it is not a terminal (scripts, tests). 0, or an exit status after saying why. */
static int read_password(const char *name, char *buf, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, buf, size)) {
			cli_error("no password on standard input (one line, at most %d bytes)",
				  STAFF_PASSWORD_MAX);
			return EXIT_USAGE;
		}
		return 0;
	}
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old)) {
		cli_error("cannot read the terminal: %s", strerror(errno));
		return EXIT_USAGE;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	char again[STAFF_PASSWORD_MAX + 2];
	int rc = 0;
	fprintf(stderr, "Password for %s: ", name);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	if (read_line(stdin, buf, size))
		rc = EXIT_USAGE;
	if (!rc) {
		fprintf(stderr, "Again: ");
		if (read_line(stdin, again, sizeof(again)) || strcmp(buf, again) != 0)
			rc = EXIT_USAGE;
	}
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	memset(again, 0, sizeof(again));
	if (rc)
		cli_error("the two passwords differ (or none was given)");
	return rc;
}

static int password_ok(const char *pw)
{
	size_t n = strlen(pw);
	if (n < STAFF_PASSWORD_MIN) {
		cli_error("the password is too short: at least %d characters", STAFF_PASSWORD_MIN);
		return EXIT_USAGE;
	}
	if (n > STAFF_PASSWORD_MAX) {
		cli_error("the password is too long: at most %d bytes", STAFF_PASSWORD_MAX);
		return EXIT_USAGE;
	}
	return 0;
}

static int run(store *st, const char *verb, const char *name, bool owner)
{
	char pw[STAFF_PASSWORD_MAX + 2], err[256];
	int rc = 0;
	if (strcmp(verb, "list") == 0)
		return staff_list(st, stdout) ? EXIT_INTERNAL : 0;
	if (strcmp(verb, "remove") == 0) {
		rc = staff_remove(st, name, err, sizeof(err));
		if (rc > 0)
			cli_error("no staff member \"%s\"", name);
		else if (rc < 0)
			cli_error("the store failed: %s", err);
		else
			fprintf(stderr, "aftercare: removed %s (and ended their sessions)\n", name);
		return rc > 0 ? EXIT_USAGE : rc < 0 ? EXIT_INTERNAL : 0;
	}
	if ((rc = read_password(name, pw, sizeof(pw))) || (rc = password_ok(pw)))
		goto out;
	rc = strcmp(verb, "add") == 0 ? staff_add(st, name, pw, owner, err, sizeof(err))
				       : staff_passwd(st, name, pw, err, sizeof(err));
	if (rc > 0)
		cli_error(strcmp(verb, "add") == 0 ? "staff member \"%s\" exists already (staff "
			  "passwd changes a password)" : "no staff member \"%s\"", name);
	else if (rc < 0)
		cli_error("the store failed: %s", err);
	else
		fprintf(stderr, "aftercare: %s %s%s\n", strcmp(verb, "add") == 0 ? "added" :
			"changed the password of", name, owner ? " (owner: sees the audit)" : "");
	rc = rc > 0 ? EXIT_USAGE : rc < 0 ? EXIT_INTERNAL : 0;
out:
	memset(pw, 0, sizeof(pw));
	return rc;
}

int cmd_staff(const cli_args *args)
{
	const char *verb = args->n_operands ? args->operands[0] : "";
	bool list = strcmp(verb, "list") == 0;
	if (!list && strcmp(verb, "add") != 0 && strcmp(verb, "passwd") != 0 &&
	    strcmp(verb, "remove") != 0) {
		cli_error("staff needs add NAME, passwd NAME, remove NAME or list");
		return EXIT_USAGE;
	}
	if (args->n_operands != (list ? 1 : 2)) {
		cli_error(list ? "staff list takes no name" : "staff %s needs one NAME", verb);
		return EXIT_USAGE;
	}
	const char *name = list ? "" : args->operands[1];
	if (!list && !staff_name_ok(name)) {
		cli_error("bad staff name \"%s\": 1 to %d letters, digits and . _ @ -", name,
			  STAFF_NAME_MAX);
		return EXIT_USAGE;
	}
	if (staff_init()) {
		cli_error("libsodium cannot start");
		return EXIT_INTERNAL;
	}
	const char *db = args->db ? args->db : DEFAULT_DB;
	store *st;
	char err[256];
	if (store_open(db, &st, err, sizeof(err))) {
		char where[256];
		store_describe(db, where, sizeof(where));
		cli_error("cannot open the store %s: %s", where, err);
		return EXIT_USAGE;
	}
	int rc = run(st, verb, name, args->owner);
	store_close(st);
	return rc;
}

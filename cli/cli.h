/* cli.h: what the command's files share. */
#ifndef AC_CLI_H
#define AC_CLI_H

#include <stdbool.h>

#include "aftercare.h"

/* Exit statuses (docs/cli.md). */
enum { EXIT_ANSWER = 0, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_ICS, FORMAT_FHIR } cli_format;

/* The command line as given. */
typedef struct cli_args {
	const char *command;
	char **operands;
	int n_operands;
	const char *treated, *at, *after, *device, *depth, *skin, *policy, *protocol, *kb;
	const char *format;
	const char *calendar, *start, *sessions, *dates, *needle;
	const char *listen;	/* serve: HOST:PORT */
	const char *db;		/* serve: the SQLite store */
	const char *api_key;	/* serve: the clinic's key (or AFTERCARE_API_KEY) */
	const char *color;	/* auto|always|never */
	const char *clinic;	/* serve: the clinic's settings (clinic.yaml; docs/desk.md) */
	const char *timezone;	/* serve: the clinic's zone (docs/web.md, "One clock") */
	bool chart, batch, occurrences, help, version;
	bool owner;		/* staff add: the account sees the audit */
	int argc;		/* the whole command line, for handing on to aftercare-cal */
	char **argv;
} cli_args;

/* What the subcommands work with, made from the arguments. */
typedef struct cli_ctx {
	ac_kb *kb;
	ac_profile profile;
	ac_policy policy;
	cli_format format;
	int32_t at_min;		/* the moment asked about, minutes after treatment */
	int32_t now_min;	/* now, minutes after treatment; -1 before it */
	bool at_given;		/* --at or --after was given */
	ac_render_opts render;
} cli_ctx;

/* Parse argv; on bad usage print the error and return -1. */
int cli_parse(int argc, char **argv, cli_args *args);

/* The option table (cli/options.c): parsing, --help and the man page all come from it. */
typedef struct cli_option_def {
	const char *name;
	const char *arg;	/* NULL for a flag */
	size_t offset;		/* of the field in cli_args */
	const char *help;
} cli_option_def;

/* A command: its operands (NULL: none), summary, the names of the options it takes
 * (space-separated; --help is taken by all) and one example command line. */
typedef struct cli_command_def {
	const char *name, *operands, *summary, *options, *example;
} cli_command_def;

/* A name and its meaning: exit statuses, environment variables. */
typedef struct cli_doc_item {
	const char *name, *text;
} cli_doc_item;

const cli_option_def *cli_options(size_t *n);
const cli_command_def *cli_commands(size_t *n);
const cli_doc_item *cli_exit_statuses(size_t *n);
const cli_doc_item *cli_environment(size_t *n);
/* The command called name, or NULL. */
const cli_command_def *cli_command_find(const char *name);
/* Does command c take the option called name? */
bool cli_command_takes(const cli_command_def *c, const char *name);

/* The general help, and one command's (its usage, options and an example). */
void cli_usage(FILE *out);
void cli_command_usage(FILE *out, const cli_command_def *c);

/* The width to wrap text for out to: $COLUMNS, else the terminal's, else 80. */
int cli_term_width(FILE *out);
/* Write text from column col, wrapped at width, continuing lines at indent; then '\n'. */
void cli_wrap(FILE *out, const char *text, int col, int indent, int width);

/* Load the knowledge base (and protocol) and build the profile, policy and times.
 * Prints the error and returns EXIT_USAGE on bad input. */
int cli_ctx_init(cli_ctx *ctx, const cli_args *args);
void cli_ctx_free(cli_ctx *ctx);

/* Print "aftercare: error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit status after the output is flushed: rc, or EXIT_INTERNAL with a message when
 * stdout could not be written (a full disk, a closed pipe or file), so that a failed write
 * is never reported as success (docs/cli.md, "Exit status"). */
int cli_finish(int rc);

/* Resolve an activity id or alias, or print an error with suggestions and return -1. */
int cli_activity(const ac_kb *kb, const char *name);

/* The activities as `activities --format json` prints them (a jansson array; NULL when out
 * of memory): aftercare-serve answers GET /api/activities with it. */
struct json_t *cli_activities_json(const ac_kb *kb);
/* The sources as `sources --format json` prints them (NULL when out of memory). */
struct json_t *cli_sources_json(const ac_kb *kb);

/* Text output wrapped to the width (cli/wrap.c): renderers write to cli_text_begin's stream,
 * cli_text_end writes it to stdout, each line too wide broken at spaces with a hanging
 * indent. cli_text_end returns 0, or EXIT_INTERNAL when out of memory. */
typedef struct cli_text {
	FILE *mem;
	char *buf;
	size_t len;
	int width;
} cli_text;
FILE *cli_text_begin(cli_text *t, const cli_ctx *ctx);
int cli_text_end(cli_text *t);
void cli_write_wrapped(FILE *out, const char *text, size_t len, int width);

int cmd_status(const cli_args *args);
int cmd_when(const cli_args *args);
int cmd_plan(const cli_args *args);
int cmd_activities(const cli_args *args);
int cmd_sources(const cli_args *args);
int cmd_conflicts(const cli_args *args);
int cmd_lint(const cli_args *args);
int cmd_ask(const cli_args *args);
int cmd_course(const cli_args *args);
int cmd_staff(const cli_args *args);	/* in aftercare-serve (server/staff_cmd.c) */

/* The course or home dermaroller plan the options ask for (--start, --sessions, --skin,
 * --device dermaroller --needle): 0, or an exit status after printing the error. */
int cli_course_build(const cli_ctx *ctx, const cli_args *args, ac_course *out);

/* Run a command in program, which sits beside this one (or at $env): the calendar commands
 * (check, plan --format ics, course --format ics) in aftercare-cal, which links libical, and
 * serve in aftercare-serve, which links libmicrohttpd; either would slow every other
 * command's start (docs/benchmarks.md). Returns only on failure. */
int cli_delegate(const cli_args *args, const char *program, const char *env);

#endif

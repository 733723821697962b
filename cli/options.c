/* options.c: the command line's option and command tables, from which parsing, --help,
 * `aftercare COMMAND --help` and the man page (tools/mangen.c) all come. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

static const cli_option_def options[] = {
	{"treated", "\"YYYY-MM-DD HH:MM\"", offsetof(cli_args, treated),
	 "when the treatment was, local time (default: now)"},
	{"at", "\"YYYY-MM-DD HH:MM\"", offsetof(cli_args, at), "the moment to ask about (default: now)"},
	{"after", "DURATION", offsetof(cli_args, after),
	 "the moment to ask about, as time after treatment (36h, 2d, 1w)"},
	{"device", "pen|dermaroller|procell", offsetof(cli_args, device), "device used (default: pen)"},
	{"depth", "superficial|deep", offsetof(cli_args, depth), "treatment depth (default: unspecified)"},
	{"skin", "sensitive|normal|oily|acne-prone", offsetof(cli_args, skin),
	 "skin type (default: unspecified)"},
	{"policy", "conservative|lenient|source:ID", offsetof(cli_args, policy),
	 "how to reconcile disagreeing sources (default: conservative)"},
	{"protocol", "FILE", offsetof(cli_args, protocol),
	 "a clinic protocol whose rules replace the guide's for the activities it names"},
	{"kb", "FILE", offsetof(cli_args, kb), "knowledge base to use instead of the built-in guide"},
	{"format", "text|json|ics|fhir", offsetof(cli_args, format),
	 "output format (default: text; ics: plan, course; fhir: plan)"},
	{"calendar", "FILE.ics", offsetof(cli_args, calendar), "check: the calendar to check"},
	{"start", "DATE", offsetof(cli_args, start), "course: the first session's date"},
	{"sessions", "N", offsetof(cli_args, sessions), "course: how many sessions"},
	{"dates", "D1,D2,...", offsetof(cli_args, dates), "course: check these session dates"},
	{"needle", "MM", offsetof(cli_args, needle), "course: home dermaroller needle length"},
	{"listen", "HOST:PORT", offsetof(cli_args, listen),
	 "serve: the address to listen on (default: 127.0.0.1:8080)"},
	{"db", "FILE", offsetof(cli_args, db),
	 "serve: the clinic's SQLite store, created on first start (default: aftercare.db), or a "
	 "PostgreSQL connection string (postgresql://...; docs/deploy.md)"},
	{"api-key", "KEY", offsetof(cli_args, api_key),
	 "serve: the clinic's key for /api/treatments (better: AFTERCARE_API_KEY)"},
	{"color", "auto|always|never", offsetof(cli_args, color),
	 "colour: auto (default) on a terminal that supports it, unless NO_COLOR is set"},
	{"clinic", "FILE", offsetof(cli_args, clinic),
	 "serve: the clinic's settings, clinic.yaml (docs/desk.md)"},
	{"timezone", "ZONE", offsetof(cli_args, timezone),
	 "serve: the clinic's IANA zone (Europe/London), kept with each new treatment (default: "
	 "clinic.yaml's time_zone, else the machine's)"},
	{"owner", NULL, offsetof(cli_args, owner), "staff add: the account sees the audit"},
	{"chart", NULL, offsetof(cli_args, chart), "plan: draw the day-by-day chart even when not on a terminal"},
	{"batch", NULL, offsetof(cli_args, batch), "ask: one question a line on stdin, one JSON object a line out"},
	{"occurrences", NULL, offsetof(cli_args, occurrences),
	 "check --format json: list every occurrence considered (\"considered\")"},
	{"help", NULL, offsetof(cli_args, help), "show this help"},
	{"version", NULL, offsetof(cli_args, version), "show the version"},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/* The options every question about one treatment takes. */
#define TREATMENT "treated at after device depth skin policy protocol kb"

/* Each command's operands, summary, options (names from the table above, space-separated)
 * and one example. The order is the order of the general help and the man page. */
static const cli_command_def commands[] = {
	{"status", NULL, "what is off limits now, what is fine, what changes next",
	 TREATMENT " format color", "aftercare status --treated \"2026-11-20 10:00\" --depth superficial"},
	{"when", "ACTIVITY...", "from when an activity is fine, why, and who says so",
	 TREATMENT " format color", "aftercare when swimming --treated \"2026-11-20 10:00\" --after 2d"},
	{"plan", NULL, "milestones from treatment until everything is clear",
	 TREATMENT " format chart color",
	 "aftercare plan --treated \"2026-11-20 10:00\" --format ics > recovery.ics"},
	{"activities", NULL, "the activities the guide covers, with their aliases",
	 "kb protocol format", "aftercare activities --format json"},
	{"sources", NULL, "the guide's voices", "kb protocol format", "aftercare sources"},
	{"conflicts", NULL, "every activity on which the sources disagree",
	 "policy kb protocol format", "aftercare conflicts"},
	{"lint", "FILE", "check a knowledge base or clinic protocol file", "kb",
	 "aftercare lint my-clinic.yaml"},
	{"ask", "QUESTION", "a question in plain English: \"can i swim 2 days after?\"",
	 TREATMENT " format batch",
	 "aftercare ask \"is it ok to hit the gym 2 days after microneedling\""},
	{"check", "--calendar FILE.ics", "your calendar's events that clash with the recovery",
	 "calendar " TREATMENT " format occurrences",
	 "aftercare check --calendar my-calendar.ics --treated \"2026-11-20 10:00\""},
	{"course", NULL, "plan or check a course of treatments",
	 "start sessions dates needle device skin kb protocol format",
	 "aftercare course --start 2026-12-01 --skin sensitive"},
	{"serve", NULL, "the JSON API and the patient page over HTTP (aftercare-serve(8))",
	 "listen db api-key kb protocol clinic timezone",
	 "aftercare serve --listen 127.0.0.1:8080 --db clinic.db"},
	{"staff", "add|passwd|remove|list [NAME]",
	 "the clinic desk's staff accounts, in the server's store (docs/desk.md)", "db owner",
	 "aftercare staff add maria --db clinic.db --owner"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const cli_doc_item exit_statuses[] = {
	{"0", "answered"},
	{"1", "check found clashes with the recovery, or course --dates found problems"},
	{"2", "bad usage or bad input: the message on stderr says what and where"},
	{"3", "internal error: out of memory, or the output could not be written"},
};

static const cli_doc_item environment[] = {
	{"NO_COLOR", "when set and not empty, no colour (as --color=never)"},
	{"TERM", "dumb, or unset: no colour with --color=auto"},
	{"COLUMNS", "the width text is wrapped to (default: the terminal's, else 80)"},
	{"TZ", "the local time zone of --treated, --at and the times printed"},
	{"AFTERCARE_API_KEY", "serve: the clinic's key (at least 16 characters)"},
	{"CREDENTIALS_DIRECTORY", "serve: when no key is given otherwise, read it from the file "
				  "api-key there (systemd's LoadCredential=)"},
	{"AFTERCARE_CAL, AFTERCARE_SERVE", "the helper programs to run instead of the installed "
					   "aftercare-cal and aftercare-serve"},
	{"SOURCE_DATE_EPOCH", "the creation time written into .ics and FHIR output"},
};

const cli_option_def *cli_options(size_t *n)
{
	*n = N_OPTIONS;
	return options;
}

const cli_command_def *cli_commands(size_t *n)
{
	*n = N_COMMANDS;
	return commands;
}

const cli_doc_item *cli_exit_statuses(size_t *n)
{
	*n = sizeof(exit_statuses) / sizeof(exit_statuses[0]);
	return exit_statuses;
}

const cli_doc_item *cli_environment(size_t *n)
{
	*n = sizeof(environment) / sizeof(environment[0]);
	return environment;
}

const cli_command_def *cli_command_find(const char *name)
{
	for (size_t i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Is option name in the space-separated list? */
bool cli_command_takes(const cli_command_def *c, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = c->options; p && *p;) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == len && strncmp(p, name, n) == 0)
			return true;
		p += n + (e != NULL);
	}
	return false;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("aftercare: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_finish(int rc)
{
	errno = 0;
	if ((fflush(stdout) == 0 && !ferror(stdout)) || rc == EXIT_INTERNAL)
		return rc;	/* written, or the failure already said */
	cli_error("cannot write the output: %s", errno ? strerror(errno) : "write error");
	return EXIT_INTERNAL;
}

int cli_term_width(FILE *out)
{
	const char *cols = getenv("COLUMNS");
	int w = cols ? atoi(cols) : 0;
	struct winsize ws;
	if (w <= 0 && isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0)
		w = ws.ws_col;
	if (w <= 0)
		w = 80;
	return w < 40 ? 40 : w > 500 ? 500 : w;
}

void cli_wrap(FILE *out, const char *text, int col, int indent, int width)
{
	const char *p = text;
	while (*p) {
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		int len = (int)(p - word);
		if (col > indent && col + 1 + len > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(word, 1, (size_t)len, out);
		col += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

/* "  --name ARG" then the help, wrapped; a long name puts the help on the next line. */
static void print_item(FILE *out, const char *left, const char *help, int width)
{
	enum { HELP_COL = 32 };
	int n = fprintf(out, "  %s", left);
	if (n + 2 > HELP_COL) {
		fprintf(out, "\n%*s", HELP_COL, "");
	} else {
		fprintf(out, "%*s", HELP_COL - n, "");
	}
	cli_wrap(out, help, HELP_COL, HELP_COL, width);
}

static void print_option(FILE *out, const cli_option_def *o, const char *command, int width)
{
	char left[80];
	snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	const char *help = o->help;
	size_t n = command ? strlen(command) : 0;
	/* "serve: the address ..." reads "the address ..." under serve's own help. */
	if (command && strncmp(help, command, n) == 0 && help[n] == ':' && help[n + 1] == ' ')
		help += n + 2;
	print_item(out, left, help, width);
}

static void print_tail(FILE *out, int width)
{
	size_t n;
	const cli_doc_item *e = cli_exit_statuses(&n);
	fputs("\nExit status:\n", out);
	for (size_t i = 0; i < n; i++)
		print_item(out, e[i].name, e[i].text, width);
	e = cli_environment(&n);
	fputs("\nEnvironment:\n", out);
	for (size_t i = 0; i < n; i++)
		print_item(out, e[i].name, e[i].text, width);
	fputs("\nMore: man aftercare, and `aftercare COMMAND --help`.\n", out);
}

void cli_usage(FILE *out)
{
	int width = cli_term_width(out);
	fputs("Usage: aftercare COMMAND [ARGS] [OPTIONS]\n"
	      "\n"
	      "A personal, sourced recovery plan after microneedling, from one published guide.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char left[64];
		snprintf(left, sizeof(left), "%s%s%s", commands[i].name,
			 commands[i].operands ? " " : "",
			 commands[i].operands ? commands[i].operands : "");
		print_item(out, left, commands[i].summary, width);
	}
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < N_OPTIONS; i++)
		print_option(out, &options[i], NULL, width);
	print_tail(out, width);
}

void cli_command_usage(FILE *out, const cli_command_def *c)
{
	int width = cli_term_width(out);
	fprintf(out, "Usage: aftercare %s%s%s [OPTIONS]\n\n", c->name, c->operands ? " " : "",
		c->operands ? c->operands : "");
	char summary[256];
	snprintf(summary, sizeof(summary), "%s", c->summary);
	summary[0] = (char)(summary[0] >= 'a' && summary[0] <= 'z' ? summary[0] - 32 : summary[0]);
	strncat(summary, ".", sizeof(summary) - strlen(summary) - 1);
	cli_wrap(out, summary, 0, 0, width);
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (cli_command_takes(c, options[i].name))
			print_option(out, &options[i], c->name, width);
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (!strcmp(options[i].name, "help"))
			print_option(out, &options[i], c->name, width);
	fprintf(out, "\nExample:\n  %s\n", c->example);
}

int cli_parse(int argc, char **argv, cli_args *args)
{
	struct option longopts[N_OPTIONS + 1];
	memset(args, 0, sizeof(*args));
	memset(longopts, 0, sizeof(longopts));
	for (size_t i = 0; i < N_OPTIONS; i++) {
		longopts[i].name = options[i].name;
		longopts[i].has_arg = options[i].arg ? required_argument : no_argument;
		longopts[i].val = (int)i + 256;
	}
	opterr = 0;
	optind = 1;
	int c, idx;
	/* '+' off, '-' off: GNU permutation lets options follow operands. */
	while ((c = getopt_long(argc, argv, ":h", longopts, &idx)) != -1) {
		if (c == 'h') {
			args->help = true;
		} else if (c >= 256) {
			const cli_option_def *o = &options[c - 256];
			if (o->arg)
				*(const char **)((char *)args + o->offset) = optarg;
			else
				*(bool *)((char *)args + o->offset) = true;
		} else if (c == ':') {
			cli_error("option %s needs a value", argv[optind - 1]);
			return -1;
		} else {
			cli_error("unknown option %s (see aftercare --help)", argv[optind - 1]);
			return -1;
		}
	}
	args->argc = argc;
	args->argv = argv;
	if (optind < argc)
		args->command = argv[optind++];
	args->operands = argv + optind;
	args->n_operands = argc - optind;
	return 0;
}

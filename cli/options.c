/* options.c: the command line's option table, from which parsing and --help both come. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct option_def {
	const char *name;
	const char *arg;	/* NULL for a flag */
	size_t offset;		/* of the field in cli_args */
	const char *help;
} options[] = {
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
	 "serve: the clinic's SQLite store, created on first start (default: aftercare.db)"},
	{"api-key", "KEY", offsetof(cli_args, api_key),
	 "serve: the clinic's key for /api/treatments (better: AFTERCARE_API_KEY)"},
	{"clinic", "FILE", offsetof(cli_args, clinic),
	 "serve: the clinic's settings, clinic.yaml (docs/desk.md)"},
	{"owner", NULL, offsetof(cli_args, owner), "staff add: the account sees the audit"},
	{"chart", NULL, offsetof(cli_args, chart), "plan: draw the day-by-day chart even when not on a terminal"},
	{"batch", NULL, offsetof(cli_args, batch), "ask: one question a line on stdin, one JSON object a line out"},
	{"help", NULL, offsetof(cli_args, help), "show this help"},
	{"version", NULL, offsetof(cli_args, version), "show the version"},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

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

void cli_usage(FILE *out)
{
	fputs("Usage: aftercare COMMAND [ARGS] [OPTIONS]\n"
	      "\n"
	      "A personal, sourced recovery plan after microneedling, from one published guide.\n"
	      "\n"
	      "Commands:\n"
	      "  status               what is off limits now, what is fine, what changes next\n"
	      "  when ACTIVITY...     from when an activity is fine, why, and who says so\n"
	      "  plan                 milestones from treatment until everything is clear\n"
	      "  activities           the activities the guide covers, with their aliases\n"
	      "  sources              the guide's voices\n"
	      "  conflicts            every activity on which the sources disagree\n"
	      "  lint FILE            check a knowledge base or clinic protocol file\n"
	      "  ask QUESTION         a question in plain English: \"can i swim 2 days after?\"\n"
	      "  check --calendar F   your calendar's events that clash with the recovery\n"
	      "  course               plan or check a course of treatments\n"
	      "  serve                the JSON API over HTTP (docs/api.md)\n"
	      "  staff add|passwd|remove NAME, staff list   the clinic desk's accounts\n"
	      "\n"
	      "Options:\n",
	      out);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", options[i].name, options[i].arg ? " " : "",
			 options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-42s %s\n", left, options[i].help);
	}
	fputs("\nExit status: 0 answered, 1 check found clashes (or course --dates problems),\n"
	      "2 bad usage or input, 3 internal error.\n"
	      "Environment: NO_COLOR turns colour off.\n",
	      out);
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
			const struct option_def *o = &options[c - 256];
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

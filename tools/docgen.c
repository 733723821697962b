/* docgen.c: the documents that come from the command's option table (cli/options.c), so that
 * they cannot drift from `aftercare --help`:
 *
 *   docgen bash             the bash completion (share/bash-completion/completions/aftercare)
 *   docgen zsh              the zsh completion (_aftercare)
 *   docgen man1 DATE        the man page aftercare(1), mdoc(7)
 *   docgen man8 DATE < T    aftercare-serve(8): template T with @DATE@ and @OPTIONS@ filled
 *
 * Written to stdout at build time by the Makefile. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The alternatives of an argument such as "pen|dermaroller|procell", space-separated, into
 * buf; false for a free-form argument (FILE, DURATION, "YYYY-MM-DD HH:MM"). */
static bool choices(const char *arg, char *buf, size_t size)
{
	if (!arg || !strchr(arg, '|') || strpbrk(arg, " \""))
		return false;
	snprintf(buf, size, "%s", arg);
	for (char *p = buf; *p; p++)
		if (*p == '|')
			*p = ' ';
	/* "source:ID" is completed as "source:" */
	char *id = strstr(buf, "source:ID");
	if (id)
		id[7] = '\0';
	return true;
}

static bool is_file(const char *arg)
{
	return arg && strstr(arg, "FILE") != NULL;
}

static void bash(void)
{
	size_t n_opt, n_cmd;
	const cli_option_def *o = cli_options(&n_opt);
	const cli_command_def *c = cli_commands(&n_cmd);
	puts("# bash completion for aftercare(1); generated from cli/options.c by tools/docgen.c\n"
	     "_aftercare()\n"
	     "{\n"
	     "\tlocal cur prev cmd i opts\n"
	     "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	     "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	     "\tcmd=\n"
	     "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	     "\t\tcase ${COMP_WORDS[i]} in\n"
	     "\t\t-*) ;;\n"
	     "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	     "\t\tesac\n"
	     "\tdone\n"
	     "\tcase $prev in");
	for (size_t i = 0; i < n_opt; i++) {
		char alts[256];
		if (choices(o[i].arg, alts, sizeof(alts)))
			printf("\t--%s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", o[i].name,
			       alts);
		else if (is_file(o[i].arg))
			printf("\t--%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", o[i].name);
		else if (o[i].arg)
			printf("\t--%s) return ;;\n", o[i].name);
	}
	puts("\tesac\n"
	     "\tcase $cmd in");
	printf("\t'') opts='");
	for (size_t i = 0; i < n_cmd; i++)
		printf("%s ", c[i].name);
	puts("help --help --version' ;;");
	for (size_t i = 0; i < n_cmd; i++) {
		printf("\t%s) opts='", c[i].name);
		for (size_t j = 0; j < n_opt; j++)
			if (cli_command_takes(&c[i], o[j].name))
				printf("--%s ", o[j].name);
		puts("--help' ;;");
	}
	puts("\thelp) opts=$(compgen -W \"$(_aftercare_commands)\") ;;\n"
	     "\tesac\n"
	     "\tif [[ $cur != -* && $cmd == when ]]; then\n"
	     "\t\tCOMPREPLY=($(compgen -W \"$(aftercare activities 2>/dev/null |\n"
	     "\t\t\tawk '/^[a-z]/ { print $1 }')\" -- \"$cur\"))\n"
	     "\telif [[ $cur != -* && $cmd == lint ]]; then\n"
	     "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	     "\telse\n"
	     "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	     "\tfi\n"
	     "}\n"
	     "_aftercare_commands()\n"
	     "{");
	printf("\techo '");
	for (size_t i = 0; i < n_cmd; i++)
		printf("%s%s", c[i].name, i + 1 < n_cmd ? " " : "");
	puts("'\n}\n"
	     "complete -F _aftercare aftercare");
}

/* text with ' made '\'' and [ ] : escaped for _arguments' descriptions. */
static void zsh_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else if (*s == '[' || *s == ']' || *s == ':')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
}

static void zsh_option(const cli_option_def *o)
{
	char alts[256];
	printf("\t\t\t'--%s[", o->name);
	zsh_text(o->help);
	putchar(']');
	if (choices(o->arg, alts, sizeof(alts)))
		printf(":%s:(%s)", o->name, alts);
	else if (is_file(o->arg))
		printf(":%s:_files", o->name);
	else if (o->arg)
		printf(":%s: ", o->name);
	puts("' \\");
}

static void zsh(void)
{
	size_t n_opt, n_cmd;
	const cli_option_def *o = cli_options(&n_opt);
	const cli_command_def *c = cli_commands(&n_cmd);
	puts("#compdef aftercare\n"
	     "# zsh completion for aftercare(1); generated from cli/options.c by tools/docgen.c\n"
	     "\n"
	     "_aftercare() {\n"
	     "\tlocal -a commands\n"
	     "\tcommands=(");
	for (size_t i = 0; i < n_cmd; i++) {
		printf("\t\t'%s:", c[i].name);
		zsh_text(c[i].summary);
		puts("'");
	}
	puts("\t)\n"
	     "\tif (( CURRENT == 2 )); then\n"
	     "\t\t_describe -t commands 'aftercare command' commands\n"
	     "\t\treturn\n"
	     "\tfi\n"
	     "\tlocal cmd=$words[2]\n"
	     "\tcase $cmd in");
	for (size_t i = 0; i < n_cmd; i++) {
		printf("\t%s)\n\t\t_arguments \\\n", c[i].name);
		for (size_t j = 0; j < n_opt; j++)
			if (cli_command_takes(&c[i], o[j].name))
				zsh_option(&o[j]);
		if (!strcmp(c[i].name, "when"))
			puts("\t\t\t'*:activity:($(aftercare activities 2>/dev/null | "
			     "awk '\\''/^[a-z]/ { print $1 }'\\''))' \\");
		else if (!strcmp(c[i].name, "lint"))
			puts("\t\t\t':file:_files' \\");
		puts("\t\t\t'--help[show this help]'\n\t\t;;");
	}
	puts("\tesac\n"
	     "}\n"
	     "\n"
	     "_aftercare \"$@\"");
}

/* Text for mdoc text lines: backslashes escaped, broken into lines of at most 72 bytes at
 * spaces (a roff line break is a space), a line starting with '.' or '\'' guarded. */
static void roff_text(const char *s)
{
	int col = 0;
	while (*s) {
		const char *e = strchr(s, ' ');
		int len = e ? (int)(e - s) : (int)strlen(s);
		if (col && col + 1 + len > 72) {
			putchar('\n');
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		if (!col && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		for (int i = 0; i < len; i++) {
			if (s[i] == '\\')
				fputs("\\e", stdout);
			else
				putchar(s[i]);
		}
		col += len;
		s += len;
		while (*s == ' ')
			s++;
	}
}

/* An option's argument as mdoc macro arguments: quotes as \(dq, "|" inside words kept. */
static void roff_arg(const char *arg)
{
	fputs(" Ar ", stdout);
	for (const char *p = arg; *p; p++) {
		if (*p == '"')
			fputs("\\(dq", stdout);
		else if (*p == '\\')
			fputs("\\e", stdout);
		else
			putchar(*p);
	}
}

static void man_option(const cli_option_def *o)
{
	printf(".It Fl Fl %s", o->name);
	if (o->arg)
		roff_arg(o->arg);
	putchar('\n');
	roff_text(o->help);
	putchar('\n');
}

static void man_options(bool serve_only)
{
	size_t n_opt;
	const cli_option_def *o = cli_options(&n_opt);
	const cli_command_def *serve = cli_command_find("serve");
	puts(".Bl -tag -width Ds");
	for (size_t i = 0; i < n_opt; i++)
		if (!serve_only || cli_command_takes(serve, o[i].name) || !strcmp(o[i].name, "help"))
			man_option(&o[i]);
	puts(".El");
}

static void man_items(const cli_doc_item *it, size_t n, const char *macro)
{
	puts(".Bl -tag -width Ds");
	for (size_t i = 0; i < n; i++) {
		printf(".It %s", macro);
		/* "AFTERCARE_CAL, AFTERCARE_SERVE": one .It with both names */
		for (const char *p = it[i].name; *p; p++) {
			if (*p == ',' && macro[0]) {
				printf(" , %s", macro);
				p++;
			} else {
				putchar(*p);
			}
		}
		putchar('\n');
		roff_text(it[i].text);
		putchar('\n');
	}
	puts(".El");
}

static void man1(const char *date)
{
	size_t n_opt, n_cmd, n;
	const cli_option_def *o = cli_options(&n_opt);
	const cli_command_def *c = cli_commands(&n_cmd);
	printf(".\\\" aftercare(1), generated from cli/options.c by tools/docgen.c: do not edit.\n"
	       ".Dd %s\n.Dt AFTERCARE 1\n.Os\n", date);
	puts(".Sh NAME\n"
	     ".Nm aftercare\n"
	     ".Nd a personal, sourced recovery plan after microneedling\n"
	     ".Sh SYNOPSIS\n"
	     ".Nm\n"
	     ".Ar command\n"
	     ".Op Ar args\n"
	     ".Op Ar options\n"
	     ".Nm\n"
	     ".Ar command\n"
	     ".Fl Fl help\n"
	     ".Nm\n"
	     ".Fl Fl version\n"
	     ".Sh DESCRIPTION\n"
	     ".Nm\n"
	     "turns one published microneedling aftercare guide into a personal recovery\n"
	     "plan: what is fine now, from when each activity is fine, why, and which\n"
	     "source says so,\n"
	     "always showing where the sources disagree, and red flags first.\n"
	     "Everything it says about skin is a verbatim quote of the guide.\n"
	     "It is information, not medical advice.\n"
	     ".Pp\n"
	     "Times are local\n"
	     ".Pq Ev TZ .\n"
	     "The treatment time is\n"
	     ".Fl Fl treated\n"
	     "(default now); the moment asked about is\n"
	     ".Fl Fl at\n"
	     "or\n"
	     ".Fl Fl after\n"
	     "(default now).\n"
	     "Text output is wrapped to the terminal's width (80 columns when not a terminal)\n"
	     "and coloured only on a terminal that supports it.\n"
	     ".Sh COMMANDS\n"
	     ".Bl -tag -width Ds");
	for (size_t i = 0; i < n_cmd; i++) {
		printf(".It Cm %s", c[i].name);
		if (c[i].operands && !strncmp(c[i].operands, "--", 2)) {	/* "--calendar FILE.ics" */
			const char *sp = strchr(c[i].operands, ' ');
			printf(" Fl Fl %.*s", (int)(sp ? sp - c[i].operands - 2 : 64), c[i].operands + 2);
			if (sp)
				printf(" Ar %s", sp + 1);
		} else if (c[i].operands) {
			printf(" Ar %s", c[i].operands);
		}
		putchar('\n');
		char summary[256];
		snprintf(summary, sizeof(summary), "%s", c[i].summary);
		if (summary[0] >= 'a' && summary[0] <= 'z')
			summary[0] = (char)(summary[0] - 32);
		roff_text(summary);
		puts(".");
		fputs("Options:", stdout);
		bool first = true;
		for (size_t j = 0; j < n_opt; j++)
			if (cli_command_takes(&c[i], o[j].name)) {
				printf("%s\n.Fl Fl %s", first ? "" : " ,", o[j].name);
				first = false;
			}
		puts(" .\n.Bd -literal -offset indent");
		fputs("$ ", stdout);
		for (const char *p = c[i].example; *p; p++) {
			if (*p == '\\')
				fputs("\\e", stdout);
			else
				putchar(*p);
		}
		puts("\n.Ed");
	}
	puts(".El\n.Sh OPTIONS");
	man_options(false);
	puts(".Pp\n"
	     "Each command takes the options listed with it above;\n"
	     ".Nm\n"
	     ".Ar command\n"
	     ".Fl Fl help\n"
	     "prints them.");
	puts(".Sh ENVIRONMENT");
	const cli_doc_item *items = cli_environment(&n);
	man_items(items, n, "Ev ");
	puts(".Sh FILES\n"
	     ".Bl -tag -width Ds\n"
	     ".It Pa PREFIX/libexec/aftercare/aftercare-cal , Pa PREFIX/libexec/aftercare/aftercare-serve\n"
	     "The helpers that run the calendar commands and\n"
	     ".Cm serve ,\n"
	     "found from the directory of the installed\n"
	     ".Nm\n"
	     "(else beside it, as in the build tree).\n"
	     ".El\n"
	     ".Sh EXIT STATUS");
	items = cli_exit_statuses(&n);
	man_items(items, n, "");
	puts(".Pp\n"
	     "Errors go to standard error as\n"
	     ".Dq aftercare: error: ... ;\n"
	     "nothing is printed on standard output then.\n"
	     ".Sh EXAMPLES\n"
	     "From when can I swim, two days after a treatment?\n"
	     ".Bd -literal -offset indent\n"
	     "$ aftercare when swimming --treated \"2026-11-20 10:00\" --after 2d\n"
	     "Swimming, 48 hours (2 days) after treatment (Sun 22 Nov 10:00)\n"
	     "No: the guide says to avoid it now.\n"
	     "Fine from 7 days after treatment: Fri 27 Nov 10:00.\n"
	     ".Ed\n"
	     ".Pp\n"
	     "The recovery as calendar events, and a question in plain words:\n"
	     ".Bd -literal -offset indent\n"
	     "$ aftercare plan --treated \"2026-11-20 10:00\" --format ics > recovery.ics\n"
	     "$ aftercare ask \"can i go to the gym tomorrow\"\n"
	     ".Ed\n"
	     ".Sh SEE ALSO\n"
	     ".Xr aftercare-protocol 5 ,\n"
	     ".Xr aftercare-serve 8\n"
	     ".Pp\n"
	     "The project's docs/cli.md, docs/semantics.md, docs/json.md and docs/library.md.");
}

/* aftercare-serve(8) from its template: @DATE@ and a line @OPTIONS@ filled in. */
static int man8(const char *date)
{
	char line[4096];
	while (fgets(line, sizeof(line), stdin)) {
		if (!strcmp(line, "@OPTIONS@\n")) {
			man_options(true);
			continue;
		}
		char *at = strstr(line, "@DATE@");
		if (at) {
			*at = '\0';
			printf("%s%s%s", line, date, at + 6);
		} else {
			fputs(line, stdout);
		}
	}
	return ferror(stdin) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "man1"))
		man1(argv[2]);
	else if (argc == 3 && !strcmp(argv[1], "man8")) {
		if (man8(argv[2]))
			return 1;
	} else if (argc == 2 && !strcmp(argv[1], "bash"))
		bash();
	else if (argc == 2 && !strcmp(argv[1], "zsh"))
		zsh();
	else {
		fprintf(stderr, "usage: docgen bash|zsh|man1 DATE|man8 DATE < TEMPLATE\n");
		return 2;
	}
	return fflush(stdout) ? 1 : 0;
}

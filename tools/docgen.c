/* docgen.c: the documents that come from the command's option table (cli/options.c), so that
 * they cannot drift from `aftercare --help`:
 *
 *   docgen bash             the bash completion (share/bash-completion/completions/aftercare)
 *   docgen zsh              the zsh completion (_aftercare)
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

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "bash"))
		bash();
	else if (argc == 2 && !strcmp(argv[1], "zsh"))
		zsh();
	else {
		fprintf(stderr, "usage: docgen bash|zsh\n");
		return 2;
	}
	return fflush(stdout) ? 1 : 0;
}

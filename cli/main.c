/* main.c: the aftercare command: parse, then dispatch to a subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*run)(const cli_args *);
} commands[] = {
	{"status", cmd_status},		{"when", cmd_when},	  {"plan", cmd_plan},
	{"activities", cmd_activities}, {"sources", cmd_sources}, {"conflicts", cmd_conflicts},
	{"lint", cmd_lint},		{"ask", cmd_ask},	  {"course", cmd_course},
};

/* --help, COMMAND --help, help, help COMMAND: to stdout, exit 0; an unknown command is
 * bad usage. */
static int help(const cli_args *args)
{
	const char *name = args->command;
	if (name && strcmp(name, "help") == 0)
		name = args->n_operands ? args->operands[0] : NULL;
	if (!name) {
		cli_usage(stdout);
		return 0;
	}
	const cli_command_def *c = cli_command_find(name);
	if (!c) {
		cli_error("unknown command \"%s\" (see aftercare --help)", name);
		return EXIT_USAGE;
	}
	cli_command_usage(stdout, c);
	return 0;
}

/* serve under systemd: with no key given otherwise (--api-key, AFTERCARE_API_KEY), the key
 * is the credential "api-key" (LoadCredential=api-key:..., man 8 aftercare-serve), which
 * systemd puts in $CREDENTIALS_DIRECTORY readable only by the service. Trailing white space
 * (a newline from `echo`) is not part of it. An absent file is no key. */
static int credential_key(const cli_args *args)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY"), *env = getenv("AFTERCARE_API_KEY");
	if (args->api_key || (env && *env) || !dir || !*dir)
		return 0;
	char path[4096], key[1024];
	snprintf(path, sizeof(path), "%s/api-key", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(key, 1, sizeof(key) - 1, f);
	bool too_long = n == sizeof(key) - 1 && fgetc(f) != EOF;
	fclose(f);
	if (too_long) {
		cli_error("the key in %s is over %zu bytes", path, sizeof(key) - 2);
		return EXIT_USAGE;
	}
	while (n && (key[n - 1] == '\n' || key[n - 1] == '\r' || key[n - 1] == ' '))
		n--;
	key[n] = '\0';
	if (n && setenv("AFTERCARE_API_KEY", key, 1)) {
		cli_error("out of memory");
		return EXIT_INTERNAL;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	cli_args args;
	if (cli_parse(argc, argv, &args))
		return EXIT_USAGE;
	if (args.version) {
		printf("aftercare %s\n", AC_VERSION);
		return 0;
	}
	if (!args.command && !args.help) {
		cli_error("no command given");
		cli_usage(stderr);
		return EXIT_USAGE;
	}
	if (args.help || strcmp(args.command, "help") == 0)
		return help(&args);
	bool ics = args.format && strcmp(args.format, "ics") == 0;
	if (strcmp(args.command, "check") == 0 ||
	    (ics && (strcmp(args.command, "plan") == 0 || strcmp(args.command, "course") == 0)))
		return cli_delegate(&args, "aftercare-cal", "AFTERCARE_CAL");
	if (strcmp(args.command, "serve") == 0) {
		int rc = credential_key(&args);
		return rc ? rc : cli_delegate(&args, "aftercare-serve", "AFTERCARE_SERVE");
	}
	if (strcmp(args.command, "staff") == 0)	/* only aftercare-serve loads libsodium */
		return cli_delegate(&args, "aftercare-serve", "AFTERCARE_SERVE");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(args.command, commands[i].name) == 0)
			return commands[i].run(&args);
	cli_error("unknown command \"%s\" (see aftercare --help)", args.command);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	return cli_finish(run(argc, argv));
}

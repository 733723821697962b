/* main.c: the aftercare command: parse, then dispatch to a subcommand. */
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
	if (args.help || strcmp(args.command, "help") == 0) {
		cli_usage(stdout);
		return 0;
	}
	bool ics = args.format && strcmp(args.format, "ics") == 0;
	if (strcmp(args.command, "check") == 0 ||
	    (ics && (strcmp(args.command, "plan") == 0 || strcmp(args.command, "course") == 0)))
		return cli_delegate(&args, "aftercare-cal", "AFTERCARE_CAL");
	if (strcmp(args.command, "serve") == 0 || strcmp(args.command, "staff") == 0)
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

/* ical_parse.c: the floor under check --calendar (scripts/bench-cal.sh): libical 3.0.16
 * parsing a calendar once, in a fresh process as the check does (its memory cold: the page
 * faults count), timed as this process's CPU time (user and system), one of two ways:
 *   whole: the file as it is (what any program reading it with libical pays);
 *   kept:  the lines the check gives libical (cal/ics_text.c: unfolded, only what it reads).
 * Prints "MS EVENTS". Usage: ical_parse FILE whole|kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../cal/ics_reader.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The CPU time of one parse of text, in ms; *events: the VEVENTs found. */
static double parse_ms(const char *text, int *events)
{
	double t0 = cpu_ms();
	icalcomponent *c = icalparser_parse_string(text);
	double t = cpu_ms() - t0;
	*events = 0;
	for (icalcomponent *e = c ? icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT) : NULL;
	     e; e = icalcomponent_get_next_component(c, ICAL_VEVENT_COMPONENT))
		(*events)++;
	icalcomponent_free(c);
	return t;
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[2], "whole") != 0 && strcmp(argv[2], "kept") != 0)) {
		fprintf(stderr, "usage: ical_parse FILE whole|kept\n");
		return 2;
	}
	int events = 0;
	FILE *f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0) {
		perror(argv[1]);
		return 2;
	}
	long n = ftell(f);
	rewind(f);
	char *text = malloc((size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		perror(argv[1]);
		return 2;
	}
	fclose(f);
	text[n] = '\0';
	char *parse = text;
	if (strcmp(argv[2], "kept") == 0) {
		size_t len;
		if (!(parse = ics_text_unfold(text, (size_t)n, &len)))
			return 2;
		ics_text_keep_needed(parse, len);
	}
	double ms = parse_ms(parse, &events);
	printf("%.0f %d\n", ms, events);
	if (parse != text)
		free(parse);
	free(text);
	return 0;
}

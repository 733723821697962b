/* fuzz_ics.c: libFuzzer harness for reading a person's calendar (cal/ics_read.c): any bytes
 * either give occurrences (sorted, inside the window, each with a summary) or a message,
 * never a crash, a leak or a hang. Each input is read twice, with and without the scan that
 * leaves the events far from the window out of libical's parse (cal/ics_window.c): both must
 * give the same answer, event for event (unless a series' time budget ran out in one of
 * them: what is cut off then depends on the machine's speed). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cal/ics.h"

#define FROM 1795600800	/* 2026-11-20 10:00 UTC */
#define TO (FROM + 28 * 86400)

static void check_occurrences(const ics_calendar *cal)
{
	for (size_t i = 0; i < cal->n_occ; i++) {
		const ics_occurrence *o = &cal->occ[i];
		if (!o->summary || !o->description || o->start >= TO || o->end < o->start ||
		    (i && o->start < cal->occ[i - 1].start) || (size_t)o->event >= cal->n_events)
			abort();
	}
}

/* Did the time allowed for expanding decide anything (a series cut off, or killed)? */
static bool timed(const ics_calendar *cal)
{
	if (cal->n_cut || cal->truncated)
		return true;
	for (size_t i = 0; i < cal->n_events; i++)
		if (cal->items[i].note && strstr(cal->items[i].note, "libical took over"))
			return true;
	return false;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The two readings agree: the same events, outcomes, notes and occurrences. */
static void compare(const ics_calendar *a, const ics_calendar *b)
{
	if (timed(a) || timed(b))
		return;
	if (a->n_events != b->n_events || a->n_occ != b->n_occ || a->n_skipped != b->n_skipped ||
	    a->n_approx != b->n_approx)
		abort();
	for (size_t i = 0; i < a->n_events; i++)
		if (a->items[i].outcome != b->items[i].outcome ||
		    !same_text(a->items[i].note, b->items[i].note) ||
		    (a->items[i].outcome == ICS_SKIPPED &&
		     !same_text(a->items[i].summary, b->items[i].summary)))
			abort();
	for (size_t i = 0; i < a->n_occ; i++) {
		const ics_occurrence *x = &a->occ[i], *y = &b->occ[i];
		if (x->event != y->event || x->start != y->start || x->end != y->end ||
		    strcmp(x->summary, y->summary) || strcmp(x->description, y->description))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ics_calendar cal, whole;
	char err[512], err_whole[512];
	ics_read_prefilter(true);
	int rc = ics_read((const char *)data, size, FROM, TO, &cal, err, sizeof(err));
	ics_read_prefilter(false);
	int rc_whole = ics_read((const char *)data, size, FROM, TO, &whole, err_whole,
				sizeof(err_whole));
	if (rc != rc_whole)
		abort();
	if (rc != 0) {
		if (!err[0] || strcmp(err, err_whole) != 0)
			abort();	/* a refusal must say why, and the same why */
		return 0;
	}
	check_occurrences(&cal);
	check_occurrences(&whole);
	compare(&cal, &whole);
	ics_calendar_free(&cal);
	ics_calendar_free(&whole);
	return 0;
}

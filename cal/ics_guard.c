/* ics_guard.c: libical's recurrence expansion, run where a crash or a hang in it costs one
 * series and not the check.
 *
 * libical 3.0.16 crashes on some rules (FREQ=YEARLY;BYWEEKNO=-53) and can spend minutes in
 * one icalrecur_iterator_next call on others (an HOURLY rule on 30 February): a budget
 * checked between calls cannot stop that. So the series are expanded in a child process
 * (fork: it shares the parsed calendar copy-on-write), which writes the occurrences into
 * memory shared with us and says which series it is on. Each series runs under a hard
 * timer (SIGALRM kills the child). When the child dies, the series it was on is marked
 * (crashed, or too slow), its partial occurrences are dropped, and a new child carries on
 * from the next series. The child's stderr is /dev/null: libical prints its own warnings.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ics_reader.h"

#define MAX_RESTARTS 32

typedef struct shared {
	size_t n_committed;	/* occurrences of finished series */
	size_t current;		/* the series being expanded */
	bool done;		/* the child finished every series */
} shared;

/* Does an event of series s have an RRULE (one to expand)? */
static bool has_rule(const ics_reader *r, size_t s)
{
	for (size_t k = r->first[s]; k < r->first[s + 1]; k++)
		if (r->ev[r->order[k]].n_rules && !r->ev[r->order[k]].skip)
			return true;
	return false;
}

static void expand_from(const ics_reader *r, size_t next, shared *sh, ics_sink *sink,
			uint8_t *flags, int64_t start_ms, bool hard)
{
	for (size_t s = next; s < r->n_series; s++) {
		sh->current = s;
		int64_t now = ics_now_ms();
		if (now - start_ms > ICS_TOTAL_MS || sink->full) {
			for (size_t k = r->first[s]; k < r->first[s + 1]; k++)
				flags[r->order[k]] |= ICS_FLAG_CUT;
			sh->n_committed = sink->n;
			continue;
		}
		/* Only libical's rule iterator can hang: a series without an RRULE (most events
		 * of a calendar) needs no timer, and a call to set one was 7% of a check of
		 * 150,000 events. The timer is stopped after its series, so that it never runs
		 * out on one without a rule. */
		bool timed = hard && has_rule(r, s);
		struct itimerval t = {.it_value = {ICS_SERIES_HARD_MS / 1000,
						   ICS_SERIES_HARD_MS % 1000 * 1000}}, off = {0};
		if (timed)
			setitimer(ITIMER_REAL, &t, NULL);
		ics_expand_series(r, s, sink, flags, now + ICS_SERIES_SOFT_MS);
		if (timed)
			setitimer(ITIMER_REAL, &off, NULL);
		sh->n_committed = sink->n;
	}
	sh->done = true;
}

/* The child: no stderr, the default SIGALRM (which ends it), then every series from next. */
static void child(const ics_reader *r, size_t next, shared *sh, ics_sink *sink, uint8_t *flags,
		  int64_t start_ms)
{
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	signal(SIGALRM, SIG_DFL);
	expand_from(r, next, sh, sink, flags, start_ms, true);
	_exit(0);
}

int ics_guard_expand(const ics_reader *r, ics_rec **recs, size_t *n, uint8_t *flags)
{
	size_t n_items = r->cal->n_events;
	size_t bytes = sizeof(shared) + (n_items + 7) / 8 * 8 + ICS_MAX_OCCURRENCES * sizeof(ics_rec);
	void *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS |
			 MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return -1;
	shared *sh = mem;
	uint8_t *sflags = (uint8_t *)(sh + 1);
	ics_sink sink = {(ics_rec *)(sflags + (n_items + 7) / 8 * 8), 0, ICS_MAX_OCCURRENCES, false};
	int64_t start_ms = ics_now_ms();
	size_t next = 0;
	for (int restarts = 0; next < r->n_series; restarts++) {
		sh->done = false;
		sh->current = next;
		sink.n = sh->n_committed;
		if (restarts > MAX_RESTARTS) {	/* mark the rest cut off, expand nothing */
			for (size_t k = r->first[next]; k < r->first[r->n_series]; k++)
				sflags[r->order[k]] |= ICS_FLAG_CUT;
			break;
		}
		fflush(NULL);	/* nothing buffered is written twice */
		pid_t pid = fork();
		if (pid < 0) {	/* no process to spare: expand here, unguarded */
			expand_from(r, next, sh, &sink, sflags, start_ms, false);
			break;
		}
		if (pid == 0)
			child(r, next, sh, &sink, sflags, start_ms);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0)
			;
		if (sh->done && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		size_t s = sh->current;	/* it died there: that series is lost, the rest not */
		bool slow = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
		for (size_t k = r->first[s]; k < r->first[s + 1]; k++)
			sflags[r->order[k]] |= slow ? ICS_FLAG_SLOW : ICS_FLAG_CRASHED;
		next = s + 1;
	}
	int rc = 0;
	*n = sh->n_committed;
	*recs = malloc((*n ? *n : 1) * sizeof(**recs));
	if (!*recs)
		rc = -1;
	else
		memcpy(*recs, sink.rec, *n * sizeof(**recs));
	memcpy(flags, sflags, n_items);
	munmap(mem, bytes);
	return rc;
}

/* ask_eval.c: how well `aftercare ask` reads questions people type.
 *
 *   ask_eval tests/questions.tsv [min-accuracy-percent]
 *
 * Each line: question, kind, activity, elapsed_hours, verdict (tab-separated; "-" for none),
 * and optionally asked_hours: when the question is asked, in hours after treatment (default
 * 48; times like "tomorrow" are read from it).
 * A question counts as right when its kind, activity, elapsed hours (for the kinds whose
 * answer depends on the moment) and, for can/when, the engine's verdict all match. The treatment is 2026-11-20 10:00 (Europe/London) and "now"
 * is 48 hours later, with the default profile and the conservative policy. Prints accuracy
 * per kind and every miss; exits 1 when overall accuracy is below the minimum (default 97).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aftercare.h"

#define NOW_MIN (48 * 60)
#define KINDS 8

typedef struct row {
	char *question, *kind, *activity, *elapsed, *verdict;
	int32_t now_min;	/* when it is asked */
} row;

static int split(char *line, row *r)
{
	char *f[6];
	int n = 0;
	for (char *p = line; n < 6; n++) {
		f[n] = p;
		p = strchr(p, '\t');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (n != 5 && n != 6)
		return -1;
	*r = (row){f[0], f[1], f[2], f[3], f[4], n == 6 ? (int32_t)(atof(f[5]) * 60) : NOW_MIN};
	return 0;
}

static const char *check(const ac_kb *kb, ac_asker *asker, const row *r, char *got, size_t len)
{
	static const ac_policy policy = {AC_POLICY_CONSERVATIVE, -1};
	ac_profile profile = {.device = AC_DEVICE_PEN};
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	if (ac_time_parse("2026-11-20 10:00", &profile.treated_at) != AC_OK)
		return "cannot set the treatment time";
	if (ac_ask_parse(asker, r->question, strlen(r->question), &profile, r->now_min, &q, err) != AC_OK) {
		snprintf(got, len, "error: %.200s", err);
		return "parse";
	}
	const char *act = q.activity >= 0 ? ac_kb_activity(kb, (size_t)q.activity)->id : "-";
	char hours[32] = "-";
	if (q.at_min >= 0)
		snprintf(hours, sizeof(hours), "%g", q.at_min / 60.0);
	const char *verdict = "-";
	if (q.kind == AC_ASK_CAN || q.kind == AC_ASK_WHEN) {
		ac_answer a;
		ac_query(kb, &q.profile, &policy, q.activity, q.at_min >= 0 ? q.at_min : r->now_min, &a);
		verdict = ac_verdict_name(a.verdict);
	}
	snprintf(got, len, "%s %s %s %s", ac_ask_kind_name(q.kind), act, hours, verdict);
	if (strcmp(ac_ask_kind_name(q.kind), r->kind))
		return "kind";
	if (strcmp(act, r->activity))
		return "activity";
	/* The moment matters only where the answer depends on it. */
	bool timed = q.kind == AC_ASK_CAN || q.kind == AC_ASK_WHEN || q.kind == AC_ASK_AVOID_LIST ||
		     q.kind == AC_ASK_AMBIGUOUS;
	if (timed &&
	    (strcmp(r->elapsed, "-") ? q.at_min < 0 || atof(r->elapsed) * 60 != q.at_min : q.at_min >= 0))
		return "time";
	if (strcmp(r->verdict, "-") && strcmp(verdict, r->verdict))
		return "verdict";
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ask_eval QUESTIONS.tsv [MIN-PERCENT]\n");
		return 2;
	}
	double min = argc > 2 ? atof(argv[2]) : 97.0;
	setenv("TZ", "Europe/London", 1);
	FILE *f = fopen(argv[1], "r");
	ac_kb *kb = NULL;
	ac_asker *asker = NULL;
	char err[AC_ERRBUF_SIZE];
	if (!f || ac_kb_load_builtin(&kb, err) != AC_OK || ac_asker_new(kb, &asker) != AC_OK) {
		fprintf(stderr, "ask_eval: cannot start: %s\n", f ? err : argv[1]);
		return 2;
	}
	int right[KINDS] = {0}, total[KINDS] = {0}, lineno = 0, all = 0, ok = 0;
	char line[8192];
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		row r;
		if (lineno == 1 || !line[0] || line[0] == '#')
			continue;
		if (split(line, &r)) {
			fprintf(stderr, "%s:%d: expected 5 or 6 tab-separated fields\n", argv[1], lineno);
			return 2;
		}
		int k = 0;
		while (k < KINDS && strcmp(ac_ask_kind_name((ac_ask_kind)k), r.kind))
			k++;
		if (k == KINDS) {
			fprintf(stderr, "%s:%d: unknown kind \"%s\"\n", argv[1], lineno, r.kind);
			return 2;
		}
		char got[256];
		const char *miss = check(kb, asker, &r, got, sizeof(got));
		total[k]++, all++;
		if (!miss)
			right[k]++, ok++;
		else
			printf("MISS %s:%d (%s) \"%s\": want %s %s %s %s, got %s\n", argv[1], lineno, miss,
			       r.question, r.kind, r.activity, r.elapsed, r.verdict, got);
	}
	fclose(f);
	for (int k = 0; k < KINDS; k++)
		if (total[k])
			printf("%-11s %4d/%-4d %6.1f%%\n", ac_ask_kind_name((ac_ask_kind)k), right[k],
			       total[k], 100.0 * right[k] / total[k]);
	double acc = all ? 100.0 * ok / all : 0;
	printf("%-11s %4d/%-4d %6.1f%% (minimum %.1f%%)\n", "all", ok, all, acc, min);
	printf("%d passed, %d failed\n", ok, all - ok);
	ac_asker_free(asker);
	ac_kb_free(kb);
	return all && acc >= min ? 0 : 1;
}

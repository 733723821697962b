/* render_text.c: one answer for people: the verdict first, then from when, who says what. */
#include <string.h>

#include "kb_internal.h"

const char ac_disclaimer[] =
	"aftercare shows what one published aftercare guide says; it is information, not "
	"medical advice. Ask your practitioner about your own skin.";

const char ac_disclaimer_clinic[] =
	"aftercare shows what one published aftercare guide says beside your clinic's own "
	"protocol. The guide's words are information, not medical advice; the clinic's rules "
	"are the clinic's own, not the guide's: ask your clinic about them and about your own "
	"skin.";

#define RED "\033[31m"
#define AMBER "\033[33m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

const char *ac_verdict_color(ac_verdict v)
{
	switch (v) {
	case AC_VERDICT_AVOID: return RED;
	case AC_VERDICT_CAUTION: return AMBER;
	case AC_VERDICT_OK:
	case AC_VERDICT_RECOMMEND: return GREEN;
	default: return DIM;
	}
}

static const char *headline(ac_verdict v)
{
	switch (v) {
	case AC_VERDICT_AVOID: return "No";
	case AC_VERDICT_CAUTION: return "Only with care";
	case AC_VERDICT_OK: return "Yes";
	case AC_VERDICT_RECOMMEND: return "Yes, recommended";
	default: return "Not covered";
	}
}

/* who: "the guide", or with a clinic protocol's words on the activity, who says them. */
static const char *meaning(ac_verdict v, const char *who, char *buf, size_t len)
{
	switch (v) {
	case AC_VERDICT_AVOID: snprintf(buf, len, "%s says to avoid it now", who); break;
	case AC_VERDICT_CAUTION: snprintf(buf, len, "%s restricts it now", who); break;
	case AC_VERDICT_OK: snprintf(buf, len, "fine now"); break;
	case AC_VERDICT_RECOMMEND: snprintf(buf, len, "%s recommends it now", who); break;
	default: snprintf(buf, len, "%s has no rule on it for your treatment", who); break;
	}
	return buf;
}

/* Who speaks in an answer: "the guide", "your clinic's protocol" (its words alone), or
 * both. */
static const char *speakers(const ac_kb *kb, const ac_answer *a)
{
	size_t clinic = 0;
	for (size_t i = 0; i < a->n_positions; i++)
		clinic += ac_rule_is_clinic(kb, a->positions[i].rule);
	return !clinic ? "the guide"
	       : clinic == a->n_positions ? "your clinic's protocol"
					  : "your clinic's protocol with the guide";
}

/* "for the first 7 days", "from 72 hours (3 days) on", "from 72 hours to 5 days"; an open
 * restriction: "with no end given (read as the guide's longest time for it: 72 hours)". */
char *ac_window_words(const ac_position *p, char *buf, size_t len)
{
	char a[48], b[48];
	ac_duration_words(p->from_min, a, sizeof(a));
	ac_duration_words(p->until_min, b, sizeof(b));
	if (p->open && p->until_min != AC_NO_END)
		snprintf(buf, len, "with no end given (read as the guide's longest time for it: "
			 "%s%s)", p->from_min ? "to " : "the first ", b);
	else if (p->from_min == 0 && p->until_min == AC_NO_END)
		snprintf(buf, len, "with no end given");
	else if (p->from_min == 0)
		snprintf(buf, len, "for the first %s", b);
	else if (p->until_min == AC_NO_END)
		snprintf(buf, len, "from %s on", a);
	else
		snprintf(buf, len, "from %s to %s", a, b);
	return buf;
}

bool ac_position_supports_verdict(const ac_answer *a, const ac_position *p)
{
	bool fine = a->verdict == AC_VERDICT_OK || a->verdict == AC_VERDICT_RECOMMEND;
	/* An implied rule's words are its permission's ("from around day six"), and a group's
	 * permission is no word on its members: neither explains this verdict. */
	if (p->rule->implied || (p->inherited && !ac_stance_restricts(p->rule->stance)))
		return false;
	if (ac_stance_restricts(p->rule->stance))	/* in force, and not outlasting the answer */
		return !fine && p->in_force && !p->overridden && p->until_min <= a->clear_min;
	if (fine)
		return p->in_force;
	return a->clear_min != AC_NO_END && p->from_min == a->clear_min;
}

char *ac_variant_words(const ac_kb *kb, const ac_variant *v, char *buf, size_t len)
{
	char when[48], who[160] = "";
	if (v->source >= 0)
		snprintf(who, sizeof(who), " (%s)", ac_kb_source(kb, (size_t)v->source)->name);
	if (v->clear_min == AC_NO_END)
		snprintf(when, sizeof(when), "no end is given");
	else if (v->clear_min == 0)
		snprintf(when, sizeof(when), "fine from the start");
	else {
		char d[40];
		snprintf(when, sizeof(when), "fine from %s after treatment",
			 ac_duration_words(v->clear_min, d, sizeof(d)));
	}
	if (v->depth != AC_DEPTH_UNSPECIFIED)
		snprintf(buf, len, "If your treatment was %s: %s%s.", ac_depth_name(v->depth), when,
			 who);
	else
		snprintf(buf, len, "If your skin is %s: %s%s.", ac_skin_name(v->skin), when, who);
	return buf;
}

static void add_names(char *buf, size_t len, size_t *used, unsigned mask,
		      const char *(*name)(int), int first, int last)
{
	for (int v = first; v <= last; v++) {
		if (!(mask & (1u << v)) || *used >= len)
			continue;
		int n = snprintf(buf + *used, len - *used, "%s%s", *used ? ", " : "", name(v));
		*used += n > 0 ? (size_t)n : 0;
	}
}

static const char *device_word(int v) { return ac_device_name((ac_device)v); }
static const char *depth_word(int v) { return ac_depth_name((ac_depth)v); }
static const char *skin_word(int v) { return ac_skin_name((ac_skin)v); }

char *ac_condition_words(const ac_rule *r, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	add_names(buf, len, &used, r->device_mask, device_word, AC_DEVICE_PEN, AC_DEVICE_PROCELL);
	add_names(buf, len, &used, r->depth_mask, depth_word, AC_DEPTH_SUPERFICIAL, AC_DEPTH_DEEP);
	add_names(buf, len, &used, r->skin_mask, skin_word, AC_SKIN_SENSITIVE, AC_SKIN_ACNE_PRONE);
	return buf;
}

/* "Each source's restriction ends: Face-washing article: 24 hours; Dr Yalda Jamali: 7 days." */
static void print_source_ends(FILE *out, const ac_kb *kb, const ac_answer *a)
{
	int32_t end;
	int source;
	char words[48];
	fprintf(out, "Each source's restriction ends:");
	for (size_t pos = 0, n = 0; ac_answer_next_source(a, &pos, &source, &end); n++)
		fprintf(out, "%s %s: %s", n ? ";" : "", ac_kb_source(kb, (size_t)source)->name,
			end == 0 ? "never restricts" : ac_duration_words(end, words, sizeof(words)));
	fprintf(out, ".\n");
}

void ac_print_clear_line(FILE *out, const ac_profile *p, const ac_answer *a)
{
	char when[48], date[48];
	if (a->clear_min == AC_NO_END) {
		fprintf(out, "The guide gives no time for this; ask your practitioner.\n");
		int open;
		int32_t timed = ac_answer_timed_end(a, &open);
		if (timed > 0)
			fprintf(out, "The sources that give a time allow it after %s.\n",
				ac_duration_words(timed, when, sizeof(when)));
		return;
	}
	ac_duration_words(a->clear_min, when, sizeof(when));
	ac_time_format_human(p->treated_at + (time_t)a->clear_min * 60, date, sizeof(date));
	if (a->clear_min == 0)
		fprintf(out, "Fine from the start, under this policy.\n");
	else if (a->clear_min <= a->at_min)
		fprintf(out, "Fine since %s after treatment (%s).\n", when, date);
	else
		fprintf(out, "Fine from %s after treatment: %s.\n", when, date);
}

static void print_positions(FILE *out, const ac_kb *kb, const ac_answer *a,
			    const ac_render_opts *opts)
{
	int last_source = -1;
	for (size_t i = 0; i < a->n_positions; i++) {
		const ac_position *p = &a->positions[i];
		const ac_rule *r = p->rule;
		char window[128];
		if (r->source != last_source)
			fprintf(out, "  %s%s:\n", ac_kb_source(kb, (size_t)r->source)->name,
				ac_rule_is_clinic(kb, r) ? " (your clinic's protocol, not the guide)"
							 : "");
		last_source = r->source;
		fprintf(out, "    %s %s%s%s, %s", p->in_force ? "*" : "-",
			opts->color ? ac_verdict_color((ac_verdict)r->stance) : "",
			ac_stance_name(r->stance), opts->color ? RESET : "",
			ac_window_words(p, window, sizeof(window)));
		char cond[128];
		if (*ac_condition_words(r, cond, sizeof(cond)))
			fprintf(out, " [only for: %s]", cond);
		if (p->inherited)
			fprintf(out, " (said of: %s)", ac_kb_activity(kb, (size_t)r->activity)->name);
		if (r->implied)
			fprintf(out, " (implied: fine only later)");
		if (p->overridden)
			fprintf(out, " (gives way now to the same text's words on this activity)");
		fprintf(out, "\n      \u201c%s\u201d\n", r->quote);
		if (r->context)
			fprintf(out, "      time from: \u201c%s\u201d\n", r->context);
		fprintf(out, "      %s(%s)%s\n", opts->color ? DIM : "", r->section,
			opts->color ? RESET : "");
	}
}

/* What one voice's end says: "to wait 48 hours (2 days)" (lead) or "48 hours (2 days)". */
static const char *end_words(int32_t end, bool lead, char *buf, size_t len)
{
	char d[48];
	if (end == AC_NO_END)
		snprintf(buf, len, "%s", lead ? "to wait, with no end given" : "no end");
	else if (end == 0)
		snprintf(buf, len, "%s", lead ? "it is fine from the start" : "fine from the start");
	else
		snprintf(buf, len, "%s%s", lead ? "to wait " : "", ac_duration_words(end, d, sizeof(d)));
	return buf;
}

#define APPEND(...)                                                                        \
	do {                                                                               \
		if (used < len) {                                                          \
			int n_ = snprintf(buf + used, len - used, __VA_ARGS__);            \
			used += n_ > 0 ? (size_t)n_ : 0;                                   \
		}                                                                          \
	} while (0)

char *ac_guide_words(const ac_kb *kb, const ac_answer *a, char *buf, size_t len)
{
	const ac_guide_side *g = &a->guide;
	size_t used = 0;
	char w[64];
	int32_t end;
	ac_stance st;
	buf[0] = '\0';
	if (!g->n_positions)
		return buf;
	int n = 0;
	for (size_t i = 0; i < a->n_positions; i++) {	/* the clinic's sources, each once */
		const ac_rule *r = a->positions[i].rule;
		if (!ac_rule_is_clinic(kb, r) || (i && a->positions[i - 1].rule->source == r->source))
			continue;
		ac_answer_source_end(a, r->source, &end, &st);
		APPEND("%s (%s) says %s", n++ ? "; your clinic" : "Your clinic",
		       ac_kb_source(kb, (size_t)r->source)->name, end_words(end, true, w, sizeof(w)));
	}
	if (!n)
		APPEND("Your clinic's protocol has no rule on %s for your treatment",
		       a->activity->name);
	n = 0;
	for (size_t i = 0; i < g->n_positions; i++) {	/* grouped by source */
		int src = g->positions[i].rule->source;
		if (i && g->positions[i - 1].rule->source == src)
			continue;
		ac_positions_source_end(g->positions, g->n_positions, src, &end, &st);
		APPEND(n++ ? ", its %s %s" : "; the guide's %s says %s",
		       ac_kb_source(kb, (size_t)src)->name, end_words(end, false, w, sizeof(w)));
	}
	APPEND(".");
	if (g->more_lenient)
		APPEND(" Your clinic allows it sooner than any of the guide's voices.");
	return buf;
}

/* The guide's words the clinic's protocol replaced, labelled as the guide's. */
static void print_guide_side(FILE *out, const ac_kb *kb, const ac_answer *a,
			     const ac_render_opts *opts)
{
	char words[1024];
	fprintf(out, "\n%s\n", ac_guide_words(kb, a, words, sizeof(words)));
	fprintf(out, "\nWhat the guide says, which your clinic's protocol replaces here:\n");
	ac_answer g = {.activity = a->activity, .at_min = a->at_min,
		       .n_positions = a->guide.n_positions};
	for (size_t i = 0; i < a->guide.n_positions; i++)
		g.positions[i] = a->guide.positions[i];
	print_positions(out, kb, &g, opts);
}

static void print_texts(FILE *out, const char *title, const ac_answer *a, int advice)
{
	const char *seen[AC_MAX_POSITIONS];
	size_t n = 0;
	for (size_t i = 0; i < a->n_positions; i++) {
		const char *t = advice ? a->positions[i].rule->advice : a->positions[i].rule->reason;
		int dup = !t || !ac_position_supports_verdict(a, &a->positions[i]);
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(seen[j], t) == 0;
		if (dup)
			continue;
		if (n == 0)
			fprintf(out, "%s:\n", title);
		seen[n++] = t;
		fprintf(out, "  - %s\n", t);
	}
}

void ac_render_when_text(FILE *out, const ac_kb *kb, const ac_profile *profile,
			 const ac_answer *a, const ac_render_opts *opts)
{
	char elapsed[48], date[48], says[128];
	const char *who = speakers(kb, a);
	ac_duration_words(a->at_min, elapsed, sizeof(elapsed));
	ac_time_format_human(profile->treated_at + (time_t)a->at_min * 60, date, sizeof(date));
	fprintf(out, "%s%s%s, %s after treatment (%s)\n", opts->color ? BOLD : "", a->activity->name,
		opts->color ? RESET : "", a->at_min ? elapsed : "right", date);
	fprintf(out, "%s%s%s: %s.\n", opts->color ? ac_verdict_color(a->verdict) : "",
		headline(a->verdict), opts->color ? RESET : "", meaning(a->verdict, who, says, sizeof(says)));
	if (a->verdict != AC_VERDICT_UNKNOWN)
		ac_print_clear_line(out, profile, a);
	for (size_t i = 0; i < a->n_variants; i++) {
		char v[256];
		fprintf(out, "%s\n", ac_variant_words(kb, &a->variants[i], v, sizeof(v)));
	}
	if (a->disputed)
		print_source_ends(out, kb, a);
	if (a->n_positions == 0) {
		fprintf(out, "The guide does not cover %s.\n", a->activity->name);
		return;
	}
	fprintf(out, "\n%s (* = in force now):\n",
		a->disputed		       ? "The sources disagree"
		: strcmp(who, "the guide") ? "What your clinic's protocol says"
					   : "What the guide says");
	print_positions(out, kb, a, opts);
	if (a->guide.n_positions)
		print_guide_side(out, kb, a, opts);
	fputc('\n', out);
	print_texts(out, "Why", a, 0);
	print_texts(out, "Advice", a, 1);
}

/* page.c: the patient's plan as HTML, written by the server (docs/web.md). The model is the
 * plan's own JSON (ac_render_plan_json, what /p/TOKEN.json and POST /api/plan answer), read
 * back with jansson: the page and the JSON cannot say different things. The page works
 * without JavaScript; web/app.js only enhances it (the "Can I…?" box, the chart's bars, the
 * search). Every word about skin is the library's (names, reasons, quotes, variants); the
 * words here only say when and which.
 *
 * Layout, for the patient's ten seconds (a 375x812 phone, no scrolling): the red flag, "Right
 * now" (what asked-about things are off limits, and why), "Coming up" (when they change),
 * the "Can I…?" box; below, everything grouped by theme, each theme folded to one line. */
#define _GNU_SOURCE	/* memmem */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clinic.h"
#include "cli.h"
#include "clinic.h"
#include "html.h"
#include "page.h"
#include "qr.h"
#include "server.h"
#include "web_assets.h"

/* ---- text ---- */

static void h(FILE *f, const char *s)
{
	html_text(f, s);
}

/* A query string's value: everything but unreserved characters as %XX. */
static void url_value(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool has_number(const json_t *o, const char *key)
{
	return json_is_number(json_object_get(o, key));
}

static double num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/* "Mon 23 Nov 10:00", in the server's zone (the clinic's: docs/web.md, "One clock"). */
static const char *fmt_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%a %-d %b %H:%M", &tm);
	return buf;
}

static time_t at_hours(const page_in *in, double hours)
{
	return in->profile->treated_at + (time_t)(hours * 3600.0 + 0.5);
}

/* "36 hours", "3 days", "1 week": a rule's span in words (as app.js says it). */
static const char *fmt_hours(double hd, char *buf, size_t len)
{
	long m = (long)(hd * 60 + 0.5);
	if (m % 60) {
		snprintf(buf, len, "%ld minutes", m);
		return buf;
	}
	long hr = m / 60;
	if (hr >= 168 && hr % 168 == 0)
		snprintf(buf, len, hr == 168 ? "1 week" : "%ld weeks", hr / 168);
	else if (hr >= 24 && hr % 24 == 0)
		snprintf(buf, len, hr == 24 ? "1 day" : "%ld days", hr / 24);
	else
		snprintf(buf, len, hr == 1 ? "1 hour" : "%ld hours", hr);
	return buf;
}

/* ---- the model ---- */

typedef struct model {
	json_t *plan, *sources, *activities;
	const page_in *in;
	const server *srv;
	double elapsed;		/* hours since treatment; < 0 before it */
	const ac_kb *kb;	/* the plan's */
} model;

/* Whether source id speaks from a clinic's protocol (--protocol) rather than the guide
 * (ac_source_is_clinic). Its words are then labelled as the clinic's, never as the
 * guide's. */
static bool clinic_source(const model *m, const char *id)
{
	int src = id ? ac_kb_find_source(m->kb, id) : -1;
	return src >= 0 && ac_source_is_clinic(m->kb, src);
}

static const char *source_name(const model *m, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(m->sources, i, s)
		if (str(s, "id") && id && strcmp(str(s, "id"), id) == 0)
			return str(s, "name");
	return id;
}

static const char *category_of(const model *m, const char *id)
{
	size_t i;
	json_t *a;
	json_array_foreach(m->activities, i, a)
		if (str(a, "id") && id && strcmp(str(a, "id"), id) == 0)
			return str(a, "category");
	return NULL;
}

static const json_t *activity(const model *m, const char *id)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(m->plan, "activities"), i, a)
		if (strcmp(str(a, "activity"), id) == 0)
			return a;
	return NULL;
}

static const char *verdict_word(const char *v)
{
	if (!v)
		return "no rule in the guide";
	if (!strcmp(v, "avoid"))
		return "avoid";
	if (!strcmp(v, "caution"))
		return "with care";
	if (!strcmp(v, "ok"))
		return "fine";
	if (!strcmp(v, "recommend"))
		return "recommended";
	return "no rule in the guide";
}

static const char *verdict_class(const char *v)
{
	if (v && !strcmp(v, "avoid"))
		return "v-avoid";
	if (v && !strcmp(v, "caution"))
		return "v-caution";
	if (v && (!strcmp(v, "ok") || !strcmp(v, "recommend")))
		return "v-ok";
	return "v-none";
}

/* When an activity is fine for good, after now: the hours, or < 0 (already, or never). */
static double clears_later(const model *m, const json_t *a)
{
	if (!has_number(a, "clear_after_hours"))
		return -1;
	double c = num(a, "clear_after_hours");
	return c > m->elapsed && c > 0 ? c : -1;
}

/* ---- disagreement that matters ---- */

#define SPREAD_MIN_HOURS 24	/* less than a day apart: the same thing to do */
#define OPEN_HOURS 1e9		/* a restriction with no end */

/* How long one source (its own positions on a: not a group's, unconditional, not
 * overridden; a group's rule ending is not a permission, docs/semantics.md) says to wait from
 * treatment: the end of its restrictions from 0, or 0 when it says fine from the start, or
 * when it first says fine. < 0: it says nothing usable. */
static double source_wait(const json_t *a, const char *source)
{
	double restrict_end = -1, ok_from = -1;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(a, "positions"), i, p) {
		if (strcmp(str(p, "source"), source) || json_is_true(json_object_get(p, "overridden")) ||
		    json_object_size(json_object_get(p, "conditions")) || str(p, "inherited_from"))
			continue;
		const char *st = str(p, "stance");
		double from = num(p, "from_hours");
		double until = has_number(p, "until_hours") ? num(p, "until_hours") : OPEN_HOURS;
		if ((!strcmp(st, "avoid") || !strcmp(st, "caution")) && from == 0) {
			if (until > restrict_end)
				restrict_end = until;
		} else if (!strcmp(st, "ok") || !strcmp(st, "recommend")) {
			if (ok_from < 0 || from < ok_from)
				ok_from = from;
		}
	}
	return restrict_end >= 0 ? restrict_end : ok_from;
}

/* "24 hours", "3 days", "a week", "3 weeks", "no end": a wait as people say it. */
static const char *wait_words(double hrs, char *buf, size_t len)
{
	if (hrs >= OPEN_HOURS)
		snprintf(buf, len, "no end");
	else if (hrs <= 0)
		snprintf(buf, len, "now");
	else if (hrs == 168)
		snprintf(buf, len, "a week");
	else if (hrs < 72 && hrs == (long)hrs)
		snprintf(buf, len, "%ld hours", (long)hrs);
	else
		fmt_hours(hrs, buf, len);
	return buf;
}

/* Whether a's sources differ enough to change what a person does: their waits a day or more
 * apart. Fills words with the spread ("24 hours to a week"). */
static bool disagreement(const json_t *a, char *words, size_t len)
{
	double lo = -1, hi = -1;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(a, "positions"), i, p) {
		double w = source_wait(a, str(p, "source"));
		if (w < 0)
			continue;
		if (lo < 0 || w < lo)
			lo = w;
		if (w > hi)
			hi = w;
	}
	if (lo < 0 || hi - lo < SPREAD_MIN_HOURS)
		return false;
	char x[32], y[32];
	wait_words(lo, x, sizeof(x));
	wait_words(hi, y, sizeof(y));
	if (lo <= 0)
		snprintf(words, len, "now to %s", hi >= OPEN_HOURS ? "no end given" : y);
	else
		snprintf(words, len, "%s to %s", x, y);
	return true;
}

/* ---- the themes (docs/web.md): the kb's categories, folded into what people ask by ---- */

static const struct theme {
	const char *id, *title;
	const char *categories[3];
} themes[] = {
	{"exercise", "Exercise and heat", {"exercise", "heat"}},
	{"water", "Water and washing", {"water", "washing"}},
	{"skin", "On the skin", {"skincare", "habits"}},
	{"makeup", "Makeup", {"makeup"}},
	{"sun", "Sun", {"sun"}},
	{"treatments", "Treatments", {"treatments"}},
};
#define N_THEMES (sizeof(themes) / sizeof(themes[0]))

static size_t theme_of(const model *m, const char *activity_id)
{
	const char *cat = category_of(m, activity_id);
	for (size_t t = 0; cat && t < N_THEMES; t++)
		for (size_t c = 0; c < 3 && themes[t].categories[c]; c++)
			if (!strcmp(cat, themes[t].categories[c]))
				return t;
	return 2;	/* a category not listed: on the skin, where most are */
}

/* What people ask about most (exercise, swimming, sun, washing, makeup, skincare actives):
 * "Right now" and "Coming up" speak of these; everything is below. */
static const char *const asked[] = {
	"sweaty-exercise", "swimming", "sun-exposure", "makeup", "gentle-cleanser", "retinol",
	"vitamin-c", "sauna", "wash-face",
};
#define N_ASKED (sizeof(asked) / sizeof(asked[0]))
#define NOW_MAX 4	/* "Right now": the handful that fits a phone's first screen */
#define COMING_MAX 3	/* "Coming up": moments */

/* ---- pieces ---- */

static void red_flags(FILE *f, const model *m)
{
	const json_t *flags = json_object_get(m->plan, "red_flags");
	if (!json_array_size(flags))
		return;
	fputs("<section id=\"red-flags\" class=\"red-flags\" aria-labelledby=\"red-flags-h\">\n"
	      "<h2 id=\"red-flags-h\" class=\"sr-only\" tabindex=\"-1\">Contact your doctor at once if…</h2>\n"
	      "<ul id=\"red-flag-list\">\n", f);
	size_t i;
	json_t *fl;
	json_array_foreach(flags, i, fl) {
		/* one line of a phone when the kb gives it (its "line"); the whole sentence and
		 * the source's words a tap away */
		const char *line = str(fl, "line");
		fputs("<li><p class=\"flag-text\">", f);
		h(f, line ? line : str(fl, "text"));
		fputs("</p><details class=\"flag-more\"><summary>", f);
		if (line)
			fputs("More, and ", f);
		h(f, source_name(m, str(fl, "source")));
		fputs("’s words</summary>", f);
		if (line) {
			fputs("<p class=\"flag-full\">", f);
			h(f, str(fl, "text"));
			fputs("</p>", f);
		}
		fputs("<blockquote class=\"quote\"><p>“", f);
		h(f, str(fl, "quote"));
		fputs("”</p></blockquote><p class=\"cite\">— ", f);
		h(f, source_name(m, str(fl, "source")));
		if (str(fl, "section")) {
			fputs(", “", f);
			h(f, str(fl, "section"));
			fputs("”", f);
		}
		fputs("</p></details></li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

static void now_section(FILE *f, const model *m)
{
	char t[64], when[64];
	bool future = m->elapsed < 0;
	fprintf(f, "<section id=\"now\" class=\"card glance\" aria-labelledby=\"now-h\">\n"
		"<h2 id=\"now-h\">%s</h2>\n<p id=\"now-when\" class=\"muted\">", future
		? "Right after the treatment" : "Right now");
	if (future)
		fprintf(f, "The treatment is still to come (%s); this is how things stand just "
			"after it.", fmt_time(m->in->profile->treated_at, t, sizeof(t)));
	else
		fprintf(f, "%s, %s after treatment. Off limits now:", fmt_time(at_hours(m->in, m->elapsed), t,
							  sizeof(t)),
			fmt_hours((double)(long)m->elapsed >= 24 ? (double)((long)m->elapsed / 24 * 24)
							      : (double)(long)m->elapsed,
				  when, sizeof(when)));
	fputs("</p>\n<ul id=\"now-list\" class=\"glance-list\">\n", f);
	size_t shown = 0, avoid = 0;
	for (size_t i = 0; i < N_ASKED; i++) {
		const json_t *a = activity(m, asked[i]);
		if (!a || strcmp(str(a, "verdict"), "avoid") != 0)
			continue;
		if (shown++ >= NOW_MAX)
			continue;
		fprintf(f, "<li data-activity=\"%s\"><span class=\"act-name\">", str(a, "activity"));
		h(f, str(a, "name"));
		fputs("</span>", f);
		const json_t *reasons = json_object_get(a, "reasons");
		if (json_array_size(reasons)) {
			fputs(" — <span class=\"why\">", f);
			h(f, json_string_value(json_array_get(reasons, 0)));
			fputs("</span>", f);
		}
		fputs("</li>\n", f);
	}
	size_t j;
	json_t *a;
	json_array_foreach(json_object_get(m->plan, "activities"), j, a)
		avoid += !strcmp(str(a, "verdict"), "avoid");
	if (!shown)
		fputs("<li>None of the things people ask about most is off limits now.</li>\n", f);
	fputs("</ul>\n", f);
	if (avoid > (shown < NOW_MAX ? shown : NOW_MAX))
		fprintf(f, "<p class=\"more\"><a href=\"#all\">All %zu to avoid now, by theme</a>"
			"</p>\n", avoid);
	fputs("</section>\n", f);
}

/* "Coming up": the next moments at which one of the asked-about things becomes fine, each
 * naming all of them that do. */
static void coming_section(FILE *f, const model *m)
{
	double at[N_ASKED];
	size_t n = 0;
	for (size_t i = 0; i < N_ASKED; i++) {
		const json_t *a = activity(m, asked[i]);
		double c = a ? clears_later(m, a) : -1;
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= at[k] == c;
		if (c > 0 && !seen)
			at[n++] = c;
	}
	for (size_t i = 1; i < n; i++)	/* few: insertion sort */
		for (size_t k = i; k > 0 && at[k] < at[k - 1]; k--) {
			double x = at[k];
			at[k] = at[k - 1];
			at[k - 1] = x;
		}
	fputs("<section id=\"coming\" class=\"card glance\" aria-labelledby=\"coming-h\">\n"
	      "<h2 id=\"coming-h\">Coming up</h2>\n", f);
	if (!n)
		fputs("<p>Nothing of what people ask about most changes later.</p>\n", f);
	else
		fputs("<ul id=\"coming-list\" class=\"glance-list\">\n", f);
	for (size_t k = 0; k < n && k < COMING_MAX; k++) {
		char t[64];
		fprintf(f, "<li><span class=\"when\">From %s</span>: ",
			fmt_time(at_hours(m->in, at[k]), t, sizeof(t)));
		bool first = true;
		for (size_t i = 0; i < N_ASKED; i++) {
			const json_t *a = activity(m, asked[i]);
			if (!a || clears_later(m, a) != at[k])
				continue;
			fprintf(f, "%s<span class=\"act-name\" data-activity=\"%s\">", first ? "" : ", ",
				str(a, "activity"));
			h(f, str(a, "name"));
			fputs("</span>", f);
			first = false;
		}
		fputs("</li>\n", f);
	}
	if (n)
		fputs("</ul>\n", f);
	fputs("</section>\n", f);
}

/* ---- one activity's sources ---- */

static void position_span(FILE *f, const json_t *p)
{
	char a[32], b[32];
	double from = num(p, "from_hours");
	bool until = has_number(p, "until_hours");
	if (json_is_true(json_object_get(p, "open")) && until)
		fprintf(f, "no end given (read as the guide's longest time for it: %s %s)",
			from ? "to" : "the first", fmt_hours(num(p, "until_hours"), a, sizeof(a)));
	else if (!until && from)
		fprintf(f, "from %s after treatment, no end given", fmt_hours(from, a, sizeof(a)));
	else if (!until)
		fputs("no end given", f);
	else if (!from)
		fprintf(f, "for the first %s", fmt_hours(num(p, "until_hours"), a, sizeof(a)));
	else
		fprintf(f, "from %s to %s after treatment", fmt_hours(from, a, sizeof(a)),
			fmt_hours(num(p, "until_hours"), b, sizeof(b)));
}

static void conditions(FILE *f, const json_t *c)
{
	const char *key;
	json_t *v;
	bool first = true;
	json_object_foreach((json_t *)c, key, v) {
		fputs(first ? "; only for " : ", ", f);
		h(f, key);
		fputc(' ', f);
		if (json_is_array(v)) {
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) {
				if (i)
					fputs(" or ", f);
				h(f, json_string_value(x));
			}
		} else {
			h(f, json_string_value(v));
		}
		first = false;
	}
}

/* Each source's position on a (a plan's activity, or an answer): when says whether "in
 * force" is "now" (the plan) or "then" (an answer, for the moment it is about). */
static void positions(FILE *f, const model *m, const json_t *a, const char *when)
{
	static const char *const stances[][2] = {
		{"avoid", "avoid"}, {"caution", "with care"}, {"ok", "fine"}, {"recommend", "recommended"}};
	fputs("<ul class=\"positions\">\n", f);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(a, "positions"), i, p) {
		const char *st = str(p, "stance"), *word = st;
		for (size_t k = 0; k < 4; k++)
			if (st && !strcmp(st, stances[k][0]))
				word = stances[k][1];
		fputs("<li class=\"position\"><p class=\"position-head\"><strong>", f);
		h(f, source_name(m, str(p, "source")));
		fputs("</strong>", f);
		if (json_is_true(json_object_get(p, "clinic")))	/* the rule's, not its source's */
			fputs(" <span class=\"clinic-tag\">(your clinic's protocol, not the guide)"
			      "</span>", f);
		fprintf(f, ": <span class=\"stance %s\">", verdict_class(st));
		h(f, word);
		fputs("</span>, ", f);
		position_span(f, p);
		conditions(f, json_object_get(p, "conditions"));
		if (str(p, "inherited_from")) {
			const json_t *g = activity(m, str(p, "inherited_from"));
			fputs("; the rule for ", f);
			h(f, g ? str(g, "name") : str(p, "inherited_from"));
		}
		if (json_is_true(json_object_get(p, "implied")))
			fputs("; implied: fine only later", f);
		bool in_force = json_is_true(json_object_get(p, "in_force"));
		fprintf(f, "<span class=\"badge %s\">%s %s</span></p>\n", in_force ? "in-force"
			: "not-in-force", in_force ? "in force" : "not in force", when);
		fputs("<blockquote class=\"quote\"><p>“", f);
		h(f, str(p, "quote"));
		fputs("”</p>", f);
		if (str(p, "context")) {
			fputs("<p class=\"context\">Its time, from the same paragraph: “", f);
			h(f, str(p, "context"));
			fputs("”</p>", f);
		}
		if (str(p, "section")) {
			fputs("<footer class=\"cite\">Section “", f);
			h(f, str(p, "section"));
			fputs("”</footer>", f);
		}
		fputs("</blockquote></li>\n", f);
	}
	fputs("</ul>\n", f);
}

/* Where the clinic's protocol replaced the guide's words on a (the library's "guide": docs/
 * json.md), the two side by side: "Your clinic (NAME) says to wait 48 hours; the guide's Dr
 * Yalda Jamali says 7 days", marked where the clinic allows it sooner than every voice of
 * the guide, then the guide's own words, labelled as the guide's. */
static void guide_compare(FILE *f, const json_t *g, const char *tag)
{
	bool lenient = json_is_true(json_object_get(g, "clinic_more_lenient"));
	fprintf(f, "<%s class=\"clinic-vs-guide%s\">", tag, lenient ? " clinic-lenient" : "");
	h(f, str(g, "text"));
	fprintf(f, "</%s>", tag);
}

static void guide_side(FILE *f, const model *m, const json_t *a, const char *when)
{
	const json_t *g = json_object_get(a, "guide");
	if (!json_is_object(g))
		return;
	fputs("<div class=\"guide-side\">\n", f);
	guide_compare(f, g, "p");
	fputs("\n<p class=\"guide-side-head\"><strong>What the guide says</strong> (your clinic's "
	      "protocol replaces it in this plan):</p>\n", f);
	positions(f, m, g, when);
	fputs("</div>\n", f);
}

/* One activity in its theme: its state now and when that changes, folded over its sources. */
static void activity_item(FILE *f, const model *m, const json_t *a)
{
	char t[64], hrs[32];
	const char *v = str(a, "verdict");
	bool waiting = v && (!strcmp(v, "avoid") || !strcmp(v, "caution"));
	fprintf(f, "<li class=\"act\" id=\"act-%s\" data-activity=\"%s\" data-verdict=\"%s\">"
		"<details><summary><span class=\"act-name\">", str(a, "activity"),
		str(a, "activity"), v ? v : "unknown");
	h(f, str(a, "name"));
	fprintf(f, "</span> <span class=\"state %s\">%s</span>", verdict_class(v),
		verdict_word(v));
	if (waiting && str(a, "clear_at"))
		fprintf(f, " <span class=\"clear\">fine from %s</span>",
			fmt_time(at_hours(m->in, num(a, "clear_after_hours")), t, sizeof(t)));
	else if (!strcmp(v, "avoid"))
		fputs(" <span class=\"clear\">no end given</span>", f);
	char spread[96];
	bool differ = disagreement(a, spread, sizeof(spread));
	if (differ)
		fprintf(f, " <span class=\"tag\" data-spread=\"%s\">sources say %s</span>", spread,
			spread);
	const json_t *g = json_object_get(a, "guide");
	if (json_is_true(json_object_get(g, "differs")))
		fputs(" <span class=\"tag clinic-differs\">your clinic and the guide differ</span>", f);
	fputs("</summary>\n<div class=\"details-body\">\n", f);
	if (!strcmp(v, "avoid") && !str(a, "clear_at")) {
		if (has_number(a, "timed_sources_clear_after_hours"))
			fprintf(f, "<p>Not every source gives this an end; those that do allow it "
				"after %s. Ask your practitioner.</p>\n",
				fmt_hours(num(a, "timed_sources_clear_after_hours"), hrs, sizeof(hrs)));
		else
			fputs("<p>The guide gives no end to this. Ask your practitioner.</p>\n", f);
	}
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(a, "variants"), i, x) {
		fputs("<p class=\"variant\">", f);
		h(f, str(x, "text"));
		fputs("</p>\n", f);
	}
	if (differ)
		fprintf(f, "<p class=\"disagree\">Sources disagree: %s. The answer follows the most "
			"careful of them. Each one’s words are below.</p>\n", spread);
	json_array_foreach(json_object_get(a, "reasons"), i, x) {
		fputs("<p class=\"reason\">", f);
		h(f, json_string_value(x));
		fputs("</p>\n", f);
	}
	positions(f, m, a, "now");
	guide_side(f, m, a, "now");
	fputs("</div></details></li>\n", f);
}

static void themes_section(FILE *f, const model *m)
{
	const json_t *acts = json_object_get(m->plan, "activities");
	fputs("<section id=\"all\" class=\"card\" aria-labelledby=\"all-h\">\n"
	      "<h2 id=\"all-h\">Everything, by theme</h2>\n"
	      "<div class=\"find\" hidden><label for=\"find\">Find an activity</label>"
	      "<input id=\"find\" type=\"search\" autocomplete=\"off\" list=\"find-names\" "
	      "placeholder=\"gym, retinol, sauna…\"><datalist id=\"find-names\">", f);
	size_t i;
	json_t *a;
	json_array_foreach(acts, i, a) {
		fputs("<option value=\"", f);
		h(f, str(a, "name"));
		fputs("\">", f);
	}
	fputs("</datalist><p id=\"find-none\" class=\"muted\" hidden>No activity of that name "
	      "here: try the “Can I…?” box.</p></div>\n<div id=\"groups\">\n", f);
	for (size_t t = 0; t < N_THEMES; t++) {
		double next = -1;
		size_t count = 0;
		bool next_a = false;
		json_array_foreach(acts, i, a) {
			if (theme_of(m, str(a, "activity")) != t)
				continue;
			count++;
			double c = clears_later(m, a);
			if (c > 0 && (next < 0 || c < next))
				next = c, next_a = true;
		}
		if (!count)
			continue;
		fprintf(f, "<details class=\"theme\" id=\"theme-%s\"><summary><span class=\"theme-name\">"
			"%s</span> <span class=\"theme-next\">", themes[t].id, themes[t].title);
		if (next_a) {
			char tm[64];
			fprintf(f, "next %s", fmt_time(at_hours(m->in, next), tm, sizeof(tm)));
		} else {
			fputs("nothing changes later", f);
		}
		fprintf(f, "</span></summary>\n<ul class=\"theme-list\" aria-label=\"%s\">\n",
			themes[t].title);
		json_array_foreach(acts, i, a)
			if (theme_of(m, str(a, "activity")) == t)
				activity_item(f, m, a);
		fputs("</ul></details>\n", f);
	}
	fputs("</div>\n</section>\n", f);
}

/* ---- the timeline: sentences for everyone, bars drawn by app.js from data-* ---- */

#define MIN_DAYS 7
#define MAX_DAYS 30

typedef struct seg {
	double from, to;	/* hours; to < 0: no end */
	const char *verdict;
	double at;		/* the change's hours */
} seg;

static size_t segments(const model *m, const json_t *a, seg *out, size_t max)
{
	const json_t *ms = json_object_get(m->plan, "milestones");
	const char *id = str(a, "activity");
	size_t n = 0;
	double from = 0, last = -1;
	const char *v = NULL;
	/* milestones come in time order; the first of this activity's gives its start */
	for (;;) {
		const json_t *best = NULL;
		size_t i;
		json_t *x;
		json_array_foreach(ms, i, x) {
			double e = num(x, "elapsed_hours");
			if (strcmp(str(x, "activity"), id) || e <= last)
				continue;
			if (!best || e < num(best, "elapsed_hours"))
				best = x;
		}
		if (!best)
			break;
		double e = num(best, "elapsed_hours");
		if (!v)
			v = str(best, "before");
		if (e > from && n < max - 1)
			out[n++] = (seg){from, e, v, e};
		from = e;
		last = e;
		v = str(best, "after");
	}
	if (!v)
		v = str(a, "verdict");
	out[n++] = (seg){from, -1, v, 0};
	return n;
}

static void timeline_section(FILE *f, const model *m)
{
	const json_t *acts = json_object_get(m->plan, "activities");
	double last = 0;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(m->plan, "milestones"), i, x)
		if (num(x, "elapsed_hours") > last)
			last = num(x, "elapsed_hours");
	int wanted = (int)((last + 23.999) / 24) + 1;
	int days = wanted < MIN_DAYS ? MIN_DAYS : wanted > MAX_DAYS ? MAX_DAYS : wanted;
	double span = days * 24.0;
	fputs("<section id=\"timeline\" class=\"card\" aria-labelledby=\"timeline-h\">\n"
	      "<h2 id=\"timeline-h\">Day by day</h2>\n<ul class=\"legend chart-only\" "
	      "aria-label=\"Legend\">\n"
	      "<li><span class=\"swatch v-avoid\" aria-hidden=\"true\"></span>Avoid</li>\n"
	      "<li><span class=\"swatch v-caution\" aria-hidden=\"true\"></span>With care</li>\n"
	      "<li><span class=\"swatch v-ok\" aria-hidden=\"true\"></span>Fine</li>\n"
	      "<li><span class=\"swatch v-none\" aria-hidden=\"true\"></span>No rule</li>\n"
	      "<li><span class=\"swatch swatch-now\" aria-hidden=\"true\"></span>Now</li>\n</ul>\n"
	      "<p id=\"timeline-note\" class=\"muted\">", f);
	if (wanted > MAX_DAYS)
		fprintf(f, "<span>The chart shows the first %d days; later changes are in each row's "
			"text and in each theme above. </span>", days);
	bool now_line = m->elapsed >= 0 && m->elapsed <= span;
	if (now_line)
		fprintf(f, "<span class=\"no-print\">The line marked “now” is day %d after your "
			"treatment.</span>", (int)(m->elapsed / 24));
	else if (m->elapsed > span)
		fputs("<span>Your treatment is further back than the chart: everything is at its "
		      "last state.</span>", f);
	fprintf(f, "</p>\n<div class=\"tl-scroll\" id=\"tl-scroll\" tabindex=\"0\" role=\"region\" "
		"aria-label=\"Timeline, scrolls sideways\">\n<div class=\"tl\" id=\"tl\" "
		"data-days=\"%d\">\n", days);
	for (int w = 0; w < 2; w++) {
		if (w == 1) {
			fputs("<ul class=\"tl-rows\" aria-label=\"Each activity over the days after "
			      "treatment\">\n", f);
			json_array_foreach(acts, i, x) {
				seg s[64];
				char t[64];
				size_t n = segments(m, x, s, 64);
				fprintf(f, "<li class=\"tl-row\" data-activity=\"%s\"><div class=\"tl-label\" "
					"aria-hidden=\"true\"><span class=\"tl-name\">", str(x, "activity"));
				h(f, str(x, "name"));
				fputs("</span>", f);
				char spread[96];
				bool differ = disagreement(x, spread, sizeof(spread));
				if (differ)
					fprintf(f, "<span class=\"tag\">sources: %s</span>", spread);
				fputs("</div><p class=\"tl-text\">", f);
				h(f, str(x, "name"));
				fputs(": ", f);
				for (size_t k = 0; k < n; k++) {
					fprintf(f, "%s%s", k ? ", then " : "", verdict_word(s[k].verdict));
					if (s[k].to >= 0)
						fprintf(f, " until %s (day %d)", fmt_time(at_hours(m->in, s[k].at), t,
											  sizeof(t)), (int)(s[k].to / 24));
				}
				if (n == 1 && !strcmp(s[0].verdict, "avoid"))
					fputs(" (the guide gives no end)", f);
				fputc('.', f);
				if (differ)
					fprintf(f, " Sources disagree: %s.", spread);
				fputs("</p><div class=\"tl-track\" aria-hidden=\"true\">", f);
				for (size_t k = 0; k < n && s[k].from < span; k++)
					fprintf(f, "<span class=\"seg %s\" data-from=\"%g\" data-to=\"%g\" "
						"title=\"%s\"></span>", verdict_class(s[k].verdict),
						s[k].from / span, (s[k].to < 0 || s[k].to > span ? span : s[k].to) / span,
						verdict_word(s[k].verdict));
				fputs("</div></li>\n", f);
			}
			fputs("</ul>\n", f);
		}
		fprintf(f, "<div class=\"tl-axis tl-axis-%s\" aria-hidden=\"true\"><div class=\"tl-corner\">"
			"Day</div><div class=\"tl-ticks\">", w ? "bottom" : "top");
		for (int d = 0; d <= days; d++)
			fprintf(f, "<span class=\"tl-tick%s\" data-at=\"%g\">%d</span>",
				d ? "" : " tl-tick-first", (double)d / days, d);
		fputs("</div></div>\n", f);
	}
	if (now_line)
		fprintf(f, "<div class=\"tl-now\" aria-hidden=\"true\" data-at=\"%.5f\"><span "
			"class=\"tl-now-label\">now</span></div>\n", m->elapsed / span);
	fputs("</div>\n</div>\n</section>\n", f);
}

/* ---- the treatment, the calendar, the sources ---- */

/* A stored treatment issued under another protocol than the one in force: its plan is the
 * one it was given (docs/desk.md, "Protocol versions"), and the page says a newer exists. */
static void protocol_note(FILE *f, const model *m)
{
	const plan_kb *pk = m->in->protocol;
	if (!pk || pk->current)
		return;
	fputs("<p id=\"protocol-note\" class=\"notice\">", f);
	if (pk->held)
		fputs("This plan is the one your clinic issued, under the clinic's protocol as it "
		      "was then. The clinic has a newer protocol since: ask the clinic whether "
		      "your plan should be reissued under it.", f);
	else
		fputs("Your clinic has a newer protocol than the one this plan was issued under, "
		      "and that one is not available to this server: this plan follows the "
		      "clinic's current protocol.", f);
	fputs("</p>\n", f);
}

static void treatment_section(FILE *f, const model *m)
{
	static const char *const devices[][2] = {
		{"pen", "Microneedling pen"}, {"dermaroller", "Dermaroller"},
		{"procell", "Procell microchanneling"}};
	const ac_profile *p = m->in->profile;
	char t[96];
	struct tm tm;
	localtime_r(&p->treated_at, &tm);
	strftime(t, sizeof(t), "%A %-d %B %Y, %H:%M", &tm);
	const char *dev = ac_device_name(p->device), *dev_name = dev;
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(dev, devices[i][0]))
			dev_name = devices[i][1];
	fprintf(f, "<section id=\"treatment\" class=\"card\" aria-labelledby=\"treatment-h\">\n"
		"<h2 id=\"treatment-h\">%s</h2>\n<dl id=\"treatment-details\" class=\"details\">\n",
		m->in->token ? "Your treatment, as your clinic entered it" : "Your treatment");
	fprintf(f, "<div><dt>Treated</dt><dd>%s</dd></div>\n", t);
	fprintf(f, "<div><dt>Device</dt><dd>%s</dd></div>\n", dev_name);
	const char *depth = p->depth == AC_DEPTH_UNSPECIFIED ? "Not known"
			    : !strcmp(ac_depth_name(p->depth), "deep") ? "Deep" : "Superficial";
	fprintf(f, "<div><dt>Needle depth</dt><dd>%s</dd></div>\n", depth);
	const char *skin = ac_skin_name(p->skin);
	fputs("<div><dt>Skin type</dt><dd>", f);
	if (p->skin == AC_SKIN_UNSPECIFIED)
		fputs("Not known", f);
	else
		fprintf(f, "%c%s", skin[0] - 'a' + 'A', skin + 1);
	fputs("</dd></div>\n</dl>\n", f);
	protocol_note(f, m);
	fputs("<p id=\"zone\" class=\"muted\">Every time on this page is ", f);
	h(f, m->in->zone);
	fputs(" time.</p>\n<p class=\"disclaimer\" id=\"disclaimer\">", f);
	h(f, str(m->plan, "disclaimer"));
	fputs("</p>\n", f);
	if (!m->in->token)
		fputs("<p class=\"no-print\"><a href=\"/\">Enter another treatment</a></p>\n", f);
	fputs("</section>\n", f);
}

/* The clinic's own words (clinic.yaml: docs/desk.md) on a stored treatment's page, in their
 * own section, labelled as the clinic's: its notes, its names for this treatment's device
 * and skin, where it draws the line for a deep treatment, how to reach it. Nothing here is
 * the guide's, and nothing of the guide's is here. */
static void clinic_word_list(FILE *f, const clinic_word *w, size_t n, const char *guide)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(w[i].guide, guide) != 0)
			continue;
		fputs(first ? "" : ", ", f);
		fputs("“", f);
		h(f, w[i].word);
		fputs("”", f);
		first = false;
	}
}

static bool clinic_words_for(const clinic_word *w, size_t n, const char *guide)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i].guide, guide) == 0)
			return true;
	return false;
}

static void clinic_section(FILE *f, const model *m)
{
	const clinic_settings *c = m->srv->clinic;
	if (!c || !m->in->token)
		return;
	const ac_profile *p = m->in->profile;
	const char *dev = ac_device_name(p->device), *skin = ac_skin_name(p->skin);
	fputs("<section id=\"clinic\" class=\"card clinic\" aria-labelledby=\"clinic-h\">\n"
	      "<h2 id=\"clinic-h\">From your clinic, ", f);
	h(f, c->name);
	fputs("</h2>\n<p class=\"clinic-label muted\">In the clinic's own words: not from the "
	      "aftercare guide the rest of this page quotes.</p>\n", f);
	if (c->notes) {
		fputs("<div id=\"clinic-notes\" class=\"clinic-notes\">\n", f);
		for (const char *line = c->notes; *line;) {
			size_t n = strcspn(line, "\n");
			char *one = strndup(line, n);	/* one paragraph a line */
			if (!one)
				return;	/* page_write sees the stream's error */
			if (one[strspn(one, " ")]) {
				fputs("<p>", f);
				h(f, one);
				fputs("</p>\n", f);
			}
			free(one);
			line += n + (line[n] == '\n');
		}
		fputs("</div>\n", f);
	}
	fputs("<ul id=\"clinic-words\">\n", f);
	if (clinic_words_for(c->devices, c->n_devices, dev)) {
		fputs("<li>The clinic's names for your device: ", f);
		clinic_word_list(f, c->devices, c->n_devices, dev);
		fprintf(f, " (the guide's “%s”)</li>\n", dev);
	}
	if (c->deep_from_mm > 0)
		fprintf(f, "<li>The clinic counts a needle depth of %g mm or more as a deep "
			"treatment, and less as superficial.</li>\n", c->deep_from_mm);
	if (p->skin != AC_SKIN_UNSPECIFIED && clinic_words_for(c->skins, c->n_skins, skin)) {
		fputs("<li>The clinic's words for your skin type: ", f);
		clinic_word_list(f, c->skins, c->n_skins, skin);
		fprintf(f, " (the guide's “%s”)</li>\n", skin);
	}
	if (c->phone) {
		fputs("<li>Phone: ", f);
		h(f, c->phone);
		fputs("</li>\n", f);
	}
	if (c->emergency) {
		fputs("<li>In an emergency: ", f);
		h(f, c->emergency);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

static void calendar_section(FILE *f, const model *m)
{
	const page_in *in = m->in;
	fputs("<section id=\"calendar\" class=\"card no-print\" aria-labelledby=\"calendar-h\">\n"
	      "<h2 id=\"calendar-h\">Add to calendar</h2>\n<p>Each change (for example “Swimming "
	      "is fine from today”) as an event in your calendar.</p>\n<p class=\"links\">\n", f);
	if (in->token) {
		fputs("<a id=\"cal-subscribe\" class=\"button\" href=\"webcal://", f);
		h(f, in->host ? in->host : "localhost");
		fprintf(f, "/p/%s.ics\">Add to my calendar</a>\n<a id=\"cal-download\" class=\"button "
			"secondary\" download=\"aftercare.ics\" href=\"/p/%s.ics\">Download the .ics "
			"file</a>\n", in->token, in->token);
	} else {
		fputs("<a id=\"cal-download\" class=\"button secondary\" download=\"aftercare.ics\" "
		      "href=\"/api/plan.ics?", f);
		const char *names[] = {"treated", "device", "depth", "skin"};
		const char *values[] = {in->q_treated, in->q_device, in->q_depth, in->q_skin};
		bool first = true;
		for (size_t i = 0; i < 4; i++) {
			if (!values[i] || !*values[i])
				continue;
			fprintf(f, "%s%s=", first ? "" : "&amp;", names[i]);
			url_value(f, values[i]);
			first = false;
		}
		fputs("\">Download the .ics file</a>\n", f);
	}
	fputs("<button id=\"print\" type=\"button\" class=\"secondary\" hidden>Print a handout"
	      "</button>\n</p>\n</section>\n", f);
}

/* The voices as a list: the guide's (clinic false) or the clinic protocol's; how many. */
static size_t source_list(FILE *f, const model *m, bool clinic, const char *id)
{
	size_t i, n = 0;
	json_t *s;
	json_array_foreach(m->sources, i, s) {
		if (clinic_source(m, str(s, "id")) != clinic)
			continue;
		if (!n++)
			fprintf(f, "<ul id=\"%s\">\n", id);
		fputs("<li><strong>", f);
		h(f, str(s, "name"));
		fputs("</strong>", f);
		if (str(s, "section") && *str(s, "section")) {
			fprintf(f, " — in the %s section “", clinic ? "protocol's" : "guide's");
			h(f, str(s, "section"));
			fputs("”", f);
		}
		fputs("</li>\n", f);
	}
	if (n)
		fputs("</ul>\n", f);
	return n;
}

static void sources_section(FILE *f, const model *m)
{
	size_t i, clinic = 0;
	json_t *s;
	json_array_foreach(m->sources, i, s)
		clinic += clinic_source(m, str(s, "id"));
	fputs("<section id=\"sources\" class=\"card\" aria-labelledby=\"sources-h\">\n"
	      "<h2 id=\"sources-h\">Sources</h2>\n", f);
	if (!clinic) {
		fputs("<p>Everything on this page quotes one published microneedling aftercare "
		      "guide, which gathers these voices:</p>\n", f);
		source_list(f, m, false, "source-list");
	} else {
		fputs("<p>This page quotes one published microneedling aftercare guide and your "
		      "clinic's own protocol. Where the protocol has a rule of its own, this plan "
		      "follows the clinic, and the guide's words are shown beside it, as the "
		      "guide's. The clinic's words are marked as the clinic's wherever they "
		      "appear.</p>\n"
		      "<h3>The guide's voices</h3>\n", f);
		source_list(f, m, false, "source-list");
		fputs("<h3>Your clinic's protocol (not part of the guide)</h3>\n", f);
		source_list(f, m, true, "clinic-source-list");
	}
	fputs("</section>\n", f);
}

/* ---- the handout (docs/web.md, "The handout"): what is printed, one or two pages ---- */

/* The link back to this page, as a phone that scans the handout opens it: the clinic's public
 * URL, else the host the browser reached; the patient's /p/TOKEN, or "/" with the form's
 * treatment. */
static void page_link(FILE *f, const model *m)
{
	const page_in *in = m->in;
	const char *base = m->srv->clinic ? m->srv->clinic->public_url : NULL;
	if (base)
		fputs(base, f);
	else
		fprintf(f, "http://%s", in->host ? in->host : "localhost");
	if (in->token) {
		fprintf(f, "/p/%s", in->token);
		return;
	}
	const char *names[] = {"treated", "device", "depth", "skin"};
	const char *values[] = {in->q_treated, in->q_device, in->q_depth, in->q_skin};
	bool first = true;
	fputc('/', f);
	for (size_t i = 0; i < 4; i++) {
		if (!values[i] || !*values[i])
			continue;
		fprintf(f, "%c%s=", first ? '?' : '&', names[i]);
		url_value(f, values[i]);
		first = false;
	}
}

/* The handout's QR code and the link under it: -1 when the link is too long for a code. */
static int handout_qr(FILE *f, const model *m)
{
	char *link = NULL;
	size_t len = 0;
	FILE *lf = open_memstream(&link, &len);
	if (!lf)
		return -1;
	page_link(lf, m);
	if (fclose(lf)) {
		free(link);
		return -1;
	}
	fputs("<figure class=\"handout-qr\" id=\"handout-qr\">", f);
	int rc = qr_svg_write(f, link, "QR code of the link to this plan");
	fputs("<figcaption>Your plan, kept up to date, with every source's words: scan the code "
	      "or type <span id=\"handout-link\" class=\"handout-link\">", f);
	h(f, link);
	fputs("</span></figcaption></figure>\n", f);
	free(link);
	return rc;
}

/* The clinic's own details, labelled as the clinic's (clinic.yaml, serve --clinic). */
static void handout_clinic(FILE *f, const model *m)
{
	const clinic_settings *c = m->srv->clinic;
	if (!c || (!c->name && !c->phone && !c->emergency))
		return;
	fputs("<div id=\"handout-clinic\" class=\"handout-clinic\"><p class=\"handout-label\">"
	      "From your clinic</p>\n", f);
	if (c->name) {
		fputs("<p class=\"clinic-name\">", f);
		h(f, c->name);
		fputs("</p>\n", f);
	}
	if (c->phone) {
		fputs("<p>Phone: <span class=\"clinic-phone\">", f);
		h(f, c->phone);
		fputs("</span></p>\n", f);
	}
	if (c->emergency) {
		fputs("<p>In an emergency, the clinic says: <span class=\"clinic-emergency\">", f);
		h(f, c->emergency);
		fputs("</span></p>\n", f);
	}
	fputs("</div>\n", f);
}

/* Key dates: when each asked-about activity is fine, from the treatment, in time order; not
 * "right now", which paper cannot keep up with. */
static void handout_dates(FILE *f, const model *m)
{
	const json_t *row[N_ASKED];
	size_t n = 0;
	for (size_t i = 0; i < N_ASKED; i++) {
		const json_t *a = activity(m, asked[i]);
		if (!a)
			continue;
		size_t k = n++;	/* insertion by clear time; no end last */
		double c = has_number(a, "clear_after_hours") ? num(a, "clear_after_hours") : 1e12;
		for (; k > 0; k--) {
			const json_t *b = row[k - 1];
			double d = has_number(b, "clear_after_hours") ? num(b, "clear_after_hours") : 1e12;
			if (d <= c)
				break;
			row[k] = b;
		}
		row[k] = a;
	}
	fputs("<h3 id=\"handout-dates-h\">Key dates</h3>\n<table id=\"handout-dates\" "
	      "class=\"handout-dates\" aria-labelledby=\"handout-dates-h\">\n<thead><tr><th "
	      "scope=\"col\">What</th><th scope=\"col\">Fine from</th><th scope=\"col\">After "
	      "treatment</th></tr></thead>\n<tbody>\n", f);
	for (size_t k = 0; k < n; k++) {
		const json_t *a = row[k];
		char t[64], hrs[32];
		fprintf(f, "<tr data-activity=\"%s\"><th scope=\"row\">", str(a, "activity"));
		h(f, str(a, "name"));
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(a, "variants"), i, x) {
			fputs("<span class=\"variant\">", f);
			h(f, str(x, "text"));
			fputs("</span>", f);
		}
		if (json_is_object(json_object_get(a, "guide")))
			guide_compare(f, json_object_get(a, "guide"), "span");
		fputs("</th>", f);
		if (!has_number(a, "clear_after_hours"))
			fputs("<td colspan=\"2\">The guide gives no end: ask your practitioner</td>", f);
		else if (num(a, "clear_after_hours") <= 0)
			fputs("<td>From the start</td><td>—</td>", f);
		else
			fprintf(f, "<td>%s</td><td>%s</td>",
				fmt_time(at_hours(m->in, num(a, "clear_after_hours")), t, sizeof(t)),
				fmt_hours(num(a, "clear_after_hours"), hrs, sizeof(hrs)));
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* Shown in print only (app.css): the clinic's details, the link as a QR code, the red flags,
 * the key dates, the treatment and the disclaimer. */
static void handout_section(FILE *f, const model *m)
{
	char t[96];
	struct tm tm;
	localtime_r(&m->in->profile->treated_at, &tm);
	strftime(t, sizeof(t), "%A %-d %B %Y, %H:%M", &tm);
	fputs("<section id=\"handout\" class=\"handout\" aria-labelledby=\"handout-h\">\n"
	      "<div class=\"handout-top\"><div class=\"handout-main\">\n"
	      "<h2 id=\"handout-h\">Your aftercare plan after microneedling</h2>\n"
	      "<p id=\"handout-treated\">Treated ", f);
	h(f, t);
	fputs(". Every time here is ", f);
	h(f, m->in->zone);
	fputs(" time.</p>\n", f);
	handout_clinic(f, m);
	fputs("</div>\n", f);
	if (handout_qr(f, m))
		fputs("<p class=\"muted\">(The link is too long for a QR code.)</p>\n", f);
	fputs("</div>\n", f);
	const json_t *flags = json_object_get(m->plan, "red_flags");
	if (json_array_size(flags)) {
		fputs("<div class=\"handout-flags\"><h3>Contact your doctor at once if…</h3>\n<ul "
		      "id=\"handout-flags\">\n", f);
		size_t i;
		json_t *fl;
		json_array_foreach(flags, i, fl) {
			fputs("<li>", f);
			h(f, str(fl, "text"));
			fputs(" <span class=\"cite\">(", f);
			h(f, source_name(m, str(fl, "source")));
			fputs(")</span></li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	handout_dates(f, m);
	fputs("<p class=\"handout-more\">Everything else, with each source's own words and where "
	      "they disagree, is on the page at the link above.</p>\n<p class=\"disclaimer\">", f);
	h(f, str(m->plan, "disclaimer"));
	fputs("</p>\n</section>\n", f);
}

/* ---- "Can I…?" (docs/web.md): a plain GET form, answered by this page; app.js answers it
 * in place (POST /api/ask) when it runs, with the same words ---- */

static void answer_html(FILE *f, const model *m, const json_t *a)
{
	bool unknown = str(a, "kind") && !strcmp(str(a, "kind"), "unknown");
	fprintf(f, "<p class=\"answer-text%s\">", unknown ? " unknown" : "");
	h(f, str(a, "answer"));
	fputs("</p>\n", f);
	if (str(a, "moment")) {	/* the zone its times are in, as app.js says it */
		fputs("<p class=\"answer-zone muted\">Times in this answer are ", f);
		h(f, m->in->zone);
		fputs(" time.</p>\n", f);
	}
	if (unknown) {
		fputs("<p class=\"muted\">The guide this page quotes says nothing about that: ask "
		      "your practitioner.</p>\n", f);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(a, "variants"), i, x) {
		fputs("<p class=\"variant\">", f);
		h(f, str(x, "text"));
		fputs("</p>\n", f);
	}
	if (json_is_true(json_object_get(a, "disputed")))
		fputs("<p class=\"disagree\">Sources disagree: the answer follows the most careful of "
		      "them. Each one’s words are below.</p>\n", f);
	if (json_array_size(json_object_get(a, "positions"))) {
		fputs("<h3>What the sources say", f);
		if (str(a, "name")) {
			fputs(" about ", f);
			for (const char *c = str(a, "name"); *c; c++) {
				char low[2] = {*c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c, 0};
				h(f, low);
			}
		}
		fputs("</h3>\n", f);
		positions(f, m, a, "then");
		guide_side(f, m, a, "then");
	}
	if (json_array_size(json_object_get(a, "facts"))) {
		fputs("<h3>What the sources say</h3>\n<ul class=\"positions\">\n", f);
		json_array_foreach(json_object_get(a, "facts"), i, x) {
			fputs("<li class=\"position\"><p class=\"position-head\"><strong>", f);
			h(f, source_name(m, str(x, "source")));
			fputs("</strong></p><blockquote class=\"quote\"><p>“", f);
			h(f, str(x, "quote"));
			fputs("”</p>", f);
			if (str(x, "section")) {
				fputs("<footer class=\"cite\">Section “", f);
				h(f, str(x, "section"));
				fputs("”</footer>", f);
			}
			fputs("</blockquote></li>\n", f);
		}
		fputs("</ul>\n", f);
	}
}

static void ask_section(FILE *f, const model *m)
{
	const page_in *in = m->in;
	fputs("<section id=\"ask\" class=\"card glance no-print\" aria-labelledby=\"ask-h\">\n"
	      "<h2 id=\"ask-h\">Can I…?</h2>\n<form id=\"ask-form\" class=\"ask-form\" "
	      "method=\"get\" action=\"", f);
	if (in->token)
		fprintf(f, "/p/%s#ask\">\n", in->token);
	else
		fputs("/#ask\">\n", f);
	fputs("<label for=\"question\">Ask about an activity, in your own words</label>\n", f);
	/* on "/" the treatment goes with the question, as the plan's form sent it */
	const char *names[] = {"treated", "device", "depth", "skin"};
	const char *values[] = {in->q_treated, in->q_device, in->q_depth, in->q_skin};
	for (size_t i = 0; !in->token && i < 4; i++) {
		if (!values[i] || !*values[i])
			continue;
		fprintf(f, "<input type=\"hidden\" name=\"%s\" value=\"", names[i]);
		h(f, values[i]);
		fputs("\">\n", f);
	}
	fprintf(f, "<div class=\"ask-row\">\n<input id=\"question\" name=\"question\" "
		"type=\"text\" maxlength=\"%d\" autocomplete=\"off\" placeholder=\"can I swim 2 "
		"days after?\" required", PAGE_QUESTION_MAX);
	if (in->question) {
		fputs(" value=\"", f);
		h(f, in->question);
		fputc('"', f);
	}
	fputs(">\n<button type=\"submit\">Ask</button>\n</div>\n</form>\n"
	      "<div id=\"answer\" class=\"answer\" aria-live=\"polite\">", f);
	if (in->ask_error) {
		fputs("<p class=\"error\">", f);
		h(f, in->ask_error);
		fputs("</p>", f);
	} else if (in->answer) {
		answer_html(f, m, in->answer);
	}
	fputs("</div>\n</section>\n", f);
}

/* ---- the page ---- */

/* The plan's head: what the first screen holds, before the "Can I…?" box. */
static void plan_head(FILE *f, const model *m)
{
	char iso[64];
	const ac_profile *p = m->in->profile;
	fprintf(f, "<div id=\"plan\" data-treated=\"%s\" data-device=\"%s\"",
		ac_time_format_iso(p->treated_at, iso, sizeof(iso)), ac_device_name(p->device));
	if (p->depth != AC_DEPTH_UNSPECIFIED)
		fprintf(f, " data-depth=\"%s\"", ac_depth_name(p->depth));
	if (p->skin != AC_SKIN_UNSPECIFIED)
		fprintf(f, " data-skin=\"%s\"", ac_skin_name(p->skin));
	/* when the server wrote it: a copy shown offline says "as last loaded at" (app.js) */
	char loaded[64];
	fprintf(f, " data-loaded=\"%s\"", fmt_time(time(NULL), loaded, sizeof(loaded)));
	fputs(" data-zone=\"", f);
	h(f, m->in->zone);
	fputs("\">\n", f);
	red_flags(f, m);
	now_section(f, m);
	coming_section(f, m);
	ask_section(f, m);
}

static void plan_tail(FILE *f, const model *m)
{
	themes_section(f, m);
	timeline_section(f, m);
	treatment_section(f, m);
	clinic_section(f, m);
	calendar_section(f, m);
	sources_section(f, m);
	handout_section(f, m);
	fputs("</div>\n", f);
}

static json_t *plan_model(const server *srv, const page_in *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	int rc = ac_render_plan_json(f, in->kb ? in->kb : srv->kb, in->profile,
				     in->policy ? in->policy : &srv->default_policy, in->now_min);
	if (fclose(f) || rc) {
		free(buf);
		return NULL;
	}
	json_t *plan = json_loadb(buf, len, 0, NULL);
	free(buf);
	return plan;
}

/* Copy the template (web/index.html), keeping "<!--if-form-->...<!--end-->" and
 * "<!--if-plan-->...<!--end-->" as the page asks and filling "<!--slot:NAME-->". */
int page_write(FILE *f, const server *srv, const page_in *in)
{
	const web_asset *tpl = web_asset_find("index.html");
	if (!tpl)
		return -1;
	model m = {.in = in, .srv = srv, .kb = in->kb ? in->kb : srv->kb};
	if (in->profile) {
		m.plan = plan_model(srv, in);
		m.sources = cli_sources_json(in->kb ? in->kb : srv->kb);
		m.activities = cli_activities_json(in->kb ? in->kb : srv->kb);
		if (!m.plan || !m.sources || !m.activities) {
			json_decref(m.plan), json_decref(m.sources), json_decref(m.activities);
			return -1;
		}
		const json_t *a0 = json_array_get(json_object_get(m.plan, "activities"), 0);
		m.elapsed = in->now_min < 0 ? -1 : a0 ? num(a0, "elapsed_hours") : in->now_min / 60.0;
	}
	const char *s = (const char *)tpl->data, *end = s + tpl->len;
	bool skip = false;
	while (s < end) {
		const char *c = memmem(s, (size_t)(end - s), "<!--", 4);
		if (!c)
			c = end;
		if (!skip)
			fwrite(s, 1, (size_t)(c - s), f);
		if (c == end)
			break;
		const char *close = memmem(c, (size_t)(end - c), "-->", 3);
		if (!close)
			break;
		size_t n = (size_t)(close - c) - 4;
		const char *tag = c + 4;
#define IS(lit) (n == sizeof(lit) - 1 && !memcmp(tag, lit, n))
		if (IS("if-form"))
			skip = in->profile != NULL;
		else if (IS("if-plan"))
			skip = in->profile == NULL;
		else if (IS("end"))
			skip = false;
		else if (skip)
			;
		else if (IS("slot:message") && in->message) {
			fprintf(f, "<p id=\"page-message\" class=\"error\" role=\"alert\">");
			h(f, in->message);
			fputs("</p>", f);
		} else if (IS("slot:plan-head") && in->profile)
			plan_head(f, &m);
		else if (IS("slot:plan-tail") && in->profile)
			plan_tail(f, &m);
		else if (!IS("slot:message") && !IS("slot:plan-head") && !IS("slot:plan-tail"))
			fwrite(c, 1, (size_t)(close + 3 - c), f);	/* a comment of the page's own */
#undef IS
		s = close + 3;
	}
	json_decref(m.plan);
	json_decref(m.sources);
	json_decref(m.activities);
	return ferror(f) ? -1 : 0;
}

/* test_ask.c: the question parser's pieces: time words, profile cues, typos, kinds, and
 * input that is no question at all (garbage, invalid UTF-8, control characters, 100 KB).
 * The broad accuracy test is tests/questions.tsv (make eval). */
#include <stdio.h>

#include "ask_internal.h"
#include "testutil.h"

static ac_kb *kb;
static ac_asker *asker;
static ac_profile profile;
static int32_t now_min;	/* when the question is asked: at the treatment unless a test says */

static ac_question parse(const char *text)
{
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	if (ac_ask_parse(asker, text, strlen(text), &profile, now_min, &q, err) != AC_OK)
		fail_msg("\"%s\" refused: %s", text, err);
	return q;
}

static void expect(const char *text, ac_ask_kind kind, const char *act, int32_t at_min)
{
	ac_question q = parse(text);
	const char *got = q.activity >= 0 ? ac_kb_activity(kb, (size_t)q.activity)->id : "-";
	if (q.kind != kind || strcmp(got, act) || q.at_min != at_min)
		fail_msg("\"%s\": want %s %s %d, got %s %s %d", text, ac_ask_kind_name(kind), act,
			 at_min, ac_ask_kind_name(q.kind), got, q.at_min);
}

static void test_time_words(void **state)
{
	(void)state;
	static const struct { const char *q; int32_t min; } cases[] = {
		{"can i swim 24 hours after", 24 * 60},	 {"can i swim 24hrs after", 24 * 60},
		{"can i swim after 48h", 48 * 60},	 {"can i swim 2 days after", 48 * 60},
		{"can i swim two days after", 48 * 60}, {"can i swim after a week", 168 * 60},
		{"can i swim 3 weeks later", 504 * 60}, {"can i swim tomorrow", 24 * 60},
		{"can i swim the next day", 24 * 60},	 {"can i swim the day after", 24 * 60},
		{"can i swim tonight", 10 * 60},	 {"can i swim the same day", 0},
		{"can i swim right after", 0},		 {"can i swim immediately", 0},
		{"can i swim on day 3", 48 * 60},	 {"can i swim on the third day", 48 * 60},
		{"can i swim after seventy two hours", 72 * 60},
		{"can i swim after twenty-four hours", 24 * 60},
		{"can i swim after a couple of days", 48 * 60},
		{"can i swim after 90 minutes", 90},	 {"can i swim 2days after", 48 * 60},
		{"can i swim the day after tomorrow", 48 * 60},
		{"can i swim", -1},
		/* found by fuzzing: no cast of a huge number, no overflow into "19 hours" */
		{"can i swim on the 99999999999th day", -1},
		{"can i swim on the 2982618th day", -1},
		{"can i swim on the 366th day", 365 * 1440},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(cases[i].q, AC_ASK_CAN, "swimming", cases[i].min);
}

/* The moment asked (minutes after treatment) and its anchor, for a question asked at the
 * local time `asked`. Treatment: Fri 20 Nov 2026 10:00. */
static void expect_at(const char *asked, const char *text, const char *moment, ac_anchor anchor)
{
	time_t at, want;
	if (ac_time_parse(asked, &at) != AC_OK || ac_time_parse(moment, &want) != AC_OK)
		fail_msg("bad test times %s / %s", asked, moment);
	now_min = (int32_t)((at - profile.treated_at) / 60);
	ac_question q = parse(text);
	now_min = 0;
	int32_t want_min = (int32_t)((want - profile.treated_at) / 60);
	if (q.at_min != want_min || q.anchor != anchor)
		fail_msg("\"%s\" asked %s: want %s (%d min, %s), got %d min (%s)", text, asked, moment,
			 want_min, ac_anchor_name(anchor), q.at_min, ac_anchor_name(q.anchor));
}

/* Times relative to now are read from the moment of asking, in local time; times relative
 * to the treatment from the treatment (docs/ask.md). */
static void test_time_anchors(void **state)
{
	(void)state;
	const ac_anchor N = AC_ANCHOR_NOW, T = AC_ANCHOR_TREATMENT;
	/* asked on day 6 (Wed 25 Nov 18:00): tomorrow is day 7, not day 2 */
	expect_at("2026-11-25 18:00", "can i swim tomorrow", "2026-11-26 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim tomorrow morning", "2026-11-26 09:00", N);
	expect_at("2026-11-25 18:00", "can i swim tonight", "2026-11-25 20:00", N);
	expect_at("2026-11-25 21:30", "can i swim tonight", "2026-11-25 21:30", N);
	expect_at("2026-11-25 18:00", "can i swim the next morning", "2026-11-26 09:00", N);
	expect_at("2026-11-25 18:00", "can i swim in 2 days", "2026-11-27 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim 3 hours from now", "2026-11-25 21:00", N);
	expect_at("2026-11-25 18:00", "can i swim the day after tomorrow", "2026-11-27 18:00", N);
	expect_at("2026-11-25 10:00", "can i swim tomorrow at 6pm", "2026-11-26 18:00", N);
	expect_at("2026-11-25 10:00", "swim friday 7am?", "2026-11-27 07:00", N);
	expect_at("2026-11-25 10:00", "can i swim at 8pm", "2026-11-25 20:00", N);
	expect_at("2026-11-25 10:00", "can i swim 2 days after at 3pm", "2026-11-22 10:00", T);
	expect_at("2026-11-22 19:00", "can i go for a jog at 7am tmrw", "2026-11-23 07:00", N);
	expect_at("2026-11-20 21:00", "moisturizer at 10:30 tomorrow?", "2026-11-21 10:30", N);
	/* "right away" is now; "right after (microneedling)" the treatment */
	expect_at("2026-11-20 10:40", "can i put the serum on right away", "2026-11-20 10:40", N);
	expect_at("2026-11-20 10:40", "serum straight away after microneedling?", "2026-11-20 10:00", T);
	/* "I'm on day 4": asked during day 4, that is now */
	expect_at("2026-11-23 12:00", "im on day 4, can i swim", "2026-11-23 12:00", T);
	expect_at("2026-11-21 12:00", "can i swim on day 4", "2026-11-23 10:00", T);
	/* weekdays: the nearest, today included; "next" is strictly after today */
	expect_at("2026-11-25 18:00", "can i swim on friday", "2026-11-27 18:00", N);
	expect_at("2026-11-25 18:00", "swim saturday morning?", "2026-11-28 09:00", N);
	expect_at("2026-11-25 18:00", "can i swim on wednesday", "2026-11-25 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim next wednesday", "2026-12-02 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim next monday", "2026-11-30 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim this weekend", "2026-11-28 18:00", N);
	expect_at("2026-11-29 11:00", "can i swim this weekend", "2026-11-29 11:00", N);
	/* dates: day/month first, the nearer reading ahead; across a month and a year end */
	expect_at("2026-11-25 18:00", "can i swim on dec 7", "2026-12-07 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim on 7th december", "2026-12-07 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim on the 7th of dec", "2026-12-07 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim 7/12", "2026-12-07 18:00", N);
	expect_at("2026-11-25 18:00", "can i swim 12/7", "2026-12-07 18:00", N);
	expect_at("2026-12-30 18:00", "can i swim on jan 2", "2027-01-02 18:00", N);
	expect_at("2026-12-31 18:00", "can i swim tomorrow", "2027-01-01 18:00", N);
	expect_at("2026-11-30 18:00", "can i swim tomorrow", "2026-12-01 18:00", N);
	/* a day of the month alone: this month's, or the next month's once it is past */
	expect_at("2026-11-21 18:30", "can i swim on the 24th", "2026-11-24 18:30", N);
	expect_at("2026-11-21 18:30", "swim the 3rd?", "2026-12-03 18:30", N);
	/* a number with its unit before a thing says how long it lasts, not when */
	expect_at("2026-11-22 21:15", "can i do my 20 min peloton ride now", "2026-11-22 21:15", N);
	expect_at("2026-11-22 21:15", "ok to take a 2 hour flight tomorrow", "2026-11-23 21:15", N);
	expect_at("2026-11-20 11:00", "can i swim once the 72 hours are up", "2026-11-23 10:00", T);
	expect_at("2026-11-20 11:00", "can i swim the 48 hours after", "2026-11-22 10:00", T);
	/* advice reported ("the nurse said 48 hours") is not the moment asked about */
	expect_at("2026-11-21 09:00", "the nurse told me i can swim after 48 hours. sunday ok?",
		  "2026-11-22 09:00", N);
	expect_at("2026-11-21 09:00", "my friend says i can swim after 48 hours?", "2026-11-22 10:00",
		  T);
	/* "for" a span is how long: the day named after it is the moment */
	expect_at("2026-11-22 08:15", "told to skip perfume for a few days. ok on tuesday?",
		  "2026-11-24 08:15", N);
	expect_at("2026-11-22 08:15", "can i swim for 2 hours 3 days after", "2026-11-23 10:00", T);
	/* "this morning" asked in the morning is now; "this afternoon" at noon is 15:00 */
	expect_at("2026-11-23 07:45", "can i run this morning", "2026-11-23 07:45", N);
	expect_at("2026-11-23 12:00", "can i run this afternoon", "2026-11-23 15:00", N);
	expect_at("2026-11-23 14:10", "can i run this afternoon", "2026-11-23 14:10", N);
	/* a day of the month said of the treatment, with an aside in brackets between: not the
	 * moment; the day asked about is */
	expect_at("2026-11-26 10:00", "deep needling (2.5mm) on the 20th. gym on saturday morning?",
		  "2026-11-28 09:00", N);
	expect_at("2026-11-26 10:00", "needling (my 2nd) was on the 20th. gym on saturday morning?",
		  "2026-11-28 09:00", N);
	/* an aside does not join what comes after it to the clause before it either */
	expect_at("2026-11-26 10:00", "gym (the sweaty kind) on the 28th?", "2026-11-28 10:00", N);
	expect_at("2026-11-21 18:30", "can i swim on the 31st", "2026-12-31 18:30", N);
	expect_at("2026-12-28 18:30", "can i swim on the 2nd", "2027-01-02 18:30", N);
	expect_at("2026-11-21 18:30", "can i swim the 3rd day", "2026-11-22 10:00", T);
	expect_at("2026-11-25 18:00", "hot yoga sat morning??", "2026-11-28 09:00", N);
	expect_at("2026-11-20 17:00", "just a gentle flow class. is sat ok", "2026-11-21 17:00", N);
	expect_at("2026-11-24 07:45", "loofah in the shower sat", "2026-11-28 07:45", N);
	/* the ways people write them: tmw, 2moro, nite, eve, wknd, 6.30am, "at 11" */
	expect_at("2026-11-22 21:00", "can i use a loofah tmw", "2026-11-23 21:00", N);
	expect_at("2026-11-24 19:00", "face scrub 2moro?", "2026-11-25 19:00", N);
	expect_at("2026-11-20 20:30", "peptide serum tmrw nite?", "2026-11-21 20:00", N);
	expect_at("2026-11-24 19:00", "can i cycle home tmrw eve", "2026-11-25 20:00", N);
	expect_at("2026-11-25 12:00", "sauna wknd? x", "2026-11-28 12:00", N);
	expect_at("2026-11-20 12:00", "can i sunbathe next weekend", "2026-11-28 12:00", N);
	expect_at("2026-11-23 09:00", "back in the pool end of the week", "2026-11-27 09:00", N);
	expect_at("2026-11-23 21:00", "my spin class is weds 6.30am, ok to go?", "2026-11-25 06:30", N);
	expect_at("2026-11-22 08:03", "steam room at 11 fine?", "2026-11-22 11:00", N);
	expect_at("2026-11-22 19:00", "ok to exercise on monday at 7 before work?", "2026-11-23 07:00", N);
	/* "in the morning", "in a couple of days": from now; "2day" is today */
	expect_at("2026-11-26 21:00", "is it ok to go for a swim in the morning?", "2026-11-27 09:00", N);
	expect_at("2026-11-21 09:00", "face mask in a couple of days", "2026-11-23 09:00", N);
	ac_question q2 = parse("spf 2day? off out");	/* today: the moment of asking */
	assert_int_equal(q2.at_min, -1);
	assert_int_equal(q2.anchor, AC_ANCHOR_ASKED);
	expect_at("2026-11-20 18:00", "sauna 2nite?", "2026-11-20 20:00", N);
	/* a day said of the treatment is not the moment, unless it is the only one named */
	expect_at("2026-11-22 19:00", "had microneedling friday 10am. ok to exercise on monday at 7?",
		  "2026-11-23 07:00", N);
	expect_at("2026-11-26 12:00", "deep microneedling last friday, is HIIT ok on saturday morning",
		  "2026-11-28 09:00", N);
	expect_at("2026-11-28 11:00", "can i book my next microneedling for dec 9", "2026-12-09 11:00", N);
	/* what day it is now, said in another clause or as "5 days in", "it's monday", "4 days
	 * ago": not the moment asked about; within a day of the clock, the clock's */
	expect_at("2026-11-21 09:15", "day after my microneedling here. is it ok to work out monday at 6pm",
		  "2026-11-23 18:00", N);
	expect_at("2026-11-23 14:00", "still flaky on day 4. gentle enzyme peel tomorrow?", "2026-11-24 14:00", N);
	expect_at("2026-11-23 12:30", "its monday lunchtime, so 3 days after. gentle cleanser ok now?",
		  "2026-11-23 12:30", N);
	expect_at("2026-11-25 19:00", "5 days in. what am i still not allowed to do?", "2026-11-25 19:00", N);
	expect_at("2026-11-22 10:00", "deep microneedling 4 days ago - can i lift weights now?",
		  "2026-11-24 10:00", T);
	ac_question qf = parse("dos and donts for the next few days? treatment was friday");
	assert_int_equal(qf.at_min, -1);	/* no moment named: the moment of asking */
	expect_at("2026-11-20 11:00", "party at 7pm tonight, can i wear foundation? had microneedling at 10",
		  "2026-11-20 19:00", N);
	/* "it's been 3 days" is now as the person counts it, unless another moment is named */
	expect_at("2026-11-22 22:30", "jogging in the morning? its nearly been 3 days", "2026-11-23 09:00", N);
	expect_at("2026-11-22 13:00", "its been 2 days, how long until the hot tub", "2026-11-22 13:00", N);
	expect_at("2026-11-20 12:00", "its been 4 days, can i lift weights", "2026-11-24 10:00", T);
	/* relative to the treatment, whenever asked */
	expect_at("2026-11-25 18:00", "can i swim 2 days after microneedling", "2026-11-22 10:00", T);
	expect_at("2026-11-25 18:00", "can i swim on day 3", "2026-11-22 10:00", T);
	expect_at("2026-11-25 18:00", "can i swim the day after microneedling", "2026-11-21 10:00", T);
	expect_at("2026-11-25 18:00", "can i swim the morning after my treatment", "2026-11-21 09:00", T);
	expect_at("2026-11-25 18:00", "can i swim right after", "2026-11-20 10:00", T);
	/* "sun" and "sat" are words before they are days */
	ac_question q = parse("can i sit in the sun on sat");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "sun-exposure");
	assert_int_equal(q.anchor, AC_ANCHOR_NOW);	/* Saturday 21 Nov, asked at treatment */
	assert_int_equal(q.at_min, 24 * 60);
	q = parse("can i sit in the sun");
	assert_int_equal(q.at_min, -1);
	assert_int_equal(q.anchor, AC_ANCHOR_ASKED);
}

static void test_time_anchor_across_dst(void **state)
{
	(void)state;
	/* Europe/London goes back an hour on Sun 25 Oct 2026: "tomorrow" is the same clock time,
	 * 25 hours later. */
	time_t saved = profile.treated_at;
	assert_int_equal(ac_time_parse("2026-10-20 10:00", &profile.treated_at), AC_OK);
	expect_at("2026-10-24 18:00", "can i swim tomorrow", "2026-10-25 18:00", AC_ANCHOR_NOW);
	time_t a, b;
	assert_int_equal(ac_time_parse("2026-10-24 18:00", &a), AC_OK);
	assert_int_equal(ac_time_parse("2026-10-25 18:00", &b), AC_OK);
	assert_int_equal(b - a, 25 * 3600);
	profile.treated_at = saved;
}

/* Clause-level reading: what a question denies is not what it asks about, and a second
 * activity is answered too. */
static void test_clauses(void **state)
{
	(void)state;
	expect("instead of the gym can i do pilates", AC_ASK_CAN, "gentle-exercise", -1);
	expect("not the sauna, can i go in the steam room", AC_ASK_CAN, "steam-room", -1);
	expect("no makeup, just sunscreen. ok?", AC_ASK_CAN, "sunscreen", -1);
	expect("can i go swimming rather than running", AC_ASK_CAN, "swimming", -1);
	/* only the denied one named: it is still what the question is about */
	expect("is it ok not to wear makeup", AC_ASK_CAN, "makeup", -1);
	ac_question q = parse("can i go running? it was deep, not superficial");
	assert_int_equal(q.profile.depth, AC_DEPTH_DEEP);
	q = parse("superficial, not deep: can i run");
	assert_int_equal(q.profile.depth, AC_DEPTH_SUPERFICIAL);
	q = parse("can i go to the sauna and the steam room");
	assert_true(q.activity >= 0 && q.also >= 0);
	const char *a = ac_kb_activity(kb, (size_t)q.activity)->id;
	const char *b = ac_kb_activity(kb, (size_t)q.also)->id;
	assert_true((!strcmp(a, "sauna") && !strcmp(b, "steam-room")) ||
		    (!strcmp(a, "steam-room") && !strcmp(b, "sauna")));
	/* denials with words between: "not gonna swim", "won't swim" */
	expect("not gonna swim, just sit in the sun", AC_ASK_CAN, "sun-exposure", -1);
	q = parse("i wont swim, just lie in the sun");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "sun-exposure");
	assert_int_equal(q.also, -1);
	/* longer needles than the guide's 0.25 mm, at home */
	expect("bought a 0.5mm derma pen on amazon, ok to use it myself", AC_ASK_CAN,
	       "professional-roller-at-home", -1);
	expect("can i use a 1mm roller at home", AC_ASK_CAN, "professional-roller-at-home", -1);
	/* a word of another meaning qualifying an ambiguous one: not covered; elsewhere: both */
	expect("can i wash my hair", AC_ASK_UNKNOWN, "-", -1);
	expect("can i wear a mask on the train", AC_ASK_AMBIGUOUS, "face-mask", -1);
	expect("is fake tan ok", AC_ASK_UNKNOWN, "-", -1);
	/* asking leave for something the guide has no word for: not covered, not a fact */
	expect("can i take ibuprofen for the pain", AC_ASK_UNKNOWN, "-", -1);
	expect("is tea ok to drink or only water", AC_ASK_INFO, "-", -1);
	expect("how much water should i drink", AC_ASK_INFO, "-", -1);
	/* a place that has the thing asked about; a yin class is relaxing yoga by name */
	expect("my gym has a steam room, is it ok to use", AC_ASK_CAN, "steam-room", -1);
	expect("skipping hot yoga, just a yin class instead", AC_ASK_CAN, "gentle-exercise", -1);
	/* a place is not a second activity: "the sauna at the gym", "by the pool" */
	q = parse("can i use the sauna at the gym");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "sauna");
	assert_int_equal(q.also, -1);
	expect("can i sit by the pool", AC_ASK_CAN, "swimming", -1);	/* nothing else named */
	/* a group member's own words, apart, name it; the group's words in another order do not */
	expect("got a bruise on my cheek, can i cover it with concealer", AC_ASK_CAN,
	       "cover-bruise", -1);
	expect("can i wash my face", AC_ASK_CAN, "wash-face", -1);
	/* a needle length says which roller; "tan" as written has two meanings */
	expect("can i use my 0.25mm roller", AC_ASK_CAN, "home-dermaroller", -1);
	expect("is a 0.5mm roller ok", AC_ASK_CAN, "professional-roller-at-home", -1);
	expect("can i use my roller", AC_ASK_AMBIGUOUS, "home-dermaroller", -1);
	expect("can i tan", AC_ASK_AMBIGUOUS, "sun-exposure", -1);
	expect("can i go tanning", AC_ASK_CAN, "sun-exposure", -1);
	/* "tanning" alone may be the sun or a bottle; a tanning bed is the sun's */
	expect("tanning?", AC_ASK_AMBIGUOUS, "sun-exposure", -1);
	expect("tanning bed in 3 weeks ok", AC_ASK_CAN, "sun-exposure", 21 * 1440);
	/* "creme" is cream: a heavy one said apart */
	expect("my la mer creme is really heavy, ok to use", AC_ASK_CAN, "heavy-cream", -1);
	/* softening words inside a red flag's words; "apart from" is not how far apart */
	expect("feeling kinda sick and a bit dizzy", AC_ASK_REDFLAG, "-", -1);
	expect("what can i drink apart from water", AC_ASK_INFO, "-", -1);
	/* a sense the guide does not cover, by a word beside the activity's (the data's
	 * other-words, or swallowing for what goes on the skin), and watching a sport */
	expect("fancy a game of pool", AC_ASK_UNKNOWN, "-", -1);
	assert_string_equal(parse("fancy a game of pool").topic, "game of pool");
	expect("can i mark 30 exercise books", AC_ASK_UNKNOWN, "-", -1);
	expect("can i take my vitamin c tablets", AC_ASK_UNKNOWN, "-", -1);
	expect("can i take the car through the car wash", AC_ASK_UNKNOWN, "-", -1);
	expect("couple of pints watching the footy", AC_ASK_UNKNOWN, "-", -1);
	expect("can i go in the pool", AC_ASK_CAN, "swimming", -1);
	expect("vitamin c serum ok?", AC_ASK_CAN, "vitamin-c", -1);
	/* a real English word is not a typo of the guide's ("watching" is not "washing"), a
	 * misspelling still is */
	expect("watching tv ok", AC_ASK_UNKNOWN, "-", -1);
	expect("can i go swiming", AC_ASK_CAN, "swimming", -1);
	/* words of amount inside an activity's words; a word that picks an ambiguous word's
	 * other meaning and is itself an activity ("the astringent toner") is that activity */
	expect("can i drink loads of water", AC_ASK_CAN, "drink-water", -1);
	expect("can i use the astringent toner", AC_ASK_CAN, "astringent", -1);
	/* a sugary drink unless it says otherwise */
	expect("can of coke ok?", AC_ASK_CAN, "sugary-drinks", -1);
	expect("can i have a diet coke", AC_ASK_UNKNOWN, "-", -1);
	/* leave for the next session at one moment, though how often is said before it */
	ac_question qn = parse("my therapist said 3-4 weeks between. can i book another session in 3 weeks");
	assert_int_equal(qn.kind, AC_ASK_CAN);
	assert_int_equal(qn.at_min, now_min + 21 * 24 * 60);
	/* what comes after "but" is the question; "I run hot" is not running */
	expect("i know gentle yoga is fine but what about shoulder stands", AC_ASK_CAN, "inversions", -1);
	expect("how long do i need to avoid sweating for? i run hot", AC_ASK_WHEN, "sweating", -1);
	expect("is it a bad sign if the room keeps spinning a bit", AC_ASK_REDFLAG, "-", -1);
	/* a group and its member are one question, not two */
	q = parse("can i wash my face with a gentle cleanser");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "gentle-cleanser");
	assert_int_equal(q.also, -1);
}

static void test_profile_cues(void **state)
{
	(void)state;
	ac_question q = parse("can i go to the gym 3 days after a deep treatment with sensitive skin");
	assert_int_equal(q.profile.depth, AC_DEPTH_DEEP);
	assert_int_equal(q.profile.skin, AC_SKIN_SENSITIVE);
	assert_true(q.cues & AC_CUE_DEPTH && q.cues & AC_CUE_SKIN);
	q = parse("running after 1.5mm microneedling");
	assert_int_equal(q.profile.depth, AC_DEPTH_DEEP);
	q = parse("running after 0.25mm microneedling");
	assert_int_equal(q.profile.depth, AC_DEPTH_SUPERFICIAL);
	q = parse("can i exercise at home after using my dermaroller");
	assert_int_equal(q.profile.device, AC_DEVICE_DERMAROLLER);
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "exercise");
	q = parse("procell aftercare: when can i wear makeup");
	assert_int_equal(q.profile.device, AC_DEVICE_PROCELL);
	q = parse("acne prone skin, can i swim");
	assert_int_equal(q.profile.skin, AC_SKIN_ACNE_PRONE);
	q = parse("can i swim");
	assert_int_equal(q.cues, 0);
	assert_int_equal(q.profile.depth, AC_DEPTH_UNSPECIFIED);
}

static void test_typos_and_spellings(void **state)
{
	(void)state;
	expect("can i excercise", AC_ASK_CAN, "exercise", -1);
	expect("sauana tomorrow?", AC_ASK_CAN, "sauna", 24 * 60);
	expect("when can i use moisturiser", AC_ASK_WHEN, "moisturizer", -1);
	expect("is moisturising ok", AC_ASK_CAN, "moisturizer", -1);
	expect("can i go swiming", AC_ASK_CAN, "swimming", -1);
	expect("CAN I USE RETIN-A?", AC_ASK_CAN, "retinol", -1);
	expect("Can I go in the Sauna\u2019s steam room", AC_ASK_CAN, "steam-room", -1);
	/* Not every long word is a typo of an alias. */
	expect("can i drink alcohol", AC_ASK_UNKNOWN, "-", -1);
	/* A typo keeps its first letter: "planning" is not "tanning", "licking" not "picking". */
	ac_question q = parse("planning a run tomorrow, ok?");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "cardio");
	assert_int_equal(q.also, -1);
	expect("my dog keeps licking my face", AC_ASK_UNKNOWN, "-", -1);
}

static void test_kinds(void **state)
{
	(void)state;
	expect("how long til i can swim", AC_ASK_WHEN, "swimming", -1);
	expect("when can i put foundation on", AC_ASK_WHEN, "makeup", -1);
	expect("what should i avoid after microneedling", AC_ASK_AVOID_LIST, "-", -1);
	expect("how often should i get microneedling", AC_ASK_FREQUENCY, "-", -1);
	expect("how many sessions do i need", AC_ASK_FREQUENCY, "-", -1);
	expect("is it normal to be red 3 days after", AC_ASK_INFO, "-", 72 * 60);
	expect("i feel dizzy and sick", AC_ASK_REDFLAG, "-", -1);
	expect("sweating excessively after my treatment", AC_ASK_REDFLAG, "-", -1);
	expect("can i wear a mask after microneedling", AC_ASK_AMBIGUOUS, "face-mask", -1);
	expect("can i use a sheet mask", AC_ASK_CAN, "face-mask", -1);
	expect("can i fly after microneedling", AC_ASK_UNKNOWN, "-", -1);
	/* "why": the reasons, for the activity named, even with "can't" in it */
	expect("why cant you exercise after microneedling", AC_ASK_INFO, "exercise", -1);
	expect("how come i cant go swimming", AC_ASK_INFO, "swimming", -1);
	expect("whats the reason for no makeup", AC_ASK_INFO, "makeup", -1);
	/* the question after a sentence of context; "else", "actually", "basically" inside */
	expect("never liked water tbh. what else can i drink", AC_ASK_INFO, "-", -1);
	expect("so what exactly is microneedling", AC_ASK_INFO, "-", -1);
	expect("my sister rolls at home. is a roller basically the same treatment", AC_ASK_INFO,
	       "-", -1);
	expect("oily skin. how many weeks do i wait between sessions", AC_ASK_FREQUENCY, "-", -1);
	/* but "between" alone is not how often */
	expect("can i use moisturiser between my serum and sunscreen", AC_ASK_CAN, "moisturizer",
	       -1);
	/* creams the guide does not speak of, named in full */
	ac_question q = parse("ok to use hair removal cream on my legs");
	assert_int_equal(q.kind, AC_ASK_UNKNOWN);
	assert_string_equal(q.topic, "hair removal cream");
	expect("how long does numbing cream last", AC_ASK_UNKNOWN, "-", -1);
	q = parse("can i take ibuprofen after microneedling");
	assert_string_equal(q.topic, "ibuprofen");
}

static void test_not_questions(void **state)
{
	(void)state;
	expect("", AC_ASK_UNKNOWN, "-", -1);
	expect("   \t\n", AC_ASK_UNKNOWN, "-", -1);
	expect("?!?!.,;", AC_ASK_UNKNOWN, "-", -1);
	expect("can i\x01\x02 swim\x7f", AC_ASK_CAN, "swimming", -1);
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	static const char bad[] = "can i swim \xff\xfe tomorrow";
	assert_int_equal(ac_ask_parse(asker, bad, sizeof(bad) - 1, &profile, 0, &q, err), AC_ERR_ARG);
	assert_non_null(strstr(err, "not valid UTF-8 (at byte 11)"));
	char *big = malloc(100 * 1024);
	for (size_t i = 0; i < 100 * 1024; i++)
		big[i] = (char)(' ' + (i * 7919) % 95);
	assert_int_equal(ac_ask_parse(asker, big, 100 * 1024, &profile, 0, &q, err), AC_ERR_ARG);
	assert_non_null(strstr(err, "too long"));
	/* Just under the limit: answered, whatever it is. */
	assert_int_equal(ac_ask_parse(asker, big, AC_ASK_MAX_LEN, &profile, 0, &q, err), AC_OK);
	assert_true(q.kind <= AC_ASK_AMBIGUOUS);
	free(big);
	/* One word of 200 letters is no word. */
	char word[201];
	memset(word, 'x', 200);
	word[200] = '\0';
	expect(word, AC_ASK_UNKNOWN, "-", -1);
}

/* Every alias, asked about in a sentence, leads to its own activity: no two activities'
 * aliases collide after stemming, and no alias is swallowed by time words or cues. */
static void test_every_alias_finds_its_activity(void **state)
{
	(void)state;
	int roller = ac_kb_find_activity(kb, "home-dermaroller"), wrong = 0;
	for (size_t i = 0; i < ac_kb_activity_count(kb); i++) {
		const ac_activity *a = ac_kb_activity(kb, i);
		for (size_t j = 0; j < a->n_aliases; j++) {
			char text[256];
			snprintf(text, sizeof(text), "can i do %s after microneedling", a->aliases[j]);
			ac_question q = parse(text);
			if (q.activity == (int)i || ((int)i == roller && q.activity < 0))
				continue;
			print_error("\"%s\" (%s): got %s %s\n", text, a->id, ac_ask_kind_name(q.kind),
				    q.activity >= 0 ? ac_kb_activity(kb, (size_t)q.activity)->id : "-");
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

static void test_stopwords_are_found(void **state)
{
	(void)state;
	/* bsearch needs the list sorted: words from its start, middle and end. */
	static const char *const words[] = {"a", "about", "after", "can", "hours", "microneedling",
					    "should", "the", "tomorrow", "when", "your"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!ask_is_stopword(words[i]))
			fail_msg("\"%s\" not found", words[i]);
	assert_false(ask_is_stopword("alcohol"));
}

/* Kinds found by blind set L (docs/ask.md): each with phrasings of its own, not the set's. */
static void test_set_l_kinds(void **state)
{
	(void)state;
	const ac_anchor N = AC_ANCHOR_NOW;
	/* "first thing" is the morning, before or after the day */
	expect_at("2026-11-21 10:05", "first thing tuesday ok to swim", "2026-11-24 09:00", N);
	expect_at("2026-11-21 10:05", "can i swim tomorrow first thing", "2026-11-22 09:00", N);
	/* a day that restates a span is the moment; one far from it is not a restatement */
	expect_at("2026-11-21 16:20", "can i swim in 4 days, so on wednesday?", "2026-11-25 16:20", N);
	expect_at("2026-11-21 16:20", "can i swim in 2 days i.e. the 23rd", "2026-11-23 16:20", N);
	expect_at("2026-11-21 16:20", "can i swim in 2 days", "2026-11-23 16:20", N);
	/* "for the first few days" is how long, not when: an avoid list for now */
	expect("what to avoid for the first couple of days", AC_ASK_AVOID_LIST, "-", -1);
	expect("dos and donts for the next 3 days", AC_ASK_AVOID_LIST, "-", -1);
	/* the moment in the clause that asks leave for the activity: the rest is why */
	expect_at("2026-11-23 19:00", "got a wedding on saturday and im stressed, can i use a "
		  "gentle enzyme peel tonight", "2026-11-23 20:00", N);
	/* ...unless its clause only reports what someone said */
	expect_at("2026-11-24 10:00", "the nurse told me I can swim after 5 days. tomorrow ok?",
		  "2026-11-25 10:00", N);
	/* embedded and spoken "when" */
	expect("my mum wants to know when she can go swimming", AC_ASK_WHEN, "swimming", -1);
	expect("till when no sauna", AC_ASK_WHEN, "sauna", -1);
	expect("i feel calmer when i swim, can i go today", AC_ASK_CAN, "swimming", -1);
	/* how frequent; "how long" of needles is a length, not a wait */
	expect("how frequent should treatments be", AC_ASK_FREQUENCY, "-", -1);
	ac_question q = parse("how long can the needles be on a home roller");
	assert_int_equal(q.kind, AC_ASK_INFO);
	q = parse("wat does hyaluronic acid do for my skin");
	assert_int_equal(q.kind, AC_ASK_INFO);
	/* a fact asked first, then leave for an activity: the leave is the answer */
	expect("is this much flaking normal and can i exfoliate it off", AC_ASK_CAN,
	       "exfoliating-products", -1);
	/* a word of another kind of activity right before a thing names which thing */
	expect("can i use my gym towel on my face", AC_ASK_CAN, "towel-wipe", -1);
	expect("vitamin c serum ok?", AC_ASK_CAN, "vitamin-c", -1);	/* one kind: the specific */
	q = parse("swim + sauna ok?");	/* a sign between: two things */
	assert_true(q.activity >= 0 && q.also >= 0);
	expect("is a thick balm ok", AC_ASK_CAN, "heavy-cream", -1);
	expect("can i put anything at all on my skin", AC_ASK_CAN, "anything-on-skin", -1);
	/* the thing an ambiguous word's other meaning names, and a second activity beside it */
	q = parse("my astringent toner and then makeup, ok?");
	assert_true(q.activity >= 0 && q.also >= 0);
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "astringent");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.also)->id, "makeup");
}

/* Kinds found on sets O and P (docs/ask.md): the moment. */
static void test_set_o_times(void **state)
{
	(void)state;
	const ac_anchor N = AC_ANCHOR_NOW;
	/* a clock time said of the treatment is when it was, "rn" is the moment */
	expect_at("2026-11-20 12:45", "had it done at 10 today... can i rinse with water rn",
		  "2026-11-20 12:45", N);
	/* "am i" is the verb, not a.m. */
	expect_at("2026-11-21 11:00", "party on sunday, am i allowed wear makeup",
		  "2026-11-22 11:00", N);
	expect_at("2026-11-21 11:00", "can i swim sunday am", "2026-11-22 09:00", N);
	/* "noon" before the day */
	expect_at("2026-11-20 20:10", "out at noon tomorrow, can I put spf on first",
		  "2026-11-21 12:00", N);
	/* "over a week": at least that long, so the clock; an exact count stays theirs */
	expect_at("2026-11-29 08:40", "its been over a week, can i swim now", "2026-11-29 08:40", N);
	expect_at("2026-11-29 08:40", "its been 3 days, can i swim now", "2026-11-23 10:00",
		  AC_ANCHOR_TREATMENT);
	/* "now, 2 weeks later": what day it is, by the clock */
	expect_at("2026-12-04 19:45", "can i use retinol now, 2 weeks later?", "2026-12-04 19:45", N);
	/* "now" in the clause that asks, against a moment from now in another */
	expect_at("2026-11-20 14:00", "can i put spf on now? going out in an hour", "2026-11-20 14:00",
		  N);
	/* holidays of fixed date, across the year's end; "christmas" alone is no date, and
	 * "boxing day" no boxing */
	expect_at("2026-12-10 12:00", "boxing day dip in the sea, can i swim?", "2026-12-26 12:00", N);
	expect_at("2026-12-10 12:00", "new year's eve ok to swim?", "2026-12-31 12:00", N);
	expect_at("2026-12-10 12:00", "can i swim on new years day", "2027-01-01 12:00", N);
	expect_at("2026-12-10 12:00", "christmas eve sauna?", "2026-12-24 12:00", N);
	expect_at("2026-11-23 15:00", "can I go boxing day 4", "2026-11-23 15:00",
		  AC_ANCHOR_TREATMENT);	/* boxing on day 4, not 26 December */
	ac_question q = parse("can i swim at the works christmas do");
	assert_int_equal(q.at_min, -1);	/* no moment named: the moment of asking */
	/* a supposed "if I did" is no past */
	expect_at("2026-11-24 12:00", "if i did a HIIT class friday night would that be ok",
		  "2026-11-27 20:00", N);
	/* a session to come: its day at its clock */
	expect_at("2026-11-20 12:00", "can i book my next microneedling for 9am on dec 18",
		  "2026-12-18 09:00", N);
	/* the activity's clause only tells; the clause that asks says when... */
	expect_at("2026-11-21 17:30", "away for the weekend and theres a hot tub... tonight ok?",
		  "2026-11-21 20:00", N);
	/* ...but not with a day said of the treatment */
	expect_at("2026-11-27 14:00", "booked a chemical peel for 4 dec, is that ok after needling "
		  "on the 20th", "2026-12-04 14:00", N);
}

/* Kinds found on sets O and P: which activity, when one clause tells and another asks. */
static void test_set_o_activities(void **state)
{
	(void)state;
	expect("doing yoga tomorrow, am i ok to do headstands", AC_ASK_CAN, "inversions", 1440);
	expect("deep needling session - can I run on day 5?", AC_ASK_CAN, "cardio", 4 * 1440);
	expect("my office heating is mad, is it bad if i sweat a bit tomorrow?", AC_ASK_CAN,
	       "sweating", 1440);
	expect("how long should i avoid sweating, i walk to work", AC_ASK_WHEN, "sweating", -1);
	/* denied, with words between: "instead of my usual", "won't wear any" */
	expect("instead of my usual spin class can i do pilates", AC_ASK_CAN, "gentle-exercise", -1);
	expect("i wont wear any makeup, just spf - ok?", AC_ASK_CAN, "sunscreen", -1);
	/* a red flag's words denied are no sign */
	expect("i dont want to sweat buckets, only gentle pilates - ok?", AC_ASK_CAN,
	       "gentle-exercise", -1);
	/* two activities asked in one clause, or one after the other, stay two */
	ac_question q = parse("can i swim? and the sauna?");
	assert_true(q.activity >= 0 && q.also >= 0);
	q = parse("can i go swimming and use the sauna tomorrow");
	assert_true(q.activity >= 0 && q.also >= 0);
	/* the guide's own things under everyday names (data aliases) */
	expect("can i sit by the heater", AC_ASK_CAN, "heat", -1);
	expect("is my second microneedling ok on dec 14", AC_ASK_CAN, "next-microneedling",
	       24 * 1440);
	expect("is a hot chocolate ok", AC_ASK_CAN, "sugary-drinks", -1);
	expect("normal skin routine ok?", AC_ASK_CAN, "regular-skincare-routine", -1);
}

/* Kinds found on sets O and P: which kind of question. */
static void test_set_o_kinds(void **state)
{
	(void)state;
	/* general words are no topic the guide lacks */
	expect("what stuff should I stay away from", AC_ASK_AVOID_LIST, "-", -1);
	expect("what causes the redness after microneedling?", AC_ASK_INFO, "-", -1);
	expect("what sort of results can i expect", AC_ASK_INFO, "-", -1);
	/* the list asked in so many words, even with a device named */
	expect("what am i not allowed to do after a dermapen session", AC_ASK_AVOID_LIST, "-", -1);
	expect("anything i should steer clear of?", AC_ASK_AVOID_LIST, "-", -1);
	/* ... but a denial alone asks no list */
	expect("is microneedling the same as mesotherapy? I dont know the difference", AC_ASK_INFO,
	       "-", -1);
	ac_question q;
	/* whether a state is normal is asked of the guide; whether a booked thing is ok is not */
	expect("my skin is peeling around my nose, is that normal", AC_ASK_INFO, "-", -1);
	q = parse("booked lip filler for thursday, is that ok");
	assert_int_equal(q.kind, AC_ASK_UNKNOWN);
	q = parse("i have a lash lift appointment tuesday, can i still go");
	assert_int_equal(q.kind, AC_ASK_UNKNOWN);	/* not lifting weights */
	/* words of the new names that stand in other phrases (review) */
	expect("can I go another round of boxing", AC_ASK_CAN, "sweaty-exercise", -1);
	q = parse("can I splash out on a facial");
	assert_int_equal(q.kind, AC_ASK_UNKNOWN);
	expect("list of things to bring to my appointment", AC_ASK_UNKNOWN, "-", -1);
	/* a clause after the one that asks is not the story: both stay */
	q = parse("should I wear sunscreen, I'm going swimming");
	assert_true(q.activity >= 0 && q.also >= 0);
	assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, "swimming");
	assert_string_equal(ac_kb_activity(kb, (size_t)q.also)->id, "sunscreen");
	/* which thing to choose is asked of the guide, not leave; "what if" asks leave */
	expect("what if I put makeup on", AC_ASK_CAN, "makeup", -1);
	q = parse("what spf should i be using");
	assert_int_equal(q.kind, AC_ASK_INFO);
	q = parse("what day can i use retinol");
	assert_int_equal(q.kind, AC_ASK_WHEN);
	/* "a day" is a rate: how much, not when */
	q = parse("how many glasses a day are we talking");
	assert_int_equal(q.kind, AC_ASK_INFO);	/* (its "a day" is still read as a moment) */
	/* a word alone that names two of the guide's activities: both readings */
	static const struct { const char *q, *first, *second; } two[] = {
		{"yoga on sunday?", "gentle-exercise", "hot-yoga"},
		{"thinking of doing a peel this weekend, ok?", "chemical-peel", "enzyme-peel"},
		{"is powder ok now", "mineral-makeup", "powder-cleanser"},
		{"cream ok tonight?", "moisturizer", "heavy-cream"},
		{"is acid ok on my face", "hyaluronic-serum", "acid-exfoliants"},
	};
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
		q = parse(two[i].q);
		assert_int_equal(q.kind, AC_ASK_AMBIGUOUS);
		assert_string_equal(ac_kb_activity(kb, (size_t)q.activity)->id, two[i].first);
		assert_true(q.also >= 0);
		assert_string_equal(ac_kb_activity(kb, (size_t)q.also)->id, two[i].second);
	}
	/* a longer name, a word of its own before it or in its name, or another activity
	 * beside it, decides (review) */
	expect("can I use face cream", AC_ASK_CAN, "moisturizer", -1);
	expect("my cleanser has acid in it, can I use it", AC_ASK_CAN, "acid-exfoliants", -1);
	expect("hot yoga on sunday?", AC_ASK_CAN, "hot-yoga", 2 * 1440);
	expect("can i use my bareminerals powder", AC_ASK_CAN, "mineral-makeup", -1);
}

/* A word the guide never uses, where the question puts what it is about: not covered, named
 * in the person's word, rather than a fact near it answered as if it were the topic. */
static void test_foreign_topics(void **state)
{
	(void)state;
	static const struct { const char *q, *topic; } cases[] = {
		{"is vaping bad for the healing", "vaping"},
		{"codeine ok for the soreness?", "codeine"},
		{"what mouthwash can i use after", "mouthwash"},
		{"should i change my duvet cover tonight", "duvet"},
		{"can i take antihistamines", "antihistamines"},
		{"how much do three sessions cost per visit", "cost"},
		{"how much does microneedling cost in london", "cost"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ac_question q = parse(cases[i].q);
		if (q.kind != AC_ASK_UNKNOWN || strcmp(q.topic, cases[i].topic))
			fail_msg("\"%s\": want unknown \"%s\", got %s \"%s\"", cases[i].q,
				 cases[i].topic, ac_ask_kind_name(q.kind), q.topic);
	}
	/* the guide's own words are no foreign topic, nor is a brand before a product it names */
	expect("cerave cleanser ok?", AC_ASK_CAN, "gentle-cleanser", -1);
	static const char *const covered[] = {"is tea ok to drink", "will my skin peel",
					      "what is microneedling"};
	for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++)
		if (parse(covered[i]).kind == AC_ASK_UNKNOWN)
			fail_msg("\"%s\" read as not covered", covered[i]);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	kb = load_guide_kb();
	assert_int_equal(ac_asker_new(kb, &asker), AC_OK);
	assert_int_equal(ac_time_parse("2026-11-20 10:00", &profile.treated_at), AC_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ac_asker_free(asker);
	ac_kb_free(kb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_words),
		cmocka_unit_test(test_time_anchors),
		cmocka_unit_test(test_clauses),
		cmocka_unit_test(test_time_anchor_across_dst),
		cmocka_unit_test(test_profile_cues),
		cmocka_unit_test(test_typos_and_spellings),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_set_l_kinds),
		cmocka_unit_test(test_set_o_times),
		cmocka_unit_test(test_set_o_activities),
		cmocka_unit_test(test_set_o_kinds),
		cmocka_unit_test(test_foreign_topics),
		cmocka_unit_test(test_not_questions),
		cmocka_unit_test(test_every_alias_finds_its_activity),
		cmocka_unit_test(test_stopwords_are_found),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

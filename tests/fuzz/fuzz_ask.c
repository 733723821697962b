/* fuzz_ask.c: libFuzzer harness for plain-English questions (scripts/fuzz.sh builds it).
 *
 * The input is a question given to ac_ask_parse (on the built-in guide, for two profiles),
 * then rendered as text and JSON under two policies. Checked: it fails only with
 * AC_ERR_ARG and a message; otherwise the kind is in range, the activity is an index of the
 * kb exactly when the kind names one (can, when, ambiguous), the facts are indexes of the
 * kb, the moment is -1 or a time after treatment, the topic is terminated, and the cues
 * only set what they say. The JSON is one valid object without duplicate keys, and where it
 * carries an answer (its "when" members come from the asker's memo, which lives across
 * inputs) those members equal what ac_render_when_json writes for the same query.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aftercare.h"
#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ac_kb *guide;
static ac_asker *asker;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[AC_ERRBUF_SIZE];
	setenv("TZ", "Europe/London", 1);
	tzset();
	if (ac_kb_load_builtin(&guide, err) != AC_OK || ac_asker_new(guide, &asker) != AC_OK) {
		fprintf(stderr, "fuzz_ask: cannot set up: %s\n", err);
		abort();
	}
	return 0;
}

/* What a renderer writes to a FILE, parsed (strictly) as one JSON object. */
static json_t *rendered(char *buf, size_t len, const char *what)
{
	json_error_t e;
	json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
	CHECK(o && json_is_object(o), "%s is not one JSON object (%s at %d): %.300s", what,
	      e.text, e.position, buf);
	return o;
}

static void check_json(const char *text, const ac_question *q, const ac_policy *policy,
		       int32_t default_at)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f != NULL, "open_memstream");
	CHECK(ac_render_ask_json(f, asker, text, q, policy, default_at) == 0,
	      "ac_render_ask_json failed");
	fclose(f);
	json_t *got = rendered(buf, len, "ac_render_ask_json's output");
	free(buf);
	if (json_object_get(got, "verdict")) {	/* an answer: compare with "when" */
		CHECK(q->activity >= 0, "an answer without an activity");
		/* of two activities the one not yet fine is answered first (render_ask.c,
		 * stricter_first): the body is that one's, and it is one of the two asked */
		const char *id = json_string_value(json_object_get(got, "activity"));
		int answered = id ? ac_kb_find_activity(guide, id) : -1;
		CHECK(answered == q->activity || (answered >= 0 && answered == q->also),
		      "answered activity %s is not the question's", id ? id : "(none)");
		ac_answer a;
		int32_t at = q->at_min >= 0 ? q->at_min : default_at;
		ac_query(guide, &q->profile, policy, answered, at, &a);
		ac_answer_add_variants(guide, &q->profile, policy, &a);
		buf = NULL;
		f = open_memstream(&buf, &len);
		CHECK(f != NULL, "open_memstream");
		CHECK(ac_render_when_json(f, guide, &q->profile, &a) == 0, "when json failed");
		fclose(f);
		json_t *want = rendered(buf, len, "ac_render_when_json's output");
		free(buf);
		const char *key;
		json_t *value;
		json_object_foreach(want, key, value) {
			if (strcmp(key, "activity") == 0 || strcmp(key, "elapsed_hours") == 0)
				continue;
			char *w = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
			char *g = json_dumps(json_object_get(got, key), JSON_COMPACT | JSON_ENCODE_ANY);
			CHECK(json_equal(value, json_object_get(got, key)),
			      "ask JSON's \"%s\" is %.200s; when JSON's is %.200s (activity %d, at %d, "
			      "policy %d)", key, g ? g : "(none)", w ? w : "?", answered, at,
			      (int)policy->kind);
			free(w);
			free(g);
		}
		json_decref(want);
	}
	json_decref(got);
}

static void ask(const char *text, size_t len, const ac_profile *profile)
{
	static const ac_policy policies[] = {{AC_POLICY_CONSERVATIVE, -1}, {AC_POLICY_LENIENT, -1}};
	ac_question q;
	char err[AC_ERRBUF_SIZE];
	memset(err, 'x', sizeof(err));
	memset(&q, 0xa5, sizeof(q));
	ac_result rc = ac_ask_parse(asker, text, len, profile, 24 * 60, &q, err);
	if (rc != AC_OK) {
		CHECK(rc == AC_ERR_ARG, "ac_ask_parse failed with %d", (int)rc);
		CHECK(memchr(err, '\0', sizeof(err)) != NULL && err[0], "no message");
		return;
	}
	size_t n_acts = ac_kb_activity_count(guide), n_facts = ac_kb_fact_count(guide);
	CHECK(q.kind >= AC_ASK_CAN && q.kind <= AC_ASK_AMBIGUOUS, "kind %d", (int)q.kind);
	int names = q.kind == AC_ASK_CAN || q.kind == AC_ASK_WHEN || q.kind == AC_ASK_AMBIGUOUS;
	if (names)
		CHECK(q.activity >= 0 && (size_t)q.activity < n_acts, "kind %s, activity %d",
		      ac_ask_kind_name(q.kind), q.activity);
	else if (q.kind == AC_ASK_INFO)	/* "why can't I exercise": the reasons, of one */
		CHECK(q.activity >= -1 && q.activity < (int)n_acts, "kind info, activity %d",
		      q.activity);
	else
		CHECK(q.activity == -1, "kind %s, activity %d", ac_ask_kind_name(q.kind),
		      q.activity);
	CHECK(q.at_min >= -1, "at_min %d", q.at_min);
	CHECK((int)q.anchor >= AC_ANCHOR_ASKED && q.anchor <= AC_ANCHOR_TREATMENT, "anchor %d",
	      (int)q.anchor);
	CHECK((q.at_min < 0) == (q.anchor == AC_ANCHOR_ASKED), "at_min %d with anchor %s",
	      q.at_min, ac_anchor_name(q.anchor));
	CHECK(q.also == -1 || (q.also >= 0 && (size_t)q.also < n_acts && q.also != q.activity &&
			       (q.kind == AC_ASK_CAN || q.kind == AC_ASK_WHEN ||
				q.kind == AC_ASK_AMBIGUOUS)),
	      "also %d beside activity %d", q.also, q.activity);
	CHECK(q.n_facts <= AC_ASK_MAX_FACTS, "%zu facts", q.n_facts);
	for (size_t i = 0; i < q.n_facts; i++)
		CHECK(q.facts[i] >= 0 && (size_t)q.facts[i] < n_facts, "fact %d", q.facts[i]);
	CHECK(memchr(q.topic, '\0', sizeof(q.topic)) != NULL, "topic not terminated");
	CHECK((q.cues & ~(unsigned)(AC_CUE_DEVICE | AC_CUE_DEPTH | AC_CUE_SKIN)) == 0, "cues %#x",
	      q.cues);
	CHECK(q.profile.treated_at == profile->treated_at, "treatment time changed");
	if (!(q.cues & AC_CUE_DEVICE))
		CHECK(q.profile.device == profile->device, "device changed without a cue");
	if (!(q.cues & AC_CUE_DEPTH))
		CHECK(q.profile.depth == profile->depth, "depth changed without a cue");
	if (!(q.cues & AC_CUE_SKIN))
		CHECK(q.profile.skin == profile->skin, "skin changed without a cue");
	CHECK((int)q.profile.device >= AC_DEVICE_PEN && q.profile.device <= AC_DEVICE_PROCELL &&
		      (int)q.profile.depth >= 0 && q.profile.depth <= AC_DEPTH_DEEP &&
		      (int)q.profile.skin >= 0 && q.profile.skin <= AC_SKIN_ACNE_PRONE,
	      "profile out of range");
	FILE *null = fuzz_devnull();
	ac_render_opts opts = {.color = true, .chart = false, .width = 80};
	for (size_t k = 0; k < 2; k++) {
		ac_render_ask_text(null, guide, &q, &policies[k], 48 * 60, &opts);
		check_json(text, &q, &policies[k], 36 * 60);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > AC_ASK_MAX_LEN + 16)
		return 0;
	char *text = malloc(size + 1);	/* exactly size bytes, then a NUL for the renderers */
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	ac_profile plain = {.treated_at = 1795168800, .device = AC_DEVICE_PEN};
	ac_profile set = {.treated_at = 1795168800, .device = AC_DEVICE_DERMAROLLER,
			  .depth = AC_DEPTH_DEEP, .skin = AC_SKIN_OILY};
	ask(text, size, &plain);
	ask(text, size, &set);
	free(text);
	return 0;
}

/* title.c: the activity an event title names, by whole words and phrases.
 *
 * A calendar title is not a question: it is a few words someone typed for themselves
 * ("Swim lesson", "Sprint planning", "Pick up Sam from swimming", "Schwimmen"). The question
 * parser (lib/ask*.c) forgives typos by edit distance, which on short titles reads "Cleaning"
 * as cleansing and "Pinning session" as spinning; here a title names an activity only when
 * one of the activity's phrases appears in it as whole words (case, accents and punctuation
 * aside). The phrases are the guide's aliases (data/), less the few that in a title usually
 * mean something else, plus common titles in German, French, Spanish, Italian and Dutch and
 * skin treatments. A treatment is read as an activity of the guide only where the guide
 * speaks of it ("chemical peels"; the clash quotes the guide's words, check.c); one the guide
 * never names (a facial, laser, IPL, dermaplaning) is reported as not covered, with "ask
 * your practitioner", never given a rule the guide does not state.
 * A title that negates or cancels ("NOT going to the gym", "Gym (cancelled)", "Cancel gym
 * membership") or is an errand for someone else ("Pick up Sam from swimming") names no
 * activity of the person's.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "title.h"

#define MAX_TOKENS 48
#define MAX_PHRASE 6

enum kind { ACTIVITY, TREATMENT, UNCOVERED, NEGATION, ERRAND, NOT_ACTIVITY };

typedef struct phrase {
	char *words[MAX_PHRASE];	/* normalised, owned */
	int n_words;
	enum kind kind;
	int activity;
} phrase;

struct cal_titles {
	phrase *p;
	size_t n, cap;
};

/* Aliases of the guide that, alone in a title, usually mean something else: "Train to
 * Leeds", "Product review", "Heat pump service", "Foundation board", "Pick up the car",
 * "Touch base", "Lake District", "Oil change". The guide still reads them in questions. */
static const char *const not_in_titles[] = {
	"train", "training", "pick", "picking", "pick at", "touch", "product", "products",
	"heat", "towel", "sponge", "rinse", "rinsing", "cleanse", "cleansing", "sea", "lake",
	"ocean", "cycle", "foundation", "primer", "contour", "powder", "oil", "lotion", "lotions",
	"creams", "with water", "just water", "plain water", "enzyme", "sport", "sports",
};

/* Words that make a title not the person doing the activity. */
static const char *const negations[] = {
	"not", "no", "dont", "don t", "never", "cancel", "cancelled", "canceled", "cancellation",
	"cancelling", "canceling", "skip", "skipped", "skipping", "postponed", "postpone",
	"called off", "membership", "subscription", "renewal", "invoice", "refund",
	/* de */ "kein", "keine", "nicht", "abgesagt", "absage", "fallt aus", "storniert",
	"kundigen", "kundigung", "mitgliedschaft",
	/* fr */ "pas", "annule", "annulee", "annulation", "abonnement", "cotisation",
	/* es */ "cancelado", "cancelada", "cancelacion", "anulado", "anulada", "suspendido",
	"inscripcion", "cuota",
	/* it */ "non", "annullato", "annullata", "annullamento", "iscrizione",
	/* nl */ "niet", "geen", "geannuleerd", "afgezegd", "afgelast", "lidmaatschap",
};

/* Errands for someone else at the activity's place. */
static const char *const errands[] = {
	"pick up", "pickup", "picking up", "drop off", "dropoff", "dropping off", "collect",
	"collecting", "abholen", "bringen", "recuperer", "recoger", "ophalen", "wegbrengen",
};

/* Phrases with an alias inside that are no activity. */
static const char *const not_activities[] = {
	"boxing day", "school run", "dry run", "test run", "trial run", "run through",
	"run errands", "sea view", "swimming costume", "gym bag", "laser tag", "laser quest",
	"laser printer", "laser cutter", "laser pointer",
};

/* Common titles in other languages, and the skin treatments, by activity id. */
static const struct {
	const char *words, *activity;
	enum kind kind;
} extra[] = {
	/* swimming */
	{"schwimmen", "swimming", ACTIVITY}, {"schwimmbad", "swimming", ACTIVITY},
	{"hallenbad", "swimming", ACTIVITY}, {"freibad", "swimming", ACTIVITY},
	{"schwimmkurs", "swimming", ACTIVITY}, {"schwimmtraining", "swimming", ACTIVITY},
	{"natation", "swimming", ACTIVITY}, {"piscine", "swimming", ACTIVITY},
	{"nager", "swimming", ACTIVITY}, {"baignade", "swimming", ACTIVITY},
	{"natacion", "swimming", ACTIVITY}, {"nadar", "swimming", ACTIVITY},
	{"piscina", "swimming", ACTIVITY}, {"nuoto", "swimming", ACTIVITY},
	{"nuotare", "swimming", ACTIVITY}, {"zwemmen", "swimming", ACTIVITY},
	{"zwembad", "swimming", ACTIVITY}, {"zwemles", "swimming", ACTIVITY},
	{"zwemtraining", "swimming", ACTIVITY},
	/* gym */
	{"fitnessstudio", "sweaty-exercise", ACTIVITY}, {"fitness studio", "sweaty-exercise", ACTIVITY},
	{"krafttraining", "sweaty-exercise", ACTIVITY}, {"salle de sport", "sweaty-exercise", ACTIVITY},
	{"musculation", "sweaty-exercise", ACTIVITY}, {"gimnasio", "sweaty-exercise", ACTIVITY},
	{"palestra", "sweaty-exercise", ACTIVITY}, {"sportschool", "sweaty-exercise", ACTIVITY},
	{"krachttraining", "sweaty-exercise", ACTIVITY}, {"fitnesscentrum", "sweaty-exercise", ACTIVITY},
	/* running, cycling */
	{"joggen", "cardio", ACTIVITY}, {"laufen", "cardio", ACTIVITY},
	{"radfahren", "cardio", ACTIVITY}, {"course a pied", "cardio", ACTIVITY},
	{"footing", "cardio", ACTIVITY}, {"correr", "cardio", ACTIVITY},
	{"ciclismo", "cardio", ACTIVITY}, {"corsa", "cardio", ACTIVITY},
	{"hardlopen", "cardio", ACTIVITY}, {"fietsen", "cardio", ACTIVITY},
	{"wielrennen", "cardio", ACTIVITY},
	/* sauna, steam */
	{"saunagang", "sauna", ACTIVITY}, {"saunabesuch", "sauna", ACTIVITY},
	{"dampfbad", "steam-room", ACTIVITY}, {"bain de vapeur", "steam-room", ACTIVITY},
	{"bano de vapor", "steam-room", ACTIVITY}, {"bagno turco", "steam-room", ACTIVITY},
	{"stoombad", "steam-room", ACTIVITY},
	/* sun, beach */
	{"strand", "sun-exposure", ACTIVITY}, {"strandtag", "sun-exposure", ACTIVITY},
	{"sonnenbaden", "sun-exposure", ACTIVITY}, {"sonnenstudio", "sun-exposure", ACTIVITY},
	{"plage", "sun-exposure", ACTIVITY}, {"bain de soleil", "sun-exposure", ACTIVITY},
	{"playa", "sun-exposure", ACTIVITY}, {"tomar el sol", "sun-exposure", ACTIVITY},
	{"spiaggia", "sun-exposure", ACTIVITY}, {"prendere il sole", "sun-exposure", ACTIVITY},
	{"zonnen", "sun-exposure", ACTIVITY}, {"zonnebank", "sun-exposure", ACTIVITY},
	{"zonnebaden", "sun-exposure", ACTIVITY},
	/* yoga */
	{"yogakurs", "gentle-exercise", ACTIVITY}, {"yogastunde", "gentle-exercise", ACTIVITY},
	{"yogales", "gentle-exercise", ACTIVITY}, {"pilateskurs", "gentle-exercise", ACTIVITY},
	/* Skin treatments the guide names: "Microdermabrasion or chemical peels that contain
	 * glycolic acid or salicylic acid" (What Should You Not Do After Microneedling?). A
	 * "Peel" or "Peeling" appointment is a chemical peel; the clash quotes the rule. */
	{"peel", "chemical-peel", TREATMENT}, {"peeling", "chemical-peel", TREATMENT},
	{"peels", "chemical-peel", TREATMENT},
	/* Skin treatments the guide never names: facials, laser, IPL, dermaplaning, a
	 * beautician. Not covered: the check says so and to ask the practitioner. (The guide's
	 * "facial" is only a "facial cleansing brush".) The activity id is unused. */
	{"facial", NULL, UNCOVERED}, {"facials", NULL, UNCOVERED},
	{"hydrafacial", NULL, UNCOVERED}, {"hydra facial", NULL, UNCOVERED},
	{"dermaplaning", NULL, UNCOVERED}, {"laser", NULL, UNCOVERED},
	{"ipl", NULL, UNCOVERED},
	{"gesichtsbehandlung", NULL, UNCOVERED}, {"kosmetikerin", NULL, UNCOVERED},
	{"kosmetikstudio", NULL, UNCOVERED}, {"soin du visage", NULL, UNCOVERED},
	{"soin visage", NULL, UNCOVERED}, {"estheticienne", NULL, UNCOVERED},
	{"limpieza facial", NULL, UNCOVERED}, {"tratamiento facial", NULL, UNCOVERED},
	{"trattamento viso", NULL, UNCOVERED}, {"pulizia del viso", NULL, UNCOVERED},
	{"pulizia viso", NULL, UNCOVERED}, {"estetista", NULL, UNCOVERED},
	{"gezichtsbehandeling", NULL, UNCOVERED}, {"schoonheidsspecialiste", NULL, UNCOVERED},
};

/* Case-folded, accents stripped, split into words of letters and digits. Returns the count;
 * the words point into *buf (the caller frees it). */
static int tokenize(const char *s, char **buf, char **tok)
{
	utf8proc_uint8_t *out = NULL;
	int n = 0;
	*buf = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0)
		return 0;
	*buf = (char *)out;
	for (char *p = *buf; *p && n < MAX_TOKENS;) {
		unsigned char c = (unsigned char)*p;
		bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
		if (!word) {
			*p++ = '\0';
			continue;
		}
		tok[n++] = p;
		while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			      (unsigned char)*p >= 0x80))
			p++;
	}
	return n;
}

static bool listed(const char *const *list, size_t n, const char *words)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], words) == 0)
			return true;
	return false;
}

static int add(cal_titles *t, const char *text, enum kind kind, int activity)
{
	char *buf, *tok[MAX_TOKENS];
	int n = tokenize(text, &buf, tok);
	if (n < 1 || n > MAX_PHRASE) {
		free(buf);
		return buf ? 0 : -1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		phrase *p = realloc(t->p, cap * sizeof(*p));
		if (!p) {
			free(buf);
			return -1;
		}
		t->p = p, t->cap = cap;
	}
	phrase *p = &t->p[t->n];
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < n; i++)
		if (!(p->words[i] = strdup(tok[i]))) {
			for (int j = 0; j < i; j++)
				free(p->words[j]);
			free(buf);
			return -1;
		}
	p->n_words = n, p->kind = kind, p->activity = activity;
	t->n++;
	free(buf);
	return 0;
}

static int by_first_word(const void *a, const void *b)
{
	const phrase *x = a, *y = b;
	int c = strcmp(x->words[0], y->words[0]);
	return c ? c : y->n_words - x->n_words;	/* longest first */
}

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static int add_list(cal_titles *t, const char *const *list, size_t n, enum kind kind)
{
	for (size_t i = 0; i < n; i++)
		if (add(t, list[i], kind, -1))
			return -1;
	return 0;
}

cal_titles *cal_titles_new(const ac_kb *kb)
{
	cal_titles *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	for (size_t a = 0; a < ac_kb_activity_count(kb); a++) {
		const ac_activity *act = ac_kb_activity(kb, a);
		for (size_t i = 0; i < act->n_aliases; i++)
			if (!listed(not_in_titles, COUNT(not_in_titles), act->aliases[i]) &&
			    add(t, act->aliases[i], ACTIVITY, (int)a))
				goto fail;
	}
	for (size_t i = 0; i < COUNT(extra); i++) {
		int a = extra[i].activity ? ac_kb_find_activity(kb, extra[i].activity) : -1;
		if ((a >= 0 || extra[i].kind == UNCOVERED) && add(t, extra[i].words, extra[i].kind, a))
			goto fail;
	}
	if (add_list(t, negations, COUNT(negations), NEGATION) ||
	    add_list(t, errands, COUNT(errands), ERRAND) ||
	    add_list(t, not_activities, COUNT(not_activities), NOT_ACTIVITY))
		goto fail;
	if (t->n > 1)
		qsort(t->p, t->n, sizeof(*t->p), by_first_word);
	return t;
fail:
	cal_titles_free(t);
	return NULL;
}

void cal_titles_free(cal_titles *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		for (int j = 0; j < t->p[i].n_words; j++)
			free(t->p[i].words[j]);
	free(t->p);
	free(t);
}

/* The longest phrase that starts at word i of tok, or NULL. */
static const phrase *longest_at(const cal_titles *t, char **tok, int n, int i)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {	/* the first phrase whose first word is tok[i] */
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->p[mid].words[0], tok[i]) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && strcmp(t->p[lo].words[0], tok[i]) == 0; lo++) {
		const phrase *p = &t->p[lo];
		int k = 1;
		while (k < p->n_words && i + k < n && strcmp(p->words[k], tok[i + k]) == 0)
			k++;
		if (k == p->n_words)
			return p;	/* sorted longest first */
	}
	return NULL;
}

int cal_title_activity(const cal_titles *t, const char *title, bool *treatment, bool *uncovered)
{
	char *buf, *tok[MAX_TOKENS];
	int n = tokenize(title, &buf, tok), best = -1, best_len = 0;
	*treatment = *uncovered = false;
	for (int i = 0; i < n;) {
		const phrase *p = longest_at(t, tok, n, i);
		if (!p) {
			i++;
			continue;
		}
		if (p->kind == NEGATION || p->kind == ERRAND) {
			best = -1, *uncovered = false;
			break;
		}
		if (p->kind == UNCOVERED)
			*uncovered = true;
		else if (p->kind != NOT_ACTIVITY && p->n_words > best_len)
			best = p->activity, best_len = p->n_words, *treatment = p->kind == TREATMENT;
		i += p->n_words;
	}
	if (best < 0)
		*treatment = false;
	free(buf);
	return best;
}

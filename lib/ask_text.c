/* ask_text.c: a question's text into words: Unicode normalisation (utf8proc) and
 * stemming (Snowball), so that "Sweating", "sweat" and "SWEATY" meet. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ask_internal.h"

void ask_stem(struct sb_stemmer *stemmer, const char *word, char *out)
{
	const sb_symbol *s = sb_stemmer_stem(stemmer, (const sb_symbol *)word, (int)strlen(word));
	int len = s ? sb_stemmer_length(stemmer) : 0;
	if (!s || len <= 0 || len >= ASK_WORD) {
		snprintf(out, ASK_WORD, "%s", word);
		return;
	}
	memcpy(out, s, (size_t)len);
	out[len] = '\0';
}

static bool is_word_char(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
	       c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
	       c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_ND;
}

static bool is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static bool is_digit(utf8proc_int32_t cp)
{
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static void finish(struct sb_stemmer *stemmer, ask_tokens *out, char *word, size_t len, bool digits,
		   int sep, bool glued, bool marked, unsigned clause)
{
	/* stemmer NULL: leave stems to ask_resolve_words */
	if (!len || out->n >= ASK_MAX_TOKENS)
		return;
	ask_token *t = &out->t[out->n++];
	memcpy(t->raw, word, len);
	t->raw[len] = '\0';
	t->used = false;
	t->after_slash = sep == '/';
	t->after_colon = sep == ':';
	t->glued = glued;
	t->after_mark = marked;
	t->clause = (uint8_t)(clause > 255 ? 255 : clause);
	t->number = digits;
	t->value = digits ? strtod(t->raw, NULL) : 0;
	if (digits || !stemmer)
		memcpy(t->stem, t->raw, len + 1);
	else
		ask_stem(stemmer, t->raw, t->stem);
}

/* Printable ASCII is what most questions are, and for it utf8proc's mapping above comes
 * down to lower case: take that short way. */
static bool printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static utf8proc_ssize_t ascii_lower(const char *s, size_t len, utf8proc_uint8_t **out)
{
	utf8proc_uint8_t *p = malloc(len + 1);
	if (!p)
		return UTF8PROC_ERROR_NOMEM;
	for (size_t i = 0; i < len; i++)
		p[i] = (utf8proc_uint8_t)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	p[len] = '\0';
	*out = p;
	return (utf8proc_ssize_t)len;
}

int ask_tokenize(struct sb_stemmer *stemmer, const char *text, size_t len, ask_tokens *out,
		 size_t *bad)
{
	utf8proc_uint8_t *norm = NULL;
	out->n = 0;
	utf8proc_ssize_t n = printable_ascii(text, len) ? ascii_lower(text, len, &norm)
		: utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &norm,
			       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
				       UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
	if (n < 0) {
		*bad = ac_utf8_invalid_at(text, len);
		if (*bad == (size_t)-1)
			*bad = 0;	/* valid UTF-8 that utf8proc still refused */
		free(norm);
		return -1;
	}
	char word[ASK_WORD];
	size_t wlen = 0, sep_len = 0;
	utf8proc_int32_t sep = 0;
	bool digits = false, overflow = false;
	int slash = 0;	/* the single separator before the word being read: '/', ':' or 0 */
	bool split = false, glued = false;	/* "2day": the word began where a number ended */
	bool marked = false, mark = false;	/* a sign other than a space before the word */
	/* which clause: a new one where a clause ends (". , ; ! ?", a dash between words) and
	 * inside brackets; after ")" the clause before "(" goes on: in "deep needling (2.5mm) on
	 * the 20th" the date is said of the needling */
	unsigned clause = 0, last = 0, outer[4];
	size_t depth = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(norm + i, n - i, &cp);
		if (step <= 0)
			break;
		bool in_number_point = (cp == '.' || cp == ',') && digits && wlen && i + step < n &&
				       is_digit(norm[i + step]);
		if (is_word_char(cp) || in_number_point) {
			bool d = is_digit(cp) || in_number_point;
			if (wlen && d != digits) {	/* "24hrs": a number, then a word */
				if (!overflow)
					finish(stemmer, out, word, wlen, digits, slash, glued, marked, clause);
				wlen = 0;
				overflow = false;
				sep_len = 0;
				split = true;
			}
			if (!wlen) {	/* a word starts: was it "7/12"'s second number? */
				slash = sep_len == 1 && (sep == '/' || sep == ':') ? (int)sep : 0;
				sep_len = 0;
				glued = split;
				split = false;
				marked = mark;
				mark = false;
			}
			digits = d;
			if (wlen + (size_t)step < ASK_WORD) {
				memcpy(word + wlen, in_number_point ? (const void *)"." : norm + i,
				       in_number_point ? 1 : (size_t)step);
				wlen += in_number_point ? 1 : (size_t)step;
			} else {
				overflow = true;	/* an absurdly long word is no word */
			}
		} else if (!(is_apostrophe(cp) && wlen && !digits)) {
			if (!overflow)
				finish(stemmer, out, word, wlen, digits, slash, glued, marked, clause);
			if (wlen && !overflow && out->n && !strcmp(out->t[out->n - 1].raw, "but"))
				clause = ++last;	/* "gentle yoga is fine, but what about headstands" */
			wlen = 0;
			overflow = false;
			if (cp == '(' && depth < sizeof(outer) / sizeof(outer[0]))
				outer[depth++] = clause;
			if (cp == ')' && depth)
				clause = outer[--depth];
			else if (cp == '.' || cp == ',' || cp == ';' || cp == '!' || cp == '?' ||
				 cp == '\n' || cp == '(' || cp == ')' ||
				 ((cp == '-' || cp == 0x2013 || cp == 0x2014) && sep_len && sep == ' '))
				clause = ++last;
			sep = cp;
			sep_len++;
			if (cp != ' ' && cp != '\t')
				mark = true;
		}
		i += step;
	}
	if (!overflow)
		finish(stemmer, out, word, wlen, digits, slash, glued, marked, clause);
	free(norm);
	return 0;
}

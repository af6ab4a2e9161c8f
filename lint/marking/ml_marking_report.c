/* ml_marking_report.c - what `marklint marking STRING...` writes
 * (marklint.h, ml_marking_report): each string parsed with the marking
 * grammar (portion form, then banner form), valid or not, its parts or
 * the reason, and the roll-up banner of the valid ones, as text or JSON.
 *
 * A string is valid when it parses and breaks none of the register's
 * rules (MARKING-MALFORMED and NOFORN-RELTO-CONFLICT of MARKINGS.md 5).
 * Output is bounded whatever the input: the grammar refuses strings past
 * ML_MARKING_MAX_LEN, and the text form echoes at most S_ECHO_MAX bytes
 * of a string. */
#include "ml_marking.h"
#include "ml_buf.h"
#include "ml_json.h"

#include <stdlib.h>
#include <string.h>

#define S_ECHO_MAX 200 /* bytes of a string echoed by the text form */

/* One string and what the grammar made of it. */
typedef struct S_item {
	char *input;     /* the string, invalid UTF-8 made U+FFFD (owned) */
	int parsed;      /* the grammar accepts it */
	int valid;       /* parsed, and no register problem */
	ml_marking m;    /* when parsed */
	uint32_t problems; /* ML_PROBLEM_* bits, when parsed */
	char *reason;    /* when not parsed; UTF-8 made well-formed (owned) */
} S_item;

/* The length of the UTF-8 sequence at s (n bytes left), or 0 when it is
 * not well-formed. */
static size_t S_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (c >= 0xF8 || !len || len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0;
	return len;
}

/* A copy of s with ill-formed UTF-8 replaced by U+FFFD (caller frees). */
static char *S_clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	ml_buf b;

	ml_buf_init(&b, (size_t)-1);
	while (i < n) {
		k = S_utf8_len(p + i, n - i);
		if (k) {
			ml_buf_put(&b, s + i, k);
			i += k;
		} else {
			ml_buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		}
	}
	return ml_buf_detach(&b, NULL);
}

static int S_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Parses one string: portion form, then banner form. The reason of a
 * failure is the error of the form the string looks like (parentheses:
 * a portion mark). */
static void S_parse(S_item *it, const char *arg)
{
	ml_marking_error pe, be;
	char msg[sizeof pe.msg + 16];
	size_t len = strlen(arg);
	const char *t = arg + strspn(arg, " \t\r\n");

	memset(&pe, 0, sizeof pe);
	memset(&be, 0, sizeof be);
	it->input = S_clean_utf8(arg);
	if (S_blank(arg)) {
		it->reason = ml_xstrdup("not a marking: the string is empty");
		return;
	}
	if (ml_marking_parse(arg, len, ML_MARKING_PORTION, 0, &it->m, &pe) == 0 ||
	    ml_marking_parse(arg, len, ML_MARKING_BANNER, 0, &it->m, &be) == 0) {
		it->parsed = 1;
		it->problems = ml_marking_problems(&it->m);
		it->valid = it->problems == 0;
		return;
	}
	/* the grammar's message may quote bytes of the input */
	snprintf(msg, sizeof msg, "not a marking: %s",
	         *t == '(' ? pe.msg : be.msg);
	it->reason = S_clean_utf8(msg);
}

/* --- text --- */

/* "  LABEL: A, B" for n strings at base, stride bytes apart (the fixed
 * arrays of ml_marking_tokens and ml_marking_countries). */
static void S_text_list(FILE *out, const char *label, const char *base,
                        size_t n, size_t stride)
{
	size_t i;

	if (!n)
		return;
	fprintf(out, "  %s: ", label);
	for (i = 0; i < n; i++) {
		const char *s = base + i * stride;
		if (i)
			fputs(", ", out);
		ml_fput_clean(out, s, strlen(s));
	}
	fputc('\n', out);
}

#define S_TOKENS(label, t) \
	S_text_list(out, label, (t).v[0], (t).n, sizeof (t).v[0])

static const char *const S_owner_names[] = {"USA", "foreign", "joint"};

/* The dissemination controls of m, spelled in its form, " / "-joined;
 * the REL TO, EYES ONLY and DISPLAY ONLY lists come on lines of their
 * own. */
static void S_dissem(const ml_marking *m, ml_buf *b)
{
	uint32_t bit;
	const char *name;

	for (bit = 1; bit; bit <<= 1) {
		if (!(m->dissem & bit))
			continue;
		name = ml_marking_dissem_name(bit, m->form);
		if (name)
			ml_buf_printf(b, "%s%s", b->size ? ", " : "", name);
	}
}

static void S_text_parts(FILE *out, const ml_marking *m)
{
	ml_buf b;
	char label[32];

	fprintf(out, "  classification: %s (%s)\n",
	       ml_marking_class_name(m->level, ML_MARKING_BANNER),
	       ml_marking_class_name(m->level, ML_MARKING_PORTION));
	snprintf(label, sizeof label, "owner: %s", S_owner_names[m->owner]);
	if (m->owners.n)
		S_TOKENS(label, m->owners);
	else
		fprintf(out, "  %s\n", label);
	S_TOKENS("SCI", m->sci);
	S_TOKENS("SAP", m->sap);
	S_TOKENS("AEA", m->aea);
	if (m->fgi) {
		if (m->fgi_countries.n)
			S_TOKENS("FGI", m->fgi_countries);
		else
			fputs("  FGI: (countries concealed)\n", out);
	}
	S_TOKENS("CUI categories", m->cui);
	ml_buf_init(&b, 4096);
	S_dissem(m, &b);
	if (b.size)
		fprintf(out, "  dissemination: %s\n", b.ptr);
	ml_buf_free(&b);
	S_TOKENS("REL TO", m->relto);
	S_TOKENS("EYES ONLY", m->eyes);
	S_TOKENS("DISPLAY ONLY", m->display);
}

static void S_text_problems(FILE *out, uint32_t problems)
{
	uint32_t bit;

	for (bit = 1; bit; bit <<= 1)
		if ((problems & bit) && ml_marking_problem_message(bit))
			fprintf(out, "  problem: %s [%s]\n",
			       ml_marking_problem_message(bit),
			       ml_marking_problem_rule(bit));
}

static void S_text_item(FILE *out, const S_item *it)
{
	size_t n = strlen(it->input);

	ml_fput_clean(out, it->input, n > S_ECHO_MAX ? S_ECHO_MAX : n);
	if (n > S_ECHO_MAX)
		fprintf(out, "... (%zu bytes)", n);
	if (!it->parsed) {
		fputs(": invalid: ", out);
		ml_fput_clean(out, it->reason, strlen(it->reason));
		fputc('\n', out);
		return;
	}
	fprintf(out, ": %s %s marking\n", it->valid ? "valid" : "invalid",
	       it->m.form == ML_MARKING_PORTION ? "portion" : "banner");
	S_text_problems(out, it->problems);
	S_text_parts(out, &it->m);
}

/* --- JSON --- */

static void S_json_codes(ml_json *j, const char *key,
                         const ml_marking_countries *c)
{
	size_t i;

	ml_json_key(j, key);
	ml_json_array(j);
	for (i = 0; i < c->n; i++)
		ml_json_str(j, c->v[i]);
	ml_json_array_end(j);
}

static void S_json_tokens(ml_json *j, const char *key,
                          const ml_marking_tokens *t)
{
	size_t i;

	ml_json_key(j, key);
	ml_json_array(j);
	for (i = 0; i < t->n; i++)
		ml_json_str(j, t->v[i]);
	ml_json_array_end(j);
}

static void S_json_parts(ml_json *j, const ml_marking *m)
{
	uint32_t bit;
	const char *name;

	ml_json_kv_str(j, "classification",
	               ml_marking_class_name(m->level, ML_MARKING_PORTION));
	ml_json_kv_str(j, "classification_name",
	               ml_marking_class_name(m->level, ML_MARKING_BANNER));
	ml_json_kv_str(j, "owner", m->owner == ML_OWNER_US ? "us"
	               : m->owner == ML_OWNER_FOREIGN ? "foreign" : "joint");
	S_json_codes(j, "owners", &m->owners);
	S_json_tokens(j, "sci", &m->sci);
	S_json_tokens(j, "sap", &m->sap);
	S_json_tokens(j, "aea", &m->aea);
	ml_json_key(j, "fgi");
	ml_json_bool(j, m->fgi);
	S_json_codes(j, "fgi_countries", &m->fgi_countries);
	ml_json_key(j, "dissemination");
	ml_json_array(j);
	for (bit = 1; bit; bit <<= 1)
		if ((m->dissem & bit) &&
		    (name = ml_marking_dissem_name(bit, m->form)) != NULL)
			ml_json_str(j, name);
	ml_json_array_end(j);
	S_json_codes(j, "rel_to", &m->relto);
	S_json_codes(j, "eyes_only", &m->eyes);
	S_json_codes(j, "display_only", &m->display);
	S_json_tokens(j, "cui", &m->cui);
}

static void S_json_item(ml_json *j, const S_item *it)
{
	uint32_t bit;

	ml_json_object(j);
	ml_json_kv_str(j, "input", it->input);
	ml_json_key(j, "valid");
	ml_json_bool(j, it->valid);
	if (!it->parsed) {
		ml_json_kv_str(j, "reason", it->reason);
		ml_json_object_end(j);
		return;
	}
	ml_json_kv_str(j, "form", it->m.form == ML_MARKING_PORTION
	                              ? "portion" : "banner");
	ml_json_key(j, "problems");
	ml_json_array(j);
	for (bit = 1; bit; bit <<= 1) {
		if (!(it->problems & bit) || !ml_marking_problem_message(bit))
			continue;
		ml_json_object(j);
		ml_json_kv_str(j, "rule", ml_marking_problem_rule(bit));
		ml_json_kv_str(j, "message", ml_marking_problem_message(bit));
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
	if (!it->valid)
		ml_json_kv_str(j, "reason", ml_marking_problem_message(
		    it->problems & (~it->problems + 1)));
	S_json_parts(j, &it->m);
	ml_json_object_end(j);
}

/* --- the report --- */

/* The roll-up banner of the valid strings (at least two), or NULL
 * (caller frees). */
static char *S_rollup(const S_item *v, size_t n)
{
	const ml_marking **ms = ml_xcalloc(n ? n : 1, sizeof *ms);
	ml_marking out;
	size_t i, k = 0;
	ml_buf b;
	char *s = NULL;

	for (i = 0; i < n; i++)
		if (v[i].valid)
			ms[k++] = &v[i].m;
	if (k >= 2 && ml_marking_rollup(ms, k, &out) == 0) {
		ml_buf_init(&b, 8192);
		if (ml_marking_format(&out, ML_MARKING_BANNER, &b) == 0)
			s = ml_buf_detach(&b, NULL);
		else
			ml_buf_free(&b);
	}
	free(ms);
	return s;
}

int ml_marking_report(const char *const *strings, size_t n, int json,
                      FILE *out)
{
	int status = 0;
	S_item *v;
	char *rollup;
	size_t i;
	ml_json j;

	v = ml_xcalloc(n ? n : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		S_parse(&v[i], strings[i]);
		if (!v[i].valid)
			status = 1;
	}
	rollup = S_rollup(v, n);
	if (json) {
		ml_json_init(&j, out, 1);
		ml_json_object(&j);
		ml_json_key(&j, "markings");
		ml_json_array(&j);
		for (i = 0; i < n; i++)
			S_json_item(&j, &v[i]);
		ml_json_array_end(&j);
		ml_json_key(&j, "rollup");
		if (rollup)
			ml_json_str(&j, rollup);
		else
			ml_json_null(&j);
		ml_json_object_end(&j);
		ml_json_end(&j);
	} else {
		for (i = 0; i < n; i++)
			S_text_item(out, &v[i]);
		if (rollup)
			fprintf(out, "roll-up: %s\n", rollup);
	}
	free(rollup);
	for (i = 0; i < n; i++) {
		free(v[i].input);
		free(v[i].reason);
	}
	free(v);
	return status;
}

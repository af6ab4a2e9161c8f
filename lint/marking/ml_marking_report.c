/* ml_marking_report.c - what `marklint marking STRING...` writes
 * (marklint.h, ml_marking_report): the register's verdict on each string
 * (valid, nonstandard, malformed, or not a marking; a string in
 * parentheses is a portion mark, anything else a banner line), why, the
 * correction ("did you mean (S//NF)?") with how sure marklint is, the
 * parts, and the roll-up banner of the valid ones. With rollup the
 * strings are the portion marks of one document (parentheses optional)
 * and their banner line is the point. Output is bounded whatever the
 * input: the grammar refuses strings past ML_MARKING_MAX_LEN, and the
 * text form echoes at most S_ECHO_MAX bytes of a string. */
#include "ml_marking.h"
#include "ml_buf.h"
#include "ml_json.h"
#include "ml_utf8.h"

#include <stdlib.h>
#include <string.h>

#define S_ECHO_MAX 200 /* bytes of a string echoed by the text form */

/* One string and what the register made of it. */
typedef struct S_item {
	char *input;     /* the string, invalid UTF-8 made U+FFFD (owned) */
	int valid;       /* the register accepts it as written */
	ml_marking_judgement *j; /* the verdict (owned) */
} S_item;

/* A copy of s with ill-formed UTF-8 replaced by U+FFFD (caller frees). */
static char *S_clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	ml_buf b;

	ml_buf_init(&b, (size_t)-1);
	while (i < n) {
		k = ml_utf8_decode(p + i, n - i, &cp);
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

/* Judges one string. With --rollup a string without parentheses is a
 * portion mark all the same. */
static void S_parse(S_item *it, const char *arg, int rollup)
{
	size_t len = strlen(arg);
	const char *t = arg + strspn(arg, " \t\r\n");

	it->input = S_clean_utf8(arg);
	it->j = ml_xmalloc(sizeof *it->j);
	if (rollup && *t != '(' && len < ML_MARKING_MAX_LEN) {
		char *p = ml_xmalloc(len + 3);
		p[0] = '(';
		memcpy(p + 1, arg, len);
		p[len + 1] = ')';
		p[len + 2] = '\0';
		ml_marking_judge(p, len + 2, ML_JUDGE_PORTION, it->j);
		free(p);
	} else {
		ml_marking_judge(arg, len, 0, it->j);
	}
	it->valid = it->j->verdict == ML_VERDICT_VALID;
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
	ml_marking_controls_text(m, m->form, &b);
	if (b.size)
		fprintf(out, "  dissemination: %s\n", b.ptr);
	ml_buf_free(&b);
	S_TOKENS("REL TO", m->relto);
	S_TOKENS("EYES ONLY", m->eyes);
	S_TOKENS("DISPLAY ONLY", m->display);
}

static const char *S_form_name(ml_marking_form f)
{
	return f == ML_MARKING_PORTION ? "portion" : "banner";
}

static void S_text_item(FILE *out, const S_item *it)
{
	const ml_marking_judgement *j = it->j;
	size_t n = strlen(it->input), i;

	ml_fput_clean(out, it->input, n > S_ECHO_MAX ? S_ECHO_MAX : n);
	if (n > S_ECHO_MAX)
		fprintf(out, "... (%zu bytes)", n);
	if (j->verdict == ML_VERDICT_NONE) {
		fputs(": not a marking: no classification or control word of "
		      "the register\n", out);
		return;
	}
	fprintf(out, ": %s %s marking\n",
	        ml_marking_verdict_name(j->verdict), S_form_name(j->form));
	for (i = 0; i < j->nnotes; i++) {
		fputs("  problem: ", out);
		ml_fput_clean(out, j->notes[i].msg, strlen(j->notes[i].msg));
		fprintf(out, " [%s]\n", j->notes[i].rule);
	}
	if (j->suggestion[0]) {
		fputs("  did you mean ", out);
		ml_fput_clean(out, j->suggestion, strlen(j->suggestion));
		fprintf(out, "? (confidence %.2f)\n", j->confidence);
	} else if (j->verdict != ML_VERDICT_VALID) {
		fputs("  no correction: the register marking it stands for is "
		      "not clear\n", out);
	}
	if (j->parsed)
		S_text_parts(out, &j->m);
}

/* --- JSON --- */

/* An array of the n strings stored each stride bytes from v. */
static void S_json_strs(ml_json *j, const char *key, const char *v,
                        size_t n, size_t stride)
{
	size_t i;

	ml_json_key(j, key);
	ml_json_array(j);
	for (i = 0; i < n; i++)
		ml_json_str(j, v + i * stride);
	ml_json_array_end(j);
}

static void S_json_codes(ml_json *j, const char *key,
                         const ml_marking_countries *c)
{
	S_json_strs(j, key, c->v[0], c->n, sizeof c->v[0]);
}

static void S_json_tokens(ml_json *j, const char *key,
                          const ml_marking_tokens *t)
{
	S_json_strs(j, key, t->v[0], t->n, sizeof t->v[0]);
}

static void S_json_parts(ml_json *j, const ml_marking *m)
{
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
	{
		ml_buf b;
		const char *p;
		ml_buf_init(&b, 4096);
		ml_marking_controls_text(m, m->form, &b);
		for (p = b.size ? b.ptr : NULL; p && *p;) {
			size_t k = strcspn(p, ",");
			char *one = ml_xstrndup(p, k);
			ml_json_str(j, one);
			free(one);
			p += k;
			p += strspn(p, ", ");
		}
		ml_buf_free(&b);
	}
	ml_json_array_end(j);
	S_json_codes(j, "rel_to", &m->relto);
	S_json_codes(j, "eyes_only", &m->eyes);
	S_json_codes(j, "display_only", &m->display);
	S_json_tokens(j, "cui", &m->cui);
}

static void S_json_item(ml_json *js, const S_item *it)
{
	const ml_marking_judgement *j = it->j;
	size_t i;

	ml_json_object(js);
	ml_json_kv_str(js, "input", it->input);
	ml_json_key(js, "valid");
	ml_json_bool(js, it->valid);
	ml_json_kv_str(js, "verdict", ml_marking_verdict_name(j->verdict));
	if (j->verdict == ML_VERDICT_NONE) {
		ml_json_kv_str(js, "reason", "not a marking: no classification "
		               "or control word of the register");
		ml_json_object_end(js);
		return;
	}
	ml_json_kv_str(js, "form", S_form_name(j->form));
	ml_json_key(js, "problems");
	ml_json_array(js);
	for (i = 0; i < j->nnotes; i++) {
		ml_json_object(js);
		ml_json_kv_str(js, "rule", j->notes[i].rule);
		ml_json_kv_str(js, "id", j->notes[i].id);
		ml_json_kv_str(js, "message", j->notes[i].msg);
		ml_json_object_end(js);
	}
	ml_json_array_end(js);
	if (j->nnotes)
		ml_json_kv_str(js, "reason", j->notes[0].msg);
	ml_json_key(js, "suggestion");
	if (j->suggestion[0]) {
		ml_json_str(js, j->suggestion);
		ml_json_key(js, "confidence");
		ml_json_fixed2(js, j->confidence);
	} else {
		ml_json_null(js);
	}
	if (j->parsed)
		S_json_parts(js, &j->m);
	ml_json_object_end(js);
}

/* --- the report --- */

/* The roll-up banner of the portion marks: the valid ones (at least
 * two), or with --rollup every one that reads; NULL when none (caller
 * frees). */
static char *S_rollup(const S_item *v, size_t n, int all)
{
	const ml_marking **ms = ml_xcalloc(n ? n : 1, sizeof *ms);
	ml_marking out;
	size_t i, k = 0;
	ml_buf b;
	char *s = NULL;

	for (i = 0; i < n; i++)
		if (v[i].j->form == ML_MARKING_PORTION &&
		    (all ? v[i].j->parsed : v[i].valid))
			ms[k++] = &v[i].j->m;
	if (k >= (all ? 1u : 2u) && ml_marking_rollup(ms, k, &out) == 0) {
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
                      int rollup, FILE *out)
{
	int status = 0;
	S_item *v;
	char *banner;
	size_t i;
	ml_json j;

	v = ml_xcalloc(n ? n : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		S_parse(&v[i], strings[i], rollup);
		if (!v[i].valid)
			status = 1;
	}
	banner = S_rollup(v, n, rollup);
	if (json) {
		ml_json_init(&j, out, 1);
		ml_json_object(&j);
		ml_json_key(&j, "markings");
		ml_json_array(&j);
		for (i = 0; i < n; i++)
			S_json_item(&j, &v[i]);
		ml_json_array_end(&j);
		ml_json_key(&j, "rollup");
		if (banner)
			ml_json_str(&j, banner);
		else
			ml_json_null(&j);
		ml_json_object_end(&j);
		ml_json_end(&j);
	} else {
		for (i = 0; i < n; i++)
			S_text_item(out, &v[i]);
		if (banner)
			fprintf(out, "roll-up: %s\n", banner);
	}
	free(banner);
	for (i = 0; i < n; i++) {
		free(v[i].input);
		free(v[i].j);
	}
	free(v);
	return status;
}

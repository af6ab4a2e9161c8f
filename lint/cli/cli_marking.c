/* cli_marking.c - `marklint marking STRING...`: the register's verdict on
 * each string (valid, nonstandard, malformed, or not a marking; a string
 * in parentheses is a portion mark, anything else a banner line), why,
 * the correction ("did you mean (S//NF)?") with how sure marklint is,
 * the parts, and the roll-up banner of the valid ones. With --rollup the
 * strings are the portion marks of one document (parentheses optional)
 * and their banner line is the point.
 *
 * A STRING of "-" reads strings from standard input, one a line (argv
 * cannot carry a string past 128 KiB; hostile tests need longer ones).
 *
 * Exit status: 0 when every string is a valid marking, 1 when one is not,
 * 2 for a usage error (an unknown --format). Output is bounded whatever
 * the input: the grammar refuses strings past ML_MARKING_MAX_LEN, and the
 * text form echoes at most S_ECHO_MAX bytes of a string. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_json.h"
#include "ml_marking.h"
#include "ml_writers.h"

#include <stdlib.h>
#include <string.h>

#define S_ECHO_MAX 200 /* bytes of a string echoed by the text form */
#define S_LINE_MAX (16u << 20) /* bytes of one line of standard input */

/* One string and what the register made of it. */
typedef struct S_item {
	char *input;     /* the string, invalid UTF-8 made U+FFFD (owned) */
	int valid;       /* the register accepts it as written */
	ml_marking_judgement *j; /* the verdict (owned) */
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
static void S_text_list(const char *label, const char *base, size_t n,
                        size_t stride)
{
	size_t i;

	if (!n)
		return;
	printf("  %s: ", label);
	for (i = 0; i < n; i++) {
		const char *s = base + i * stride;
		if (i)
			fputs(", ", stdout);
		ml_report_text_clean(stdout, s, strlen(s));
	}
	fputc('\n', stdout);
}

#define S_TOKENS(label, t) \
	S_text_list(label, (t).v[0], (t).n, sizeof (t).v[0])

static const char *const S_owner_names[] = {"USA", "foreign", "joint"};

static void S_text_parts(const ml_marking *m)
{
	ml_buf b;
	char label[32];

	printf("  classification: %s (%s)\n",
	       ml_marking_class_name(m->level, ML_MARKING_BANNER),
	       ml_marking_class_name(m->level, ML_MARKING_PORTION));
	snprintf(label, sizeof label, "owner: %s", S_owner_names[m->owner]);
	if (m->owners.n)
		S_TOKENS(label, m->owners);
	else
		printf("  %s\n", label);
	S_TOKENS("SCI", m->sci);
	S_TOKENS("SAP", m->sap);
	S_TOKENS("AEA", m->aea);
	if (m->fgi) {
		if (m->fgi_countries.n)
			S_TOKENS("FGI", m->fgi_countries);
		else
			puts("  FGI: (countries concealed)");
	}
	S_TOKENS("CUI categories", m->cui);
	ml_buf_init(&b, 4096);
	ml_marking_controls_text(m, m->form, &b);
	if (b.size)
		printf("  dissemination: %s\n", b.ptr);
	ml_buf_free(&b);
	S_TOKENS("REL TO", m->relto);
	S_TOKENS("EYES ONLY", m->eyes);
	S_TOKENS("DISPLAY ONLY", m->display);
}

static const char *S_form_name(ml_marking_form f)
{
	return f == ML_MARKING_PORTION ? "portion" : "banner";
}

static void S_text_item(const S_item *it)
{
	const ml_marking_judgement *j = it->j;
	size_t n = strlen(it->input), i;

	ml_report_text_clean(stdout, it->input, n > S_ECHO_MAX ? S_ECHO_MAX : n);
	if (n > S_ECHO_MAX)
		printf("... (%zu bytes)", n);
	if (j->verdict == ML_VERDICT_NONE) {
		fputs(": not a marking: no classification or control word of "
		      "the register\n", stdout);
		return;
	}
	printf(": %s %s marking\n", ml_marking_verdict_name(j->verdict),
	       S_form_name(j->form));
	for (i = 0; i < j->nnotes; i++) {
		fputs("  problem: ", stdout);
		ml_report_text_clean(stdout, j->notes[i].msg,
		                     strlen(j->notes[i].msg));
		printf(" [%s]\n", j->notes[i].rule);
	}
	if (j->suggestion[0]) {
		fputs("  did you mean ", stdout);
		ml_report_text_clean(stdout, j->suggestion, strlen(j->suggestion));
		printf("? (confidence %.2f)\n", j->confidence);
	} else if (j->verdict != ML_VERDICT_VALID) {
		puts("  no correction: the register marking it stands for is "
		     "not clear");
	}
	if (j->parsed)
		S_text_parts(&j->m);
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

/* --- the command --- */

/* The strings to parse: the arguments, "-" replaced by the lines of
 * standard input. *out is a new array of new strings (caller frees each
 * and the array); returns their number, or -1 after printing an error. */
static long S_strings(const cli_args *a, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	int i, c;
	ml_buf b;

	for (i = 0; i < a->npaths; i++) {
		if (strcmp(a->paths[i], "-") != 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = ml_xrealloc(v, cap * sizeof *v);
			}
			v[n++] = ml_xstrdup(a->paths[i]);
			continue;
		}
		ml_buf_init(&b, S_LINE_MAX);
		while ((c = getchar()) != EOF || b.size) {
			if (c != EOF && c != '\n') {
				if (ml_buf_putc(&b, (char)c) < 0) {
					fprintf(stderr, "marklint: a line of "
					        "standard input is longer than "
					        "%u bytes\n", S_LINE_MAX);
					ml_buf_free(&b);
					while (n)
						free(v[--n]);
					free(v);
					return -1;
				}
				continue;
			}
			if (b.size && b.ptr[b.size - 1] == '\r')
				b.ptr[--b.size] = '\0';
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = ml_xrealloc(v, cap * sizeof *v);
			}
			v[n++] = ml_xstrndup(b.ptr, b.size);
			ml_buf_clear(&b);
			if (c == EOF)
				break;
		}
		ml_buf_free(&b);
	}
	*out = v;
	return (long)n;
}

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

int cli_marking(const cli_args *a)
{
	int status = 0, json = 0;
	S_item *v;
	char *rollup, **strs = NULL;
	long i, n;
	ml_json j;

	if (a->format && strcmp(a->format, "json") == 0) {
		json = 1;
	} else if (a->format && strcmp(a->format, "text") != 0) {
		fprintf(stderr, "marklint: unknown format '%s' for marking "
		        "(text or json) (marklint marking --help)\n", a->format);
		return 2;
	}
	if ((n = S_strings(a, &strs)) < 0)
		return 2;
	v = ml_xcalloc(n ? (size_t)n : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		S_parse(&v[i], strs[i], a->rollup);
		free(strs[i]);
		if (!v[i].valid)
			status = 1;
	}
	free(strs);
	rollup = S_rollup(v, (size_t)n, a->rollup);
	if (json) {
		ml_json_init(&j, stdout, 1);
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
			S_text_item(&v[i]);
		if (rollup)
			printf("roll-up: %s\n", rollup);
	}
	free(rollup);
	for (i = 0; i < n; i++) {
		free(v[i].input);
		free(v[i].j);
	}
	free(v);
	return status;
}

/* ml_read_class.c - the classification of a marking string: a US or CUI
 * one ("S", "TOP SECRET", "CONTROLLED"), spelled for the other form, run
 * together with the next word ("SECRET NOFORN"), implied by an
 * unclassified-only control ("(SBU)"), or missing; and after a leading
 * "//" a NATO one ("NS", "NATO SECRET", "NIS"), a JOINT one ("JOINT S GBR
 * USA") or a foreign one ("GBR S", "CAN GBR SECRET", "FGI S"). */
#include "ml_read_int.h"

#include <stdio.h>
#include <string.h>

/* A US (or CUI) classification spelled s[0..n); *titled for an alias. */
static const ml_reg_level *S_level(const ml_register *reg, const char *s,
                                   size_t n, int banner, int *titled,
                                   int *other_form)
{
	size_t i;

	*titled = *other_form = 0;
	for (i = 0; i < reg->nlv; i++) {
		const ml_reg_level *l = &reg->lv[i];
		const char *want = banner ? l->title : l->portion;
		const char *other = banner ? l->portion : l->title;
		if (ml_marking__eq(s, n, want))
			return l;
		if (banner && l->alias[0] && ml_marking__eq(s, n, l->alias)) {
			*titled = 1;
			return l;
		}
		if (ml_marking__eq(s, n, other) ||
		    (l->alias[0] && ml_marking__eq(s, n, l->alias))) {
			*other_form = 1;
			return l;
		}
	}
	return NULL;
}

/* The trailing level of "GBR S", "CAN GBR SECRET", "JOINT S GBR USA":
 * returns its length at the end (when at_end) or the start of s. */
static const ml_reg_level *S_level_at(const ml_register *reg, const char *s,
                                      size_t n, int at_end, size_t *len,
                                      int *other_form)
{
	size_t k;

	/* the longest first: "TOP SECRET" before a level spelt "SECRET" */
	for (k = n; k > 0; k--) {
		const ml_reg_level *l;
		int title;
		if (k < n && (at_end ? s[n - k - 1] : s[k]) != ' ')
			continue;
		l = ml_register_level_spelt(reg, at_end ? s + n - k : s, k,
		                            &title);
		if (l && !l->cui) {
			*len = k;
			*other_form = title;
			return l;
		}
	}
	*len = 0;
	return NULL;
}

/* Of a portion mark's and a banner line's spelling, the one of the form
 * being read. */
static const char *S_spelt(const ml_reader *r, const char *portion,
                           const char *banner)
{
	return r->form == ML_MARKING_PORTION ? portion : banner;
}

/* A classification spelled for the other form: the written spelling is
 * s[0..n). */
static void S_class_form(ml_reader *r, const ml_reg_level *l, int other,
                         const char *s, size_t n)
{
	char m[ML_ISSUE_TEXT];

	if (!other)
		return;
	if (r->form == ML_MARKING_PORTION)
		snprintf(m, sizeof m, "portion marks use the abbreviated "
		         "classification '%s', not '%.*s'", l->portion,
		         (int)(n > 40 ? 40 : n), s);
	else
		snprintf(m, sizeof m, "banner lines spell out the "
		         "classification: '%s', not '%.*s'", l->title,
		         (int)(n > 40 ? 40 : n), s);
	ml_read__issue(r, "class-form", m, NULL);
}

/* The block after a leading "//": NATO ("NS", "NATO SECRET", "NIS"),
 * JOINT ("JOINT S GBR USA", "JOINT S"), concealed FGI ("FGI S") or a
 * foreign owner ("GBR S", "CAN GBR SECRET"). */
void ml_read__foreign(ml_reader *r, const ml_ritem *it)
{
	const ml_register *reg = r->reg;
	ml_marking *m = r->m;
	const char *s = r->rd->text + it->off;
	size_t n = it->len, i, k;
	const ml_reg_level *l;
	int other = 0;

	for (i = 0; i < reg->nnato; i++) {
		const ml_reg_nato *t = &reg->nato[i];
		int banner_hit = ml_marking__eq(s, n, t->title);
		if (banner_hit || ml_marking__eq(s, n, t->portion)) {
			m->owner = ML_OWNER_FOREIGN;
			ml_marking_countries_add(&m->owners, "NATO");
			m->level = t->level;
			if (banner_hit != (r->form == ML_MARKING_BANNER)) {
				char x[ML_ISSUE_TEXT];
				snprintf(x, sizeof x, r->form == ML_MARKING_PORTION
				         ? "portion marks use the abbreviated NATO "
				           "classification '%s', not '%s'"
				         : "banner lines spell out the NATO "
				           "classification: '%s', not '%s'",
				         S_spelt(r, t->portion, t->title),
				         S_spelt(r, t->title, t->portion));
				ml_read__issue(r, "class-form", x, NULL);
			}
			ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
			return;
		}
	}
	/* NATO/NAC activity: "NIS", "NATO ISAF SECRET" */
	for (i = 0; i < reg->nnac; i++) {
		size_t j;
		for (j = 0; j < reg->nnato; j++) {
			char p[16], b[64];
			const char *word = reg->nato[j].title + 5; /* "SECRET" */
			if (strncmp(reg->nato[j].title, "NATO ", 5) != 0)
				continue;
			snprintf(p, sizeof p, "N%s%s", reg->nac_letter[i],
			         reg->nato[j].portion + 1);
			snprintf(b, sizeof b, "NATO %s %s", reg->nac_activity[i],
			         word);
			if (ml_marking__eq(s, n, p) || ml_marking__eq(s, n, b)) {
				m->owner = ML_OWNER_FOREIGN;
				ml_marking_countries_add(&m->owners, "NATO");
				m->level = reg->nato[j].level;
				ml_read__copy(m->nac, sizeof m->nac, reg->nac_activity[i],
				       strlen(reg->nac_activity[i]));
				ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
				return;
			}
		}
	}
	k = strlen(reg->joint_title);
	if (ml_marking__prefix(s, n, reg->joint_title) && n > k && s[k] == ' ') {
		size_t len;
		l = S_level_at(reg, s + k + 1, n - k - 1, 0, &len, &other);
		m->owner = ML_OWNER_JOINT;
		ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
		if (!l) {
			ml_read__issue(r, "syntax", r->form == ML_MARKING_PORTION
			        ? "JOINT needs a classification and its owners, "
			          "e.g. '//JOINT S GBR USA'"
			        : "JOINT needs a classification and its owners, "
			          "e.g. '//JOINT SECRET GBR USA'", NULL);
			r->rd->parsed = 0;
			return;
		}
		m->level = l->level;
		S_class_form(r, l, other == (r->form == ML_MARKING_PORTION),
		             s + k + 1, len);
		if (k + 1 + len < n)
			ml_read__codes(r, s + k + 2 + len, n - k - 2 - len, ' ',
			        "the JOINT owners", &m->owners);
		else if (r->form == ML_MARKING_BANNER)
			ml_read__issue(r, "list-missing", "JOINT", NULL);
		return;
	}
	/* "GBR S", "FGI S": codes, then the level at the end */
	l = S_level_at(reg, s, n, 1, &k, &other);
	if (!l || k == n) {
		ml_read__issuen(r, "syntax", s, n, NULL);
		snprintf(r->rd->issues.v[r->rd->issues.n - 1].x, ML_ISSUE_TEXT,
		         "'//%.*s' is not a foreign classification (expected "
		         "e.g. '%s')", (int)(n > 30 ? 30 : n), s,
		         S_spelt(r, "//GBR S", "//GBR SECRET"));
		r->rd->parsed = 0;
		return;
	}
	m->owner = ML_OWNER_FOREIGN;
	m->level = l->level;
	S_class_form(r, l, other == (r->form == ML_MARKING_PORTION),
	             s + n - k, k);
	ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
	if (ml_marking__eq(s, n - k - 1, reg->fgi_portion))
		return; /* concealed source: no owners */
	ml_read__codes(r, s, n - k - 1, ' ', "the foreign owners", &m->owners);
}

/* Does s[0..n) begin with the name of a list control ("REL TO USA",
 * "REL", "DISPLAY ONLY AFG", "USA/GBR EYES ONLY", "EYES")? */
int ml_read__list_control_name(const ml_register *reg, const char *s,
                               size_t n)
{
	size_t i;

	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *x = &reg->e[i];
		if (!x->list)
			continue;
		if ((x->shortf[0] && ml_marking__eq(s, n, x->shortf)) ||
		    (ml_marking__prefix(s, n, x->portion) &&
		     (n == strlen(x->portion) || s[strlen(x->portion)] == ' ')) ||
		    (x->list == ML_LIST_EYES && n >= strlen(x->title) &&
		     memcmp(s + n - strlen(x->title), x->title,
		            strlen(x->title)) == 0))
			return 1;
	}
	return 0;
}

void ml_read__class(ml_reader *r, const ml_ritem *it)
{
	const ml_register *reg = r->reg;
	const char *s = r->rd->text + it->off;
	size_t n = it->len;
	const ml_reg_level *l;
	const ml_reg_word *w;
	int titled, other;

	l = S_level(reg, s, n, r->form == ML_MARKING_BANNER, &titled, &other);
	if (l) {
		r->m->level = l->level;
		r->m->class_titled = titled;
		if (l->cui) {
			r->cui = 1;
			r->cat_block = it->block + 1;
		}
		if (l->foreign_only) {
			char x[ML_ISSUE_TEXT];
			const char *sp = S_spelt(r, l->portion, l->title);
			snprintf(x, sizeof x, "'%s' is not a US classification; a "
			         "foreign one starts with '//', e.g. '//GBR %s'",
			         sp, sp);
			ml_read__issue(r, "syntax", x, NULL);
			r->rd->parsed = 0;
		}
		if (other)
			S_class_form(r, l, 1, s, n);
		ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
		return;
	}
	/* no classification: an unclassified-only control implies U
	 * ("(SBU)", "(SBU-NF)"); another control is a missing one */
	w = ml_register_word(reg, s, n);
	if (w && reg->e[w->entry].levels == (1u << ML_CLASS_U) && n >= 3) {
		ml_read__issuen(r, "implied-classification", s, n, NULL);
		r->m->level = ML_CLASS_U;
		r->implied = 1;
		ml_read__item(r, it);
		return;
	}
	{
		size_t len;
		int titled2 = 0;
		l = S_level_at(reg, s, n, 0, &len, &titled2);
		if (l && len < n && s[len] == ' ') {
			char x[ML_ISSUE_TEXT];
			snprintf(x, sizeof x, "categories are separated by '//': "
			         "'%.*s'", (int)(n > 60 ? 60 : n), s);
			ml_read__issue(r, "agency-separator", x, NULL);
			r->m->level = l->level;
			if (titled2 != (r->form == ML_MARKING_BANNER))
				S_class_form(r, l, 1, s, len);
			ml_read__tok_new(r, it, ML_CAT_CLASS, -1, "");
			ml_read__text(r, it, s + len + 1, n - len - 1);
			/* the rest read as if it followed a separator */
			if (r->ntoks > 1)
				r->toks[r->ntoks - 1].sep = 2;
			return;
		}
	}
	if (w || ml_read__list_control_name(reg, s, n)) {
		ml_read__issue(r, "no-classification", NULL,
		        r->form == ML_MARKING_PORTION
		            ? "U, C, S, TS or CUI"
		            : "UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET or "
		              "CUI");
		ml_read__item(r, it);
		return;
	}
	ml_read__unknown(r, it, ML_CAT_CLASS);
}

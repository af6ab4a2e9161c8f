/* ml_register.c - reads markings/register.xml (validated against
 * markings/register.rng) into an ml_register, once per process. */
#include "ml_register.h"

#include "ml_xmlfile.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_NS "urn:marklint:register:1"
#define S_MAX_FILE (1u << 20)

/* Reference lists read before every id is known: resolved at the end. */
typedef struct S_refs {
	char *requires, *excludes, *supersedes, *implies, *otherwise;
} S_refs;

typedef struct S_loader {
	ml_register *r;
	S_refs *refs;       /* one per entry */
	size_t cap;
	char *err;
	size_t errsize;
	int failed;
	const char *name;
	int order[ML_CAT_COUNT];
} S_loader;

static void S_fail(S_loader *ld, xmlNodePtr n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void S_fail(S_loader *ld, xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (ld->failed)
		return;
	ld->failed = 1;
	k = snprintf(ld->err, ld->errsize, "%s:%d: ", ld->name,
	             n ? ml_xmlfile_line(n) : 0);
	if (k < 0 || (size_t)k >= ld->errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(ld->err + k, ld->errsize - (size_t)k, fmt, ap);
	va_end(ap);
}

/* Copies attribute name of n into out (size), "" when absent. */
static void S_attr(S_loader *ld, xmlNodePtr n, const char *name, char *out,
                   size_t size)
{
	char *v = ml_xmlfile_attr(n, name);

	out[0] = '\0';
	if (!v)
		return;
	if (strlen(v) >= size)
		S_fail(ld, n, "%s=\"%s\" is too long", name, v);
	else
		memcpy(out, v, strlen(v) + 1);
	free(v);
}

static int S_yes(xmlNodePtr n, const char *name)
{
	char *v = ml_xmlfile_attr(n, name);
	int yes = v && strcmp(v, "yes") == 0;

	free(v);
	return yes;
}

static int S_int(xmlNodePtr n, const char *name)
{
	char *v = ml_xmlfile_attr(n, name), *end;
	long l = v ? strtol(v, &end, 10) : 0;

	free(v);
	return l > 0 && l < 1000 ? (int)l : 0;
}

/* The level whose id is s (n bytes), or NONE. */
static ml_marking_class S_level_id(const ml_register *r, const char *s,
                                   size_t n)
{
	size_t i;

	for (i = 0; i < r->nlv; i++)
		if (strlen(r->lv[i].id) == n && memcmp(r->lv[i].id, s, n) == 0)
			return r->lv[i].level;
	return ML_CLASS_NONE;
}

/* A list of level ids ("TS S C") as a bit set. */
static unsigned S_levels(S_loader *ld, xmlNodePtr n, const char *name)
{
	char *v = ml_xmlfile_attr(n, name), *p;
	unsigned bits = 0;

	for (p = v; p && *p;) {
		size_t k = strcspn(p, " ");
		ml_marking_class c = S_level_id(ld->r, p, k);
		if (c == ML_CLASS_NONE)
			S_fail(ld, n, "%s: unknown level '%.*s'", name, (int)k, p);
		bits |= 1u << c;
		p += k;
		p += strspn(p, " ");
	}
	free(v);
	return bits;
}

static const struct {
	ml_marking_class level;
	const char *id;
} S_level_ids[] = {
	{ML_CLASS_U, "U"}, {ML_CLASS_CUI, "CUI"}, {ML_CLASS_R, "R"},
	{ML_CLASS_C, "C"}, {ML_CLASS_S, "S"},     {ML_CLASS_TS, "TS"},
};

static void S_read_level(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	ml_reg_level *l;
	char scheme[16];
	size_t i;

	if (r->nlv >= sizeof r->lv / sizeof r->lv[0]) {
		S_fail(ld, n, "too many levels");
		return;
	}
	l = &r->lv[r->nlv];
	memset(l, 0, sizeof *l);
	S_attr(ld, n, "id", l->id, sizeof l->id);
	S_attr(ld, n, "portion", l->portion, sizeof l->portion);
	S_attr(ld, n, "title", l->title, sizeof l->title);
	S_attr(ld, n, "alias", l->alias, sizeof l->alias);
	S_attr(ld, n, "scheme", scheme, sizeof scheme);
	l->foreign_only = strcmp(scheme, "foreign") == 0;
	l->cui = strcmp(scheme, "cui") == 0;
	l->level = ML_CLASS_NONE;
	for (i = 0; i < sizeof S_level_ids / sizeof S_level_ids[0]; i++)
		if (strcmp(l->id, S_level_ids[i].id) == 0)
			l->level = S_level_ids[i].level;
	if (l->level == ML_CLASS_NONE)
		S_fail(ld, n, "level '%s' is not one marklint knows", l->id);
	r->nlv++;
}

static void S_read_nato(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	char lv[8];
	ml_reg_nato *t;

	if (r->nnato >= sizeof r->nato / sizeof r->nato[0]) {
		S_fail(ld, n, "too many NATO levels");
		return;
	}
	t = &r->nato[r->nnato++];
	S_attr(ld, n, "portion", t->portion, sizeof t->portion);
	S_attr(ld, n, "title", t->title, sizeof t->title);
	S_attr(ld, n, "level", lv, sizeof lv);
	t->level = S_level_id(r, lv, strlen(lv));
}

/* A new entry of kind k in category c, child of parent (or -1). */
static ml_reg_entry *S_entry(S_loader *ld, xmlNodePtr n, ml_ekind k,
                             ml_cat c, int parent)
{
	ml_register *r = ld->r;
	ml_reg_entry *e;
	S_refs *rf;
	char ctx[16];

	if (r->ne == ld->cap) {
		ld->cap = ld->cap ? ld->cap * 2 : 64;
		r->e = ml_xrealloc(r->e, ld->cap * sizeof *r->e);
		ld->refs = ml_xrealloc(ld->refs, ld->cap * sizeof *ld->refs);
	}
	e = &r->e[r->ne];
	rf = &ld->refs[r->ne];
	r->ne++;
	memset(e, 0, sizeof *e);
	memset(rf, 0, sizeof *rf);
	e->kind = k;
	e->cat = c;
	e->parent = parent;
	e->otherwise = -1;
	e->order = ld->order[c]++;
	S_attr(ld, n, "id", e->id, sizeof e->id);
	S_attr(ld, n, "portion", e->portion, sizeof e->portion);
	S_attr(ld, n, "abbrev", e->abbrev, sizeof e->abbrev);
	S_attr(ld, n, "title", e->title, sizeof e->title);
	if (!e->portion[0])
		S_attr(ld, n, "code", e->portion, sizeof e->portion);
	S_attr(ld, n, "short", e->shortf, sizeof e->shortf);
	S_attr(ld, n, "ism", e->ism, sizeof e->ism);
	S_attr(ld, n, "floor-problem", e->floor_problem,
	       sizeof e->floor_problem);
	e->levels = S_levels(ld, n, "levels");
	e->banner_levels = S_levels(ld, n, "banner-levels");
	e->min = S_int(n, "min");
	e->max = S_int(n, "max");
	{
		char *ch = ml_xmlfile_attr(n, "chars");
		e->chars = !ch ? 0 : strcmp(ch, "alpha") == 0 ? ML_CHARS_ALPHA
		                                               : ML_CHARS_ALNUM;
		free(ch);
	}
	e->fdr = S_yes(n, "fdr");
	e->banner_alone = S_yes(n, "banner-alone");
	e->needs_compartment = S_yes(n, "needs-compartment");
	e->numbers = S_yes(n, "numbers");
	e->unpublished = S_yes(n, "unpublished");
	e->yields = S_int(n, "yields");
	e->is_default = S_yes(n, "default");
	{
		char *sc = ml_xmlfile_attr(n, "scheme");
		e->nato = sc && strcmp(sc, "nato") == 0;
		free(sc);
	}
	S_attr(ld, n, "context", ctx, sizeof ctx);
	e->context = !ctx[0] ? ML_CTX_US
	             : (strstr(ctx, "us") ? ML_CTX_US : 0) |
	                   (strstr(ctx, "cui") ? ML_CTX_CUI : 0);
	rf->requires = ml_xmlfile_attr(n, "requires");
	rf->excludes = ml_xmlfile_attr(n, "excludes");
	rf->supersedes = ml_xmlfile_attr(n, "supersedes");
	rf->implies = ml_xmlfile_attr(n, "implies");
	rf->otherwise = ml_xmlfile_attr(n, "otherwise");
	return e;
}

static const struct {
	const char *name;
	uint32_t bit;
} S_roles[] = {
	{"noforn", ML_DISSEM_NOFORN},   {"relto", ML_DISSEM_RELTO},
	{"relido", ML_DISSEM_RELIDO},   {"eyes", ML_DISSEM_EYES_ONLY},
	{"display", ML_DISSEM_DISPLAY_ONLY}, {"fouo", ML_DISSEM_FOUO},
};

static const char *const S_rules[] = {
	"MARKING-MALFORMED", "MARKING-NONSTANDARD", "NOFORN-RELTO-CONFLICT",
};

static const char *S_rule(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof S_rules / sizeof S_rules[0]; i++)
		if (strcmp(name, S_rules[i]) == 0)
			return S_rules[i];
	return S_rules[0];
}

static void S_read_control(S_loader *ld, xmlNodePtr n)
{
	char cat[16], role[16], list[16], rule[32];
	ml_reg_entry *e;
	size_t i;

	S_attr(ld, n, "category", cat, sizeof cat);
	e = S_entry(ld, n, ML_E_CONTROL,
	            strcmp(cat, "nonic") == 0 ? ML_CAT_NONIC : ML_CAT_DISSEM,
	            -1);
	S_attr(ld, n, "role", role, sizeof role);
	S_attr(ld, n, "list", list, sizeof list);
	S_attr(ld, n, "excludes-rule", rule, sizeof rule);
	for (i = 0; i < sizeof S_roles / sizeof S_roles[0]; i++)
		if (strcmp(role, S_roles[i].name) == 0)
			e->role = S_roles[i].bit;
	e->list = strcmp(list, "relto") == 0     ? ML_LIST_RELTO
	          : strcmp(list, "eyes") == 0    ? ML_LIST_EYES
	          : strcmp(list, "display") == 0 ? ML_LIST_DISPLAY
	                                         : ML_LIST_NONE;
	e->excludes_rule = S_rule(rule[0] ? rule : NULL);
}

static void S_read_sci(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	xmlNodePtr c, s;
	int sys, comp;

	S_entry(ld, n, ML_E_SYSTEM, ML_CAT_SCI, -1);
	sys = (int)r->ne - 1;
	for (c = n->children; c; c = c->next) {
		if (!ml_xmlfile_is(c, S_NS, "compartment"))
			continue;
		S_entry(ld, c, ML_E_COMPARTMENT, ML_CAT_SCI, sys);
		comp = (int)r->ne - 1;
		for (s = c->children; s; s = s->next)
			if (ml_xmlfile_is(s, S_NS, "sub"))
				S_entry(ld, s, ML_E_SUB, ML_CAT_SCI, comp);
	}
}

static void S_read_aea(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	xmlNodePtr c;
	int base;

	S_entry(ld, n, ML_E_AEA, ML_CAT_AEA, -1);
	base = (int)r->ne - 1;
	for (c = n->children; c; c = c->next)
		if (ml_xmlfile_is(c, S_NS, "sub"))
			S_entry(ld, c, ML_E_AEASUB, ML_CAT_AEA, base);
}

/* Grows an array of fixed-size items by one; returns the new item. */
static void *S_push(void *arr, size_t *n, size_t size, void **out)
{
	char *a = ml_xrealloc(arr, (*n + 1) * size);

	memset(a + *n * size, 0, size);
	*out = a + *n * size;
	(*n)++;
	return a;
}

static void S_read_tetragraph(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	ml_reg_tetragraph *t;
	char *m, *p;
	void *item;

	r->tetra = S_push(r->tetra, &r->ntetra, sizeof *r->tetra, &item);
	t = item;
	S_attr(ld, n, "code", t->code, sizeof t->code);
	t->expand = S_yes(n, "expand");
	m = ml_xmlfile_attr(n, "members");
	for (p = m; p && *p;) {
		size_t k = strcspn(p, " ");
		char code[ML_MARKING_CODE_SIZE];
		if (k < sizeof code) {
			memcpy(code, p, k);
			code[k] = '\0';
			ml_marking_countries_add(&t->members, code);
		}
		p += k;
		p += strspn(p, " ");
	}
	free(m);
}

static void S_read_problem(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	ml_reg_problem *p;
	char conf[16], rule[32], *text;
	void *item;

	r->prob = S_push(r->prob, &r->nprob, sizeof *r->prob, &item);
	p = item;
	S_attr(ld, n, "id", p->id, sizeof p->id);
	S_attr(ld, n, "confidence", conf, sizeof conf);
	S_attr(ld, n, "rule", rule, sizeof rule);
	p->rule = S_rule(rule);
	p->confidence = strtod(conf, NULL);
	text = ml_xmlfile_collapsed(n);
	if (strlen(text) >= sizeof p->text)
		S_fail(ld, n, "problem '%s': text too long", p->id);
	else
		memcpy(p->text, text, strlen(text) + 1);
	free(text);
}

static void S_read_node(S_loader *ld, xmlNodePtr n)
{
	ml_register *r = ld->r;
	void *item;

	if (ml_xmlfile_is(n, S_NS, "level")) {
		S_read_level(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "nato")) {
		S_read_nato(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "nac")) {
		if (r->nnac < sizeof r->nac_letter / sizeof r->nac_letter[0]) {
			S_attr(ld, n, "activity", r->nac_activity[r->nnac],
			       sizeof r->nac_activity[0]);
			S_attr(ld, n, "letter", r->nac_letter[r->nnac],
			       sizeof r->nac_letter[0]);
			r->nnac++;
		}
	} else if (ml_xmlfile_is(n, S_NS, "foreign")) {
		r->foreign_levels = S_levels(ld, n, "levels");
	} else if (ml_xmlfile_is(n, S_NS, "joint")) {
		/* JOINT's rules are an entry's rules: read them as one that
		 * no spelling reaches (id "JOINT", category CLASS) */
		ml_reg_entry *e = S_entry(ld, n, ML_E_CONTROL, ML_CAT_CLASS, -1);
		snprintf(e->id, sizeof e->id, "JOINT");
		memcpy(r->joint_title, e->title, sizeof r->joint_title - 1);
		r->joint_levels = e->levels;
	} else if (ml_xmlfile_is(n, S_NS, "sci")) {
		S_read_sci(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "sap")) {
		S_entry(ld, n, ML_E_SAP, ML_CAT_SAP, -1);
	} else if (ml_xmlfile_is(n, S_NS, "aea")) {
		S_read_aea(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "fgi")) {
		S_attr(ld, n, "portion", r->fgi_portion, sizeof r->fgi_portion);
		S_attr(ld, n, "title", r->fgi_title, sizeof r->fgi_title);
	} else if (ml_xmlfile_is(n, S_NS, "cui-marking")) {
		S_attr(ld, n, "portion", r->cui_portion, sizeof r->cui_portion);
		S_attr(ld, n, "title", r->cui_title, sizeof r->cui_title);
	} else if (ml_xmlfile_is(n, S_NS, "control")) {
		S_read_control(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "cui-category")) {
		r->cuicat = S_push(r->cuicat, &r->ncuicat, sizeof *r->cuicat,
		                   &item);
		S_attr(ld, n, "code", item, sizeof *r->cuicat);
	} else if (ml_xmlfile_is(n, S_NS, "legacy")) {
		ml_reg_legacy *l;
		r->legacy = S_push(r->legacy, &r->nlegacy, sizeof *r->legacy,
		                   &item);
		l = item;
		S_attr(ld, n, "spelling", l->spelling, sizeof l->spelling);
		S_attr(ld, n, "use", l->use, sizeof l->use);
		S_attr(ld, n, "note", l->note, sizeof l->note);
	} else if (ml_xmlfile_is(n, S_NS, "not-a-marking")) {
		r->notword = S_push(r->notword, &r->nnotword,
		                    sizeof *r->notword, &item);
		S_attr(ld, n, "spelling", item, sizeof *r->notword);
	} else if (ml_xmlfile_is(n, S_NS, "tetragraph")) {
		S_read_tetragraph(ld, n);
	} else if (ml_xmlfile_is(n, S_NS, "trigraph")) {
		r->tri = S_push(r->tri, &r->ntri, sizeof *r->tri, &item);
		S_attr(ld, n, "code", item, sizeof *r->tri);
	} else if (ml_xmlfile_is(n, S_NS, "problem")) {
		S_read_problem(ld, n);
	}
}

/* --- references --- */

static void S_resolve_list(S_loader *ld, size_t i, const char *what,
                           const char *list, int *out, int *n)
{
	const char *p;

	*n = 0;
	for (p = list; p && *p;) {
		size_t k = strcspn(p, " ");
		char id[32];
		int e;
		if (k >= sizeof id || *n >= ML_REG_MAX_REFS) {
			S_fail(ld, NULL, "'%s': too long a %s list",
			       ld->r->e[i].id, what);
			return;
		}
		memcpy(id, p, k);
		id[k] = '\0';
		e = ml_register_entry(ld->r, id);
		if (e < 0)
			S_fail(ld, NULL, "'%s' %s '%s', which is not in the "
			       "register", ld->r->e[i].id, what, id);
		else
			out[(*n)++] = e;
		p += k;
		p += strspn(p, " ");
	}
}

static void S_resolve(S_loader *ld)
{
	ml_register *r = ld->r;
	size_t i;
	int n;

	for (i = 0; i < r->ne; i++) {
		ml_reg_entry *e = &r->e[i];
		S_refs *rf = &ld->refs[i];
		S_resolve_list(ld, i, "requires", rf->requires, e->requires,
		               &e->nrequires);
		S_resolve_list(ld, i, "excludes", rf->excludes, e->excludes,
		               &e->nexcludes);
		S_resolve_list(ld, i, "supersedes", rf->supersedes,
		               e->supersedes, &e->nsupersedes);
		S_resolve_list(ld, i, "implies", rf->implies, e->implies,
		               &e->nimplies);
		if (rf->otherwise) {
			int o[1];
			S_resolve_list(ld, i, "otherwise", rf->otherwise, o, &n);
			e->otherwise = n ? o[0] : -1;
		}
		if (strcmp(e->id, "JOINT") == 0 && e->cat == ML_CAT_CLASS) {
			memcpy(r->joint_requires, e->requires,
			       sizeof r->joint_requires);
			r->njoint_requires = e->nrequires;
			memcpy(r->joint_excludes, e->excludes,
			       sizeof r->joint_excludes);
			r->njoint_excludes = e->nexcludes;
		}
		if (e->role == ML_DISSEM_NOFORN && e->nimplies == 0)
			r->noforn = (int)i;
		if (e->list == ML_LIST_RELTO)
			r->relto = (int)i;
		if (e->list == ML_LIST_EYES)
			r->eyes = (int)i;
		if (e->list == ML_LIST_DISPLAY)
			r->display = (int)i;
	}
	/* a compound NOFORN control carries NOFORN as a part */
	for (i = 0; i < r->ne; i++)
		if (r->e[i].role == ML_DISSEM_NOFORN && r->e[i].nimplies)
			r->e[i].role = ML_DISSEM_NOFORN_PART;
	if (r->noforn < 0 || r->relto < 0)
		S_fail(ld, NULL, "the register needs a control with role noforn "
		       "and one with list relto");
}

/* --- the index of spellings --- */

static int S_word_cmp(const void *a, const void *b)
{
	const ml_reg_word *x = a, *y = b;

	return strcmp(x->s, y->s);
}

static void S_add_word(ml_register *r, size_t *cap, const char *s, int entry,
                       int spell)
{
	size_t i;

	if (!s[0])
		return;
	for (i = 0; i < r->nwords; i++)
		if (strcmp(r->words[i].s, s) == 0 && r->words[i].entry == entry)
			return; /* portion mark and abbreviation the same */
	ML_VEC_GROW(r->words, *cap, r->nwords + 1, 128);
	r->words[r->nwords].s = s;
	r->words[r->nwords].entry = entry;
	r->words[r->nwords].spell = spell;
	r->nwords++;
}

/* The spellings that name an entry on their own (SCI systems, SAP and
 * AEA markings, controls): compartments and subsets are read inside
 * their parent's token. */
static void S_index(ml_register *r)
{
	size_t i, cap = 0;

	for (i = 0; i < r->ne; i++) {
		const ml_reg_entry *e = &r->e[i];
		if (e->cat == ML_CAT_CLASS || e->kind == ML_E_COMPARTMENT ||
		    e->kind == ML_E_SUB || e->kind == ML_E_AEASUB ||
		    e->unpublished)
			continue;
		S_add_word(r, &cap, e->portion, (int)i, ML_SPELL_PORTION);
		S_add_word(r, &cap, e->abbrev, (int)i, ML_SPELL_ABBREV);
		S_add_word(r, &cap, e->title, (int)i, ML_SPELL_TITLE);
		/* "REL", "EYES": a word too, for typos and detection */
		S_add_word(r, &cap, e->shortf, (int)i, ML_SPELL_PORTION);
	}
	qsort(r->words, r->nwords, sizeof *r->words, S_word_cmp);
}

static int S_vocab_cmp(const void *a, const void *b)
{
	const ml_reg_vocab *x = a, *y = b;

	return strcmp(x->s, y->s);
}

/* Adds the words of spelling s (split at anything but letters and
 * digits) to the vocabulary. */
static void S_add_vocab(ml_register *r, size_t *cap, const char *s,
                        unsigned kind)
{
	size_t i = 0;

	while (s[i]) {
		size_t j = i;
		while (s[j] && ((s[j] >= 'A' && s[j] <= 'Z') ||
		                (s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j > i && j - i < sizeof r->vocab[0].s) {
			ML_VEC_GROW(r->vocab, *cap, r->nvocab + 1, 512);
			memcpy(r->vocab[r->nvocab].s, s + i, j - i);
			r->vocab[r->nvocab].s[j - i] = '\0';
			r->vocab[r->nvocab].kind = kind;
			r->nvocab++;
		}
		i = s[j] ? j + 1 : j;
	}
}

/* Every word the register spells, and every country code. */
static void S_vocabulary(ml_register *r)
{
	size_t i, o, cap = 0;
	const char *c;

	for (i = 0; i < r->ne; i++) {
		const ml_reg_entry *e = &r->e[i];
		if (e->chars)
			continue; /* a shape, not a word */
		S_add_vocab(r, &cap, e->portion, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, e->abbrev, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, e->title, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, e->shortf, ML_VOCAB_WORD);
	}
	for (i = 0; i < r->nlv; i++) {
		S_add_vocab(r, &cap, r->lv[i].portion, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, r->lv[i].title, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, r->lv[i].alias, ML_VOCAB_WORD);
	}
	for (i = 0; i < r->nnato; i++) {
		S_add_vocab(r, &cap, r->nato[i].portion, ML_VOCAB_WORD);
		S_add_vocab(r, &cap, r->nato[i].title, ML_VOCAB_WORD);
	}
	for (i = 0; i < r->nnac; i++) {
		S_add_vocab(r, &cap, r->nac_activity[i], ML_VOCAB_COUNTRY);
		S_add_vocab(r, &cap, r->nac_letter[i], ML_VOCAB_WORD);
	}
	S_add_vocab(r, &cap, r->joint_title, ML_VOCAB_WORD);
	S_add_vocab(r, &cap, r->fgi_portion, ML_VOCAB_WORD);
	S_add_vocab(r, &cap, r->fgi_title, ML_VOCAB_WORD);
	S_add_vocab(r, &cap, r->cui_portion, ML_VOCAB_WORD);
	S_add_vocab(r, &cap, r->cui_title, ML_VOCAB_WORD);
	for (i = 0; i < r->ncuicat; i++)
		S_add_vocab(r, &cap, r->cuicat[i], ML_VOCAB_WORD);
	for (i = 0; i < r->nlegacy; i++)
		S_add_vocab(r, &cap, r->legacy[i].spelling, ML_VOCAB_WORD);
	for (i = 0; i < r->ntetra; i++)
		S_add_vocab(r, &cap, r->tetra[i].code, ML_VOCAB_COUNTRY);
	for (i = 0; i < r->ntri; i++)
		S_add_vocab(r, &cap, r->tri[i], ML_VOCAB_COUNTRY);
	for (i = 0; (c = ml_marking_iso3166_at(i)) != NULL; i++)
		S_add_vocab(r, &cap, c, ML_VOCAB_COUNTRY);
	if (!r->nvocab)
		return;
	qsort(r->vocab, r->nvocab, sizeof *r->vocab, S_vocab_cmp);
	for (i = 1, o = 0; i < r->nvocab; i++) {
		if (strcmp(r->vocab[i].s, r->vocab[o].s) == 0)
			r->vocab[o].kind |= r->vocab[i].kind;
		else
			r->vocab[++o] = r->vocab[i];
	}
	r->nvocab = o + 1;
}

/* A spelling s[0..n), not terminated: the key of a look-up in the
 * sorted words and vocabulary. */
typedef struct S_spelling {
	const char *s;
	size_t n;
} S_spelling;

/* As strcmp of the key with the spelling w. */
static int S_spelling_cmp(const S_spelling *k, const char *w)
{
	int c = strncmp(k->s, w, k->n);

	return c == 0 && w[k->n] != '\0' ? -1 : c;
}

static int S_vocab_key_cmp(const void *k, const void *v)
{
	return S_spelling_cmp(k, ((const ml_reg_vocab *)v)->s);
}

static int S_word_key_cmp(const void *k, const void *w)
{
	return S_spelling_cmp(k, ((const ml_reg_word *)w)->s);
}

const ml_reg_vocab *ml_register_vocab(const ml_register *r, const char *s,
                                      size_t n)
{
	S_spelling key = {s, n};

	if (!r->nvocab)
		return NULL;
	return bsearch(&key, r->vocab, r->nvocab, sizeof *r->vocab,
	               S_vocab_key_cmp);
}

/* Reads a register file; validate 0 only for the built-in register that
 * the build validated (ml_xmlfile_builtin_validated). */
static ml_register *S_load(const char *name, const char *xml, size_t len,
                           int validate, char *err, size_t errsize)
{
	S_loader ld;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	ml_error e;
	size_t i;

	memset(&ld, 0, sizeof ld);
	ld.err = err;
	ld.errsize = errsize;
	ld.name = name;
	err[0] = '\0';
	if (ml_xmlfile_parse(name, xml, len, S_MAX_FILE, "register-invalid",
	                     "register file", &doc, &e) < 0) {
		snprintf(err, errsize, "%s", e.message);
		return NULL;
	}
	if (validate &&
	    ml_xmlfile_validate_builtin("markings/register.rng", name, doc,
	                                "register-invalid",
	                                "not a valid register file", &e) < 0) {
		snprintf(err, errsize, "%s", e.message);
		xmlFreeDoc(doc);
		return NULL;
	}
	ld.r = ml_xcalloc(1, sizeof *ld.r);
	ld.r->noforn = ld.r->relto = ld.r->eyes = ld.r->display = -1;
	root = xmlDocGetRootElement(doc);
	for (n = root->children; n && !ld.failed; n = n->next)
		S_read_node(&ld, n);
	if (!ld.failed)
		S_resolve(&ld);
	for (i = 0; i < ld.r->ne; i++) {
		free(ld.refs[i].requires);
		free(ld.refs[i].excludes);
		free(ld.refs[i].supersedes);
		free(ld.refs[i].implies);
		free(ld.refs[i].otherwise);
	}
	free(ld.refs);
	xmlFreeDoc(doc);
	if (ld.failed) {
		ml_register_free(ld.r);
		return NULL;
	}
	S_index(ld.r);
	S_vocabulary(ld.r);
	return ld.r;
}

ml_register *ml_register_load(const char *name, const char *xml, size_t len,
                              char *err, size_t errsize)
{
	return S_load(name, xml, len, 1, err, errsize);
}

void ml_register_free(ml_register *r)
{
	if (!r)
		return;
	free(r->e);
	free(r->cuicat);
	free(r->legacy);
	free(r->notword);
	free(r->tetra);
	free(r->tri);
	free(r->prob);
	free(r->words);
	free(r->vocab);
	free(r);
}

/* --- the built-in register --- */

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static ml_register *S_builtin; /* written once under S_once, then read-only */

static void S_load_builtin(void)
{
	char err[512];
	size_t len;
	const char *xml = ml_xmlfile_builtin("markings/register.xml", &len);

	xmlInitParser();
	S_builtin = xml ? S_load("markings/register.xml", xml, len,
	                         !ml_xmlfile_builtin_validated(), err,
	                         sizeof err)
	                : NULL;
	if (!S_builtin) {
		fprintf(stderr, "marklint: the built-in marking register does "
		        "not load: %s\n", xml ? err : "not compiled in");
		exit(2);
	}
}

const ml_register *ml_register_get(void)
{
	pthread_once(&S_once, S_load_builtin);
	return S_builtin;
}

/* --- look-ups --- */

/* The index of the first of the n records at v, each size bytes, whose
 * name (the string at offset off in each) is s[0..len); -1 when none.
 * The register's tables are small: they are searched in order. */
static int S_named(const void *v, size_t n, size_t size, size_t off,
                   const char *s, size_t len)
{
	const char *name = (const char *)v + off;
	size_t i;

	for (i = 0; i < n; i++, name += size)
		if (strncmp(name, s, len) == 0 && strlen(name) == len)
			return (int)i;
	return -1;
}

int ml_register_entry(const ml_register *r, const char *id)
{
	return S_named(r->e, r->ne, sizeof *r->e, offsetof(ml_reg_entry, id),
	               id, strlen(id));
}

int ml_register_role(const ml_register *r, uint32_t role)
{
	size_t i;

	for (i = 0; i < r->ne; i++)
		if (r->e[i].role == role && r->e[i].nimplies == 0)
			return (int)i;
	return -1;
}

const ml_reg_word *ml_register_word(const ml_register *r, const char *s,
                                    size_t n)
{
	S_spelling key = {s, n};
	const ml_reg_word *w;

	if (!r->nwords)
		return NULL;
	w = bsearch(&key, r->words, r->nwords, sizeof *r->words,
	            S_word_key_cmp);
	/* the first of equal spellings: the earliest entry */
	while (w && w > r->words && strcmp(w[-1].s, w->s) == 0)
		w--;
	return w;
}

const ml_reg_level *ml_register_level(const ml_register *r,
                                      ml_marking_class level)
{
	size_t i;

	for (i = 0; i < r->nlv; i++)
		if (r->lv[i].level == level)
			return &r->lv[i];
	return NULL;
}

const ml_reg_level *ml_register_level_spelt(const ml_register *r,
                                            const char *s, size_t n,
                                            int *title)
{
	size_t i;
	int f;

	for (i = 0; i < r->nlv; i++)
		for (f = 0; f < 2; f++) {
			const char *sp = f ? r->lv[i].title : r->lv[i].portion;
			if (strncmp(sp, s, n) == 0 && strlen(sp) == n) {
				if (title)
					*title = f;
				return &r->lv[i];
			}
		}
	return NULL;
}

const ml_reg_level *ml_register_level_unspaced(const ml_register *r,
                                               const char *s, size_t n)
{
	size_t i, j, k;

	for (i = 0; i < r->nlv; i++) {
		const char *t = r->lv[i].title;
		for (j = k = 0; t[j] && k < n; j++)
			if (t[j] != ' ' && t[j] != s[k++])
				break;
		if (!t[j] && k == n && strchr(t, ' '))
			return &r->lv[i];
	}
	return NULL;
}

const ml_reg_tetragraph *ml_register_tetragraph(const ml_register *r,
                                                const char *code)
{
	int i = S_named(r->tetra, r->ntetra, sizeof *r->tetra,
	                offsetof(ml_reg_tetragraph, code), code, strlen(code));

	return i < 0 ? NULL : &r->tetra[i];
}

const ml_reg_legacy *ml_register_legacy(const ml_register *r, const char *s,
                                        size_t n)
{
	int i = S_named(r->legacy, r->nlegacy, sizeof *r->legacy,
	                offsetof(ml_reg_legacy, spelling), s, n);

	return i < 0 ? NULL : &r->legacy[i];
}

int ml_register_not_a_marking(const ml_register *r, const char *s, size_t n)
{
	return S_named(r->notword, r->nnotword, sizeof *r->notword, 0, s,
	               n) >= 0;
}

int ml_register_cui_category(const ml_register *r, const char *s, size_t n)
{
	return S_named(r->cuicat, r->ncuicat, sizeof *r->cuicat, 0, s, n) >= 0;
}

const ml_reg_problem *ml_register_problem(const ml_register *r,
                                          const char *id)
{
	int i = S_named(r->prob, r->nprob, sizeof *r->prob,
	                offsetof(ml_reg_problem, id), id, strlen(id));

	return i < 0 ? NULL : &r->prob[i];
}

const char *ml_register_spell(const ml_reg_entry *e, int spell)
{
	if (spell == ML_SPELL_PORTION && e->portion[0])
		return e->portion;
	if (spell == ML_SPELL_TITLE && e->title[0])
		return e->title;
	if (e->abbrev[0])
		return e->abbrev;
	return e->title[0] ? e->title : e->portion;
}

int ml_register_level_ok(unsigned levels, ml_marking_class level)
{
	return levels == 0 || (levels & (1u << level)) != 0;
}

void ml_register_levels_text(const ml_register *r, unsigned levels,
                             char *out, size_t size)
{
	static const ml_marking_class order[] = {
		ML_CLASS_TS, ML_CLASS_S, ML_CLASS_C, ML_CLASS_R, ML_CLASS_CUI,
		ML_CLASS_U,
	};
	size_t i, k = 0, n = 0, o = 0;

	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if (levels & (1u << order[i]))
			n++;
	out[0] = '\0';
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		const ml_reg_level *l;
		int w;
		if (!(levels & (1u << order[i])))
			continue;
		l = ml_register_level(r, order[i]);
		w = snprintf(out + o, o < size ? size - o : 0, "%s%s",
		             k == 0 ? "" : k + 1 == n ? " or " : ", ",
		             l ? l->title : "?");
		if (w > 0)
			o += (size_t)w;
		if (o >= size)
			return;
		k++;
	}
}

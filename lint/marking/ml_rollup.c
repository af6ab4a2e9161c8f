/* ml_rollup.c - the banner line of a set of portion marks (register
 * section D.2, table 3, and the precedence rules of each marking's
 * template):
 *
 * - classification: the highest; a foreign or JOINT banner only when
 *   every portion has the same owners, else a US banner in which foreign
 *   RESTRICTED counts as CONFIDENTIAL and the foreign owners (and JOINT
 *   co-owners other than USA) go into FGI; FGI without countries when
 *   any portion conceals its source (p. 124);
 * - every unique SCI, SAP and AEA marking, SCI and SAP values merged per
 *   control system and program; an AEA marking that supersedes another
 *   (RD over FRD and TFNI) takes its SIGMA numbers (p. 108-113);
 * - dissemination controls: every one any portion has, less those a
 *   present one supersedes (ORCON over ORCON-USGOV, NODIS over EXDIS...),
 *   those whose banner-levels exclude the banner's level (SBU, LIMDIS,
 *   DOD UCNI in a classified banner; with otherwise="NOFORN" the banner
 *   then gets NOFORN), and FOUO unless it is alone in an unclassified
 *   banner (banner-alone); a compound control (SBU NOFORN, LES NOFORN)
 *   counts as its parts, and comes back whole in an unclassified banner
 *   when it is the only foreign disclosure marking ("UNCLASSIFIED//SBU
 *   NOFORN" but "UNCLASSIFIED//NOFORN//SBU", p. 179);
 * - foreign disclosure and release (table 3), over the portions that
 *   count (classified ones, and unclassified ones with any control):
 *   NOFORN if any has it; nothing if none has an FD&R marking; NOFORN if
 *   some have one and others none; otherwise REL TO the codes common to
 *   every portion's release list (TEYE, ACGU and FVEY expanded to their
 *   members, rule 23; "REL" and "EYES" stand for any list), DISPLAY ONLY
 *   the further codes common to every portion's disclosure list (its
 *   DISPLAY ONLY and REL TO codes, rule 26), RELIDO when every portion
 *   has it, EYES ONLY when every portion has it and none REL TO; NOFORN
 *   when none of these remains. */
#include "ml_marking_int.h"

#include <stdlib.h>
#include <string.h>

/* A code list with the expandable tetragraphs expanded (rule 23). */
static void S_expand(const ml_register *reg, const ml_marking_countries *in,
                     ml_marking_countries *out)
{
	size_t i, j;

	*out = *in;
	for (i = 0; i < in->n; i++) {
		const ml_reg_tetragraph *t = ml_register_tetragraph(reg, in->v[i]);
		if (!t || !t->expand)
			continue;
		for (j = 0; j < t->members.n; j++)
			ml_marking_countries_add(out, t->members.v[j]);
	}
}

/* Drops codes an expandable tetragraph of the list covers: USA, FVEY
 * rather than USA, AUS, CAN, FVEY. */
static void S_collapse(const ml_register *reg, ml_marking_countries *c)
{
	ml_marking_countries keep;
	size_t i, j, k;

	keep.n = 0;
	for (i = 0; i < c->n; i++) {
		int covered = 0;
		for (j = 0; j < c->n && !covered && strlen(c->v[i]) == 3; j++) {
			const ml_reg_tetragraph *t =
			    ml_register_tetragraph(reg, c->v[j]);
			for (k = 0; t && t->expand && k < t->members.n; k++)
				covered |= strcmp(t->members.v[k], c->v[i]) == 0 &&
				           strcmp(c->v[i], "USA") != 0;
		}
		if (!covered)
			ml_marking_countries_add(&keep, c->v[i]);
	}
	*c = keep;
	ml_marking_countries_sort(c);
}

/* c := c intersected with d (both expanded). */
static void S_intersect(ml_marking_countries *c, const ml_marking_countries *d)
{
	ml_marking_countries out;
	size_t i, j;

	out.n = 0;
	for (i = 0; i < c->n; i++)
		for (j = 0; j < d->n; j++)
			if (strcmp(c->v[i], d->v[j]) == 0)
				ml_marking_countries_add(&out, c->v[i]);
	*c = out;
}

/* Narrows what the marks read so far allow (*acc, none yet when not
 * *known) to what one more allows (c). */
static void S_narrow(ml_marking_countries *acc, int *known,
                     const ml_marking_countries *c)
{
	if (*known) {
		S_intersect(acc, c);
	} else {
		*acc = *c;
		*known = 1;
	}
}

static int S_same_owners(const ml_marking *a, const ml_marking *b)
{
	size_t i, j;

	if (a->owner != b->owner || a->owners.n != b->owners.n ||
	    strcmp(a->nac, b->nac) != 0)
		return 0;
	for (i = 0; i < a->owners.n; i++) {
		for (j = 0; j < b->owners.n; j++)
			if (strcmp(a->owners.v[i], b->owners.v[j]) == 0)
				break;
		if (j == b->owners.n)
			return 0;
	}
	return 1;
}

static void S_classification(const ml_marking *const *marks, size_t n,
                             ml_marking *out)
{
	size_t i, j;
	int same = 1, concealed = 0;

	for (i = 0; i < n; i++) {
		if (marks[i]->level > out->level)
			out->level = marks[i]->level;
		if (i && !S_same_owners(marks[0], marks[i]))
			same = 0;
	}
	if (same && marks[0]->owner != ML_OWNER_US) {
		out->owner = marks[0]->owner;
		out->owners = marks[0]->owners;
		memcpy(out->nac, marks[0]->nac, sizeof out->nac);
		return;
	}
	if (out->level == ML_CLASS_R)
		out->level = ML_CLASS_C;
	for (i = 0; i < n; i++) {
		const ml_marking *m = marks[i];
		if (m->owner == ML_OWNER_FOREIGN) {
			out->fgi = 1;
			concealed |= m->owners.n == 0;
			for (j = 0; j < m->owners.n; j++)
				ml_marking_countries_add(&out->fgi_countries,
				                         m->owners.v[j]);
		} else if (m->owner == ML_OWNER_JOINT) {
			out->fgi = 1;
			for (j = 0; j < m->owners.n; j++)
				if (strcmp(m->owners.v[j], "USA") != 0)
					ml_marking_countries_add(&out->fgi_countries,
					                         m->owners.v[j]);
		}
		if (m->fgi) {
			out->fgi = 1;
			concealed |= m->fgi_countries.n == 0;
			for (j = 0; j < m->fgi_countries.n; j++)
				ml_marking_countries_add(&out->fgi_countries,
				                         m->fgi_countries.v[j]);
		}
	}
	if (concealed)
		out->fgi_countries.n = 0;
}

static void S_add_token(ml_marking_tokens *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i], s) == 0)
			return;
	if (t->n < ML_MARKING_MAX_TOKENS && strlen(s) < sizeof t->v[0])
		memcpy(t->v[t->n++], s, strlen(s) + 1);
}

/* dst (a token of base) takes the SIGMA numbers of src: "FRD-SG 14"
 * into "RD-SG 20" gives "RD-SG 20 14" (sorted when formatted), into "RD"
 * gives "RD-SG 14". */
static void S_take_numbers(const ml_register *reg, char *dst, int base,
                           const char *src)
{
	const char *sg = strchr(src, ' ');
	size_t l = strlen(dst);
	int q;

	if (!sg)
		return;
	if (strchr(dst, ' ')) {
		if (l + strlen(sg) < ML_MARKING_TOKEN_SIZE)
			memcpy(dst + l, sg, strlen(sg) + 1);
		return;
	}
	for (q = 0; q < (int)reg->ne; q++)
		if (reg->e[q].parent == base && reg->e[q].numbers)
			break;
	if (q == (int)reg->ne ||
	    l + 1 + strlen(reg->e[q].portion) + strlen(sg) >=
	        ML_MARKING_TOKEN_SIZE)
		return;
	dst[l++] = '-';
	memcpy(dst + l, reg->e[q].portion, strlen(reg->e[q].portion) + 1);
	l = strlen(dst);
	memcpy(dst + l, sg, strlen(sg) + 1);
}

/* AEA: a base that supersedes another takes the other's subsets (SIGMA
 * numbers); a base whose banner-levels exclude the banner is dropped
 * (its otherwise= is returned in *otherwise). */
static void S_aea(const ml_register *reg, ml_marking *out, int *otherwise)
{
	ml_marking_tokens keep;
	size_t i, j;
	int k, ents[16], base[ML_MARKING_MAX_TOKENS];

	for (i = 0; i < out->aea.n; i++) {
		int n = ml_marking__token_entries(ML_CAT_AEA, out->aea.v[i], ents,
		                                  16);
		base[i] = n > 0 ? ents[0] : -1;
	}
	/* first what goes, and where its SIGMA numbers go; then the rest */
	{
		int gone[ML_MARKING_MAX_TOKENS] = {0};
		for (i = 0; i < out->aea.n; i++) {
			const ml_reg_entry *e = base[i] >= 0 ? &reg->e[base[i]] : NULL;
			gone[i] = 0;
			if (e && !ml_register_level_ok(e->banner_levels, out->level)) {
				if (e->otherwise >= 0)
					*otherwise = e->otherwise;
				gone[i] = 1;
				continue;
			}
			for (j = 0; j < out->aea.n && !gone[i]; j++) {
				const ml_reg_entry *s;
				if (base[j] < 0 || base[j] == base[i])
					continue;
				s = &reg->e[base[j]];
				for (k = 0; k < s->nsupersedes; k++)
					if (s->supersedes[k] == base[i])
						gone[i] = 1;
				if (gone[i])
					S_take_numbers(reg, out->aea.v[j], base[j],
					               out->aea.v[i]);
			}
		}
		keep.n = 0;
		keep.titled = 0;
		for (i = 0; i < out->aea.n; i++)
			if (!gone[i])
				S_add_token(&keep, out->aea.v[i]);
	}
	out->aea = keep;
	ml_marking__sort_tokens(ML_CAT_AEA, &out->aea);
}

/* The portion counts for the FD&R roll-up (register p. 51): classified,
 * or unclassified with a control or an FD&R marking. */
static int S_counts(const ml_marking *m, const ml_marking_controls *c)
{
	return m->level >= ML_CLASS_R || c->n > 0 || m->owner != ML_OWNER_US;
}

typedef struct S_fdr {
	int noforn, none, any;        /* some NOFORN; some without; some with */
	int relido_all, eyes_all, display_any;
	int rel_known, disp_known, eyes_known;
	int explicit_any;             /* an FD&R marking of its own somewhere
	                                 (not only a compound control's) */
	ml_marking_countries rel, disp, eyes;
} S_fdr;

static void S_fdr_portion(const ml_register *reg, const ml_marking *m,
                          const ml_marking_controls *c, S_fdr *f)
{
	ml_marking_countries rel, disp, tmp;
	int has = 0, noforn = 0, explicit_fdr = 0, relwild = 0, relido;
	size_t i;

	for (i = 0; i < c->n; i++) {
		const ml_reg_entry *e = &reg->e[c->id[i]];
		int k;
		if (e->fdr)
			has = explicit_fdr = 1;
		if (e->role == ML_DISSEM_NOFORN)
			noforn = 1;
		if (e->role == ML_DISSEM_NOFORN_PART) {
			noforn = has = 1;
			continue;
		}
		/* EXDIS and NODIS require NOFORN */
		for (k = 0; k < e->nrequires; k++)
			if (e->requires[k] == reg->noforn)
				noforn = has = 1;
	}
	if (explicit_fdr)
		f->explicit_any = 1;
	if (noforn)
		f->noforn = 1;
	if (!has) {
		f->none = 1;
		return;
	}
	f->any = 1;
	if (noforn)
		return;
	rel.n = 0;
	if (ml_marking__has_entry(c, reg->relto)) {
		if (m->relto_short)
			relwild = 1;
		else
			S_expand(reg, &m->relto, &rel);
	}
	if (reg->eyes >= 0 && ml_marking__has_entry(c, reg->eyes)) {
		if (m->eyes_short) {
			relwild = 1;
		} else {
			S_expand(reg, &m->eyes, &tmp);
			for (i = 0; i < tmp.n; i++)
				ml_marking_countries_add(&rel, tmp.v[i]);
			S_narrow(&f->eyes, &f->eyes_known, &tmp);
		}
	} else {
		f->eyes_all = 0;
	}
	if (ml_marking__has_entry(c, reg->relto))
		f->eyes_all = 0;
	if (!relwild)
		S_narrow(&f->rel, &f->rel_known, &rel);
	disp = rel;
	if (reg->display >= 0 && ml_marking__has_entry(c, reg->display)) {
		f->display_any = 1;
		S_expand(reg, &m->display, &tmp);
		for (i = 0; i < tmp.n; i++)
			ml_marking_countries_add(&disp, tmp.v[i]);
	}
	if (!relwild)
		S_narrow(&f->disp, &f->disp_known, &disp);
	relido = ml_register_role(reg, ML_DISSEM_RELIDO);
	if (!ml_marking__has_entry(c, relido))
		f->relido_all = 0;
}

/* The controls of the banner other than FD&R: union, supersedes,
 * banner-levels; returns the entry a dropped control asks for
 * (otherwise=), or -1. */
static int S_other_controls(const ml_register *reg,
                            const ml_marking_controls *all, ml_marking *out)
{
	size_t i;
	int k, otherwise = -1, others = 0;

	for (i = 0; i < all->n; i++) {
		const ml_reg_entry *e = &reg->e[all->id[i]];
		size_t j;
		int superseded = 0;
		if (e->fdr || e->role == ML_DISSEM_NOFORN_PART)
			continue;
		for (j = 0; j < all->n && !superseded; j++) {
			const ml_reg_entry *s = &reg->e[all->id[j]];
			int part = 0;
			/* a compound control rolls up as its parts: it does not
			 * supersede them */
			for (k = 0; k < s->nimplies; k++)
				part |= s->implies[k] == all->id[i];
			for (k = 0; k < s->nsupersedes && !part; k++)
				superseded |= s->supersedes[k] == all->id[i];
		}
		if (superseded)
			continue;
		if (!ml_register_level_ok(e->banner_levels, out->level)) {
			if (e->otherwise >= 0)
				otherwise = e->otherwise;
			continue;
		}
		ml_marking__add_entry(out, all->id[i], all->spell[i]);
	}
	/* FOUO only alone (besides FD&R) in an unclassified banner */
	for (i = 0; i < out->ctl.n; i++)
		if (!reg->e[out->ctl.id[i]].banner_alone)
			others = 1;
	for (i = 0; i < out->ctl.n; i++)
		if (reg->e[out->ctl.id[i]].banner_alone && others) {
			ml_marking__remove_entry(out, out->ctl.id[i]);
			i--;
		}
	return otherwise;
}

/* Puts a compound control back together in an unclassified banner whose
 * only NOFORN came from it: SBU + NOFORN -> SBU NOFORN. */
static void S_recombine(const ml_register *reg, const ml_marking_controls *all,
                        ml_marking *out)
{
	size_t i;
	int k;

	for (i = 0; i < all->n; i++) {
		const ml_reg_entry *e = &reg->e[all->id[i]];
		int whole = 1;
		if (e->role != ML_DISSEM_NOFORN_PART)
			continue;
		for (k = 0; k < e->nimplies; k++)
			whole &= ml_marking__has_entry(&out->ctl, e->implies[k]);
		if (!whole || !ml_register_level_ok(e->banner_levels, out->level))
			continue;
		for (k = 0; k < e->nimplies; k++)
			ml_marking__remove_entry(out, e->implies[k]);
		ml_marking__add_entry(out, all->id[i], all->spell[i]);
	}
}

int ml_marking_rollup(const ml_marking *const *marks, size_t n,
                      ml_marking *out)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls all, c;
	S_fdr f;
	size_t i, j;
	int otherwise = -1, o2, any_cui = 0;

	ml_marking_init(out);
	out->form = ML_MARKING_BANNER;
	if (n == 0)
		return -1;
	S_classification(marks, n, out);
	all.n = 0;
	memset(&f, 0, sizeof f);
	f.relido_all = f.eyes_all = 1;
	for (i = 0; i < n; i++) {
		const ml_marking *m = marks[i];
		for (j = 0; j < m->sci.n; j++)
			S_add_token(&out->sci, m->sci.v[j]);
		for (j = 0; j < m->sap.n; j++)
			S_add_token(&out->sap, m->sap.v[j]);
		for (j = 0; j < m->aea.n; j++)
			S_add_token(&out->aea, m->aea.v[j]);
		for (j = 0; j < m->cui.n; j++)
			S_add_token(&out->cui, m->cui.v[j]);
		if (m->cui_marking || m->level == ML_CLASS_CUI)
			any_cui = 1;
		ml_marking__effective(m, &c);
		for (j = 0; j < c.n; j++) {
			const ml_reg_entry *e = &reg->e[c.id[j]];
			int k;
			if (!ml_marking__has_entry(&all, c.id[j]) &&
			    all.n < ML_MARKING_MAX_CONTROLS) {
				all.id[all.n] = c.id[j];
				all.spell[all.n++] = c.spell[j];
			}
			/* a compound control's parts */
			for (k = 0; k < e->nimplies; k++)
				if (!ml_marking__has_entry(&all, e->implies[k]) &&
				    reg->e[e->implies[k]].role != ML_DISSEM_NOFORN &&
				    all.n < ML_MARKING_MAX_CONTROLS) {
					all.id[all.n] = (uint16_t)e->implies[k];
					all.spell[all.n++] = ML_SPELL_ABBREV;
				}
		}
		if (S_counts(m, &c))
			S_fdr_portion(reg, m, &c, &f);
	}
	/* CUI in a classified banner: SECRET//CUI//SP-AAAA (CUI handbook
	 * p. 35); none in an unclassified one */
	if (out->level > ML_CLASS_CUI && any_cui)
		out->cui_marking = 1;
	if (out->level < ML_CLASS_CUI)
		out->cui.n = 0;
	ml_marking__merge_tokens(ML_CAT_SCI, &out->sci);
	ml_marking__merge_tokens(ML_CAT_SAP, &out->sap);
	S_aea(reg, out, &otherwise);
	ml_marking__sort_tokens(ML_CAT_CUICAT, &out->cui);
	o2 = S_other_controls(reg, &all, out);
	if (o2 >= 0)
		otherwise = o2;
	/* FD&R (table 3) */
	if (f.noforn || (f.any && f.none)) {
		ml_marking__add_entry(out, reg->noforn, ML_SPELL_ABBREV);
	} else if (f.any) {
		int made = 0;
		ml_marking_countries r2, d;
		r2.n = d.n = 0;
		if (f.rel_known && !(f.eyes_all && f.eyes_known) &&
		    !ml_marking_countries_usa_only(&f.rel)) {
			out->relto = f.rel;
			ml_marking_countries_add(&out->relto, "USA");
			S_collapse(reg, &out->relto);
			ml_marking__add_entry(out, reg->relto, ML_SPELL_ABBREV);
			S_expand(reg, &out->relto, &r2);
			made = 1;
		}
		if (f.display_any && f.disp_known && reg->display >= 0) {
			for (i = 0; i < f.disp.n; i++) {
				int in_rel = strcmp(f.disp.v[i], "USA") == 0;
				for (j = 0; j < r2.n; j++)
					in_rel |= strcmp(r2.v[j], f.disp.v[i]) == 0;
				if (!in_rel)
					ml_marking_countries_add(&d, f.disp.v[i]);
			}
			if (d.n) {
				S_collapse(reg, &d);
				out->display = d;
				ml_marking__add_entry(out, reg->display,
				                      ML_SPELL_ABBREV);
				made = 1;
			}
		}
		if (f.eyes_all && f.eyes_known && !made && reg->eyes >= 0 &&
		    !ml_marking_countries_usa_only(&f.eyes)) {
			out->eyes = f.eyes;
			ml_marking_countries_add(&out->eyes, "USA");
			ml_marking_countries_sort(&out->eyes);
			ml_marking__add_entry(out, reg->eyes, ML_SPELL_ABBREV);
			made = 1;
		}
		if (f.relido_all) {
			int relido = ml_register_role(reg, ML_DISSEM_RELIDO);
			ml_marking__add_entry(out, relido, ML_SPELL_ABBREV);
			made = 1;
		}
		if (!made)
			ml_marking__add_entry(out, reg->noforn, ML_SPELL_ABBREV);
	}
	if (otherwise >= 0 && !(out->dissem & ML_DISSEM_NOFORN) &&
	    out->level >= ML_CLASS_R) {
		/* DOD UCNI in a classified document: NOFORN instead of a less
		 * restrictive FD&R marking (p. 116) */
		ml_marking__remove_entry(out, reg->relto);
		if (reg->display >= 0)
			ml_marking__remove_entry(out, reg->display);
		if (reg->eyes >= 0)
			ml_marking__remove_entry(out, reg->eyes);
		ml_marking__add_entry(out, otherwise, ML_SPELL_ABBREV);
	}
	if ((out->dissem & ML_DISSEM_NOFORN)) {
		/* NOFORN dominates (rule 2) */
		uint32_t drop = ML_DISSEM_RELTO | ML_DISSEM_RELIDO |
		                ML_DISSEM_EYES_ONLY | ML_DISSEM_DISPLAY_ONLY;
		for (i = 0; i < out->ctl.n; i++)
			if (reg->e[out->ctl.id[i]].role & drop) {
				ml_marking__remove_entry(out, out->ctl.id[i]);
				i--;
			}
		out->relto.n = out->eyes.n = out->display.n = 0;
		if (out->level == ML_CLASS_U && !f.explicit_any)
			S_recombine(reg, &all, out);
	}
	ml_marking__sync_roles(out);
	return 0;
}

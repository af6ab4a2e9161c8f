/* ml_read_place.c - where an item of a marking string belongs when its
 * words alone do not say: an unknown value beside a published SCI
 * control system is an unpublished one, even out of order
 * ("NOFORN//AUNPUB/SI"); one before a "SAR-" item is a program of that
 * marking ("CANDY APPLE-XYZ/SAR-BUTTER POPCORN"); one a typo away from a
 * register word is that word misspelt, not an unpublished system. */
#include "ml_read_int.h"

#include <string.h>

/* Does another item of block b name a published SCI control system?
 * (Then an unknown one beside it is an unpublished system, even out of
 * order: "NOFORN//AUNPUB/SI".) */
int ml_read__block_sci(const ml_reader *r, int b, const ml_ritem *self)
{
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		const ml_ritem *x = &r->items[i];
		const char *t = r->rd->text + x->off;
		size_t k = 0;
		const ml_reg_word *w;
		if (x == self || x->block != b)
			continue;
		while (k < x->len && t[k] != '-' && t[k] != ' ')
			k++;
		w = ml_register_word(r->reg, t, k);
		if (w && r->reg->e[w->entry].kind == ML_E_SYSTEM)
			return 1;
	}
	return 0;
}

/* Does a later item of block b open a SAP marking ("SAR-")? (Then an
 * unknown one before it is a program of that marking written first:
 * "CANDY APPLE-XYZ/SAR-BUTTER POPCORN".) */
int ml_read__block_sap(const ml_reader *r, int b, const ml_ritem *self)
{
	size_t i, k;

	for (i = 0; i < r->nitems; i++) {
		const ml_ritem *x = &r->items[i];
		const char *t = r->rd->text + x->off;
		if (x->block != b || x->off <= self->off)
			continue;
		for (k = 0; k < r->reg->ne; k++) {
			const ml_reg_entry *e = &r->reg->e[k];
			if (e->kind == ML_E_SAP && !e->nato &&
			    (ml_marking__prefix(t, x->len, e->portion) ||
			     ml_marking__prefix(t, x->len, e->title)))
				return 1;
		}
	}
	return 0;
}

/* A control system with compartments whose system is one letter off a
 * published one that has those compartments ("HWS-O" for HCS-O, "SX-G
 * ABCD" for SI-G ABCD). */
static int S_near_system(const ml_reader *r, const char *s, size_t n)
{
	const ml_register *reg = r->reg;
	size_t head = 0, i;
	char buf[ML_MARKING_TOKEN_SIZE];

	while (head < n && s[head] != '-' && s[head] != ' ')
		head++;
	if (head == n || n >= sizeof buf)
		return 0;
	for (i = 0; i < reg->nwords; i++) {
		const ml_reg_word *w = &reg->words[i];
		size_t k = strlen(w->s), d;
		int ents[16], titled;
		char canon[ML_MARKING_TOKEN_SIZE];
		const char *why;
		if (reg->e[w->entry].kind != ML_E_SYSTEM ||
		    k + 1 < head || head + 1 < k || k + n - head >= sizeof buf)
			continue;
		d = ml_marking__distance(s, head, w->s);
		if (d != 1)
			continue;
		memcpy(buf, w->s, k);
		memcpy(buf + k, s + head, n - head);
		if (ml_marking__sci_token(reg, buf, k + n - head, ents, 16, canon,
		                          sizeof canon, &titled, &why) > 1)
			return 1;
	}
	return 0;
}

/* Is s[0..n) one typo away from a register word? (Then it is not an
 * unpublished SCI system but a misspelt marking.) */
int ml_read__near_word(const ml_reader *r, const char *s, size_t n)
{
	size_t i, lim = n >= 7 ? 2 : 1;

	for (i = 0; i < r->reg->nwords; i++) {
		const char *w = r->reg->words[i].s;
		size_t d, k = strlen(w);
		if (k + lim < n || n + lim < k)
			continue;
		d = ml_marking__distance(s, n, w);
		if (d == 0 || d > lim)
			continue;
		/* short words: only a swap of two letters or one letter
		 * more or less ("FN", "NFF"), never a different letter */
		if ((n <= 3 || k <= 3) && n == k &&
		    !(n == 2 && s[0] == w[1] && s[1] == w[0]) &&
		    !(n == 3 && ((s[0] == w[1] && s[1] == w[0] && s[2] == w[2]) ||
		                 (s[0] == w[0] && s[1] == w[2] && s[2] == w[1]))))
			continue;
		return 1;
	}
	for (i = 0; i < r->reg->nlv; i++) {
		const char *w = r->reg->lv[i].title;
		if (strlen(w) >= 4 && n >= 4 &&
		    ml_marking__distance(s, n, w) <= lim)
			return 1;
	}
	return S_near_system(r, s, n);
}

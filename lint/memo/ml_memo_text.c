/* ml_memo_text.c - the memo as Markdown and as plain text (78 columns),
 * from a finished layout. The banner opens and closes both (a printed
 * Markdown or text file has no page header of its own). */
#include "ml_memo_int.h"

#include <stdlib.h>
#include <string.h>

#define S_WIDTH 78 /* columns of the text format */
#define S_SIGCOL 39 /* the signature block starts mid-page */

/* --- Markdown --- */

/* Writes s with every character Markdown could read as syntax escaped
 * (CommonMark: any ASCII punctuation may be backslash-escaped). */
static void S_md(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]{}<>#|~!&", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* Lines split by '\n', joined by hard line breaks (a final backslash). */
static void S_md_lines(FILE *out, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		char *line = ml_xstrndup(s, (size_t)(nl - s));
		S_md(out, line);
		fputs("\\\n", out);
		free(line);
		s = nl + 1;
	}
	S_md(out, s);
	fputc('\n', out);
}

static void S_md_row(FILE *out, const ml_memo_block *b)
{
	size_t c;

	fputs("|", out);
	for (c = 0; c < b->ncells; c++) {
		fputc(' ', out);
		S_md(out, b->cells[c]);
		fputs(" |", out);
	}
	fputc('\n', out);
	if (!b->head)
		return;
	fputs("|", out);
	for (c = 0; c < b->ncells; c++)
		fputs("---|", out);
	fputc('\n', out);
}

/* s and a space, when s is there. */
static void S_md_word(FILE *out, const char *s)
{
	if (s) {
		S_md(out, s);
		fputc(' ', out);
	}
}

/* "label mark " then text, each when present. */
static void S_md_marked(FILE *out, const ml_memo_block *b)
{
	S_md_word(out, b->label);
	S_md_word(out, b->mark);
	S_md(out, b->text);
	fputc('\n', out);
}

/* "**label mark title**": a numbered paragraph's or an attachment's
 * heading (a missing label or mark leaves its space). */
static void S_md_title(FILE *out, const ml_memo_block *b)
{
	fputs("**", out);
	S_md(out, b->label);
	fputc(' ', out);
	S_md(out, b->mark);
	fputc(' ', out);
	S_md(out, b->title);
	fputs("**", out);
}

static void S_md_block(FILE *out, const ml_memo_layout *l, size_t i)
{
	const ml_memo_block *b = &l->v[i];
	ml_memo_block_kind prev = i ? l->v[i - 1].kind : ML_MB_DATE;

	switch (b->kind) {
	case ML_MB_DATE:
		fputc('\n', out);
		S_md(out, b->text);
		fputc('\n', out);
		break;
	case ML_MB_LINE:
	case ML_MB_NOTE:
		fputc('\n', out);
		S_md_marked(out, b);
		break;
	case ML_MB_REF:
		/* one line each, as on paper: hard line breaks */
		if (prev != ML_MB_REF)
			fputs("\nReferences:\\\n", out);
		S_md_word(out, b->label);
		S_md(out, b->text);
		fputs(i + 1 < l->n && l->v[i + 1].kind == ML_MB_REF ? "\\\n"
		                                                     : "\n", out);
		break;
	case ML_MB_PARA:
		fputc('\n', out);
		S_md_title(out, b);
		if (b->text) {
			fputc(' ', out);
			S_md(out, b->text);
		}
		fputc('\n', out);
		break;
	case ML_MB_SUB:
		/* a paragraph of its own, labelled as on paper ("a.", "(1)"):
		 * no list markup, which would renumber or bullet it */
		fputs(b->level == 2 ? "\n  " : "\n", out);
		S_md_marked(out, b);
		break;
	case ML_MB_SIG:
		fputs("\n\n", out);
		S_md_lines(out, b->text);
		break;
	case ML_MB_ENCL:
		fputc('\n', out);
		S_md(out, b->label);
		fputs("\\\n", out);
		S_md_lines(out, b->text);
		break;
	case ML_MB_ATTACH:
		fputs("\n---\n\n", out);
		S_md_title(out, b);
		fputc('\n', out);
		break;
	case ML_MB_ROW:
		if (b->head)
			fputc('\n', out);
		S_md_row(out, b);
		break;
	}
}

int ml_memo__write_md(const ml_memo_layout *l, FILE *out)
{
	size_t i;

	fputs("**", out);
	S_md(out, l->banner);
	fputs("**\n", out);
	for (i = 0; i < l->n; i++)
		S_md_block(out, l, i);
	fputs("\n**", out);
	S_md(out, l->banner);
	fputs("**\n", out);
	return 0;
}

/* --- text --- */

static size_t S_cols(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Writes first (a prefix) then text word-wrapped to S_WIDTH columns,
 * continuation lines indented by indent spaces. */
static void S_wrap(FILE *out, const char *first, size_t indent,
                   const char *text)
{
	size_t col = S_cols(first, strlen(first)), len;
	const char *w = text, *e;
	size_t flen = strlen(first);
	/* a prefix that does not end in a space is followed by one */
	int line_empty = !flen || first[flen - 1] == ' ';

	fputs(first, out);
	while (w && *w) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		e = strchr(w, ' ');
		len = e ? (size_t)(e - w) : strlen(w);
		if (!line_empty && col + 1 + S_cols(w, len) > S_WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			line_empty = 1;
		}
		if (!line_empty) {
			fputc(' ', out);
			col++;
		}
		fwrite(w, 1, len, out);
		col += S_cols(w, len);
		line_empty = 0;
		w += len;
	}
	fputc('\n', out);
}

static void S_centred(FILE *out, const char *s)
{
	size_t pad = S_cols(s, strlen(s));

	pad = pad < S_WIDTH ? (S_WIDTH - pad) / 2 : 0;
	fprintf(out, "%*s%s\n", (int)pad, "", s);
}

/* Each line of s (split by '\n') after indent spaces. */
static void S_lines(FILE *out, size_t indent, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		fprintf(out, "%*s%.*s\n", (int)indent, "", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

/* An attachment table as records: "ID Class. Location", then each
 * further column as "Name: value". */
static void S_text_row(FILE *out, const ml_memo_block *hdr,
                       const ml_memo_block *b)
{
	char first[512];
	size_t c;

	if (hdr && hdr->ncells >= 3 && b->ncells >= 3) {
		snprintf(first, sizeof first, "%s %s ", b->cells[1],
		         b->cells[0]);
		fputc('\n', out);
		S_wrap(out, first, 4, b->cells[2]);
	}
	for (c = 3; hdr && c < b->ncells && c < hdr->ncells; c++) {
		snprintf(first, sizeof first, "    %s:", hdr->cells[c]);
		S_wrap(out, first, 8, b->cells[c]);
	}
}

static void S_text_block(FILE *out, const ml_memo_layout *l, size_t i,
                         const ml_memo_block **hdr)
{
	const ml_memo_block *b = &l->v[i];
	size_t ind = b->level == 2 ? 8 : 4, pad;
	char first[512];

	switch (b->kind) {
	case ML_MB_DATE:
		pad = S_cols(b->text, strlen(b->text));
		pad = pad < S_WIDTH ? S_WIDTH - pad : 0;
		fprintf(out, "\n%*s%s\n", (int)pad, "", b->text);
		break;
	case ML_MB_LINE:
		snprintf(first, sizeof first, "%s%s%s", b->label,
		         b->mark ? " " : "", b->mark ? b->mark : "");
		fputc('\n', out);
		S_wrap(out, first, strlen(b->label) + 1, b->text);
		break;
	case ML_MB_REF:
		snprintf(first, sizeof first, "%-12s%s",
		         i && l->v[i - 1].kind == ML_MB_REF ? ""
		                                            : "References:",
		         b->label);
		if (!i || l->v[i - 1].kind != ML_MB_REF)
			fputc('\n', out);
		S_wrap(out, first, 16, b->text);
		break;
	case ML_MB_PARA:
		snprintf(first, sizeof first, "%s %s %s", b->label,
		         b->mark, b->title);
		fputc('\n', out);
		S_wrap(out, first, 0, b->text);
		break;
	case ML_MB_SUB:
	case ML_MB_NOTE:
		snprintf(first, sizeof first, "%*s%s%s%s%s",
		         b->kind == ML_MB_NOTE ? 0 : (int)ind, "",
		         b->label ? b->label : "", b->label ? " " : "",
		         b->mark ? b->mark : "", b->mark ? " " : "");
		fputc('\n', out);
		S_wrap(out, first, b->kind == ML_MB_NOTE ? 0 : ind, b->text);
		break;
	case ML_MB_SIG:
		fputs("\n\n\n", out);
		S_lines(out, S_SIGCOL, b->text);
		break;
	case ML_MB_ENCL:
		fprintf(out, "\n%s\n", b->label);
		S_lines(out, 0, b->text);
		break;
	case ML_MB_ATTACH:
		snprintf(first, sizeof first, "%s %s %s", b->label, b->mark,
		         b->title);
		fputs("\n\n", out);
		S_centred(out, first);
		break;
	case ML_MB_ROW:
		if (b->head)
			*hdr = b;
		else
			S_text_row(out, *hdr, b);
		break;
	}
}

int ml_memo__write_text(const ml_memo_layout *l, FILE *out)
{
	const ml_memo_block *hdr = NULL;
	size_t i;

	S_centred(out, l->banner);
	for (i = 0; i < l->n; i++)
		S_text_block(out, l, i, &hdr);
	fputc('\n', out);
	S_centred(out, l->banner);
	return 0;
}

/* ml_register.h - the marking register as data (markings/register.xml):
 * its entries, spellings, levels, companions, exclusions, order,
 * tetragraphs and problem texts, read once per process from the copy
 * compiled into the binary and never changed afterwards (so any number
 * of threads may read it).
 *
 * Internal to the marking stage (lint/marking/). Include graph:
 * ml_register.c -> ml_xmlfile.h (util) -> libxml2.
 */
#ifndef ML_REGISTER_H
#define ML_REGISTER_H

#include "ml_marking.h"

/* Categories of the grammar, in block order (register A.6 and the CUI
 * handbook p. 35): a marking's blocks come in this order. */
typedef enum ml_cat {
	ML_CAT_CLASS = 0,
	ML_CAT_SCI,
	ML_CAT_SAP,
	ML_CAT_AEA,
	ML_CAT_FGI,
	ML_CAT_CUI,    /* the CUI control marking inside a classified marking */
	ML_CAT_CUICAT, /* CUI categories */
	ML_CAT_DISSEM, /* IC and CUI dissemination controls */
	ML_CAT_NONIC,  /* non-IC dissemination controls */
	ML_CAT_COUNT
} ml_cat;

typedef enum ml_ekind {
	ML_E_SYSTEM = 0, /* SCI control system */
	ML_E_COMPARTMENT,
	ML_E_SUB,        /* SCI sub-compartment */
	ML_E_SAP,
	ML_E_AEA,
	ML_E_AEASUB,     /* CNWDI, SIGMA */
	ML_E_CONTROL     /* dissemination control (IC, CUI, non-IC) */
} ml_ekind;

enum { ML_LIST_NONE = 0, ML_LIST_RELTO, ML_LIST_EYES, ML_LIST_DISPLAY };
enum { ML_CTX_US = 1, ML_CTX_CUI = 2 };
enum { ML_CHARS_ALPHA = 1, ML_CHARS_ALNUM = 2 };

#define ML_REG_MAX_REFS 8
#define ML_REG_SPELL 56

/* One marking of the register. Spellings are upper case; abbrev is ""
 * where the register has none (the banner then uses the title). */
typedef struct ml_reg_entry {
	char id[32];
	ml_ekind kind;
	ml_cat cat;
	int parent;         /* entry of the system, compartment or AEA base */
	int order;          /* place among the entries of its category */
	char portion[ML_REG_SPELL], abbrev[ML_REG_SPELL], title[ML_REG_SPELL];
	char shortf[8];     /* portion abbreviation of a list ("REL") */
	char ism[16];       /* IC-ISM token where not the portion mark */
	int chars, min, max;/* shape of unpublished values (0: a code) */
	unsigned levels;    /* bit (1 << ml_marking_class); 0: any level */
	unsigned banner_levels; /* levels of a banner that carries it; 0: any */
	int otherwise;      /* entry a banner gets instead, or -1 */
	int nrequires, nexcludes, nsupersedes, nimplies;
	int requires[ML_REG_MAX_REFS], excludes[ML_REG_MAX_REFS];
	int supersedes[ML_REG_MAX_REFS], implies[ML_REG_MAX_REFS];
	uint32_t role;      /* ML_DISSEM_* bit, or 0 */
	int list;           /* ML_LIST_* */
	unsigned context;   /* ML_CTX_* where it may be used */
	int fdr, banner_alone, needs_compartment, numbers, unpublished, nato;
	int yields, is_default;
	const char *excludes_rule; /* rule of its exclusions (static) */
	char floor_problem[24];    /* problem id of a level violation */
} ml_reg_entry;

typedef struct ml_reg_level {
	ml_marking_class level;
	char id[8], portion[8], title[24], alias[24];
	int foreign_only, cui;
} ml_reg_level;

typedef struct ml_reg_nato {
	ml_marking_class level;
	char portion[8], title[32];
} ml_reg_nato;

typedef struct ml_reg_legacy {
	char spelling[ML_REG_SPELL], use[ML_REG_SPELL], note[160];
} ml_reg_legacy;

typedef struct ml_reg_tetragraph {
	char code[ML_MARKING_CODE_SIZE];
	int expand;
	ml_marking_countries members;
} ml_reg_tetragraph;

typedef struct ml_reg_problem {
	char id[24];
	const char *rule;   /* static */
	double confidence;
	char text[160];
} ml_reg_problem;

/* A word of the register's spellings (split at spaces, hyphens and
 * commas): what the typo repair measures unknown words against. */
enum { ML_VOCAB_WORD = 1, ML_VOCAB_COUNTRY = 2 };
typedef struct ml_reg_vocab {
	char s[24];
	unsigned kind;      /* ML_VOCAB_* bits */
} ml_reg_vocab;

/* An exact spelling and what it spells. */
typedef struct ml_reg_word {
	const char *s;      /* borrowed from the register */
	int entry;          /* entry, or -1 for a level/NATO level/legacy */
	int spell;          /* ML_SPELL_* */
} ml_reg_word;

typedef struct ml_register {
	ml_reg_entry *e;
	size_t ne;
	ml_reg_level lv[8];
	size_t nlv;
	ml_reg_nato nato[8];
	size_t nnato;
	char nac_activity[8][16], nac_letter[8][4];
	size_t nnac;
	unsigned foreign_levels;
	char joint_title[16];
	unsigned joint_levels;
	int joint_requires[ML_REG_MAX_REFS], joint_excludes[ML_REG_MAX_REFS];
	int njoint_requires, njoint_excludes;
	char fgi_portion[16], fgi_title[48];
	char cui_portion[8], cui_title[8];
	char (*cuicat)[ML_MARKING_TOKEN_SIZE];
	size_t ncuicat;
	ml_reg_legacy *legacy;
	size_t nlegacy;
	char (*notword)[ML_REG_SPELL];
	size_t nnotword;
	ml_reg_tetragraph *tetra;
	size_t ntetra;
	char (*tri)[4];     /* GENC trigraphs besides ISO 3166 */
	size_t ntri;
	ml_reg_problem *prob;
	size_t nprob;
	ml_reg_word *words; /* control, SCI system, SAP, AEA, FGI spellings */
	size_t nwords;
	ml_reg_vocab *vocab; /* sorted, each word once */
	size_t nvocab;
	int noforn;         /* the entry with role noforn and no parts */
	int relto, eyes, display; /* the list controls */
} ml_register;

/* The register compiled into the binary, read on first use (thread-safe,
 * once per process). A register that does not load is a build error:
 * marklint says why on standard error and exits with status 2. */
const ml_register *ml_register_get(void);

/* Reads a register file (name for messages). Returns NULL with *err set
 * when it is not valid. For the tests. Free with ml_register_free. */
ml_register *ml_register_load(const char *name, const char *xml, size_t len,
                              char *err, size_t errsize);
void ml_register_free(ml_register *r);

/* Look-ups. Spellings are upper case; NULL/-1 when unknown. */
int ml_register_entry(const ml_register *r, const char *id);
/* The control that plays role (an ML_DISSEM_* bit) on its own, not as
 * part of a compound one. */
int ml_register_role(const ml_register *r, uint32_t role);
const ml_reg_word *ml_register_word(const ml_register *r, const char *s,
                                    size_t n);
const ml_reg_level *ml_register_level(const ml_register *r,
                                      ml_marking_class level);
/* The level spelt s[0..n), in its portion form ("TS") or as its title
 * ("TOP SECRET"); *title (when not NULL) is then set to which. */
const ml_reg_level *ml_register_level_spelt(const ml_register *r,
                                            const char *s, size_t n,
                                            int *title);

/* The level whose title has the letters s[0..n) once its spaces are
 * taken out ("TOPSECRET" -> TOP SECRET: a letter-spaced banner once its
 * white space is normalised, "T O P S E C R E T"), or NULL. */
const ml_reg_level *ml_register_level_unspaced(const ml_register *r,
                                               const char *s, size_t n);
const ml_reg_tetragraph *ml_register_tetragraph(const ml_register *r,
                                                const char *code);
const ml_reg_legacy *ml_register_legacy(const ml_register *r, const char *s,
                                        size_t n);
/* The vocabulary word s[0..n) (upper case), or NULL. */
const ml_reg_vocab *ml_register_vocab(const ml_register *r, const char *s,
                                      size_t n);
int ml_register_not_a_marking(const ml_register *r, const char *s, size_t n);
int ml_register_cui_category(const ml_register *r, const char *s, size_t n);
const ml_reg_problem *ml_register_problem(const ml_register *r,
                                          const char *id);
/* The spelling of entry e for a form (a banner: its abbreviation, or its
 * title where it has none) or as written (ML_SPELL_*). */
const char *ml_register_spell(const ml_reg_entry *e, int spell);
/* 1 when level is allowed by the bit set levels (0: any). */
int ml_register_level_ok(unsigned levels, ml_marking_class level);
/* "TOP SECRET, SECRET or CONFIDENTIAL" for a bit set of levels. */
void ml_register_levels_text(const ml_register *r, unsigned levels,
                             char *out, size_t size);

#endif

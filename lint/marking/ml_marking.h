/* ml_marking.h - the marking-string grammar of the IC Markings System
 * Register: judge, parse, check, correct, roll up and format
 * classification and control markings ("(S//NF)",
 * "TOP SECRET//SI-G ABCD//ORCON/NOFORN", "//COSMIC TOP SECRET//ATOMAL",
 * "CUI//SP-EXPT//NOFORN").
 *
 * Internal module of libmarklint. The register itself (every marking,
 * its spellings, levels, companions, exclusions and order, the
 * tetragraphs, the problem texts) is data, markings/register.xml, read
 * once per process (ml_register.h); this module knows only the shape of
 * the grammar. No I/O besides that, no mutable global state: safe on any
 * number of threads. A parsed marking is a plain value made of fixed-size
 * arrays: copy it with '=', never free it. Messages are static strings or
 * are written into caller-provided structures; the only allocation is in
 * the caller's ml_buf that ml_marking_format grows (the caller frees it).
 * Depends on ml_buf.h and ml_xmlfile.h (util).
 */
#ifndef ML_MARKING_H
#define ML_MARKING_H

#include <stddef.h>
#include <stdint.h>

#include "ml_buf.h"

/* Bounds: hostile input yields an error, never an unbounded result. */
#define ML_MARKING_MAX_BLOCKS 64     /* "//"-separated blocks */
#define ML_MARKING_MAX_LEN 4096      /* bytes of one marking */
#define ML_MARKING_MAX_TOKENS 16     /* SCI, SAP, AEA, CUI tokens, each */
#define ML_MARKING_TOKEN_SIZE 96     /* bytes of one token, with the NUL */
#define ML_MARKING_MAX_COUNTRIES 64  /* codes in one country list */
#define ML_MARKING_CODE_SIZE 5       /* "GBR", "FVEY", with the NUL */
#define ML_MARKING_MAX_CONTROLS 24   /* dissemination controls */

typedef enum ml_marking_form {
	ML_MARKING_PORTION = 0, /* "(S//NF)": parenthesised, abbreviated */
	ML_MARKING_BANNER = 1   /* "SECRET//NOFORN": spelled out */
} ml_marking_form;

/* Classification levels, in roll-up order (a higher value wins). CUI is
 * not a classification but sits above U when rolling up; R (RESTRICTED)
 * exists only for foreign and NATO markings. */
typedef enum ml_marking_class {
	ML_CLASS_NONE = 0,
	ML_CLASS_U,
	ML_CLASS_CUI,
	ML_CLASS_R,
	ML_CLASS_C,
	ML_CLASS_S,
	ML_CLASS_TS
} ml_marking_class;

/* Whose classification: U.S. ("S"), foreign ("//GBR S", "//NS", "//FGI
 * S" with its source concealed) or joint ("//JOINT S GBR USA"). */
typedef enum ml_marking_owner {
	ML_OWNER_US = 0,
	ML_OWNER_FOREIGN,
	ML_OWNER_JOINT
} ml_marking_owner;

/* What the checker reasons about in a marking's dissemination controls,
 * a bit set (ml_marking.dissem). The register names the control that
 * plays each role (register.xml, role=). A compound control that carries
 * NOFORN (SBU NOFORN, LES NOFORN) sets ML_DISSEM_NOFORN_PART instead of
 * ML_DISSEM_NOFORN. Clearing a bit removes the control from what
 * ml_marking_format writes (a compound control loses its NOFORN part);
 * setting RELTO, EYES_ONLY or DISPLAY_ONLY adds the control with its
 * list. */
enum {
	ML_DISSEM_NOFORN = 1u << 0,
	ML_DISSEM_RELTO = 1u << 1,        /* REL TO USA, ... (list: relto) */
	ML_DISSEM_RELIDO = 1u << 2,
	ML_DISSEM_EYES_ONLY = 1u << 3,    /* USA/GBR EYES ONLY (list: eyes) */
	ML_DISSEM_DISPLAY_ONLY = 1u << 4, /* DISPLAY ONLY GBR (list: display) */
	ML_DISSEM_FOUO = 1u << 5,
	ML_DISSEM_NOFORN_PART = 1u << 6,  /* SBU NOFORN, LES NOFORN */
	/* the names these had when each was a control of its own */
	ML_DISSEM_SBU_NF = ML_DISSEM_NOFORN_PART,
	ML_DISSEM_LES_NF = ML_DISSEM_NOFORN_PART
};

typedef struct ml_marking_tokens {
	size_t n;
	char v[ML_MARKING_MAX_TOKENS][ML_MARKING_TOKEN_SIZE];
	uint32_t titled; /* bit i: token i was written with marking titles
	                    ("TALENT KEYHOLE", "RESTRICTED DATA-SIGMA 20") */
} ml_marking_tokens;

/* Country codes: trigraphs ("GBR") and register tetragraphs ("FVEY",
 * "NATO"). */
typedef struct ml_marking_countries {
	size_t n;
	char v[ML_MARKING_MAX_COUNTRIES][ML_MARKING_CODE_SIZE];
} ml_marking_countries;

/* How a control was spelled (ml_marking_controls.spell): its portion
 * mark ("NF"), banner line abbreviation ("NOFORN") or title ("NOT
 * RELEASABLE TO FOREIGN NATIONALS"). A banner keeps the spelling its
 * author chose when formatted as written. */
enum { ML_SPELL_PORTION = 0, ML_SPELL_ABBREV = 1, ML_SPELL_TITLE = 2 };

/* Dissemination controls (IC, CUI and non-IC), by register entry. */
typedef struct ml_marking_controls {
	size_t n;
	uint16_t id[ML_MARKING_MAX_CONTROLS];   /* register entry number */
	uint8_t spell[ML_MARKING_MAX_CONTROLS]; /* ML_SPELL_* */
} ml_marking_controls;

/* A parsed marking. A plain value: no pointers, nothing to free. */
typedef struct ml_marking {
	ml_marking_form form;         /* the form it was written in */
	ml_marking_class level;
	ml_marking_owner owner;
	ml_marking_countries owners;  /* FOREIGN: the owners ("GBR", "NATO"),
	                                 none when concealed (//FGI S);
	                                 JOINT: co-owners as written, none in
	                                 "(//JOINT S//REL)"; US: none */
	char nac[8];                  /* NATO/NAC activity ("ISAF": //NIS) */
	int class_titled;             /* banner: CONTROLLED for CUI */
	ml_marking_tokens sci;        /* "SI", "SI-G ABCD", "HCS-P JJJ" */
	ml_marking_tokens sap;        /* "SAR-BP-J12 J54", "BOHEMIA" */
	ml_marking_tokens aea;        /* portion spelling: "RD-CNWDI-SG 14",
	                                 "FRD", "ATOMAL" */
	int fgi;                      /* an FGI block is present */
	ml_marking_countries fgi_countries; /* its countries (none: concealed) */
	int cui_marking;              /* a CUI block in a classified marking */
	ml_marking_tokens cui;        /* CUI categories: "SP-EXPT", "PRVCY" */
	ml_marking_controls ctl;      /* dissemination controls, in order */
	uint32_t dissem;              /* ML_DISSEM_* role bits */
	ml_marking_countries relto;   /* REL TO list, in the order written */
	int relto_only;               /* written with a final "ONLY" */
	int relto_short;              /* written "REL": the banner's list */
	ml_marking_countries eyes;    /* EYES ONLY list, as written */
	int eyes_short;               /* written "EYES": the banner's list */
	ml_marking_countries display; /* DISPLAY ONLY list, as written */
	size_t off, len;              /* span of the marking in the input */
} ml_marking;

/* Why a string that looks like a marking does not parse. */
typedef struct ml_marking_error {
	size_t off, len; /* span of the would-be marking in the input */
	char msg[200];   /* e.g. "'NOFRN' is not a marking in the register" */
} ml_marking_error;

/* Results of the detection helpers. */
typedef enum ml_marking_status {
	ML_MARKING_NONE = 0,      /* not a marking (ordinary text) */
	ML_MARKING_FOUND = 1,     /* a marking; *out is filled */
	ML_MARKING_MALFORMED = 2  /* looks like one but does not parse; *err */
} ml_marking_status;

/* Parse flags. */
enum {
	/* Banners only: accept lower and mixed case ("Secret//Noforn").
	 * Portion marks are always upper case. */
	ML_MARKING_ICASE = 1u << 0
};

/* Sets *m to an empty marking (level NONE, owner US, no controls). */
void ml_marking_init(ml_marking *m);

/* Parses the whole of s[0..len) as one marking in the given form (a
 * portion mark includes its parentheses). Returns 0 and fills *out when
 * the string reads as a marking (it may still be nonstandard or break a
 * register rule: ml_marking_judge says), or -1 and fills *err (err may
 * be NULL). out->off/len cover s without surrounding spaces. */
int ml_marking_parse(const char *s, size_t len, ml_marking_form form,
                     unsigned flags, ml_marking *out, ml_marking_error *err);

/* Detection: a portion mark at the very start of a portion's normalised
 * text (after optional spaces), e.g. "(S//NF) The system...". Returns
 * NONE for ordinary parentheses ("(a)", "(1)", "(see below)", "(U.S.)"),
 * FOUND with *out, or MALFORMED with *err ("(S//NOFRN)", "(S///SI)"). The
 * spans are offsets into text. *out is written whole, its padding too
 * (markings compare with memcmp), and only when FOUND. */
ml_marking_status ml_marking_find_portion_mark(const char *text, size_t len,
                                               unsigned flags,
                                               ml_marking *out,
                                               ml_marking_error *err);

/* Detection: the whole text (surrounding spaces ignored) is a banner line,
 * e.g. "SECRET//NOFORN", "UNCLASSIFIED". A line without a classification
 * or control word ("///", a date, a path) is NONE. Same results as
 * above. */
ml_marking_status ml_marking_parse_banner(const char *text, size_t len,
                                          unsigned flags, ml_marking *out,
                                          ml_marking_error *err);

/* Roll-up (register section D.2 and table 3): the banner for a document
 * whose portions carry marks[0..n): highest classification; US banner
 * with FGI for foreign and JOINT portions unless every portion has the
 * same owners; every unique SCI, SAP and AEA marking (RD over FRD over
 * TFNI); the most restrictive dissemination controls (ORCON over
 * ORCON-USGOV, NODIS over EXDIS, FOUO only alone in an unclassified
 * banner); the foreign disclosure and release markings of table 3 (NOFORN
 * dominates; REL TO the countries common to every portion, expanding
 * TEYE, ACGU and FVEY; RELIDO when every portion has it; DISPLAY ONLY the
 * common disclosure; NOFORN when nothing is common). *out gets form
 * BANNER and an empty span. Returns 0, or -1 when n is 0. */
int ml_marking_rollup(const ml_marking *const *marks, size_t n,
                      ml_marking *out);

/* Appends m in the given form to buf (owned by the caller), in register
 * form: register order, register separators, the portion marks in a
 * portion and the banner line abbreviations in a banner, e.g.
 * "(S//REL TO USA, GBR)" or "SECRET//REL TO USA, GBR". Returns 0, or -1
 * when buf's cap is reached. */
int ml_marking_format(const ml_marking *m, ml_marking_form form,
                      ml_buf *buf);

/* As ml_marking_format, but a banner keeps the spellings its author
 * chose where they are valid ("SECRET//RESTRICTED DATA//NOFORN"). */
int ml_marking_format_as_written(const ml_marking *m, ml_marking_form form,
                                 ml_buf *buf);

/* Register order of country codes: USA first, then trigraphs A-Z, then
 * tetragraphs A-Z. A strcmp-style comparison. */
int ml_marking_country_cmp(const char *a, const char *b);

/* Sorts c into register order and removes duplicates. */
void ml_marking_countries_sort(ml_marking_countries *c);

/* 1 when c names no country but the USA (also when it is empty). */
int ml_marking_countries_usa_only(const ml_marking_countries *c);

/* Appends code (3 or 4 upper-case letters) unless already present.
 * Returns 0, or -1 when the code is malformed or the list is full. */
int ml_marking_countries_add(ml_marking_countries *c, const char *code);

/* 1 when code is a tetragraph the register knows ("FVEY", "NATO"). */
int ml_marking_tetragraph_known(const char *code);
/* 1 when code is a trigraph of the register's annex B: ISO 3166-1
 * alpha-3 ("GBR"; ml_trigraphs.c, generated by tools/gen-trigraphs.py)
 * or a GENC code the register adds ("XKS"). */
int ml_marking_trigraph_known(const char *code);
/* 1 when code is an ISO 3166-1 alpha-3 code (ml_trigraphs.c). */
int ml_marking_iso3166_known(const char *code);
/* The i-th ISO 3166-1 alpha-3 code (sorted), or NULL past the last. */
const char *ml_marking_iso3166_at(size_t i);

/* "S" / "SECRET" etc. for a level in a form; "" for ML_CLASS_NONE. */
const char *ml_marking_class_name(ml_marking_class level,
                                  ml_marking_form form);

/* Adds the dissemination control spelled s (any of its spellings, or
 * its IC-ISM token: "NF", "OC", "REL", "DISPLAYONLY") to m, in register
 * order, and its role bit. A list control gets an empty list. Returns 0,
 * or -1 when s names no control or the list of controls is full. */
int ml_marking_add_control(ml_marking *m, const char *s);

/* The dissemination controls of m (roles reconciled with its controls
 * list, as formatted), spelled in form, joined by ", " into buf, e.g.
 * "ORCON, NOFORN". Returns 0, or -1 at buf's cap. */
int ml_marking_controls_text(const ml_marking *m, ml_marking_form form,
                             ml_buf *buf);

/* --- Verdicts and corrections (MARKINGS.md 5) ---
 *
 * The one call that says what a marking string is worth: valid (the
 * register accepts it as written), nonstandard (readable, and read, but
 * not in register form: "(S//NOFORN)", "SECRET//NF", "(S/NF)", REL TO out
 * of order), malformed (does not parse, or breaks a register rule: floor,
 * companion, exclusion, REL TO form, FOUO on classified) or none (no
 * classification or control word at all: "///", a date, a path). With
 * the verdict come the reading (m, when one exists), the reasons (notes,
 * worst first, each naming its rule) and, for a nonstandard or malformed
 * marking, the most likely register marking as a whole marking in the
 * form of the one it replaces, with how sure marklint is of it. */

typedef enum ml_marking_verdict {
	ML_VERDICT_NONE = 0,    /* not a marking */
	ML_VERDICT_VALID,       /* the register accepts it as written */
	ML_VERDICT_NONSTANDARD, /* rule MARKING-NONSTANDARD */
	ML_VERDICT_MALFORMED    /* rule MARKING-MALFORMED (or, for NOFORN with
	                           REL TO and its kin, NOFORN-RELTO-CONFLICT) */
} ml_marking_verdict;

#define ML_MARKING_MAX_NOTES 8
#define ML_MARKING_NOTE_SIZE 200

/* One reason. rule and id are static strings: rule is the finding's rule
 * ("MARKING-MALFORMED", "MARKING-NONSTANDARD", "NOFORN-RELTO-CONFLICT"),
 * id the register's name of the problem ("relto-order", "floor",
 * "typo"). */
typedef struct ml_marking_note {
	const char *rule;
	const char *id;
	char msg[ML_MARKING_NOTE_SIZE];
} ml_marking_note;

typedef struct ml_marking_judgement {
	ml_marking_verdict verdict;
	ml_marking_form form;   /* the form it is written in */
	int parsed;             /* m holds the register reading of it */
	ml_marking m;           /* what it says, in register terms */
	size_t nnotes;          /* reasons, worst first (none when valid) */
	ml_marking_note notes[ML_MARKING_MAX_NOTES];
	/* The correction: a whole marking in the form written ("(S//NF)" for
	 * "(S//NOFORN)"), "" when there is none. It is valid, and never
	 * releases to more partners than the marking named. */
	char suggestion[ML_MARKING_MAX_LEN + 1];
	double confidence;      /* of the suggestion, 0 to 1 */
	size_t off, len;        /* span of the marking in the input */
} ml_marking_judgement;

/* Judge flags (with ML_MARKING_ICASE: a banner's letter case is not a
 * problem, as check reads banners). Without a form flag, a string in
 * parentheses is a portion mark and anything else a banner. */
enum {
	ML_JUDGE_PORTION = 1u << 1,
	ML_JUDGE_BANNER = 1u << 2,
	ML_JUDGE_NO_SUGGESTION = 1u << 3 /* skip the correction (faster) */
};

/* Judges s[0..len) as one marking. Fills *out (a plain value, nothing to
 * free) and returns its verdict. Total: any bytes give an answer. */
ml_marking_verdict ml_marking_judge(const char *s, size_t len, unsigned flags,
                                    ml_marking_judgement *out);

/* The rules a verdict's notes can name, one per i from 0
 * ("MARKING-MALFORMED", "MARKING-NONSTANDARD", "NOFORN-RELTO-CONFLICT";
 * from the register's problems), NULL past the last. */
const char *ml_marking_rule_name(size_t i);

/* "valid", "nonstandard", "malformed" or "none". */
const char *ml_marking_verdict_name(ml_marking_verdict v);

/* The register problems of a marking value (levels, companions,
 * exclusions, REL TO form...): notes into notes[0..max), worst first.
 * Returns how many. For markings built in code (a suggested
 * replacement) as well as parsed ones. */
size_t ml_marking_check(const ml_marking *m, ml_marking_note *notes,
                        size_t max);

/* The most likely valid marking for m, a marking value that breaks
 * register rules (a suggestion built in code): fixes its problems as
 * ml_marking_judge would, into *out. Returns the confidence (0 to 1), or
 * 0 with *out = *m when no valid marking was found. */
double ml_marking_correct(const ml_marking *m, ml_marking *out);

#endif

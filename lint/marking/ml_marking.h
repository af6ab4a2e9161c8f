/* ml_marking.h - the marking-string grammar: parse, check, roll up and
 * format classification and dissemination markings ("(S//NF)",
 * "TOP SECRET//SI//NOFORN", "CUI//SP-EXPT//NOFORN").
 *
 * Internal module of libmarklint. Pure: no I/O and no global mutable
 * state, so it is safe on any number of threads. A parsed marking is a
 * plain value made of fixed-size arrays: copy it with '=', never free it.
 * Every message returned is either a static string or written into a
 * caller-provided ml_marking_error. Nothing returned is heap memory: the
 * only allocation is in the caller's ml_buf that ml_marking_format grows
 * (the caller frees it with ml_buf_free).
 * Depends on ml_buf.h only (ml_marking_format appends to an ml_buf).
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
#define ML_MARKING_TOKEN_SIZE 48     /* bytes of one token, with the NUL */
#define ML_MARKING_MAX_COUNTRIES 64  /* codes in one country list */
#define ML_MARKING_CODE_SIZE 5       /* "GBR", "FVEY", with the NUL */

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

/* Whose classification: U.S. ("S"), foreign ("//GBR S", "//NS") or joint
 * ("//JOINT S GBR USA"). */
typedef enum ml_marking_owner {
	ML_OWNER_US = 0,
	ML_OWNER_FOREIGN,
	ML_OWNER_JOINT
} ml_marking_owner;

/* Dissemination controls, a bit set (ml_marking.dissem). A combined
 * control sets its parts too: SBU-NF sets SBU_NF, SBU and NOFORN. */
enum {
	ML_DISSEM_RSEN = 1u << 0,         /* RS / RISK SENSITIVE */
	ML_DISSEM_FOUO = 1u << 1,         /* FOUO / FOR OFFICIAL USE ONLY */
	ML_DISSEM_ORCON = 1u << 2,        /* OC / ORCON */
	ML_DISSEM_ORCON_USGOV = 1u << 3,  /* OC-USGOV / ORCON-USGOV */
	ML_DISSEM_IMCON = 1u << 4,        /* IMC / IMCON */
	ML_DISSEM_NOFORN = 1u << 5,       /* NF / NOFORN */
	ML_DISSEM_PROPIN = 1u << 6,       /* PR / PROPIN */
	ML_DISSEM_RELTO = 1u << 7,        /* REL TO USA, ... (list: relto) */
	ML_DISSEM_RELIDO = 1u << 8,       /* RELIDO */
	ML_DISSEM_EYES_ONLY = 1u << 9,    /* USA/GBR EYES ONLY (list: eyes) */
	ML_DISSEM_FISA = 1u << 10,        /* FISA */
	ML_DISSEM_DISPLAY_ONLY = 1u << 11,/* DISPLAY ONLY GBR (list: display) */
	ML_DISSEM_FED_ONLY = 1u << 12,    /* CUI: FED ONLY */
	ML_DISSEM_FEDCON = 1u << 13,      /* CUI: FEDCON */
	ML_DISSEM_NOCON = 1u << 14,       /* CUI: NOCON */
	ML_DISSEM_DL_ONLY = 1u << 15,     /* CUI: DL ONLY */
	ML_DISSEM_ATTORNEY_CLIENT = 1u << 16, /* CUI: ATTORNEY-CLIENT */
	ML_DISSEM_ATTORNEY_WP = 1u << 17, /* CUI: ATTORNEY-WP */
	ML_DISSEM_LIMDIS = 1u << 18,      /* non-IC: DS / LIMDIS */
	ML_DISSEM_EXDIS = 1u << 19,       /* non-IC: XD / EXDIS */
	ML_DISSEM_NODIS = 1u << 20,       /* non-IC: ND / NODIS */
	ML_DISSEM_SBU_NF = 1u << 21,      /* non-IC: SBU-NF / SBU NOFORN */
	ML_DISSEM_SBU = 1u << 22,         /* non-IC: SBU */
	ML_DISSEM_LES_NF = 1u << 23,      /* non-IC: LES-NF / LES NOFORN */
	ML_DISSEM_LES = 1u << 24,         /* non-IC: LES */
	ML_DISSEM_SSI = 1u << 25,         /* non-IC: SSI */
	ML_DISSEM_DSEN = 1u << 26         /* non-IC: DSEN / DEA SENSITIVE */
};

typedef struct ml_marking_tokens {
	size_t n;
	char v[ML_MARKING_MAX_TOKENS][ML_MARKING_TOKEN_SIZE];
} ml_marking_tokens;

/* Country codes: ISO 3166 trigraphs ("GBR") and register tetragraphs
 * ("FVEY", "NATO"). */
typedef struct ml_marking_countries {
	size_t n;
	char v[ML_MARKING_MAX_COUNTRIES][ML_MARKING_CODE_SIZE];
} ml_marking_countries;

/* A parsed marking. A plain value: no pointers, nothing to free. */
typedef struct ml_marking {
	ml_marking_form form;         /* the form it was written in */
	ml_marking_class level;
	ml_marking_owner owner;
	ml_marking_countries owners;  /* FOREIGN: the owner ("GBR", "NATO");
	                                 JOINT: co-owners as written; US: none */
	ml_marking_tokens sci;        /* "SI", "SI-G ABCD", "HCS-P", as written */
	ml_marking_tokens sap;        /* "SAR-BP" (SPECIAL ACCESS REQUIRED-BP
	                                 is stored as SAR-BP) */
	ml_marking_tokens aea;        /* portion spelling: "RD", "RD-CNWDI",
	                                 "FRD-SG 14" */
	int fgi;                      /* an FGI block is present */
	ml_marking_countries fgi_countries; /* its countries (none: concealed) */
	ml_marking_tokens cui;        /* CUI categories: "SP-EXPT", "PRVCY" */
	uint32_t dissem;              /* ML_DISSEM_* bits */
	ml_marking_countries relto;   /* REL TO list, in the order written */
	int relto_only;               /* written with a final "ONLY" */
	ml_marking_countries eyes;    /* EYES ONLY list, as written */
	ml_marking_countries display; /* DISPLAY ONLY list, as written */
	size_t off, len;              /* span of the marking in the input */
} ml_marking;

/* Why a string that looks like a marking does not parse. */
typedef struct ml_marking_error {
	size_t off, len; /* span of the would-be marking in the input */
	char msg[200];   /* e.g. "blocks must be separated by '//'" */
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
 * portion mark includes its parentheses). Spaces around "//", "/" and ","
 * are tolerated. Returns 0 and fills *out, or -1 and fills *err (err may
 * be NULL). out->off/len cover s without surrounding spaces. */
int ml_marking_parse(const char *s, size_t len, ml_marking_form form,
                     unsigned flags, ml_marking *out, ml_marking_error *err);

/* Detection: a portion mark at the very start of a portion's normalised
 * text (after optional spaces), e.g. "(S//NF) The system...". Returns
 * NONE for ordinary parentheses ("(a)", "(1)", "(see below)", "(U.S.)"),
 * FOUND with *out, or MALFORMED with *err ("(S/NF)", "(SECRET//NF)"). The
 * spans are offsets into text. */
ml_marking_status ml_marking_find_portion_mark(const char *text, size_t len,
                                               unsigned flags,
                                               ml_marking *out,
                                               ml_marking_error *err);

/* Detection: the whole text (surrounding spaces ignored) is a banner line,
 * e.g. "SECRET//NOFORN", "UNCLASSIFIED". Same results as above. */
ml_marking_status ml_marking_parse_banner(const char *text, size_t len,
                                          unsigned flags, ml_marking *out,
                                          ml_marking_error *err);

/* Roll-up: the banner for a document whose portions carry marks[0..n):
 * highest classification, union of SCI/SAP/AEA, NOFORN if any portion has
 * it, REL TO the countries common to every portion with REL TO (NOFORN
 * instead when none but USA is common; dropped when any portion is
 * NOFORN). *out gets form BANNER and an empty span. Returns 0, or -1 when
 * n is 0. */
int ml_marking_rollup(const ml_marking *const *marks, size_t n,
                      ml_marking *out);

/* Appends m in the given form to buf (owned by the caller), e.g.
 * "(S//REL TO USA, GBR)" or "SECRET//REL TO USA, GBR". Country lists come out in register order.
 * Returns 0, or -1 when buf's cap is reached. */
int ml_marking_format(const ml_marking *m, ml_marking_form form,
                      ml_buf *buf);

/* Register order of country codes: USA first, then trigraphs A-Z, then
 * tetragraphs A-Z. A strcmp-style comparison. */
int ml_marking_country_cmp(const char *a, const char *b);

/* Sorts c into register order and removes duplicates. */
void ml_marking_countries_sort(ml_marking_countries *c);

/* Appends code (3 or 4 upper-case letters) unless already present.
 * Returns 0, or -1 when the code is malformed or the list is full. */
int ml_marking_countries_add(ml_marking_countries *c, const char *code);

/* 1 when code is a tetragraph the register knows ("FVEY", "NATO"). */
int ml_marking_tetragraph_known(const char *code);
/* 1 when code is an ISO 3166-1 alpha-3 code ("GBR"; ml_trigraphs.c,
 * generated by tools/gen-trigraphs.py). */
int ml_marking_trigraph_known(const char *code);

/* "S" / "SECRET" etc. for a level in a form; "" for ML_CLASS_NONE. */
const char *ml_marking_class_name(ml_marking_class level,
                                  ml_marking_form form);

/* The spelling of one ML_DISSEM_* bit in a form ("NF" / "NOFORN"), or
 * NULL when flag is not exactly one known bit. */
const char *ml_marking_dissem_name(uint32_t flag, ml_marking_form form);

/* Register-form problems of a marking that parsed. Bits: */
typedef enum ml_marking_problem {
	/* rule MARKING-MALFORMED */
	ML_PROBLEM_RELTO_NOT_USA_FIRST = 1u << 0,
	ML_PROBLEM_RELTO_USA_ONLY = 1u << 1,
	ML_PROBLEM_FOUO_CLASSIFIED = 1u << 2,
	ML_PROBLEM_RELTO_ORDER = 1u << 3,
	ML_PROBLEM_EYES_NO_USA = 1u << 4,
	ML_PROBLEM_UNKNOWN_TETRAGRAPH = 1u << 5,
	/* rule NOFORN-RELTO-CONFLICT */
	ML_PROBLEM_NOFORN_RELTO = 1u << 8,
	ML_PROBLEM_NOFORN_EYES = 1u << 9,
	ML_PROBLEM_NOFORN_RELIDO = 1u << 10,
	ML_PROBLEM_NOFORN_DISPLAY = 1u << 11
} ml_marking_problem;

/* All problems of m, as ML_PROBLEM_* bits (0: none). */
uint32_t ml_marking_problems(const ml_marking *m);

/* A short static message for one problem bit ("REL TO list must start
 * with USA"), or NULL for an unknown bit. */
const char *ml_marking_problem_message(uint32_t problem);

/* "MARKING-MALFORMED" or "NOFORN-RELTO-CONFLICT" for one problem bit. */
const char *ml_marking_problem_rule(uint32_t problem);

/* The first MARKING-MALFORMED problem of m as a static message, or NULL
 * when its form is fine. */
const char *ml_marking_check_form(const ml_marking *m);

/* The first NOFORN-RELTO-CONFLICT problem of m as a static message
 * ("NOFORN conflicts with REL TO in the same marking"), or NULL. */
const char *ml_marking_check_conflict(const ml_marking *m);

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
 * id a stable name of the problem ("relto-order", "floor", "typo"). */
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
	 * "(S//NOFORN)"), "" when there is none. It never releases to more
	 * partners than the marking named. */
	char suggestion[ML_MARKING_MAX_LEN + 1];
	double confidence;      /* of the suggestion, 0 to 1 */
	size_t off, len;        /* span of the marking in the input */
} ml_marking_judgement;

/* Judge flags (with ML_MARKING_ICASE: a banner's letter case is not a
 * problem, as check reads banners). Without a form flag, a string in
 * parentheses is a portion mark and anything else a banner. */
enum {
	ML_JUDGE_PORTION = 1u << 1,
	ML_JUDGE_BANNER = 1u << 2
};

/* Judges s[0..len) as one marking. Fills *out (a plain value, nothing to
 * free) and returns its verdict. Total: any bytes give an answer. */
ml_marking_verdict ml_marking_judge(const char *s, size_t len, unsigned flags,
                                    ml_marking_judgement *out);

/* "valid", "nonstandard", "malformed" or "none". */
const char *ml_marking_verdict_name(ml_marking_verdict v);

#endif

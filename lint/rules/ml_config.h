/* ml_config.h - the configuration file, .marklint.xml: thresholds, extra
 * rule and authority files, and per-rule switches (marklint(1), FILES).
 *
 *   <marklint xmlns="urn:marklint:config:1">
 *     <fail-on>warning</fail-on>
 *     <min-severity>info</min-severity>
 *     <rules href="local-rules.xml"/>      (relative to the file)
 *     <authorities href="command-scg.xml"/>
 *     <lanes href="department-lanes.xml"/>  (markings/lanes.rng)
 *     <rule id="FOUO-OBSOLETE" enabled="no"/>
 *     <rule id="FOREIGN-BLANKET" severity="error"/>
 *     <memo>                                (the review memorandum's blocks)
 *       <for>CONTRACTING OFFICER, HQ0727</for>
 *       <from>Security Review Office (J2X)</from>
 *       <signature>JANE Q. REVIEWER; Security Specialist</signature>
 *       <date>March 3, 2026</date>
 *     </memo>
 *   </marklint>
 *
 * The file is validated by markings/config.rng. It is parsed with
 * libxml2's DOM (it is small and trusted no more than any input: no
 * network, no DTD, no entity substitution, a DOCTYPE is refused).
 *
 * Errors have the code "config-invalid" and the message "FILE:LINE:
 * reason" (or "FILE: reason" when there is no line).
 *
 * Include graph: ml_config.c -> ml_rules.h, libxml2.
 */
#ifndef ML_CONFIG_H
#define ML_CONFIG_H

#include "marklint.h"
#include "ml_rules.h"

#include <stdio.h>

#define ML_CONFIG_NAME ".marklint.xml"
#define ML_CONFIG_MAX_SIZE (1u << 20) /* bytes of a configuration file */

/* A <rules> or <authorities> file. */
typedef struct ml_config_href {
	char *path;       /* resolved against the configuration's directory */
	int authorities;  /* <authorities> rather than <rules> */
	int lanes;        /* <lanes>: a lanes file (ml_lanes.h) */
	int line;
} ml_config_href;

/* A <rule> switch. */
typedef struct ml_config_rule {
	char *id;
	int line;
	int enabled;      /* -1: not said, 0: no, 1: yes */
	int has_severity;
	ml_severity severity;
} ml_config_rule;

typedef struct ml_config {
	char *path;       /* the file, as given or found */
	int has_fail_on, has_min_severity;
	ml_severity fail_on, min_severity;
	ml_config_href *hrefs; /* in document order */
	size_t nhrefs;
	ml_config_rule *rules; /* in document order */
	size_t nrules;
	/* <memo>: the memorandum's blocks; NULL when not said */
	char *memo_for, *memo_from, *memo_signature, *memo_date;
} ml_config;

/* ml_config_find (the nearest ML_CONFIG_NAME): marklint.h. */

/* Reads and validates the configuration at path. Returns 0 and *out
 * (caller frees with ml_config_free), or a negative status with err. */
int ml_config_load(const char *path, ml_config **out, ml_error *err);
void ml_config_free(ml_config *c);

/* Loads the configuration's rule and authority files into rs, in order.
 * A bad file fails with its own error ("rules-invalid"). */
int ml_config_load_files(const ml_config *c, ml_rules *rs, ml_error *err);
/* Applies the <rule> switches to rs (after every file is loaded). An
 * unknown rule ID fails with "FILE:LINE: unknown rule ID 'X'". */
int ml_config_apply_rules(const ml_config *c, ml_rules *rs, ml_error *err);

/* Writes an effective configuration as a configuration file that
 * validates: the thresholds, the files, and every rule of rs with its
 * state. source (may be NULL) goes into a comment. */
void ml_config_write(FILE *out, const char *source, ml_severity fail_on,
                     ml_severity min_severity, const ml_config_href *hrefs,
                     size_t nhrefs, const ml_rules *rs);

#endif

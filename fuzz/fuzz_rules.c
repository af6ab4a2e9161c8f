/* fuzz_rules.c - fuzz target: the rule-file loader
 * (ml_rules_load_memory in lint/ml_rules.h): schema validation, pattern
 * compilation, replacement of built-in entries. The bytes are loaded
 * over the built-in rule set, as a user's --rules file is. */
#include "fuzz.h"

#include "ml_rules.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_error err;
	ml_rules *rs; /* ours: ml_rules_free */
	const ml_ruledef *defs;
	size_t i, n;

	memset(&err, 0, sizeof err);
	rs = ml_rules_new();
	if (ml_rules_load_builtin(rs, &err) != 0)
		__builtin_trap(); /* the shipped files always load */
	if (ml_rules_load_memory(rs, "fuzz.xml", (const char *)data, size,
	                         &err) == 0) {
		n = ml_rules_defs(rs, &defs);
		for (i = 0; i < n; i++)
			(void)ml_rules_def(rs, defs[i].id);
	} else if (!err.code[0] || !memchr(err.message, '\0',
	                                   sizeof err.message)) {
		__builtin_trap(); /* an error always says what */
	}
	ml_rules_free(rs);
	return 0;
}

/* ml_severity.c - the names of severities (marklint.h), as reports
 * write them and as rule files and the configuration give them. */
#include "ml_rules.h"

#include <strings.h>

const char *ml_severity_name(ml_severity s)
{
	switch (s) {
	case ML_SEV_INFO:
		return "info";
	case ML_SEV_WARNING:
		return "warning";
	case ML_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

int ml_severity_parse(const char *name, ml_severity *out)
{
	static const struct {
		const char *name;
		ml_severity sev;
	} names[] = {
		{"info", ML_SEV_INFO},       {"note", ML_SEV_INFO},
		{"warning", ML_SEV_WARNING}, {"warn", ML_SEV_WARNING},
		{"error", ML_SEV_ERROR},
	};
	size_t i;

	for (i = 0; name && i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].sev;
			return 0;
		}
	}
	return -1;
}

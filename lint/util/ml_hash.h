/* ml_hash.h - FNV-1a over bytes: the one string hash of marklint's hash
 * tables (document parts, the report's strings, baseline keys, audit
 * groups), the audit's page names and the findings' fingerprints. Not a
 * defence against chosen collisions.
 *
 * ML_FNV1A_BASIS is the offset basis every copy of this hash used before
 * it lived here (it lacks the last digit of FNV's published basis). It
 * stays: fingerprints recorded in users' baselines and the audit's page
 * names depend on it.
 *
 * Include graph: ml_doc.c, ml_pdflayout.c (its running-header key, over
 * a normalised stream), ml_report.c, ml_suppress.c, ml_baseline.c,
 * ml_audit.c, ml_audit_docs.c -> this -> libc. */
#ifndef ML_HASH_H
#define ML_HASH_H

#include <stddef.h>
#include <stdint.h>

#define ML_FNV1A_BASIS 1469598103934665603ULL
#define ML_FNV1A_PRIME 1099511628211ULL

/* h carried on over data[0..n) (start from ML_FNV1A_BASIS). */
static inline uint64_t ml_fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * ML_FNV1A_PRIME;
	return h;
}

/* The hash of the string s (without its NUL). */
static inline uint64_t ml_fnv1a_str(const char *s)
{
	uint64_t h = ML_FNV1A_BASIS;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * ML_FNV1A_PRIME;
	return h;
}

#endif

/* ml_pkgcopy.h - a copy of a zip package with some entries replaced or
 * added (for `marklint annotate`), written to a stream.
 *
 * The second libzip user besides ml_zip.c: ml_zip.c reads packages for the
 * readers (with the bomb guards); this module rewrites one. It opens the
 * package from bytes already read (the same bytes that were checked), reads
 * a few small entries for the caller, then makes the copy in memory:
 * libzip replaces or adds the changed entries and rewrites the archive
 * (unchanged entries are copied with their compressed data as they were),
 * and the bytes go to the caller's stream (an atomic file, ml_file.h, or
 * memory). The input file is never opened for writing.
 *
 * Include graph: ml_pkgcopy.c -> ml_buf.h, marklint.h, <zip.h>.
 */
#ifndef ML_PKGCOPY_H
#define ML_PKGCOPY_H

#include "marklint.h"
#include "ml_buf.h"

#include <stdio.h>

typedef struct ml_pkgcopy ml_pkgcopy;

/* Opens the package held in data (borrowed: it must outlive the
 * ml_pkgcopy). Returns 0 and *out (caller frees with ml_pkgcopy_free), or
 * a negative status with err filled ("zip-corrupt"). */
int ml_pkgcopy_open(const char *name, const void *data, size_t len,
                    ml_pkgcopy **out, ml_error *err);
void ml_pkgcopy_free(ml_pkgcopy *p);

/* The entry named name exactly as stored (no leading '/'), or -1. */
int ml_pkgcopy_find(const ml_pkgcopy *p, const char *name);

/* Reads entry index, inflated, into out (within its cap: "limit-part-size"
 * beyond it). Returns 0 or a negative status with err filled. */
int ml_pkgcopy_read(ml_pkgcopy *p, int index, ml_buf *out, ml_error *err);

/* Replaces (or, when absent, adds at the end) the entry name with data.
 * The buffer is taken over (freed by ml_pkgcopy_free). */
void ml_pkgcopy_put(ml_pkgcopy *p, const char *name, char *data, size_t len);

/* Writes the copy to out. Returns 0 or a negative status with err filled
 * ("output-unwritable"). */
int ml_pkgcopy_write(ml_pkgcopy *p, FILE *out, ml_error *err);

#endif

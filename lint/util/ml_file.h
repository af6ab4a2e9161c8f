/* ml_file.h - files: the capped read of a whole input, and the one atomic
 * writer of every output (reports, baselines, the memo, the audit, the
 * annotated copy).
 *
 * The atomic writer's behaviour, the same for every output:
 *   - the bytes go to a new temporary file in the target's directory
 *     (".NAME.marklint-XXXXXX", created with O_EXCL, so never an existing
 *     file), with mode 0666 less the umask, as a shell redirection would
 *     make it (no umask(2) call: threads share the umask);
 *   - commit flushes, fsyncs and closes it, then renames it onto the
 *     target (replace) or links it there, failing with "output-exists"
 *     when the target exists (no replace), and removes the temporary
 *     name; any failure removes the temporary file and leaves the target
 *     as it was ("output-unwritable");
 *   - that a target is not one of the inputs is the caller's check
 *     (ml_file_same), made before any work.
 *
 * Include graph: ml_file.c -> ml_buf.h, ml_err.h.
 */
#ifndef ML_FILE_H
#define ML_FILE_H

#include "marklint.h"
#include "ml_buf.h"

#include <stdio.h>

/* Reads the whole file at path ("-": standard input) into out, which
 * must be empty, within max bytes. Returns 0, or a negative status with
 * err: "io-not-found", "io-directory", "io-unreadable", "limit-file-size"
 * (out is then emptied). */
int ml_file_read(const char *path, uint64_t max, ml_buf *out,
                 ml_error *err);

/* Whether the paths name the same file: the same string, or the same
 * device and inode (both exist). "-" is never the same as a file. */
int ml_file_same(const char *a, const char *b);

typedef struct ml_atomic ml_atomic;

/* Creates the temporary file for path. Returns 0 and *out (finish it with
 * ml_atomic_commit or ml_atomic_abort, which free it), or a negative
 * status with err ("output-unwritable"). */
int ml_atomic_open(const char *path, ml_atomic **out, ml_error *err);
/* The stream to write to (owned by a). */
FILE *ml_atomic_file(ml_atomic *a);
/* Puts the file in place (see above). Returns 0, or a negative status
 * with err. Frees a either way. */
int ml_atomic_commit(ml_atomic *a, int replace, ml_error *err);
/* Removes the temporary file; frees a. */
void ml_atomic_abort(ml_atomic *a);

#endif

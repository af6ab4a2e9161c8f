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

/* ml_file_same and the atomic writer (ml_atomic_open, _file, _commit,
 * _abort), whose behaviour is described above, are public: marklint.h. */

#endif

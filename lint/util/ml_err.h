/* ml_err.h - filling an ml_error (marklint.h): the one place that writes
 * a status, a stable code and a one-line message into it.
 *
 * Include graph: every stage -> this -> marklint.h.
 */
#ifndef ML_ERR_H
#define ML_ERR_H

#include "marklint.h"

#include <stdarg.h>

/* Sets err (NULL: nothing) to status, code and the formatted message,
 * each cut to its field. Returns status, so that a caller can write
 * `return ml_err(err, ML_EIO, "io-unreadable", "...")`. */
int ml_err(ml_error *err, ml_status status, const char *code,
           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int ml_verr(ml_error *err, ml_status status, const char *code,
            const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* As ml_err, for a fault at a line of a file: the message is
 * "FILE:LINE: reason", or "FILE: reason" when line is 0. */
int ml_err_at(ml_error *err, ml_status status, const char *code,
              const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int ml_verr_at(ml_error *err, ml_status status, const char *code,
               const char *file, unsigned long line, const char *fmt,
               va_list ap) __attribute__((format(printf, 6, 0)));

#endif

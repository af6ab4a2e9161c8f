/* ml_err.c - filling an ml_error. */
#include "ml_err.h"

#include <stdio.h>
#include <string.h>

int ml_verr(ml_error *err, ml_status status, const char *code,
            const char *fmt, va_list ap)
{
	if (!err)
		return status;
	memset(err, 0, sizeof *err);
	err->status = status;
	snprintf(err->code, sizeof err->code, "%s", code);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return status;
}

int ml_verr_at(ml_error *err, ml_status status, const char *code,
               const char *file, unsigned long line, const char *fmt,
               va_list ap)
{
	int k;

	if (line)
		ml_err(err, status, code, "%s:%lu: ", file, line);
	else
		ml_err(err, status, code, "%s: ", file);
	if (!err)
		return status;
	k = (int)strlen(err->message);
	vsnprintf(err->message + k, sizeof err->message - (size_t)k, fmt, ap);
	return status;
}

int ml_err_at(ml_error *err, ml_status status, const char *code,
              const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr_at(err, status, code, file, line, fmt, ap);
	va_end(ap);
	return status;
}

int ml_err(ml_error *err, ml_status status, const char *code,
           const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr(err, status, code, fmt, ap);
	va_end(ap);
	return status;
}

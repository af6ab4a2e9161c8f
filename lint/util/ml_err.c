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

int ml_err(ml_error *err, ml_status status, const char *code,
           const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr(err, status, code, fmt, ap);
	va_end(ap);
	return status;
}

/* ml_build.c - how this build was made (marklint.h's ml_build_info), for
 * `marklint --version` and bug reports: the version and licence, whether
 * PDF is read, whether PCRE2 compiles patterns to machine code here, the
 * libraries' versions, and where the installed copies of markings/ are. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "marklint.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <pcre2.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ML_LICENSE
#define ML_LICENSE ""
#endif
/* the installed data folder: relative to the executable's folder (a
 * relocated install, a package), then where the build was told */
#ifndef ML_DATADIR_FROM_BIN
#define ML_DATADIR_FROM_BIN "../share/marklint"
#endif
#ifndef ML_DATADIR
#define ML_DATADIR "/usr/local/share/marklint"
#endif

/* Whether dir holds the installed markings/ (its schema). */
static int S_is_datadir(const char *dir)
{
	char path[4400];
	struct stat st;

	snprintf(path, sizeof path, "%s/markings.rng", dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of the running executable, into buf; 0 or -1. */
static int S_exe_dir(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	char *slash;

	if (len <= 0)
		return -1;
	buf[len] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static void S_datadir(char *out, size_t n)
{
	char exe[4096], dir[4200], *real;

	out[0] = '\0';
	if (S_exe_dir(exe, sizeof exe) == 0) {
		snprintf(dir, sizeof dir, "%s/%s", exe, ML_DATADIR_FROM_BIN);
		if (S_is_datadir(dir) && (real = realpath(dir, NULL))) {
			snprintf(out, n, "%s", real);
			free(real);
			return;
		}
	}
	if (S_is_datadir(ML_DATADIR))
		snprintf(out, n, "%s", ML_DATADIR);
}

/* Whether PCRE2 JIT-compiles a pattern here (it may be built without, or
 * the system may refuse executable memory). */
static int S_jit(void)
{
	int errcode, ok;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)"a", 1, 0, &errcode,
	                                 &erroff, NULL);

	if (!code)
		return 0;
	ok = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	pcre2_code_free(code);
	return ok;
}

void ml_build_info_get(ml_build_info *out)
{
	memset(out, 0, sizeof *out);
	out->version = ml_version();
	out->licence = ML_LICENSE;
	out->pdf = ml_pdf_support();
	out->jit = S_jit();
	pcre2_config(PCRE2_CONFIG_VERSION, out->pcre2);
	snprintf(out->libxml2, sizeof out->libxml2, "%s",
	         LIBXML_DOTTED_VERSION);
	snprintf(out->libzip, sizeof out->libzip, "%s", zip_libzip_version());
	snprintf(out->jansson, sizeof out->jansson, "%s",
	         jansson_version_str());
	S_datadir(out->datadir, sizeof out->datadir);
}

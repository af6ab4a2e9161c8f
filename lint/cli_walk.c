/* cli_walk.c - the inputs of `marklint check`: PATHs, with directories
 * walked recursively in a deterministic order. */
#include "cli.h"
#include "ml_buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The extensions marklint reads when walking a directory (a file named on
 * the command line is read by content whatever its name). */
static const char *const S_extensions[] = {
	"docx", "docm", "dotx", "dotm", "odt", "ott", "fodt", "xml", "txt",
	"text", "md",
};

int cli_is_document_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!dot || dot == name)
		return 0;
	for (i = 0; i < sizeof S_extensions / sizeof S_extensions[0]; i++)
		if (strcasecmp(dot + 1, S_extensions[i]) == 0)
			return 1;
	return 0;
}

static void S_add(cli_inputs *in, char *path)
{
	if (in->n == in->alloc) {
		in->alloc = in->alloc ? in->alloc * 2 : 16;
		in->paths = ml_xrealloc(in->paths,
		                        in->alloc * sizeof *in->paths);
	}
	in->paths[in->n++] = path;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void S_dir_error(const char *dir, int e)
{
	ml_error err;

	memset(&err, 0, sizeof err);
	err.status = ML_EIO;
	snprintf(err.code, sizeof err.code, "io-unreadable");
	snprintf(err.message, sizeof err.message,
	         "cannot read directory: %s", strerror(e));
	cli_report_error(dir, &err);
}

/* The visible entry names of dir, sorted (caller frees each and the
 * array); -1 with errno when the directory cannot be read. */
static long S_entries(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, alloc = 0;

	if (!d)
		return -1;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') /* hidden, "." and ".." */
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			v = ml_xrealloc(v, alloc * sizeof *v);
		}
		v[n++] = ml_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof *v, S_cmp);
	*out = v;
	return (long)n;
}

static char *S_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';
	char *p = ml_xmalloc(dl + (size_t)slash + nl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + (size_t)slash, name, nl + 1);
	return p;
}

/* Walks dir: documents are added, subdirectories walked, symlinks and
 * other files skipped. Returns 0, or 2 when a directory was unreadable. */
static int S_walk(const char *dir, cli_inputs *in)
{
	char **names = NULL;
	long n = S_entries(dir, &names), i;
	int status = 0;
	struct stat st;

	if (n < 0) {
		S_dir_error(dir, errno);
		return 2;
	}
	for (i = 0; i < n; i++) {
		char *path = S_join(dir, names[i]);
		int doc = cli_is_document_name(names[i]);
		int ok = lstat(path, &st) == 0;

		free(names[i]);
		if (ok && S_ISDIR(st.st_mode)) {
			if (S_walk(path, in))
				status = 2;
			free(path);
		} else if (ok && doc && S_ISREG(st.st_mode)) {
			S_add(in, path);
		} else {
			free(path); /* symlink, other type, vanished */
		}
	}
	free(names);
	return status;
}

int cli_inputs_collect(char *const *paths, int npaths, cli_inputs *out)
{
	struct stat st;
	int i, status = 0;

	memset(out, 0, sizeof *out);
	for (i = 0; i < npaths; i++) {
		/* a directory named on the command line is walked even when
		 * it is a symlink; inside it, links are not followed */
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (S_walk(paths[i], out))
				status = 2;
		} else {
			S_add(out, ml_xstrdup(paths[i]));
		}
	}
	return status;
}

void cli_inputs_free(cli_inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->paths[i]);
	free(in->paths);
	memset(in, 0, sizeof *in);
}

/* cli_walk.c - the inputs of `marklint check` and `marklint audit`: PATHs,
 * with directories walked recursively in a deterministic order, and what
 * the walk left out and why (the audit adds globs and symlink
 * following). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The extensions marklint reads when walking a directory (a file named on
 * the command line is read by content whatever its name). */
static const char *const S_extensions[] = {
	"docx", "docm", "dotx", "dotm", "odt", "ott", "fodt", "xml", "txt",
	"text", "md", "markdown", "pdf", "pptx", "pptm", "potx",
};

/* Why a file in a walked folder is left out: by its extension first
 * (the formats a user may expect marklint to read), then by kind. */
static const struct {
	const char *ext;  /* NULL: not by extension */
	const char *code, *reason;
} S_why[] = {
	{"doc", "cfb-legacy", "a legacy Word document (.doc): save it as "
	 ".docx, then check it"},
	{"dot", "cfb-legacy", "a legacy Word template (.dot): save it as "
	 ".dotx, then check it"},
	{"rtf", "skip-type", "an RTF document: save it as .docx, then check "
	 "it"},
	{"wpd", "skip-type", "a WordPerfect document: save it as .docx, then "
	 "check it"},
};
#define S_WHY_TYPE "not a document type marklint reads"
#define S_WHY_LINK "a symbolic link (--follow-symlinks follows them)"
#define S_WHY_EXCLUDED "left out by --exclude or --include"
#define S_WHY_SPECIAL "not a regular file"
#define S_WHY_LOOP "a link to a folder being walked (a loop)"
#define S_WHY_DEEP "a folder nested more than 64 deep"

static const char *S_extension(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name ? dot + 1 : NULL;
}

int cli_is_document_name(const char *name)
{
	const char *ext = S_extension(name);
	size_t i;

	for (i = 0; ext && i < sizeof S_extensions / sizeof *S_extensions;
	     i++)
		if (strcasecmp(ext, S_extensions[i]) == 0)
			return 1;
	return 0;
}

/* Lists path (taken: owned by in from now) as left out, and why. */
static void S_skip(cli_inputs *in, char *path, const char *code,
                   const char *reason)
{
	ml_skipped *sk;

	ML_VEC_GROW(in->skipped, in->askipped, in->nskipped + 1, 16);
	sk = &in->skipped[in->nskipped++];
	sk->path = path;
	sk->code = code;
	sk->reason = reason;
}

/* A regular file of a type marklint does not read. */
static void S_skip_type(cli_inputs *in, char *path, const char *name)
{
	const char *ext = S_extension(name);
	size_t i;

	for (i = 0; ext && i < sizeof S_why / sizeof *S_why; i++)
		if (strcasecmp(ext, S_why[i].ext) == 0) {
			S_skip(in, path, S_why[i].code, S_why[i].reason);
			return;
		}
	S_skip(in, path, "skip-type", S_WHY_TYPE);
}

void cli_inputs_report_skipped(FILE *f, const cli_inputs *in)
{
	ml_summary s;
	ml_writer *w;

	if (!in->nskipped)
		return;
	/* the text writer's lines, without its summary line */
	memset(&s, 0, sizeof s);
	s.skipped = in->skipped;
	s.nskipped = in->nskipped;
	w = ml_writer_new(ML_REPORT_TEXT, f, NULL);
	ml_writer_finish(w, &s);
}

static void S_add(cli_inputs *in, char *path)
{
	ML_VEC_GROW(in->paths, in->alloc, in->n + 1, 16);
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
		ML_VEC_GROW(v, alloc, n + 1, 32);
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

/* Whether a glob of the list matches path (a glob with a '/' is matched
 * against the whole path, '*' crossing '/'; else against the name). */
static int S_glob_any(const char *const *globs, size_t n, const char *path,
                      const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], strchr(globs[i], '/') ? path : name,
		            0) == 0)
			return 1;
	return 0;
}

/* The directories being walked (to stop symlink loops), innermost last. */
typedef struct S_stack {
	dev_t dev[64];
	ino_t ino[64];
	size_t n;
} S_stack;

static int S_on_stack(const S_stack *s, const struct stat *st)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->dev[i] == st->st_dev && s->ino[i] == st->st_ino)
			return 1;
	return 0;
}

/* Walks dir: documents are added, subdirectories walked, symlinks (unless
 * o asks to follow them) and other files listed as skipped, with why.
 * Returns 0, or 2 when a directory was unreadable. */
static int S_walk(const char *dir, cli_inputs *in, cli_walk_opts *o,
                  S_stack *stack)
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
		int excluded = o && S_glob_any(o->exclude, o->nexclude, path,
		                               names[i]);

		if (ok && S_ISLNK(st.st_mode) && o && o->follow_symlinks)
			ok = stat(path, &st) == 0;
		if (ok && S_ISDIR(st.st_mode)) {
			if (excluded) {
				S_skip(in, path, "skip-excluded",
				       S_WHY_EXCLUDED);
			} else if (S_on_stack(stack, &st)) {
				S_skip(in, path, "skip-link", S_WHY_LOOP);
			} else if (stack->n == sizeof stack->dev /
			           sizeof *stack->dev) {
				S_skip(in, path, "skip-special", S_WHY_DEEP);
			} else {
				stack->dev[stack->n] = st.st_dev;
				stack->ino[stack->n++] = st.st_ino;
				if (S_walk(path, in, o, stack))
					status = 2;
				stack->n--;
				free(path);
			}
		} else if (!ok) {
			free(path); /* vanished while walking */
		} else if (S_ISLNK(st.st_mode)) {
			S_skip(in, path, "skip-link", S_WHY_LINK);
		} else if (!S_ISREG(st.st_mode)) {
			S_skip(in, path, "skip-special", S_WHY_SPECIAL);
		} else if (excluded || (o && o->ninclude &&
		           !S_glob_any(o->include, o->ninclude, path,
		                       names[i]))) {
			S_skip(in, path, "skip-excluded", S_WHY_EXCLUDED);
		} else if (doc) {
			S_add(in, path);
		} else {
			S_skip_type(in, path, names[i]);
		}
		free(names[i]);
	}
	free(names);
	return status;
}

int cli_inputs_walk(char *const *paths, int npaths, cli_walk_opts *o,
                    cli_inputs *out)
{
	struct stat st;
	int i, status = 0;
	S_stack stack;

	memset(out, 0, sizeof *out);
	for (i = 0; i < npaths; i++) {
		/* a directory named on the command line is walked even when
		 * it is a symlink; inside it, links are not followed */
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			stack.dev[0] = st.st_dev;
			stack.ino[0] = st.st_ino;
			stack.n = 1;
			if (S_walk(paths[i], out, o, &stack))
				status = 2;
		} else {
			S_add(out, ml_xstrdup(paths[i]));
		}
	}
	return status;
}

int cli_inputs_collect(char *const *paths, int npaths, cli_inputs *out)
{
	return cli_inputs_walk(paths, npaths, NULL, out);
}

void cli_inputs_free(cli_inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->paths[i]);
	free(in->paths);
	for (i = 0; i < in->nskipped; i++)
		free((char *)in->skipped[i].path);
	free(in->skipped);
	memset(in, 0, sizeof *in);
}

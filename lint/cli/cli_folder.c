/* cli_folder.c - outputs put in place as a whole. One file: through the
 * atomic writer (cli_write_file). A folder of outputs (the audit's docs/
 * and worklists/): written into a new hidden folder beside it, synced to
 * disk once, then renamed over the old one, which is then removed; a
 * reader never sees half of it. The folders are flat: only their own
 * files are removed. */
#define _GNU_SOURCE 1 /* syncfs: one sync for a folder of many files */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_write_file(const char *path, int replace,
                   int (*fill)(void *ctx, FILE *f, const char *path),
                   void *ctx)
{
	ml_atomic *f;
	ml_error err;

	if (ml_atomic_open(path, &f, &err) < 0) {
		cli_report_error(path, &err);
		return 2;
	}
	if (fill(ctx, ml_atomic_file(f), path) != 0) {
		ml_atomic_abort(f);
		return 2;
	}
	if (ml_atomic_commit(f, replace, &err) < 0) {
		cli_report_error(path, &err);
		return 2;
	}
	return 0;
}

const char *cli_error_file(const ml_error *err, const char *input,
                           const char *out)
{
	return strcmp(err->code, "output-unwritable") == 0 ? out : input;
}

/* a, b and c joined (caller frees). */
static char *S_cat(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = ml_xmalloc(n);

	snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* Removes the files directly inside dir, then dir (best effort). */
static void S_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *p;

	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = S_cat(dir, "/", e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Puts what was written into dir on disk before dir is put in place, as
 * the atomic writer does for one file (ml_file.h); the files in dir are
 * not synced one by one: one syncfs is as safe and, for an audit's
 * thousands of pages, seconds faster. 0, or -1 (errno). */
static int S_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r, e;

	if (fd < 0)
		return -1;
#ifdef __linux__
	r = syncfs(fd);
#else
	sync();
	r = 0;
#endif
	e = errno;
	close(fd);
	errno = e;
	return r;
}

/* dir/.NAME.XXXXXX made (mode 0777 less the umask): caller frees. */
static char *S_mkdtemp(const char *dir, const char *name, const char *tag)
{
	size_t n = strlen(dir) + strlen(name) + strlen(tag) + 10;
	char *t = ml_xmalloc(n);
	mode_t um;

	snprintf(t, n, "%s/.%s%s.XXXXXX", dir, name, tag);
	if (!mkdtemp(t)) {
		free(t);
		return NULL;
	}
	um = umask(0);
	umask(um);
	chmod(t, 0777 & ~um);
	return t;
}

int cli_folder_write(const char *dir, const char *name,
                     int (*fill)(void *ctx, const char *folder), void *ctx)
{
	char *tmp = S_mkdtemp(dir, name, ""), *old = NULL;
	char *final = S_cat(dir, "/", name); /* freed below */
	struct stat st;
	int r = -1, e = 0;

	if (!tmp)
		goto fail;
	if (fill(ctx, tmp) < 0 || S_sync(tmp) < 0)
		goto fail;
	if (lstat(final, &st) == 0) {
		/* the old folder goes aside, then away */
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			goto fail;
		}
		old = S_mkdtemp(dir, name, "-old");
		if (!old || rename(final, old) != 0)
			goto fail;
	}
	if (rename(tmp, final) != 0) {
		e = errno;
		if (old)
			rename(old, final); /* put the old one back */
		errno = e;
		goto fail;
	}
	free(tmp);
	tmp = NULL;
	r = 0;
fail:
	e = errno;
	if (tmp)
		S_remove(tmp);
	if (old)
		S_remove(old);
	if (r)
		fprintf(stderr, "%s: error: %s [output-unwritable]\n",
		        final, strerror(e ? e : EIO));
	free(tmp);
	free(old);
	free(final);
	return r;
}

int cli_folder_holds(const char *dir, const char *name, const char *path)
{
	struct stat f, p;
	char *b = S_cat(dir, "/", name); /* freed below */
	char *slash;
	int same;

	same = stat(b, &f) == 0;
	free(b);
	b = ml_xstrdup(path);
	slash = strrchr(b, '/');
	if (slash)
		*slash = '\0';
	same = same && stat(slash ? b : ".", &p) == 0 &&
	       p.st_dev == f.st_dev && p.st_ino == f.st_ino;
	free(b);
	return same;
}

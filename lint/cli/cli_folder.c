/* cli_folder.c - a folder of outputs (the audit's docs/ and worklists/)
 * put in place as a whole: written into a new hidden folder beside it,
 * then renamed over the old one, which is then removed; a reader never
 * sees half of it. The folders are flat: only their own files are
 * removed. */
#include "cli.h"
#include "ml_buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes the files directly inside dir, then dir (best effort). */
static void S_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	ml_buf p;

	if (d) {
		ml_buf_init(&p, 1 << 16);
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			ml_buf_clear(&p);
			ml_buf_printf(&p, "%s/%s", dir, e->d_name);
			unlink(p.ptr);
		}
		ml_buf_free(&p);
		closedir(d);
	}
	rmdir(dir);
}

/* dir/.NAME.XXXXXX made (mode 0777 less the umask): caller frees. */
static char *S_mkdtemp(const char *dir, const char *name, const char *tag)
{
	ml_buf b;
	char *t;
	mode_t um;

	ml_buf_init(&b, 1 << 16);
	ml_buf_printf(&b, "%s/.%s%s.XXXXXX", dir, name, tag);
	t = ml_buf_detach(&b, NULL);
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
	ml_buf final;
	struct stat st;
	int r = -1, e = 0;

	ml_buf_init(&final, 1 << 16);
	ml_buf_printf(&final, "%s/%s", dir, name);
	if (!tmp)
		goto fail;
	if (fill(ctx, tmp) < 0)
		goto fail;
	if (lstat(final.ptr, &st) == 0) {
		/* the old folder goes aside, then away */
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			goto fail;
		}
		old = S_mkdtemp(dir, name, "-old");
		if (!old || rename(final.ptr, old) != 0)
			goto fail;
	}
	if (rename(tmp, final.ptr) != 0) {
		e = errno;
		if (old)
			rename(old, final.ptr); /* put the old one back */
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
		        final.ptr, strerror(e ? e : EIO));
	free(tmp);
	free(old);
	ml_buf_free(&final);
	return r;
}

int cli_folder_holds(const char *dir, const char *name, const char *path)
{
	struct stat f, p;
	ml_buf b;
	char *slash;
	int same;

	ml_buf_init(&b, 1 << 16);
	ml_buf_printf(&b, "%s/%s", dir, name);
	same = stat(b.ptr, &f) == 0;
	ml_buf_clear(&b);
	ml_buf_puts(&b, path);
	slash = strrchr(b.ptr, '/');
	if (slash)
		*slash = '\0';
	same = same && stat(slash ? b.ptr : ".", &p) == 0 &&
	       p.st_dev == f.st_dev && p.st_ino == f.st_ino;
	ml_buf_free(&b);
	return same;
}

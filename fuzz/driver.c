/* driver.c - main() for the fuzz targets when libFuzzer is not linked
 * (every build without MARKLINT_FUZZ): runs the target once over each
 * FILE, or over each file of each DIRECTORY, the way libFuzzer runs a
 * crash file. A crash is a crash; otherwise exit 0. Used by the
 * regression tests (tests/fuzz.cmake) and by valgrind. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/* Runs the target over path's bytes; returns 0, or 1 when unreadable. */
static int S_run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL; /* ours: free */
	size_t n = 0, cap = 0, got;
	int rc = 1;

	if (!f) {
		perror(path);
		return 1;
	}
	for (;;) {
		if (n == cap) {
			unsigned char *p;
			cap = cap ? cap * 2 : 65536;
			p = realloc(data, cap);
			if (!p)
				goto cleanup;
			data = p;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		perror(path);
		goto cleanup;
	}
	fprintf(stderr, "running %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(data, n);
	rc = 0;
cleanup:
	free(data);
	fclose(f);
	return rc;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order. */
static int S_run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL; /* ours: free each, then the array */
	size_t n = 0, i, len;
	int rc = 0;

	if (!d) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char **p;
		if (e->d_name[0] == '.')
			continue;
		p = realloc(names, (n + 1) * sizeof *names);
		if (!p) {
			rc = 1;
			break;
		}
		names = p;
		len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (!names[n]) {
			rc = 1;
			break;
		}
		snprintf(names[n++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, S_cmp);
	for (i = 0; i < n; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 &&
		    S_ISREG(st.st_mode))
			rc = S_run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc && rc == 0; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = S_run_dir(argv[i]);
		else
			rc = S_run_file(argv[i]);
	}
	return rc ? 2 : 0;
}

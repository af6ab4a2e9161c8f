/* cli_audit.c - `marklint audit`: walk a folder tree (or read JSON Lines
 * shards of `marklint check`), lint the documents on -j threads
 * (cli_pool.c: each worker makes a small summary, folded into the audit
 * in input order, so the memo and stderr read the same whatever the
 * scheduling), and write audit.html, audit.csv, audit.json and the
 * audit's memorandum (memo.md, memo.html, memo.docx) into a directory,
 * each file atomically, and its folders docs/ (a page per document) and
 * worklists/ (a CSV per organisation), each put in place whole; with
 * --compare, what changed since an earlier audit.json. */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_DEFAULT_DIR "marklint-audit"

typedef struct S_opts {
	const char *output;         /* -o DIR, or NULL */
	int force;
	unsigned jobs;              /* -j N; 0: the number of cores */
	const char **includes, **excludes; /* owned arrays of argv strings */
	size_t nincludes, nexcludes;
	const char *files_from;     /* FILE, "-" for standard input */
	int follow_symlinks, from_jsonl;
	const char *compare;        /* --compare OLD/audit.json, or NULL */
} S_opts;

enum { S_JOBS, S_INCLUDE, S_EXCLUDE };

/* The folders it writes besides its files (ml_audit_file), each put in
 * place as a whole (cli_folder.c): the pages and the worklists. */
static const char *const S_folder_names[] = {"docs", "worklists"};
#define S_NFOLDERS (sizeof S_folder_names / sizeof S_folder_names[0])

static const cli_option S_options[] = {
	{"output", 'o', ARG_STRING, CLI_TEXT(S_opts, output), "DIR",
	 "write the audit into DIR (default marklint-audit)"},
	{"force", 0, ARG_NONE, CLI_FLAG(S_opts, force), NULL,
	 "replace the audit files that already exist in DIR"},
	{"jobs", 'j', ARG_COUNT, CLI_ID(S_JOBS), "N",
	 "check N documents at a time (default: the number of cores)"},
	{"include", 0, ARG_STRING, CLI_ID(S_INCLUDE), "GLOB",
	 "walk only files that match GLOB (repeatable)"},
	{"exclude", 0, ARG_STRING, CLI_ID(S_EXCLUDE), "GLOB",
	 "leave out files and folders that match GLOB (repeatable)"},
	{"files-from", 0, ARG_STRING, CLI_TEXT(S_opts, files_from), "FILE",
	 "read PATHs from FILE, one a line (- for standard input)"},
	{"follow-symlinks", 0, ARG_NONE,
	 CLI_FLAG(S_opts, follow_symlinks), NULL,
	 "follow symbolic links inside walked folders"},
	{"from-jsonl", 0, ARG_NONE, CLI_FLAG(S_opts, from_jsonl), NULL,
	 "PATHs are `check --format jsonl` shards: audit from them"},
	{"compare", 0, ARG_STRING, CLI_TEXT(S_opts, compare), "FILE",
	 "compare with an earlier audit's audit.json: what is new, what "
	 "was fixed, by organisation"},
};

static void S_push(const char ***v, size_t *n, const char *s)
{
	*v = ml_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

static int S_apply(cli_args *a, const cli_option *opt, const char *value,
                   uint64_t n)
{
	S_opts *o = a->opts;

	switch (opt->id) {
	case S_JOBS: return cli_jobs_value(a, n, &o->jobs);
	case S_INCLUDE: S_push(&o->includes, &o->nincludes, value); break;
	default: S_push(&o->excludes, &o->nexcludes, value); break;
	}
	return 0;
}

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], S_apply,
	CLI_IN_OPTS
};

/* The state of one run. */
typedef struct S_run {
	const cli_args *a;
	const S_opts *o;
	cli_inputs in;
	size_t *idx;           /* profile of each input */
	cli_profiles ps;
	ml_baseline *baseline; /* --baseline, or NULL */
	ml_audit *audit;
	cli_pool pool;
	int status;            /* 0 or 2 */
	int spool_error;
} S_run;

/* What a worker hands to the fold: the summary, and the error of an
 * unreadable document (printed in order). */
typedef struct S_item {
	ml_audit_doc *d;
	int unreadable;
	ml_error err;
	char *path;
} S_item;

static void *S_work(void *ctx, size_t i, ml_scratch *s)
{
	S_run *run = ctx;
	ml_lint_opts lo = *ml_profile_lint_opts(run->ps.v[run->idx[i]]);
	S_item *it = ml_xcalloc(1, sizeof *it);
	ml_result *r;

	lo.baseline = run->baseline;
	if (ml_lint_path(run->in.paths[i], &lo, s, &r) < 0) {
		it->unreadable = 1;
		it->err = *ml_result_error(r);
		it->path = ml_xstrdup(ml_result_path(r));
	}
	it->d = ml_audit_doc_new(r);
	ml_result_free(r);
	return it;
}

static void S_fold(void *ctx, size_t i, void *item)
{
	S_run *run = ctx;
	S_item *it = item;

	if (it->unreadable) {
		cli_pool_quiet(&run->pool);
		cli_report_error(it->path, &it->err);
		run->status = 2;
	}
	if (ml_audit_add(run->audit, it->d) < 0)
		run->spool_error = errno ? errno : EIO;
	ml_audit_doc_free(it->d);
	free(it->path);
	free(it);
}

static int S_cmp_paths(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* --files-from: PATHs, one a line, added to argv's. The strings and the
 * array are owned by *out (free each, then the array). */
static int S_files_from(const char *from, char ***out, size_t *n)
{
	FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t len;

	*out = NULL;
	*n = 0;
	if (!f) {
		fprintf(stderr, "%s: error: cannot read the list of files: %s "
		        "[io-unreadable]\n", from, strerror(errno));
		return 2;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' ||
		                   line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		ML_VEC_GROW(*out, alloc, *n + 1, 64);
		(*out)[(*n)++] = ml_xstrdup(line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

/* The inputs: PATHs and --files-from, walked, sorted by path. */
static int S_inputs(S_run *run)
{
	const cli_args *a = run->a;
	const S_opts *o = run->o;
	cli_walk_opts w;
	char **from = NULL, **all;
	size_t nfrom = 0, i;
	int status = 0;

	if (o->files_from && S_files_from(o->files_from, &from, &nfrom))
		return 2;
	all = ml_xcalloc((size_t)a->npaths + nfrom + 1, sizeof *all);
	for (i = 0; i < (size_t)a->npaths; i++)
		all[i] = a->paths[i];
	for (i = 0; i < nfrom; i++)
		all[a->npaths + i] = from[i];
	memset(&w, 0, sizeof w);
	w.follow_symlinks = o->follow_symlinks;
	w.include = o->includes;
	w.ninclude = o->nincludes;
	w.exclude = o->excludes;
	w.nexclude = o->nexcludes;
	status = cli_inputs_walk(all, (int)((size_t)a->npaths + nfrom), &w,
	                         &run->in);
	if (run->in.n > 1)
		qsort(run->in.paths, run->in.n, sizeof *run->in.paths,
		      S_cmp_paths);
	for (i = 0; i < nfrom; i++)
		free(from[i]);
	free(from);
	free(all);
	return status;
}

/* --- the output directory --- */

/* DIR/NAME (caller frees). */
static char *S_out_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = ml_xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void S_out_error(const char *path, const char *code,
                        const char *msg)
{
	fprintf(stderr, "%s: error: %s [%s]\n", path, msg, code);
}

/* Makes dir when missing; refuses existing outputs without --force.
 * Returns 0 or 2 (after the message). */
static int S_prepare_dir(const char *dir, int force)
{
	struct stat st;
	size_t i;
	int status = 0;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		S_out_error(dir, "output-unwritable", strerror(errno));
		return 2;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		S_out_error(dir, "output-unwritable", "not a directory");
		return 2;
	}
	for (i = 0; i < ML_AUDIT__FILES + S_NFOLDERS && !force; i++) {
		char *p = S_out_path(dir, i < ML_AUDIT__FILES ?
		                     ml_audit_file_name(i) :
		                     S_folder_names[i - ML_AUDIT__FILES]);
		if (lstat(p, &st) == 0) {
			S_out_error(p, "output-exists", "already exists; "
			            "--force replaces it");
			status = 2;
		}
		free(p);
	}
	return status;
}

/* An output must never be one of the inputs (--force included). */
static int S_outputs_not_inputs(const char *dir, const cli_inputs *in)
{
	size_t i, k;
	int r = 0;

	for (i = 0; i < in->n; i++)
		for (k = 0; k < S_NFOLDERS; k++)
			if (cli_folder_holds(dir, S_folder_names[k],
			                     in->paths[i])) {
				S_out_error(in->paths[i], "output-is-input",
				            "is an input of the audit, in a "
				            "folder it replaces; choose another "
				            "-o");
				return 2;
			}
	for (k = 0; k < ML_AUDIT__FILES && !r; k++) {
		char *p = S_out_path(dir, ml_audit_file_name(k)); /* freed */
		for (i = 0; i < in->n && !r; i++)
			if (ml_file_same(in->paths[i], p)) {
				S_out_error(in->paths[i], "output-is-input",
				            "is an input of the audit and would "
				            "be replaced; choose another -o");
				r = 2;
			}
		free(p);
	}
	return r;
}

/* The executive memo's blocks: the command line, else the configuration
 * of the first document; the rules' summaries and authorities from its
 * rule set. */
static const ml_rules *S_memo_opts(S_run *run, ml_memo_opts *o)
{
	const ml_profile *p = run->ps.n ? run->ps.v[0] : NULL;

	cli_memo_opts(run->a, p, o);
	return p ? ml_profile_lint_opts(p)->rules : NULL;
}

/* One output of the audit, into f (cli_write_file). */
typedef struct S_out {
	ml_audit *audit;
	ml_audit_file which;
	const ml_rules *rs;
	ml_memo_opts mo;
} S_out;

static int S_fill_out(void *ctx, FILE *f, const char *path)
{
	const S_out *out = ctx;

	if (ml_audit_write(out->audit, out->which, out->rs, &out->mo, f)) {
		S_out_error(path, "output-unwritable", "cannot write");
		return 2;
	}
	return 0;
}

/* Writes one output atomically. */
static int S_write_out(S_run *run, const char *dir, ml_audit_file which)
{
	char *final = S_out_path(dir, ml_audit_file_name(which)); /* freed */
	S_out out;
	int r;

	out.audit = run->audit;
	out.which = which;
	out.rs = S_memo_opts(run, &out.mo);
	r = cli_write_file(final, 1, S_fill_out, &out);
	free(final);
	return r;
}

/* The pages of docs/, written on the pool: each is its own file, synced
 * to disk, and writing them one after the other was most of what audit
 * did after the last document, on one thread. */
typedef struct S_pages {
	ml_audit *audit;
	const char *folder;
	int err;            /* the first page's errno, or 0 */
} S_pages;

static void *S_page_work(void *ctx, size_t i, ml_scratch *s)
{
	S_pages *p = ctx;

	(void)s;
	errno = 0;
	if (ml_audit_write_page(p->audit, p->folder, i) == 0)
		return NULL;
	return (void *)(intptr_t)(errno ? errno : EIO);
}

static void S_page_fold(void *ctx, size_t i, void *item)
{
	S_pages *p = ctx;

	(void)i;
	if (item && !p->err)
		p->err = (int)(intptr_t)item;
}

static int S_fill_pages(void *ctx, const char *folder)
{
	S_run *run = ctx;
	S_pages p;
	cli_pool pool;
	size_t n;

	if (ml_audit_pages_begin(run->audit, &n) < 0)
		return -1;
	p.audit = run->audit;
	p.folder = folder;
	p.err = 0;
	memset(&pool, 0, sizeof pool);
	pool.n = n;
	pool.jobs = cli_pool_jobs(run->o->jobs, n);
	pool.work = S_page_work;
	pool.fold = S_page_fold;
	pool.ctx = &p;
	cli_pool_run(&pool);
	if (p.err) {
		errno = p.err;
		return -1;
	}
	return ml_audit_write_pages_index(run->audit, folder);
}

static int S_fill_worklists(void *ctx, const char *folder)
{
	return ml_audit_write_worklists(((S_run *)ctx)->audit, folder);
}

/* What fills each of S_folder_names. */
static int (*const S_fill[S_NFOLDERS])(void *, const char *) = {
	S_fill_pages, S_fill_worklists,
};

static int S_write_all(S_run *run, const char *dir)
{
	ml_memo_opts mo;
	const ml_rules *rs = S_memo_opts(run, &mo);
	int status = 0;
	size_t k;

	/* the three memo files: one layout, not three */
	ml_audit_keep_memo(run->audit, rs, &mo);
	for (k = 0; k < ML_AUDIT__FILES; k++)
		if (S_write_out(run, dir, (ml_audit_file)k))
			status = 2;
	for (k = 0; k < S_NFOLDERS; k++)
		if (cli_folder_write(dir, S_folder_names[k], S_fill[k], run))
			status = 2;
	if (status)
		return status;
	printf("%s/%s", dir, ml_audit_file_name(0));
	for (k = 1; k < ML_AUDIT__FILES; k++)
		printf(", %s", ml_audit_file_name(k));
	for (k = 0; k < S_NFOLDERS; k++)
		printf(", %s/", S_folder_names[k]);
	putchar('\n');
	return 0;
}

/* --compare: one line on standard output, after the files written. */
static void S_compare_summary(ml_audit_compare *cmp)
{
	ml_audit_compare_sum s;

	ml_audit_compare_totals(cmp, &s);
	printf("compared with %s: %zu new, %zu fixed, %zu unchanged "
	       "findings; %zu documents new, %zu gone\n", s.against, s.added,
	       s.fixed, s.unchanged, s.docs_new, s.docs_gone);
}

/* --- shards --- */

/* A document read from a shard: where, to find one read twice. */
typedef struct S_seen {
	char *path;          /* owned */
	size_t shard;        /* index in argv's PATHs */
	unsigned long line;
} S_seen;

typedef struct S_shards {
	S_run *run;
	size_t shard;        /* the shard being read */
	S_seen *seen;        /* owned, each path too */
	size_t nseen, aseen;
} S_shards;

static void S_shard_doc(void *ctx, const char *path, unsigned long line,
                        int readable)
{
	S_shards *c = ctx;

	ML_VEC_GROW(c->seen, c->aseen, c->nseen + 1, 256);
	c->seen[c->nseen].path = ml_xstrdup(path);
	c->seen[c->nseen].shard = c->shard;
	c->seen[c->nseen++].line = line;
	if (!readable)
		c->run->status = 2;
}

static int S_seen_cmp(const void *x, const void *y)
{
	const S_seen *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->shard != b->shard)
		return a->shard < b->shard ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* A document in two shards (or twice in one) would be counted twice:
 * an error line for each of the first few; returns 0 or -1. */
static int S_duplicates(S_shards *c, char **names)
{
	size_t i, dups = 0;

	if (c->nseen > 1)
		qsort(c->seen, c->nseen, sizeof *c->seen, S_seen_cmp);
	for (i = 1; i < c->nseen; i++) {
		const S_seen *a = &c->seen[i - 1], *b = &c->seen[i];
		if (strcmp(a->path, b->path) != 0)
			continue;
		if (++dups <= 3)
			fprintf(stderr, "%s:%lu: error: %s is also at %s:%lu: "
			        "the same document would be counted twice (a "
			        "shard given twice, or the same files in two "
			        "shards) [shard-duplicate]\n", names[b->shard],
			        b->line, b->path, names[a->shard], a->line);
	}
	if (dups > 3)
		fprintf(stderr, "marklint: error: %lu documents are in more "
		        "than one shard [shard-duplicate]\n",
		        (unsigned long)dups);
	return dups ? -1 : 0;
}

/* --from-jsonl: every PATH is a shard ("-": standard input). Returns 0,
 * or -1 when the audit must not be written: a shard that cannot be read,
 * is not check's JSON Lines, is cut short, or holds a document another
 * shard holds (an audit that misses or double-counts documents is
 * wrong), or a bad rule file. Unreadable documents in a shard are part
 * of the audit (run->status 2). */
static int S_from_shards(S_run *run)
{
	const cli_args *a = run->a;
	S_shards ctx;
	size_t pi, k;
	int i, status = 0;

	memset(&ctx, 0, sizeof ctx);
	ctx.run = run;
	if (cli_profile_for(&run->ps, a, "-", &pi))
		return -1;
	for (i = 0; i < a->npaths; i++) {
		const char *name = a->paths[i];
		FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		ml_error err;

		ctx.shard = (size_t)i;
		if (!f) {
			S_out_error(name, "io-unreadable", strerror(errno));
			status = -1;
			continue;
		}
		if (ml_audit_add_jsonl(run->audit, f, name,
		                       ml_profile_lint_opts(run->ps.v[pi])->rules,
		                       S_shard_doc, &ctx, &err) < 0) {
			fprintf(stderr, "marklint: error: %s [%s]\n",
			        err.message, err.code);
			status = -1;
		}
		if (f != stdin)
			fclose(f);
	}
	if (S_duplicates(&ctx, a->paths))
		status = -1;
	if (status)
		fprintf(stderr, "marklint: no audit written: fix the shards "
		        "named above and run again\n");
	for (k = 0; k < ctx.nseen; k++)
		free(ctx.seen[k].path);
	free(ctx.seen);
	return status;
}

/* Returns 0 or 2 (an unreadable folder), or -1 when nothing may be
 * written (a bad configuration, an output that is an input). */
static int S_documents(S_run *run, const char *dir)
{
	size_t i;
	int status = S_inputs(run);

	for (i = 0; i < run->in.nskipped; i++)
		ml_audit_add_skipped(run->audit, &run->in.skipped[i]);
	if (S_outputs_not_inputs(dir, &run->in))
		return -1;
	run->idx = ml_xcalloc(run->in.n ? run->in.n : 1, sizeof *run->idx);
	for (i = 0; i < run->in.n; i++)
		if (cli_profile_for(&run->ps, run->a, run->in.paths[i],
		                    &run->idx[i]))
			return -1;
	if (!run->in.n && cli_profile_for(&run->ps, run->a, "-", &i))
		return -1; /* still check the rule files */
	run->pool.n = run->in.n;
	run->pool.jobs = cli_pool_jobs(run->o->jobs, run->in.n);
	run->pool.work = S_work;
	run->pool.fold = S_fold;
	run->pool.ctx = run;
	run->pool.progress = isatty(STDERR_FILENO);
	cli_pool_run(&run->pool);
	return status;
}

static int S_runs_bare(const cli_args *a)
{
	return ((const S_opts *)a->opts)->files_from != NULL;
}

static int S_audit(const cli_args *a)
{
	const S_opts *o = a->opts;
	const char *dir = o->output ? o->output : S_DEFAULT_DIR;
	ml_memo_opts mo;
	S_run run;
	ml_audit_compare *cmp = NULL; /* owned, freed after the audit */
	ml_error err;
	int status;

	memset(&run, 0, sizeof run);
	run.a = a;
	run.o = o;
	/* before any work: an earlier audit that cannot be compared with */
	if (o->compare && ml_audit_compare_load(o->compare, &cmp, &err) < 0) {
		fprintf(stderr, "marklint: error: %s [%s]\n", err.message,
		        err.code);
		return 2;
	}
	if (cli_baseline_load(a, &run.baseline)) {
		ml_audit_compare_free(cmp);
		return 2;
	}
	if (S_prepare_dir(dir, o->force)) {
		ml_baseline_free(run.baseline);
		ml_audit_compare_free(cmp);
		return 2;
	}
	ml_memo_opts_default(&mo);
	mo.min_severity = a->has_min_severity ? a->min_severity : ML_SEV_INFO;
	run.audit = ml_audit_new(&mo);
	if (!run.audit) {
		ml_baseline_free(run.baseline);
		ml_audit_compare_free(cmp);
		S_out_error("marklint", "output-unwritable", strerror(errno));
		return 2;
	}
	if (cmp)
		ml_audit_set_compare(run.audit, cmp);
	if (o->from_jsonl)
		status = S_from_shards(&run);
	else
		status = S_documents(&run, dir);
	if (status < 0) {
		status = 2;
	} else if (run.spool_error) {
		S_out_error("marklint", "output-unwritable", strerror(
		            run.spool_error));
		status = 2;
	} else {
		if (S_write_all(&run, dir))
			status = 2;
		else if (cmp)
			S_compare_summary(cmp);
		if (run.status)
			status = 2;
	}
	ml_audit_free(run.audit);
	ml_audit_compare_free(cmp);
	cli_baseline_done(a, run.baseline, 0);
	cli_profiles_free(&run.ps);
	cli_inputs_free(&run.in);
	free(run.idx);
	return status;
}

static void S_free_opts(void *opts)
{
	S_opts *o = opts;

	free(o->includes);
	free(o->excludes);
}

const cli_command cli_audit_command = {
	"audit", "marklint audit [options] [-o DIR] PATH...",
	"audit a folder tree: roll-ups, audit.html/csv/json and the memo",
	{&S_set, &cli_memo_options, &cli_profile_options, &cli_limit_options,
	 NULL},
	sizeof(S_opts), "PATH", S_runs_bare, S_audit, S_free_opts,
};

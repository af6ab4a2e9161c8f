/* cli_audit.c - `marklint audit`: walk a folder tree (or read JSON Lines
 * shards of `marklint check`), check the documents on -j threads, fold
 * them into the audit in input order, and write audit.html, audit.csv,
 * audit.json and the audit's memorandum (memo.md, memo.html, memo.docx)
 * into a directory, each file atomically (a temporary file in the
 * directory, then rename).
 *
 * Threads: the inputs and their profiles are settled before any thread
 * starts; rule sets are shared read-only; each worker has its own pattern
 * scratch. A worker checks document i into a small summary and parks it in
 * a window of slots; summaries are folded in index order (so the memo and
 * stderr read the same whatever the scheduling) and freed at once, and a
 * worker never runs more than the window ahead, so memory stays flat. */
#include "cli.h"
#include "ml_audit.h"
#include "ml_buf.h"
#include "ml_file.h"
#include "ml_memo.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_DEFAULT_DIR "marklint-audit"

/* What the audit writes, in this order. */
typedef enum S_out { S_HTML, S_CSV, S_JSON, S_MEMO_MD, S_MEMO_HTML,
                     S_MEMO_DOCX, S__OUTS } S_out;
static const char *const S_out_names[S__OUTS] = {
	"audit.html", "audit.csv", "audit.json", "memo.md", "memo.html",
	"memo.docx",
};
/* The folders it writes, each put in place as a whole (cli_folder.c). */
static const char *const S_folder_names[] = {"docs", "worklists"};
#define S_NFOLDERS (sizeof S_folder_names / sizeof S_folder_names[0])

typedef struct S_slot {
	ml_audit_doc d;
	int ready;
} S_slot;

/* The state of one run. Fields below mu are guarded by it. */
typedef struct S_run {
	const cli_args *a;
	cli_inputs in;
	size_t *idx;           /* profile of each input */
	cli_profiles ps;
	ml_baseline *baseline; /* --baseline, or NULL */
	pthread_mutex_t mu;
	pthread_cond_t moved;  /* head advanced */
	size_t next;           /* next input to take */
	size_t head;           /* next input to fold */
	S_slot *slots;         /* window of nslots, by index % nslots */
	size_t nslots;
	ml_audit *audit;
	ml_memo *memo;
	int status;            /* 0 or 2 */
	int spool_error;
	int progress;          /* stderr is a terminal */
	int progress_shown;
	struct timespec start, last;
} S_run;

static double S_since(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) +
	       (double)(t1->tv_nsec - t0->tv_nsec) / 1e9;
}

/* "12/2000 documents, 85.3/s, 0:23 left" on one line of stderr. */
static void S_progress(S_run *run, int last)
{
	struct timespec now;
	double el, rate;
	size_t left = run->in.n - run->head;
	unsigned long secs;

	if (!run->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!last && S_since(&run->last, &now) < 0.2)
		return;
	run->last = now;
	el = S_since(&run->start, &now);
	rate = el > 0 ? (double)run->head / el : 0;
	secs = rate > 0 ? (unsigned long)((double)left / rate + 0.5) : 0;
	fprintf(stderr, "\r%lu/%lu documents, %.1f/s, %lu:%02lu left ",
	        (unsigned long)run->head, (unsigned long)run->in.n, rate,
	        secs / 60, secs % 60);
	if (last)
		fputc('\n', stderr);
	run->progress_shown = !last;
	fflush(stderr);
}

/* Folds one summary into the audit and the memo (mu held). */
static void S_fold(S_run *run, ml_audit_doc *d)
{
	ml_error err;

	if (!d->ok) {
		if (run->progress_shown)
			fputs("\r\033[K", stderr);
		memset(&err, 0, sizeof err);
		snprintf(err.code, sizeof err.code, "%s", d->err_code);
		snprintf(err.message, sizeof err.message, "%s",
		         d->err_message);
		cli_report_error(d->path, &err);
		run->status = 2;
	}
	if (ml_audit_add(run->audit, d) < 0)
		run->spool_error = errno ? errno : EIO;
	ml_audit_doc_to_memo(d, run->memo);
	ml_audit_doc_free(d);
}

/* Parks summary i and folds every ready one in order (mu held). */
static void S_commit(S_run *run, size_t i, ml_audit_doc *d)
{
	S_slot *s;

	while (i >= run->head + run->nslots)
		pthread_cond_wait(&run->moved, &run->mu);
	s = &run->slots[i % run->nslots];
	s->d = *d;
	s->ready = 1;
	while ((s = &run->slots[run->head % run->nslots])->ready) {
		S_fold(run, &s->d);
		s->ready = 0;
		run->head++;
		S_progress(run, 0);
	}
	pthread_cond_broadcast(&run->moved);
}

/* Lints input i into d. */
static void S_check_one(S_run *run, size_t i, ml_scratch *scratch,
                        ml_audit_doc *d)
{
	ml_lint_opts lo = run->ps.v[run->idx[i]].lint;
	ml_result *r;

	lo.baseline = run->baseline;
	ml_lint_path(run->in.paths[i], &lo, scratch, &r);
	ml_audit_doc_from_result(d, r);
	ml_result_free(r);
}

static void *S_worker(void *arg)
{
	S_run *run = arg;
	ml_scratch *scratch = ml_scratch_new(); /* freed below */
	ml_audit_doc d;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&run->mu);
		i = run->next++;
		pthread_mutex_unlock(&run->mu);
		if (i >= run->in.n)
			break;
		S_check_one(run, i, scratch, &d);
		pthread_mutex_lock(&run->mu);
		S_commit(run, i, &d);
		pthread_mutex_unlock(&run->mu);
	}
	ml_scratch_free(scratch);
	return NULL;
}

static unsigned S_jobs(const cli_args *a, size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned j = a->jobs ? a->jobs : cores > 0 ? (unsigned)cores : 1;

	if (j > n)
		j = n ? (unsigned)n : 1;
	return j;
}

static int S_check_all(S_run *run)
{
	unsigned i, nj = S_jobs(run->a, run->in.n), started = 0;
	pthread_t *th = ml_xcalloc(nj, sizeof *th); /* freed below */

	run->nslots = 4 * (size_t)nj + 4;
	run->slots = ml_xcalloc(run->nslots, sizeof *run->slots);
	pthread_mutex_init(&run->mu, NULL);
	pthread_cond_init(&run->moved, NULL);
	clock_gettime(CLOCK_MONOTONIC, &run->start);
	run->last = run->start;
	for (i = 0; i < nj; i++)
		if (pthread_create(&th[i], NULL, S_worker, run) == 0)
			started++;
		else
			break;
	if (!started) /* no thread at all: do the work here */
		S_worker(run);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (run->in.n)
		S_progress(run, 1);
	pthread_cond_destroy(&run->moved);
	pthread_mutex_destroy(&run->mu);
	free(run->slots);
	free(th);
	return 0;
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
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			*out = ml_xrealloc(*out, alloc * sizeof **out);
		}
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
	cli_walk_opts o;
	char **from = NULL, **all;
	size_t nfrom = 0, i;
	int status = 0;

	if (a->files_from && S_files_from(a->files_from, &from, &nfrom))
		return 2;
	all = ml_xcalloc((size_t)a->npaths + nfrom + 1, sizeof *all);
	for (i = 0; i < (size_t)a->npaths; i++)
		all[i] = a->paths[i];
	for (i = 0; i < nfrom; i++)
		all[a->npaths + i] = from[i];
	memset(&o, 0, sizeof o);
	o.follow_symlinks = a->follow_symlinks;
	o.include = a->includes;
	o.ninclude = (size_t)a->nincludes;
	o.exclude = a->excludes;
	o.nexclude = (size_t)a->nexcludes;
	status = cli_inputs_walk(all, (int)((size_t)a->npaths + nfrom), &o,
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

static char *S_out_path(const char *dir, const char *name)
{
	ml_buf b;

	ml_buf_init(&b, 1 << 16);
	ml_buf_printf(&b, "%s/%s", dir, name);
	return ml_buf_detach(&b, NULL);
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
	for (i = 0; i < S__OUTS + S_NFOLDERS && !force; i++) {
		char *p = S_out_path(dir, i < S__OUTS ? S_out_names[i] :
		                     S_folder_names[i - S__OUTS]);
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
	struct stat o[S__OUTS], st;
	int have[S__OUTS];
	size_t i, k;

	for (k = 0; k < S__OUTS; k++) {
		char *p = S_out_path(dir, S_out_names[k]);
		have[k] = stat(p, &o[k]) == 0;
		free(p);
	}
	for (i = 0; i < in->n; i++) {
		for (k = 0; k < S_NFOLDERS; k++)
			if (cli_folder_holds(dir, S_folder_names[k],
			                     in->paths[i])) {
				S_out_error(in->paths[i], "output-is-input",
				            "is an input of the audit, in a "
				            "folder it replaces; choose another "
				            "-o");
				return 2;
			}
		if (stat(in->paths[i], &st) != 0)
			continue;
		for (k = 0; k < S__OUTS; k++)
			if (have[k] && o[k].st_dev == st.st_dev &&
			    o[k].st_ino == st.st_ino) {
				S_out_error(in->paths[i], "output-is-input",
				            "is an input of the audit and would "
				            "be replaced; choose another -o");
				return 2;
			}
	}
	return 0;
}

/* The executive memorandum in format f: the blocks a reviewer fills in
 * from the command line or the configuration of the first document, the
 * rules' summaries and authorities from its rule set. */
static int S_memo(S_run *run, ml_memo_format fmt, FILE *f)
{
	ml_memo_opts o;
	const ml_rules *rs = NULL;

	if (run->ps.n) {
		cli_memo_opts(run->a, &run->ps.v[0], &o);
		rs = run->ps.v[0].rules;
	} else {
		ml_memo_opts_default(&o);
		o.for_whom = run->a->memo_for;
		o.from = run->a->memo_from;
		o.signature = run->a->memo_signature;
		o.date = run->a->memo_date;
	}
	return ml_audit_write_memo(run->audit, run->memo, rs, &o, fmt, f);
}

/* The content of one output. Returns 0, or -1 when writing failed. */
static int S_write_content(S_run *run, S_out which, FILE *f)
{
	switch (which) {
	case S_HTML: return ml_audit_write_html(run->audit, f);
	case S_CSV: return ml_audit_write_csv(run->audit, f);
	case S_JSON: return ml_audit_write_json(run->audit, f);
	case S_MEMO_MD: return S_memo(run, ML_MEMO_MARKDOWN, f);
	case S_MEMO_HTML: return S_memo(run, ML_MEMO_HTML, f);
	default: return S_memo(run, ML_MEMO_DOCX, f);
	}
}

/* Writes one output atomically (ml_file.h). */
static int S_write_out(S_run *run, const char *dir, S_out which)
{
	char *final = S_out_path(dir, S_out_names[which]); /* freed below */
	ml_atomic *f;
	ml_error err;
	int r = 2;

	if (ml_atomic_open(final, &f, &err) < 0) {
		cli_report_error(final, &err);
	} else if (S_write_content(run, which, ml_atomic_file(f)) != 0) {
		ml_atomic_abort(f);
		S_out_error(final, "output-unwritable", "cannot write");
	} else if (ml_atomic_commit(f, 1, &err) < 0) {
		cli_report_error(final, &err);
	} else {
		r = 0;
	}
	free(final);
	return r;
}

static int S_fill_pages(void *ctx, const char *folder)
{
	return ml_audit_write_pages(ctx, folder);
}

static int S_fill_worklists(void *ctx, const char *folder)
{
	return ml_audit_write_worklists(ctx, folder);
}

static int S_write_all(S_run *run, const char *dir)
{
	int status = 0;
	size_t k;

	for (k = 0; k < S__OUTS; k++)
		if (S_write_out(run, dir, (S_out)k))
			status = 2;
	if (cli_folder_write(dir, "docs", S_fill_pages, run->audit) ||
	    cli_folder_write(dir, "worklists", S_fill_worklists, run->audit))
		status = 2;
	if (!status)
		printf("%s/%s, %s, %s, %s, %s, %s, docs/, worklists/\n", dir,
		       S_out_names[0], S_out_names[1], S_out_names[2],
		       S_out_names[3], S_out_names[4], S_out_names[5]);
	return status;
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

typedef struct S_shard_ctx {
	S_run *run;
	size_t shard;        /* the shard being read */
	S_seen *seen;        /* owned, each path too */
	size_t nseen, aseen;
} S_shard_ctx;

static void S_shard_add(void *ctx, const ml_audit_doc *d,
                        unsigned long line)
{
	S_shard_ctx *c = ctx;
	S_run *run = c->run;

	if (c->nseen == c->aseen) {
		c->aseen = c->aseen ? 2 * c->aseen : 256;
		c->seen = ml_xrealloc(c->seen, c->aseen * sizeof *c->seen);
	}
	c->seen[c->nseen].path = ml_xstrdup(d->path);
	c->seen[c->nseen].shard = c->shard;
	c->seen[c->nseen++].line = line;
	if (!d->ok)
		run->status = 2;
	if (ml_audit_add(run->audit, d) < 0)
		run->spool_error = errno ? errno : EIO;
	ml_audit_doc_to_memo(d, run->memo);
}

static void S_shard_skipped(void *ctx, const ml_skipped *sk)
{
	ml_audit_add_skipped(((S_shard_ctx *)ctx)->run->audit, sk);
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
static int S_duplicates(S_shard_ctx *c, char **names)
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
	S_shard_ctx ctx;
	ml_audit_jsonl_sink sink;
	size_t pi, k;
	int i, status = 0;

	memset(&ctx, 0, sizeof ctx);
	ctx.run = run;
	sink.add = S_shard_add;
	sink.skipped = S_shard_skipped;
	sink.ctx = &ctx;
	if (cli_profile_for(&run->ps, a, "-", &pi))
		return -1;
	for (i = 0; i < a->npaths; i++) {
		const char *name = a->paths[i];
		FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		ml_error err;

		memset(&err, 0, sizeof err);
		ctx.shard = (size_t)i;
		if (!f) {
			S_out_error(name, "io-unreadable", strerror(errno));
			status = -1;
			continue;
		}
		if (ml_audit_jsonl_read(f, name, run->ps.v[pi].rules, &sink,
		                        &err) < 0) {
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
	S_check_all(run);
	return status;
}

int cli_audit(const cli_args *a)
{
	const char *dir = a->output_dir ? a->output_dir : S_DEFAULT_DIR;
	ml_memo_opts mo;
	S_run run;
	ml_audit_compare *cmp = NULL; /* owned, freed after the audit */
	ml_error err;
	int status;

	memset(&run, 0, sizeof run);
	run.a = a;
	if (a->format) {
		fprintf(stderr, "marklint: audit writes HTML, CSV, JSON and "
		        "the memo; --format does not apply (marklint audit "
		        "--help)\n");
		return 2;
	}
	/* before any work: an earlier audit that cannot be compared with */
	if (a->compare && ml_audit_compare_load(a->compare, &cmp, &err) < 0) {
		fprintf(stderr, "marklint: error: %s [%s]\n", err.message,
		        err.code);
		return 2;
	}
	if (cli_baseline_load(a, &run.baseline)) {
		ml_audit_compare_free(cmp);
		return 2;
	}
	if (S_prepare_dir(dir, a->force)) {
		ml_baseline_free(run.baseline);
		ml_audit_compare_free(cmp);
		return 2;
	}
	run.audit = ml_audit_new();
	if (!run.audit) {
		ml_baseline_free(run.baseline);
		ml_audit_compare_free(cmp);
		S_out_error("marklint", "output-unwritable", strerror(errno));
		return 2;
	}
	ml_memo_opts_default(&mo);
	mo.min_severity = a->has_min_severity ? a->min_severity : ML_SEV_INFO;
	run.memo = ml_memo_new(&mo);
	run.progress = isatty(STDERR_FILENO);
	if (cmp)
		ml_audit_set_compare(run.audit, cmp);
	if (a->from_jsonl)
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
	ml_memo_free(run.memo);
	cli_baseline_done(a, run.baseline);
	cli_profiles_free(&run.ps);
	cli_inputs_free(&run.in);
	free(run.idx);
	return status;
}

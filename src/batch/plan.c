#include "plan.h"
#include "journal.h"
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- paths --------------------------------------------------------------------------------- */

void batch_paths_init(batch_paths *p)
{
    sb_init(&p->audio);
    sb_init(&p->subtitles);
    sb_init(&p->events);
}

void batch_paths_free(batch_paths *p)
{
    sb_free(&p->audio);
    sb_free(&p->subtitles);
    sb_free(&p->events);
}

/* OUTDIR/name, "OUTDIR/" not doubled. */
static int under_outdir(const batch_options *bo, const char *name, strbuf *out)
{
    size_t n = strlen(bo->outdir);
    while (n > 1 && bo->outdir[n - 1] == '/')
        n--;
    sb_reset(out);
    return sb_append(out, bo->outdir, n) || sb_putc(out, '/') || sb_puts(out, name) ? -1 : 0;
}

int batch_paths_of(const batch_options *bo, const batch_item *item, batch_paths *p)
{
    strbuf name;
    sb_init(&name);
    int rc = under_outdir(bo, item->output, &p->audio);
    sb_reset(&p->subtitles);
    sb_reset(&p->events);
    if (!rc && bo->subtitles)
        rc = batch_companion_name(item->output, bo->ext, bo->subtitles, &name) ||
             under_outdir(bo, name.s, &p->subtitles);
    if (!rc && bo->events)
        rc = batch_companion_name(item->output, bo->ext, bo->events, &name) ||
             under_outdir(bo, name.s, &p->events);
    sb_free(&name);
    return rc ? -1 : 0;
}

int batch_journal_path(const batch_options *bo, strbuf *out)
{
    return under_outdir(bo, JOURNAL_NAME, out);
}

/* ---- reading the articles ------------------------------------------------------------------ */

typedef struct reading {
    batch_plan *plan;
    const batch_options *bo;
    const char *manifest_name;  /* for messages: the manifest, or NULL for a walk */
    strbuf name;
} reading;

static int add_item(batch_plan *plan, const batch_item *item)
{
    batch_item *grown = array_grow(plan->items, &plan->cap, plan->n + 1, sizeof *plan->items, 256);
    if (!grown)
        return -1;
    plan->items = grown;
    plan->items[plan->n++] = *item;
    return 0;
}

static char *copy(const char *s)
{
    return xstrndup(s, strlen(s));
}

/* "MANIFEST:LINE: why" for what is wrong with the line, "MANIFEST:LINE: NAME: why" for what is
 * wrong with the output name it gives (or makes), "INPUT: why" for a walked article. */
static char *line_error(const reading *r, const manifest_line *line, const char *why)
{
    strbuf msg;
    sb_init(&msg);
    const char *name = line->error ? NULL : line->name ? line->name : line->input;
    int rc = !r->manifest_name ? sb_printf(&msg, "%s: %s", line->input, why)
             : name ? sb_printf(&msg, "%s:%lu: %s: %s", r->manifest_name, line->number, name, why)
                    : sb_printf(&msg, "%s:%lu: %s", r->manifest_name, line->number, why);
    if (rc) {
        sb_free(&msg);
        return NULL;
    }
    return msg.s;
}

static int take_article(void *ctx, const manifest_line *line)
{
    reading *r = ctx;
    batch_item item = {.k = r->plan->total++, .line = line->number, .mtime_ns = -1,
                       .state = ITEM_TODO};
    const char *why = line->error;
    if (!why) {
        int rc = batch_output_name(line->relative ? line->relative : line->input, line->name,
                                   r->bo->ext, &r->name, &why);
        if (rc == -2)
            goto nomem;
        if (rc == 0 && !(item.output = copy(r->name.s)))
            goto nomem;
    }
    if (!(item.input = copy(line->input)))
        goto nomem;
    if (why) {
        item.state = ITEM_BAD;
        if (!(item.error = line_error(r, line, why)))
            goto nomem;
    }
    if (add_item(r->plan, &item))
        goto nomem;
    return 0;
nomem:
    free(item.input);
    free(item.output);
    free(item.error);
    return -1;
}

static int feed_manifest(void *ctx, const char *bytes, size_t n)
{
    return manifest_reader_feed(ctx, bytes, n) ? -2 : 0;
}

static int read_manifest(reading *r, const char *path, strbuf *why)
{
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        sb_printf(why, "%s: cannot open the manifest: %s", path, strerror(errno));
        return -1;
    }
    manifest_reader mr;
    manifest_reader_init(&mr, take_article, r);
    int rc = read_fd_pieces(fd, feed_manifest, &mr);
    if (rc == -1)
        sb_printf(why, "%s: cannot read the manifest: %s", r->manifest_name, strerror(errno));
    else if (rc || manifest_reader_end(&mr))
        rc = -1; /* out of memory: said by the caller */
    manifest_reader_free(&mr);
    if (fd != STDIN_FILENO)
        close(fd);
    return rc;
}

static int is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The manifest's name in messages, or NULL when the source is a directory. */
static const char *manifest_name(const batch_options *bo)
{
    return is_directory(bo->source) ? NULL : strcmp(bo->source, "-") ? bo->source : "standard input";
}

static int read_articles(batch_plan *plan, const batch_options *bo, strbuf *why)
{
    reading r = {plan, bo, NULL, {0}};
    sb_init(&r.name);
    struct stat out;
    int rc;
    if (is_directory(bo->source)) {
        /* the output directory inside the input one is not walked into */
        int skip = stat(bo->outdir, &out) == 0 && S_ISDIR(out.st_mode);
        char *error = NULL;
        rc = batch_walk(bo->source, skip ? (unsigned long)out.st_dev : 0,
                        skip ? (unsigned long)out.st_ino : 0, take_article, &r, &error);
        if (rc && error)
            sb_puts(why, error);
        free(error);
    } else {
        r.manifest_name = manifest_name(bo);
        rc = read_manifest(&r, bo->source, why);
    }
    if (rc && !why->len)
        sb_puts(why, "out of memory"); /* what else stops a reading without a word */
    sb_free(&r.name);
    return rc;
}

/* ---- outputs written twice ----------------------------------------------------------------- */

static int by_output(const void *a, const void *b)
{
    const batch_item *x = *(batch_item *const *)a, *y = *(batch_item *const *)b;
    int c = strcmp(x->output, y->output);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

static int name_first(batch_item *it, const batch_item *first, const char *manifest)
{
    strbuf msg;
    sb_init(&msg);
    int rc = it->line ? sb_printf(&msg, "%s:%lu: %s: its output %s is also that of line %lu (%s), "
                                  "which comes first; give one another output name (INPUT<TAB>NAME)",
                                  manifest, it->line, it->input, it->output, first->line, first->input)
                      : sb_printf(&msg, "%s: its output %s is also that of %s, which comes first; "
                                  "list them in a manifest with output names (INPUT<TAB>NAME)",
                                  it->input, it->output, first->input);
    if (rc) {
        sb_free(&msg);
        return -1;
    }
    free(it->error);
    it->error = msg.s;
    it->state = ITEM_BAD;
    return 0;
}

/* Two articles with one output would overwrite each other: the first keeps it, the others fail,
 * naming it. Over the whole manifest, so that every shard decides alike. */
static int fail_duplicates(batch_plan *plan, const char *manifest)
{
    size_t n = 0;
    batch_item **order = malloc((plan->n ? plan->n : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < plan->n; i++)
        if (plan->items[i].output)
            order[n++] = &plan->items[i];
    qsort(order, n, sizeof *order, by_output);
    int rc = 0;
    const batch_item *first = n ? order[0] : NULL;
    for (size_t i = 1; i < n && !rc; i++) {
        if (strcmp(first->output, order[i]->output))
            first = order[i];
        else
            rc = name_first(order[i], first, manifest);
    }
    free(order);
    return rc;
}

/* Keeps this shard's articles only. */
static void take_shard(batch_plan *plan, const batch_shard *shard)
{
    size_t kept = 0;
    for (size_t i = 0; i < plan->n; i++) {
        batch_item *it = &plan->items[i];
        if (batch_shard_takes(shard, it->k)) {
            plan->items[kept++] = *it;
        } else {
            free(it->input);
            free(it->output);
            free(it->error);
        }
    }
    plan->n = kept;
}

/* ---- what to do with each ------------------------------------------------------------------ */

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

typedef struct node {
    dev_t dev;
    ino_t ino;
} node;

static int by_node(const void *a, const void *b)
{
    const node *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return (x->ino > y->ino) - (x->ino < y->ino);
}

typedef struct planning {
    const batch_options *bo;
    journal_index journal;
    node *inputs;             /* the shard's inputs, sorted: no output may be one of them */
    size_t ninputs;
    batch_paths paths;
} planning;

/* An output exists: whether it is newer than the input (0 when it is not, or is missing), and
 * whether it is one of the batch's inputs (-1). */
static int output_state(const planning *pl, const char *path, const batch_item *it)
{
    struct stat st;
    if (!*path || stat(path, &st) != 0)
        return 0;
    node key = {st.st_dev, st.st_ino};
    if (bsearch(&key, pl->inputs, pl->ninputs, sizeof key, by_node))
        return -1;
    return it->mtime_ns >= 0 && mtime_ns(&st) > it->mtime_ns;
}

static int refuse_output(batch_item *it, const char *path)
{
    strbuf msg;
    sb_init(&msg);
    if (sb_printf(&msg, "%s: its output %s is an input of this batch; refusing to write over it",
                  it->input, path)) {
        sb_free(&msg);
        return -1;
    }
    it->error = msg.s;
    it->state = ITEM_BAD;
    return 0;
}

static int decide(planning *pl, batch_item *it)
{
    if (batch_paths_of(pl->bo, it, &pl->paths))
        return -1;
    const char *outputs[3] = {pl->paths.audio.s, pl->paths.subtitles.s, pl->paths.events.s};
    int current = 1;
    for (int i = 0; i < 3; i++) {
        if (!pl->bo->subtitles && i == 1)
            continue;
        if (!pl->bo->events && i == 2)
            continue;
        int s = output_state(pl, outputs[i], it);
        if (s < 0)
            return refuse_output(it, outputs[i]);
        current &= s;
    }
    const journal_entry *before = journal_index_find(&pl->journal, it->output);
    /* written from another version of the input (changed while it was read, or since, with its
     * time set back): not current, whatever the times say */
    if (before && !before->failed && before->input_mtime_ns >= 0 && before->input_mtime_ns != it->mtime_ns)
        current = 0;
    if (current && !pl->bo->force)
        it->state = ITEM_CURRENT;
    else if (before && before->failed && !pl->bo->retry_failed && !pl->bo->force &&
             before->input_mtime_ns == it->mtime_ns)
        it->state = ITEM_FAILED_BEFORE;
    return 0;
}

/* The inputs' sizes, times and identities. */
static int look_at_inputs(planning *pl, batch_plan *plan)
{
    pl->inputs = malloc((plan->n ? plan->n : 1) * sizeof *pl->inputs);
    if (!pl->inputs)
        return -1;
    for (size_t i = 0; i < plan->n; i++) {
        batch_item *it = &plan->items[i];
        struct stat st;
        if (stat(it->input, &st) != 0)
            continue; /* the worker says why it cannot be read */
        it->mtime_ns = mtime_ns(&st);
        if (S_ISREG(st.st_mode)) {
            it->size = (uint64_t)st.st_size;
            pl->inputs[pl->ninputs++] = (node){st.st_dev, st.st_ino};
        }
    }
    qsort(pl->inputs, pl->ninputs, sizeof *pl->inputs, by_node);
    return 0;
}

static int decide_all(batch_plan *plan, const batch_options *bo, strbuf *why)
{
    planning pl = {.bo = bo};
    batch_paths_init(&pl.paths);
    strbuf journal;
    sb_init(&journal);
    int rc = 0;
    if (batch_journal_path(bo, &journal) || look_at_inputs(&pl, plan)) {
        sb_puts(why, "out of memory");
        rc = -1;
    } else if (journal_index_read(&pl.journal, journal.s)) {
        sb_printf(why, "%s: cannot read the journal: %s", journal.s, strerror(errno));
        rc = -1;
    }
    plan->journal_skipped = pl.journal.skipped;
    for (size_t i = 0; i < plan->n && !rc; i++) {
        batch_item *it = &plan->items[i];
        if (it->state != ITEM_BAD && decide(&pl, it)) {
            sb_puts(why, "out of memory");
            rc = -1;
        }
    }
    for (size_t i = 0; i < plan->n && !rc; i++) {
        plan->count[plan->items[i].state]++;
        if (plan->items[i].state == ITEM_TODO)
            plan->todo_bytes += plan->items[i].size;
    }
    journal_index_free(&pl.journal);
    free(pl.inputs);
    batch_paths_free(&pl.paths);
    sb_free(&journal);
    return rc;
}

int batch_plan_build(batch_plan *plan, const batch_options *bo, strbuf *why)
{
    memset(plan, 0, sizeof *plan);
    if (read_articles(plan, bo, why))
        return -1;
    if (fail_duplicates(plan, manifest_name(bo))) {
        sb_puts(why, "out of memory");
        return -1;
    }
    take_shard(plan, &bo->shard);
    return decide_all(plan, bo, why);
}

void batch_plan_free(batch_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        free(plan->items[i].input);
        free(plan->items[i].output);
        free(plan->items[i].error);
    }
    free(plan->items);
    memset(plan, 0, sizeof *plan);
}

/* Which lexicon files a run reads, in which order: later files win. */
#include "lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Shipped kinds from general to specific: a name wins over a common word written alike. */
static const char *const shipped_order[] = {
    "words.tsv", "abbreviations.tsv", "acronyms.tsv",
    "names-places.tsv", "names-orgs.tsv", "names-people.tsv",
};
#define NSHIPPED (sizeof shipped_order / sizeof *shipped_order)

static size_t shipped_rank(const char *name)
{
    for (size_t i = 0; i < NSHIPPED; i++)
        if (!strcmp(name, shipped_order[i]))
            return i;
    return NSHIPPED; /* other files after the known kinds */
}

static int by_rank_then_name(const struct dirent **a, const struct dirent **b)
{
    size_t ra = shipped_rank((*a)->d_name), rb = shipped_rank((*b)->d_name);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_tsv(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".tsv");
}

int lexicon_file_list_add(lexicon_file_list *l, const char *path)
{
    char **paths = realloc(l->paths, (l->n + 1) * sizeof *paths);
    if (!paths)
        return -1;
    l->paths = paths;
    if (!(paths[l->n] = xstrndup(path, strlen(path))))
        return -1;
    l->n++;
    return 0;
}

void lexicon_file_list_free(lexicon_file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    l->paths = NULL;
    l->n = 0;
}

static int list_shipped(lexicon_file_list *l, const char *data_dir, lex_report_fn report, void *ctx)
{
    char dir[PATH_MAX], path[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/lexicon", data_dir) >= (int)sizeof dir) {
        report(ctx, data_dir, 0, 1, "path too long");
        return -1;
    }
    struct dirent **names;
    int n = scandir(dir, &names, is_tsv, by_rank_then_name);
    if (n < 0) {
        report(ctx, dir, 0, 1, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (!rc && snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path)
            rc = lexicon_file_list_add(l, path);
        free(names[i]);
    }
    free(names);
    if (rc)
        report(ctx, dir, 0, 1, "out of memory");
    return rc;
}

int lexicon_user_file(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') /* the spec ignores a relative XDG_CONFIG_HOME */
        n = snprintf(buf, size, "%s/ravi/lexicon.tsv", xdg);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.config/ravi/lexicon.tsv", home);
    else
        return -1;
    return n < (int)size ? 0 : -1;
}

int lexicon_default_files(const ravi_config *cfg, lexicon_file_list *l, lex_report_fn report, void *ctx)
{
    if (cfg->data_dir && cfg->shipped_lexicons && list_shipped(l, cfg->data_dir, report, ctx))
        return -1;
    char path[PATH_MAX];
    struct stat st;
    /* the user's file is optional: missing is fine, unreadable or bad is an error */
    if (cfg->user_lexicon && !lexicon_user_file(path, sizeof path) &&
        !(stat(path, &st) && errno == ENOENT) && lexicon_file_list_add(l, path))
        return -1;
    for (size_t i = 0; i < cfg->nlexicons; i++)
        if (lexicon_file_list_add(l, cfg->lexicons[i]))
            return -1;
    return 0;
}

long lexicon_load_each_default(const ravi_config *cfg, lexicon_load_fn load, void *target,
                               lex_report_fn report, void *ctx)
{
    lexicon_file_list files = {NULL, 0};
    long total = 0;
    if (lexicon_default_files(cfg, &files, report, ctx))
        total = -1;
    for (size_t i = 0; i < files.n && total >= 0; i++) {
        long r = load(target, files.paths[i], report, ctx);
        total = r < 0 ? -1 : total + r;
    }
    lexicon_file_list_free(&files);
    return total;
}

static long load_into_lexicon(void *lex, const char *path, lex_report_fn report, void *ctx)
{
    return lexicon_load_file(lex, path, report, ctx);
}

long lexicon_load_defaults(lexicon *lex, const ravi_config *cfg, lex_report_fn report, void *ctx)
{
    return lexicon_load_each_default(cfg, load_into_lexicon, lex, report, ctx);
}

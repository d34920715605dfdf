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

/* Adds a file's count of bad lines to the running total (-1 sticks). */
static long tally(long total, long r)
{
    return total < 0 || r < 0 ? -1 : total + r;
}

static long load_shipped(lexicon *lex, const char *data_dir, lex_report_fn report, void *ctx)
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
    long total = 0;
    for (int i = 0; i < n; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path)
            total = tally(total, lexicon_load_file(lex, path, report, ctx));
        free(names[i]);
    }
    free(names);
    return total;
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

/* The user's file is optional: missing is fine, unreadable or bad is an error. */
static long load_user_file(lexicon *lex, lex_report_fn report, void *ctx)
{
    char path[PATH_MAX];
    struct stat st;
    if (lexicon_user_file(path, sizeof path) || (stat(path, &st) && errno == ENOENT))
        return 0;
    return lexicon_load_file(lex, path, report, ctx);
}

long lexicon_load_defaults(lexicon *lex, const ravi_options *opt, lex_report_fn report, void *ctx)
{
    long total = opt->data_dir && !opt->no_shipped_lexicon ? load_shipped(lex, opt->data_dir, report, ctx) : 0;
    total = tally(total, load_user_file(lex, report, ctx));
    for (size_t i = 0; i < opt->nlexicons; i++)
        total = tally(total, lexicon_load_file(lex, opt->lexicons[i], report, ctx));
    return total;
}

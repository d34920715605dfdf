/* How fast the lexicon is: loading every shipped file (budget 20 ms, as every run of ravi does it)
 * and finding entries (a hash probe, not a scan). Prints one line per figure. */
#include "cli/datadir.h"
#include "lexicon/lexicon.h"
#include "read/segment.h"
#include "synth/synth.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOAD_RUNS 15
#define LOAD_BUDGET_MS 20.0
#define LOOKUPS 2000000

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void quiet(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx;
    if (is_error)
        fprintf(stderr, "%s:%u: %s\n", file, line, why);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One load as a run of ravi does it: the phoneme table, then every file. Returns ms or -1. */
static double timed_load(const ravi_config *opt, lexicon *lex)
{
    const char *why;
    double t0 = now_ms();
    if (lexicon_init(lex))
        return -1;
    lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why);
    long bad = lexicon_load_defaults(lex, opt, quiet, NULL);
    double t = now_ms() - t0;
    return bad == 0 ? t : -1;
}

/* Mean ns of finding each entry's key, round and round, hits only. */
static double lookup_ns(const lexicon *lex)
{
    size_t found = 0;
    double t0 = now_ms();
    for (size_t i = 0; i < LOOKUPS; i++) {
        const lex_entry *e = &lex->entries[i % lex->n];
        found += lexicon_find_span(lex, e->key, e->keylen, e->key, e->keylen) != NULL;
    }
    double t = now_ms() - t0;
    if (found == 0)
        fprintf(stderr, "no entry found: the bench measured nothing\n");
    return t * 1e6 / LOOKUPS;
}

/* Mean ns per token of lexicon_apply on a sentence of common words and a few names. */
static double apply_ns_per_token(lexicon *lex)
{
    static const char text[] = "دیروز رئیس جمهور با وزیر امور خارجه و نماینده سازمان ملل در تهران "
                               "دیدار کرد و درباره روابط دو کشور و همکاری اقتصادی گفت و گو کرد";
    segmenter sg;
    sentence s;
    segmenter_init(&sg);
    sentence_init(&s);
    size_t tokens = 0;
    double spent = 0;
    for (int r = 0; r < 2000; r++) {
        segmenter_start(&sg, text, sizeof text - 1, 0, 1);
        if (segmenter_next(&sg, &s) <= 0)
            break;
        tokens += s.n;
        double t0 = now_ms();
        lexicon_apply(lex, &s);
        spent += now_ms() - t0;
    }
    sentence_free(&s);
    return tokens ? spent * 1e6 / (double)tokens : 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    char datadir[PATH_MAX];
    if (datadir_find(argv[0], datadir, sizeof datadir)) {
        fprintf(stderr, "bench-lexicon: set RAVI_DATA to the directory holding lexicon/\n");
        return 1;
    }
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-bench", 1); /* the shipped files only */
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = datadir;
    double ms[LOAD_RUNS];
    lexicon lex;
    for (int r = 0; r < LOAD_RUNS; r++) {
        ms[r] = timed_load(&opt, &lex);
        if (ms[r] < 0) {
            fprintf(stderr, "bench-lexicon: the shipped lexicon does not load\n");
            lexicon_free(&lex);
            return 1;
        }
        if (r + 1 < LOAD_RUNS)
            lexicon_free(&lex);
    }
    qsort(ms, LOAD_RUNS, sizeof *ms, by_value);
    printf("lexicon load: %zu entries from %zu files in %.2f ms median, %.2f ms best (budget %.0f ms)\n",
           lex.n, lex.nfiles, ms[LOAD_RUNS / 2], ms[0], LOAD_BUDGET_MS);
    if (lex.n) {
        printf("lexicon lookup: %.0f ns per key (hash probe, %d lookups)\n", lookup_ns(&lex), LOOKUPS);
        printf("lexicon apply: %.0f ns per token of a news sentence\n", apply_ns_per_token(&lex));
    }
    int over = ms[LOAD_RUNS / 2] > LOAD_BUDGET_MS;
    if (over)
        printf("lexicon load: over budget\n");
    lexicon_free(&lex);
    return over;
}

/* heard-spacing: how Ravi reads web spacing (issue 11), on the treebanks' sentences.
 *   heard-spacing TREEBANK_DIR RAVI_DATA_DIR [-v]
 * Each sentence is read twice: as the treebank writes it (tokens joined by spaces, ZWNJ inside
 * words: careful spacing) and with every ZWNJ typed as a space, as web text often has it.
 *   - the share of the sentences with a ZWNJ that are said the same both ways: the same phonemes
 *     and stress, word boundaries and pauses aside (eSpeak reads a ZWNJ as a hyphen, so a word
 *     joined with one and the same words apart differ only there); and, stricter, word for word;
 *   - ezafe precision, recall and F1 of the whole front end (clean → normalize → lexicon → ezafe)
 *     against the treebank labels (tools/ezafe/corpus.c), both ways: a treebank word's decision
 *     is the ezafe on the last word Ravi made of it; an ezafe on a piece before that is a false
 *     one. The treebanks are Ravi's development data, not a held-out set.
 * -v prints each sentence said differently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "pipeline.h"
#include "render.h"
#include "synth/synth.h"
#include "util.h"

#define ZWNJ_UTF8 "\xE2\x80\x8C"

typedef struct scored {
    size_t tp, fp, fn;
} scored;

/* A sentence written out, with where each treebank token starts and ends in it. */
typedef struct written {
    strbuf text;
    size_t *start, *end;
} written;

static int write_sentence(const ez_sentence *s, int spaced, written *w)
{
    sb_reset(&w->text);
    for (size_t i = 0; i < s->n; i++) {
        if (i && sb_putc(&w->text, ' '))
            return -1;
        w->start[i] = w->text.len;
        for (const char *p = s->words[i]; *p;) {
            if (spaced && !strncmp(p, ZWNJ_UTF8, 3)) {
                if (sb_putc(&w->text, ' '))
                    return -1;
                p += 3;
            } else if (sb_putc(&w->text, *p++)) {
                return -1;
            }
        }
        w->end[i] = w->text.len;
    }
    return w->text.s ? 0 : sb_puts(&w->text, "");
}

/* The treebank token that byte `at` of the written sentence belongs to, or -1. */
static long token_at(const ez_sentence *s, const written *w, uint64_t at)
{
    for (size_t i = 0; i < s->n; i++)
        if (w->start[i] <= at && at < w->end[i])
            return (long)i;
    return -1;
}

/* What the front end decided for each treebank token: the ezafe on the last word it made of it
 * (pred), and how many words before that took one (inner: false ones, «سرمایه‌یِ گذاری»). */
typedef struct decided {
    unsigned char *pred, *seen;
    size_t *inner;
} decided;

/* Says the written sentence: its phonemes into `said` (pauses and word boundaries as the trace
 * has them) and the decisions into d. */
static int say(pipeline *p, const ravi_config *opt, const ez_sentence *s, const written *w,
               strbuf *said, decided *d)
{
    sb_reset(said);
    memset(d->pred, 0, s->n);
    memset(d->seen, 0, s->n);
    memset(d->inner, 0, s->n * sizeof *d->inner);
    strbuf speech;
    sb_init(&speech);
    render_map map = {0};
    sentence *out;
    int r = 0, rc = pipeline_start_text(p, w->text.s, w->text.len);
    while (rc == 0 && (r = pipeline_next(p, &out)) > 0) {
        sb_reset(&speech);
        if (said->len)
            sb_putc(said, ' ');
        rc = render_speech(out, opt, &speech, &map) || synth_phonemes_read(speech.s ? speech.s : "", said);
        for (size_t i = 0; i < out->n; i++) {
            long k = token_at(s, w, out->tok[i].src_start);
            if (k < 0 || out->tok[i].kind == TOK_PUNCT || out->tok[i].kind == TOK_NUM_CONJ)
                continue;
            d->inner[k] += d->seen[k] && d->pred[k];
            d->pred[k] = (out->tok[i].flags & TOKF_EZAFE) != 0;
            d->seen[k] = 1;
        }
    }
    if (r < 0)
        rc = -1;
    sb_free(&speech);
    render_map_free(&map);
    return rc;
}

static void score(const ez_sentence *s, const decided *d, scored *t)
{
    for (size_t i = 0; i < s->n; i++) {
        t->tp += s->gold[i] && d->pred[i];
        t->fp += !s->gold[i] && d->pred[i];
        t->fn += s->gold[i] && !d->pred[i];
        t->fp += d->inner[i];
    }
}

/* The phonemes without pauses and, when `boundaries` is 0, without the spaces between words. */
static void squeeze(const char *in, int boundaries, strbuf *out)
{
    sb_reset(out);
    for (const char *p = in; *p; p++) {
        if (*p == '_') {
            while (p[1] && p[1] != ' ' && !((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
                                            p[1] == '\'' || p[1] == ','))
                p++;
            continue;
        }
        if (*p == ' ' && (!boundaries || !out->len || out->s[out->len - 1] == ' '))
            continue;
        sb_putc(out, *p);
    }
    while (out->len && out->s[out->len - 1] == ' ')
        out->s[--out->len] = '\0';
    if (!out->s)
        sb_puts(out, "");
}

static double f1(const scored *t)
{
    double p = t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : 0;
    double r = t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static int has_zwnj(const ez_sentence *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strstr(s->words[i], ZWNJ_UTF8))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: heard-spacing TREEBANK_DIR RAVI_DATA_DIR [-v]\n");
        return 2;
    }
    int verbose = argc > 3 && !strcmp(argv[3], "-v");
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-heard", 1);
    ez_corpus c = {0};
    if (corpus_read_treebanks(argv[1], &c))
        return 1;
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = argv[2];
    pipeline p;
    if (pipeline_open(&p, &opt, NULL) || synth_open("fa", opt.data_dir, NULL) < 0)
        return 1;
    size_t cap = 0;
    for (size_t i = 0; i < c.n; i++)
        cap = c.s[i].n > cap ? c.s[i].n : cap;
    written joined = {{0}, calloc(cap + 1, sizeof(size_t)), calloc(cap + 1, sizeof(size_t))};
    written spaced = {{0}, calloc(cap + 1, sizeof(size_t)), calloc(cap + 1, sizeof(size_t))};
    decided dj = {calloc(cap + 1, 1), calloc(cap + 1, 1), calloc(cap + 1, sizeof(size_t))};
    decided ds = {calloc(cap + 1, 1), calloc(cap + 1, 1), calloc(cap + 1, sizeof(size_t))};
    strbuf said_joined, said_spaced, a, b;
    sb_init(&said_joined);
    sb_init(&said_spaced);
    sb_init(&a);
    sb_init(&b);
    scored tj = {0}, ts = {0};
    size_t with_zwnj = 0, same = 0, same_words = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ez_sentence *s = &c.s[i];
        if (write_sentence(s, 0, &joined) || write_sentence(s, 1, &spaced) ||
            say(&p, &opt, s, &joined, &said_joined, &dj) || say(&p, &opt, s, &spaced, &said_spaced, &ds)) {
            fprintf(stderr, "heard-spacing: cannot read sentence %zu\n", i + 1);
            return 1;
        }
        score(s, &dj, &tj);
        score(s, &ds, &ts);
        if (!has_zwnj(s))
            continue;
        with_zwnj++;
        squeeze(said_joined.s, 1, &a);
        squeeze(said_spaced.s, 1, &b);
        same_words += !strcmp(a.s, b.s);
        squeeze(said_joined.s, 0, &a);
        squeeze(said_spaced.s, 0, &b);
        int alike = !strcmp(a.s, b.s);
        same += alike;
        if (!alike && verbose)
            printf("%s\n  joined: %s\n  spaced: %s\n  said:   %s\n  said:   %s\n", joined.text.s,
                   joined.text.s, spaced.text.s, said_joined.s, said_spaced.s);
    }
    printf("spacing: %zu treebank sentences with a ZWNJ; said the same with every ZWNJ typed as a "
           "space: %.1f %% (phonemes and stress, word boundaries aside; word for word %.1f %%)\n",
           with_zwnj, 100.0 * (double)same / (double)(with_zwnj ? with_zwnj : 1),
           100.0 * (double)same_words / (double)(with_zwnj ? with_zwnj : 1));
    printf("spacing: ezafe F1 of the front end on %zu treebank sentences: %.3f joined, %.3f spaced "
           "(difference %.3f)\n", c.n, f1(&tj), f1(&ts), f1(&tj) - f1(&ts));
    synth_close();
    pipeline_close(&p);
    corpus_free(&c);
    sb_free(&joined.text);
    sb_free(&spaced.text);
    free(joined.start);
    free(joined.end);
    free(spaced.start);
    free(spaced.end);
    free(dj.pred);
    free(dj.seen);
    free(dj.inner);
    free(ds.pred);
    free(ds.seen);
    free(ds.inner);
    sb_free(&said_joined);
    sb_free(&said_spaced);
    sb_free(&a);
    sb_free(&b);
    return 0;
}

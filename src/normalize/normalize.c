/* normalize: numbers, dates, times, money, units and the abbreviations that belong to them
 * become the words a newsreader says. The recognisers (recognise.c) find an expression at a
 * token; this file swaps the written tokens for the spoken words. A token no recogniser
 * knows is left as it was. */
#include "../stage.h"
#include "../util.h"
#include "recognise.h"

#include <stdlib.h>

typedef struct normalize_state {
    calendars cal;
    spoken words;                               /* the words of the current expression */
    const char *texts[SPOKEN_MAX_WORDS];
    size_t lens[SPOKEN_MAX_WORDS];
} normalize_state;

static int normalize_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    (void)models;
    (void)cfg;
    normalize_state *st = calloc(1, sizeof *st);
    if (!st)
        return diag_nomem(d);
    if (calendars_open(&st->cal)) {
        diag_fail(d, RAVI_E_DATA, "%s", st->cal.failure);
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void normalize_close(void *state)
{
    normalize_state *st = state;
    if (!st)
        return;
    calendars_close(&st->cal);
    free(st);
}

/* Carries what the recogniser knows about each word onto its token. An inner word of the
 * expression takes no ezafe unless its grammar gives it one: «صفر نهصد و دوازده», not «صفرِ». */
static void apply_word_flags(token *t, unsigned spk_flags, int last)
{
    if (spk_flags & SPK_EZAFE)
        t->flags |= TOKF_EZAFE;
    else if (!last && !(spk_flags & SPK_OPEN))
        t->flags |= TOKF_NO_EZAFE;
    if (spk_flags & SPK_NAME_PIECE)
        t->flags |= TOKF_NAME_PIECE;
    if (spk_flags & SPK_ATTACHED) /* a pause comma sits against the word before it */
        t->flags &= ~(unsigned)(TOKF_SPACE_BEFORE | TOKF_GENERATED);
}

/* Replaces tokens [i, i+count) by the spoken words; returns 0 or -1 (out of memory). */
static int replace_with_words(normalize_state *st, sentence *s, size_t i, size_t count)
{
    const spoken *w = &st->words;
    for (size_t k = 0; k < w->n; k++) {
        st->texts[k] = spoken_at(w, k);
        /* the words lie one after the other, each with its NUL */
        st->lens[k] = (k + 1 < w->n ? w->off[k + 1] : w->used) - w->off[k] - 1;
    }
    if (sentence_replace_sized(s, i, count, st->texts, st->lens, w->kind, w->n))
        return -1;
    for (size_t k = 0; k < w->n; k++)
        apply_word_flags(&s->tok[i + k], w->flags[k], k + 1 == w->n);
    sentence_keep_attached(s, i); /* (-۱۲) «۱۴۰۲» */
    /* ۱۰سال: the word written against the digits is a word of its own once they are words */
    token *after = i + w->n < s->n ? &s->tok[i + w->n] : NULL;
    if (after && (after->kind == TOK_WORD || after->kind == TOK_NUMBER))
        after->flags |= TOKF_SPACE_BEFORE;
    return 0;
}

static int normalize_run(void *state, sentence *s)
{
    normalize_state *st = state;
    for (size_t i = 0; i < s->n;) {
        size_t count;
        if (!recognise_at(&st->cal, s, i, &st->words, &count)) {
            i++;
            continue;
        }
        if (replace_with_words(st, s, i, count))
            return -1;
        i += st->words.n;
    }
    return 0;
}

const stage stage_normalize = {"normalize", normalize_open, normalize_run, normalize_close};

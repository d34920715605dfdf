/* The ezafe stage: decides which words of a sentence carry the ezafe vowel and flags them
 * (TOKF_EZAFE); the renderer writes the vowel. Runs after the normalizer and the lexicon, whose
 * decisions (a date's day and month, a name's parts) arrive as TOKF_EZAFE / TOKF_NO_EZAFE. */
#include "ezafe.h"

#include <stdlib.h>
#include <string.h>

#include "../stage.h"

typedef struct ezafe_state {
    const ezafe_model *model; /* the pipeline's (models.h) */
    /* Scratch arrays reused across sentences (grown as needed). */
    const char **words;
    size_t *lens;
    unsigned char *forced, *out;
    size_t cap;
} ezafe_state;

static int ezafe_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    *state = NULL;
    if (!cfg->ezafe)
        return 0;
    const ezafe_model *m = stage_models_ezafe(models, d);
    if (!m)
        return -1;
    ezafe_state *st = calloc(1, sizeof *st);
    if (!st)
        return diag_nomem(d);
    st->model = m;
    *state = st;
    return 0;
}

static void ezafe_close(void *state)
{
    ezafe_state *st = state;
    if (!st)
        return;
    free(st->words);
    free(st->lens);
    free(st->forced);
    free(st->out);
    free(st);
}

static int reserve(ezafe_state *st, size_t n)
{
    const grow_array arrays[] = {GROW_ARRAY(st->words), GROW_ARRAY(st->lens), GROW_ARRAY(st->forced),
                                 GROW_ARRAY(st->out)};
    return grow_arrays(arrays, sizeof arrays / sizeof *arrays, n, &st->cap, n);
}

static int is_wordlike(token_kind kind) { return kind == TOK_WORD || kind == TOK_NUMBER || kind == TOK_NUM_CONJ; }

/* What earlier stages and the text itself already decided for token i. */
static unsigned char constraint_of(token *t, const token *next)
{
    if (!is_wordlike(t->kind) || t->kind == TOK_NUM_CONJ || ezafe_is_spelt_letter(t->text, t->len))
        return 2;
    if (ezafe_is_written_sized(t->text, t->len)) {
        t->flags |= TOKF_EZAFE_WRITTEN | TOKF_EZAFE;
        return 1;
    }
    if (t->flags & TOKF_EZAFE)
        return 1;
    if (t->flags & TOKF_NO_EZAFE)
        return 2;
    if (next && next->kind == TOK_NUM_CONJ)
        return 2; /* a group of a spoken number: «هزار و چهارصد» */
    if (next && (next->flags & TOKF_VERB))
        return 2; /* a noun phrase ends before its verb: «در بیمارستان مُرد» */
    return 0;
}

/* A bracket's edges: the word before "(" and the last word inside "(...)" close a phrase. */
static int is_bracket(const token *t)
{
    return t->kind == TOK_PUNCT && t->text[0] && !t->text[1] && strchr("()[]", t->text[0]);
}

static int ezafe_run(void *state, sentence *s)
{
    ezafe_state *st = state;
    if (!st || s->n == 0)
        return 0;
    if (reserve(st, s->n))
        return -1;
    /* The model reads the sentence without its quotes and brackets, so that quoting or bracketing
     * words changes no decision (an ezafe goes on through a quote: «کتابِ «جنگ و صلح»»). */
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (token_opens(&s->tok[i]) || token_closes(&s->tok[i]))
            continue;
        st->words[n] = s->tok[i].text;
        st->lens[n] = s->tok[i].len;
        st->forced[n] = constraint_of(&s->tok[i], i + 1 < s->n ? &s->tok[i + 1] : NULL);
        n++;
    }
    ezafe_model_predict_sized(st->model, st->words, st->lens, st->forced, n, st->out);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (token_opens(&s->tok[i]) || token_closes(&s->tok[i]))
            continue;
        int closed = i + 1 < s->n && is_bracket(&s->tok[i + 1]) &&
                     !(s->tok[i].flags & TOKF_EZAFE_WRITTEN);
        if (st->out[k++] && is_wordlike(s->tok[i].kind) && !closed)
            s->tok[i].flags |= TOKF_EZAFE;
    }
    return 0;
}

const stage stage_ezafe = {"ezafe", ezafe_open, ezafe_run, ezafe_close};

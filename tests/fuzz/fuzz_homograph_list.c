/* libFuzzer target: arbitrary bytes as a lexicon file read for its homograph senses (every
 * sense line parsed, keyed, its fields and phonemes checked, senses of earlier lines replaced),
 * then every word of the same bytes looked up in the list, its rules followed and its written
 * vowel marks compared with each sense, as the stage does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "homograph/list.h"
#include "homograph/marks.h"
#include "read/segment.h"
#include "synth/synth.h"

typedef struct fuzz_list {
    phoneme_set phonemes;
    int have_phonemes;
    segmenter sg;
    sentence s;
    lex_key key;
} fuzz_list;

static fuzz_list *fuzz_state(void)
{
    static fuzz_list *fl;
    if (fl)
        return fl;
    fl = calloc(1, sizeof *fl);
    if (!fl)
        abort();
    const char *why;
    fl->have_phonemes = !phoneme_set_load(&fl->phonemes, synth_data_dir(), PHONEME_TABLE_FA, &why);
    segmenter_init(&fl->sg);
    sentence_init(&fl->s);
    lex_key_init(&fl->key);
    return fl;
}

static void ignore(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)is_error, (void)why;
}

static void look_up(const hg_list *l, fuzz_list *fl, const token *t)
{
    lex_key_reset(&fl->key);
    if (lex_key_append_text(&fl->key, t->text, t->len))
        abort();
    const char *key = fl->key.key.s ? fl->key.key.s : "";
    (void)hg_list_may_be(l, t->text, t->len);
    const hg_homograph *h = hg_list_find(l, key, fl->key.key.len);
    for (size_t k = 0; h && k < h->nsenses; k++)
        (void)hg_marks_agree(t->text, t->len, h->senses[k].phonemes);
    for (long r = hg_list_rules_of(l, key, fl->key.key.len); r >= 0; r = l->rules[r].next)
        if (l->rules[r].homograph >= l->n || (hg_rule_is_live(l, &l->rules[r]) &&
                                              l->rules[r].sense >= l->words[l->rules[r].homograph].nsenses))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_list *fl = fuzz_state();
    hg_list l;
    if (hg_list_init(&l))
        abort();
    l.phonemes = fl->phonemes;
    l.check_phonemes = fl->have_phonemes;
    FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
    if (f) {
        hg_list_load_stream(&l, f, "fuzz.tsv", ignore, NULL);
        fclose(f);
    }
    for (size_t i = 0; i < l.n; i++)
        if (l.words[i].nsenses == 0 || l.words[i].nsenses > HG_MAX_SENSES ||
            l.words[i].default_sense >= l.words[i].nsenses)
            abort();
    segmenter_start(&fl->sg, (const char *)data, size, 0, 1);
    while (segmenter_next(&fl->sg, &fl->s) > 0)
        for (size_t i = 0; i < fl->s.n; i++)
            look_up(&l, fl, &fl->s.tok[i]);
    hg_list_free(&l);
    return 0;
}

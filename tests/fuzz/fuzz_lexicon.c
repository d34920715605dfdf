/* libFuzzer target: arbitrary bytes as a lexicon file (every line parsed, keyed, its phonemes
 * checked, duplicates compared), then the same bytes as text through the clean stage and the
 * lexicon's matching, so that whatever loads also applies without fault. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lexicon/lexicon.h"
#include "read/segment.h"
#include "stage.h"
#include "synth/synth.h"

typedef struct fuzz_lexicon {
    phoneme_set phonemes;
    int have_phonemes;
    void *clean;
    segmenter sg;
    sentence s;
} fuzz_lexicon;

/* The phoneme table and the clean stage once: they do not depend on the input. */
static fuzz_lexicon *fuzz_state(void)
{
    static fuzz_lexicon *fl;
    if (fl)
        return fl;
    fl = calloc(1, sizeof *fl);
    const char *why;
    ravi_config opt;
    ravi_config_init(&opt);
    if (!fl || stage_clean.open(&opt, NULL, NULL, &fl->clean))
        abort();
    fl->have_phonemes = !phoneme_set_load(&fl->phonemes, synth_data_dir(), PHONEME_TABLE_FA, &why);
    segmenter_init(&fl->sg);
    sentence_init(&fl->s);
    return fl;
}

static void ignore(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)is_error, (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lexicon *fl = fuzz_state();
    lexicon lex;
    if (lexicon_init(&lex))
        abort();
    lex.phonemes = fl->phonemes;
    lex.check_phonemes = fl->have_phonemes;
    FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
    if (f) {
        lexicon_load_stream(&lex, f, "fuzz.tsv", ignore, NULL);
        fclose(f);
    }
    segmenter_start(&fl->sg, (const char *)data, size, 0, 1);
    while (segmenter_next(&fl->sg, &fl->s) > 0) {
        if (stage_clean.run(fl->clean, &fl->s) || lexicon_apply(&lex, &fl->s))
            abort();
        for (size_t i = 0; i < fl->s.n; i++)
            if (fl->s.tok[i].src_end > size || fl->s.tok[i].src_start > fl->s.tok[i].src_end)
                abort();
    }
    lexicon_free(&lex);
    return 0;
}

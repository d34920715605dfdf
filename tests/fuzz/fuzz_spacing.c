/* libFuzzer target: arbitrary bytes as a spacing rules file and as a list of joined forms (every
 * line parsed and checked), then the same bytes as text, cut into sentences and repaired with
 * what loaded, and each word cut by the homograph stage's affixes that loaded (a few homographs),
 * so that whatever loads also applies without fault. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "clean/spacing.h"
#include "homograph/affixed.h"
#include "read/segment.h"

static void ignore(void *ctx, const char *file, unsigned line, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char homographs[] = "خنداند\t[[xand'And]]\tsense:a\tupos:VERB\n"
                                 "خنداند\t[[xandAn'ad]]\tsense:b\tupos:VERB\n"
                                 "کشتی\t[[k'aSti]]\tsense:a\n"
                                 "کشتی\t[[koSt'i]]\tsense:b\n";

static void ignore_sense(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)is_error, (void)why;
}

/* The homograph inside each word, as the stage would cut it, and the phonemes it would say. */
static void cut_words(const hg_list *l, const spacing_rules *r, const sentence *s, lex_key *k, strbuf *said)
{
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        if (!hg_may_be_affixed(l, r, t->text, t->len))
            continue;
        lex_key_reset(k);
        hg_affixed a;
        if (lex_key_append_text(k, t->text, t->len) ||
            (hg_find_affixed(l, r, k->key.s ? k->key.s : "", k->key.len, &a) &&
             (!a.senses || hg_affixed_phonemes(&a, a.h->senses[0].phonemes, said))))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static segmenter sg;
    static sentence s;
    static hg_list list;
    static lex_key key;
    static strbuf said;
    static int ready;
    if (!ready) {
        segmenter_init(&sg);
        sentence_init(&s);
        lex_key_init(&key);
        sb_init(&said);
        FILE *f = fmemopen((void *)homographs, sizeof homographs - 1, "r");
        if (!f || hg_list_init(&list) || hg_list_load_stream(&list, f, "fuzz-senses.tsv", ignore_sense, NULL) != 0)
            abort();
        fclose(f);
        ready = 1;
    }
    spacing_rules r;
    spacing_rules_init(&r);
    for (int joined = 0; joined < 2 && size; joined++) {
        FILE *f = fmemopen((void *)data, size, "r");
        if (!f)
            abort();
        if (joined)
            spacing_load_joined(&r, f, "fuzz-joined.tsv", ignore, NULL);
        else
            spacing_load_rules(&r, f, "fuzz-rules.tsv", ignore, NULL);
        fclose(f);
    }
    segmenter_start(&sg, (const char *)data, size, 0, 1);
    while (segmenter_next(&sg, &s) > 0) {
        if (spacing_repair(&r, &s))
            abort();
        cut_words(&list, &r, &s, &key, &said);
        for (size_t i = 0; i < s.n; i++) /* a joined word spans its pieces' source bytes */
            if (s.tok[i].src_end > size || s.tok[i].src_start > s.tok[i].src_end ||
                (i && s.tok[i].src_start < s.tok[i - 1].src_end))
                abort();
    }
    spacing_rules_free(&r);
    return 0;
}

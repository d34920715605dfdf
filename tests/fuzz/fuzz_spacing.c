/* libFuzzer target: arbitrary bytes as a spacing rules file and as a list of joined forms (every
 * line parsed and checked), then the same bytes as text, cut into sentences and repaired with
 * what loaded, so that whatever loads also applies without fault. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "clean/spacing.h"
#include "read/segment.h"

static void ignore(void *ctx, const char *file, unsigned line, const char *why)
{
    (void)ctx, (void)file, (void)line, (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static segmenter sg;
    static sentence s;
    static int ready;
    if (!ready) {
        segmenter_init(&sg);
        sentence_init(&s);
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
        for (size_t i = 0; i < s.n; i++) /* a joined word spans its pieces' source bytes */
            if (s.tok[i].src_end > size || s.tok[i].src_start > s.tok[i].src_end ||
                (i && s.tok[i].src_start < s.tok[i - 1].src_end))
                abort();
    }
    spacing_rules_free(&r);
    return 0;
}

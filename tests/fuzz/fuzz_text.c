/* libFuzzer target: arbitrary bytes through reading, sentence splitting and the language stages
 * (clean, normalize, lexicon, ezafe) and both renderings. eSpeak NG is left out: it is not our
 * code, and its global state does not belong in a fuzzer's loop. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pipeline.h"
#include "render.h"

typedef struct fuzz_text {
    ravi_config opt;
    pipeline p;
    strbuf display, speech;
    render_map map;
} fuzz_text;

/* Opened once: loading the lexicon and the ezafe model per input would hide the stages' own cost. */
static fuzz_text *fuzz_state(void)
{
    static fuzz_text *ft;
    if (ft)
        return ft;
    ft = calloc(1, sizeof *ft);
    ravi_config_init(&ft->opt);
    ft->opt.data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    if (pipeline_open(&ft->p, &ft->opt, NULL))
        abort();
    return ft;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_text *ft = fuzz_state();
    pipeline_start_text(&ft->p, (const char *)data, size);
    sentence *s;
    while (pipeline_next(&ft->p, &s) > 0) {
        sb_reset(&ft->display);
        sb_reset(&ft->speech);
        if (render_display(s, &ft->opt, &ft->display) ||
            render_speech(s, &ft->opt, &ft->speech, &ft->map))
            abort();
        /* every rendered token maps back inside the sentence's own source range */
        for (size_t i = 0; i < s->n; i++)
            if (s->tok[i].src_start < s->src_start || s->tok[i].src_end > s->src_end ||
                s->tok[i].src_start > s->tok[i].src_end)
                abort();
    }
    return 0;
}

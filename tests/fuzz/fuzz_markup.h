/* The body shared by the HTML and SSML libFuzzer targets: arbitrary bytes read as a document of
 * one format (as --html or --ssml would give it, so every input reaches that reader), then the
 * sentences and the language stages as in fuzz_text.c. */
#ifndef RAVI_FUZZ_MARKUP_H
#define RAVI_FUZZ_MARKUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pipeline.h"
#include "read/input.h"
#include "render.h"

typedef struct fuzz_markup {
    ravi_config opt;
    diag diag;              /* the readers' messages are formatted too */
    pipeline p;
    strbuf display, speech;
    render_map map;
} fuzz_markup;

/* Opened once: loading the lexicon and the ezafe model per input would hide the readers' cost. */
static fuzz_markup *fuzz_markup_state(int input_format)
{
    static fuzz_markup *fm;
    if (fm)
        return fm;
    fm = calloc(1, sizeof *fm);
    ravi_config_init(&fm->opt);
    fm->opt.data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    fm->opt.settings.format = (ravi_format)input_format;
    diag_init(&fm->diag);
    if (pipeline_open(&fm->p, &fm->opt, &fm->diag))
        abort();
    return fm;
}

static int fuzz_markup_one(const uint8_t *data, size_t size, int input_format)
{
    fuzz_markup *fm = fuzz_markup_state(input_format);
    diag_clear(&fm->diag);
    /* a document that is not readable is an error with a message, not a crash */
    if (pipeline_start_text(&fm->p, (const char *)data, size)) {
        if (!diag_message(&fm->diag)[0])
            abort();
        return 0;
    }
    sentence *s;
    int r;
    while ((r = pipeline_next(&fm->p, &s)) > 0) {
        sb_reset(&fm->display);
        sb_reset(&fm->speech);
        if (render_display(s, &fm->opt, &fm->display) ||
            render_speech(s, &fm->opt, &fm->speech, &fm->map))
            abort();
        /* markup offsets are mapped back into the document: never past its end, never reversed */
        for (size_t i = 0; i < s->n; i++)
            if (s->tok[i].src_start > s->tok[i].src_end || s->tok[i].src_end > size)
                abort();
        /* marks stand inside the sentence's text, or after it */
        for (size_t i = 0; i < s->nmarks; i++)
            if (s->marks[i].at != SENTENCE_MARK_END && s->marks[i].at > s->source_len)
                abort();
    }
    /* an error always says what went wrong */
    if (r < 0 && !diag_message(&fm->diag)[0])
        abort();
    return 0;
}

#endif

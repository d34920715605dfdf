/* Text out of the front end: the input as it will be spoken (ravi_normalize), and the phonemes
 * eSpeak NG speaks for it (ravi_phonemes), a line per sentence. */
#include "engine.h"
#include "../render.h"
#include "../synth/synth.h"

#include <string.h>

typedef struct text_call {
    ravi_engine *engine;
    const ravi_callbacks *cb;
    void *ctx;
    unsigned flags;
    int phonemes;          /* 1: phonemes, 0: the normalized text */
    strbuf speech, line;
    render_map map;
} text_call;

/* One sentence's line. Returns 0, 1 when the callback asked to stop, -1 after an error. */
static int sentence_line(text_call *tc, const sentence *s, uint64_t number)
{
    ravi_engine *e = tc->engine;
    sb_reset(&tc->line);
    if (!tc->phonemes) {
        if (render_display(s, &e->cfg, &tc->line))
            return diag_nomem(&e->diag);
    } else {
        sb_reset(&tc->speech);
        int rendered = render_speech(s, &e->cfg, &tc->speech, &tc->map);
        if (rendered)
            return rendered == RENDER_WORD_LOST ? diag_fail(&e->diag, RAVI_E_SYNTH, RENDER_WORD_LOST_MESSAGE)
                                                : diag_nomem(&e->diag);
        if (synth_trace(tc->speech.s ? tc->speech.s : "", s->ssml_open != NULL,
                        (tc->flags & RAVI_PHONEMES_IPA) != 0, &tc->line, NULL, &e->diag))
            return -1;
    }
    if (!tc->cb || !tc->cb->text)
        return 0;
    ravi_event ev;
    engine_describe(s, number, &ev);
    return tc->cb->text(tc->ctx, &ev, tc->line.s ? tc->line.s : "", tc->line.len) ? 1 : 0;
}

static int each_sentence(text_call *tc, const ravi_source *src, const ravi_settings *settings)
{
    ravi_engine *e = tc->engine;
    if (!src)
        return diag_fail(&e->diag, RAVI_E_INVALID, "source: none given");
    if (engine_apply_settings(e, settings, tc->phonemes) || pipeline_start_source(&e->pipe, src))
        return -1;
    sentence *s;
    int got, rc = 0;
    uint64_t n = 0;
    while (rc == 0 && (got = pipeline_next(&e->pipe, &s)) != 0) {
        if (got < 0)
            return -1;
        rc = sentence_line(tc, s, n++);
    }
    if (rc == 0 && n == 0)
        return engine_no_text(e);
    return rc;
}

static ravi_status run_text(ravi_engine *e, const ravi_source *src, const ravi_settings *settings,
                            unsigned flags, int phonemes, const ravi_callbacks *cb, void *ctx)
{
    ravi_status st = engine_enter(e, cb, ctx, 1);
    if (st != RAVI_OK)
        return st;
    text_call tc = {e, cb, ctx, flags, phonemes, {0}, {0}, {0}};
    int rc = each_sentence(&tc, src, settings);
    pipeline_end_input(&e->pipe);
    sb_free(&tc.speech);
    sb_free(&tc.line);
    render_map_free(&tc.map);
    return engine_leave(e, rc);
}

RAVI_API ravi_status ravi_normalize(ravi_engine *e, const ravi_source *src,
                                    const ravi_settings *settings, const ravi_callbacks *cb, void *ctx)
{
    return run_text(e, src, settings, 0, 0, cb, ctx);
}

RAVI_API ravi_status ravi_phonemes(ravi_engine *e, const ravi_source *src,
                                   const ravi_settings *settings, unsigned flags,
                                   const ravi_callbacks *cb, void *ctx)
{
    return run_text(e, src, settings, flags, 1, cb, ctx);
}

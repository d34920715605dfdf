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
    int explain;           /* explanations to cb->event (RAVI_PHONEMES_EXPLAIN) */
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

/* The ezafe a word is said with, in words: written (in the text, or in a lexicon entry's
 * phonemes), or added by the front end (the ezafe tagger, a date's day and month); NULL: none. */
static const char *ezafe_reason(const token *t, const ravi_config *cfg)
{
    if (!(t->flags & TOKF_EZAFE))
        return NULL;
    if (t->flags & TOKF_EZAFE_WRITTEN)
        return "written";
    return cfg->ezafe ? "predicted" : NULL;
}

static int explain(text_call *tc, const token *t, uint64_t number, const char *stage,
                   const char *reason, const char *phonemes)
{
    ravi_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = RAVI_EVENT_EXPLANATION;
    ev.byte_start = t->src_start;
    ev.byte_end = t->src_end;
    ev.text = t->text;
    ev.text_len = t->len;
    ev.sentence = number;
    ev.stage = stage;
    ev.reason = reason;
    ev.phonemes = phonemes;
    return tc->cb->event(tc->ctx, &ev) ? 1 : 0;
}

/* RAVI_PHONEMES_EXPLAIN: an event for each note a stage left on a word, then its ezafe. Returns
 * 0, or 1 when the callback asked to stop. */
static int explain_sentence(text_call *tc, const sentence *s, uint64_t number)
{
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        if (t->kind != TOK_WORD)
            continue;
        const char *ezafe = ezafe_reason(t, &tc->engine->cfg);
        if ((t->note && explain(tc, t, number, t->note_stage, t->note, t->phonemes)) ||
            (ezafe && explain(tc, t, number, "ezafe", ezafe, NULL)))
            return 1;
    }
    return 0;
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
        rc = sentence_line(tc, s, n);
        if (rc == 0 && tc->explain)
            rc = explain_sentence(tc, s, n);
        n++;
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
    int explain = phonemes && (flags & RAVI_PHONEMES_EXPLAIN) && cb && cb->event;
    text_call tc = {e, cb, ctx, flags, phonemes, explain, {0}, {0}, {0}};
    e->pipe.explain = explain;
    e->pipe.text_only = !phonemes;
    int rc = each_sentence(&tc, src, settings);
    e->pipe.explain = 0;
    e->pipe.text_only = 0;
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

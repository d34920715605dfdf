/* The speaking loop: a reading hands out the input's processed sentences; speaking one puts the
 * pause before it (paragraph, headline, SSML break), renders it for eSpeak NG, synthesizes it and
 * delivers its audio with its events each at its exact place in the stream (a chunk is split
 * where a word or mark falls), then the sentence pause. ravi_speak is a reading spoken through. */
#include "engine.h"
#include "../pause.h"
#include "../render.h"
#include "../synth/synth.h"
#include "../timeline.h"

#include <stdlib.h>
#include <string.h>

#define SILENCE_CHUNK 1024 /* samples of silence per callback: 46 ms at 22050 Hz */
/* Samples kept back from each chunk until the next: eSpeak NG gives word positions in whole
 * milliseconds, and a word that starts at a chunk's edge can come with the next chunk, a
 * millisecond before where that chunk starts. Kept back, its audio can still be cut there. */
#define HOLD_BACK 64

/* Words found in a chunk's events wait here until the audio reaches them. */
typedef struct word_queue {
    timeline_word *w;
    size_t head, n, cap;
} word_queue;

struct ravi_reading {
    ravi_engine *engine;
    ravi_settings settings;  /* its voice string owned (below) */
    char *voice;
    int settings_changed;    /* apply them before the next sentence */
    ravi_callbacks cb;
    void *ctx;
    pause_state pauses;
    uint64_t samples;        /* delivered so far */
    uint64_t handed_out;     /* sentences handed out so far */
    ravi_sentence current;   /* the sentence handed out last */
    int ended;               /* the input is read to its end */
    int stopped;             /* a callback asked to stop */
    strbuf speech;
    render_map map;
    timeline tl;
    const ravi_sentence *speaking;
    size_t next_mark;        /* the speaking sentence's marks reached so far */
    word_queue words;
    short *held;             /* the speech's last samples, not yet delivered (HOLD_BACK) */
    size_t nheld, heldcap;
};

/* ---- delivering ---------------------------------------------------------------------------- */

static uint64_t to_ms(const ravi_reading *r, uint64_t sample)
{
    return sample * 1000 / (uint64_t)r->engine->sample_rate;
}

static int send_event(ravi_reading *r, ravi_event *ev)
{
    if (r->stopped)
        return 1;
    ev->sample = r->samples;
    ev->ms = to_ms(r, r->samples);
    if (r->cb.event && r->cb.event(r->ctx, ev))
        r->stopped = 1;
    return r->stopped;
}

static int send_audio(ravi_reading *r, const short *pcm, size_t n)
{
    if (r->stopped)
        return 1;
    if (n == 0)
        return 0;
    if (r->cb.audio && r->cb.audio(r->ctx, (const int16_t *)pcm, n))
        return r->stopped = 1;
    r->samples += n;
    return 0;
}

static int send_sentence_event(ravi_reading *r, const ravi_sentence *rs, ravi_event_type type)
{
    ravi_event ev;
    engine_describe(rs->s, rs->number, &ev);
    ev.type = type;
    return send_event(r, &ev);
}

static int send_mark(ravi_reading *r, const char *name, uint64_t byte, uint64_t number)
{
    ravi_event ev = {0};
    ev.type = RAVI_EVENT_MARK;
    ev.byte_start = ev.byte_end = byte;
    ev.text = name;
    ev.text_len = strlen(name);
    ev.sentence = number;
    return send_event(r, &ev);
}

/* The speaking sentence's marks that stand before byte `at` of its text (all: SIZE_MAX). */
static int send_marks_before(ravi_reading *r, size_t at)
{
    const sentence *s = r->speaking->s;
    for (; r->next_mark < s->nmarks && (at == SIZE_MAX || s->marks[r->next_mark].at <= at);
         r->next_mark++) {
        const sentence_mark *m = &s->marks[r->next_mark];
        uint64_t byte = m->at == 0 ? s->src_start : s->src_end;
        for (size_t i = 0; m->at != 0 && m->at != SENTENCE_MARK_END && i < s->n; i++)
            if (s->tok[i].text_start >= m->at) {
                byte = s->tok[i].src_start;
                break;
            }
        if (send_mark(r, m->name, byte, r->speaking->number))
            return 1;
    }
    return 0;
}

static int send_word(ravi_reading *r, const timeline_word *w)
{
    if (send_marks_before(r, w->text_start))
        return 1;
    ravi_event ev = {0};
    ev.type = RAVI_EVENT_WORD;
    ev.byte_start = w->src_start;
    ev.byte_end = w->src_end;
    ev.text = timeline_word_text(r->speaking->s, w, &ev.text_len);
    ev.sentence = r->speaking->number;
    return send_event(r, &ev);
}

/* ---- one sentence -------------------------------------------------------------------------- */

static void on_word(void *ctx, size_t text_position, uint64_t sample)
{
    ravi_reading *r = ctx;
    timeline_word w;
    if (!timeline_word_event(&r->tl, text_position, sample, &w))
        return;
    word_queue *q = &r->words;
    if (q->head + q->n == q->cap) {
        if (q->head) { /* room at the front: move the waiting words there */
            memmove(q->w, q->w + q->head, q->n * sizeof *q->w);
            q->head = 0;
        } else {
            timeline_word *w2 = array_grow(q->w, &q->cap, q->cap + 1, sizeof *w2, 32);
            if (!w2)
                return; /* events are an extra: losing one is better than failing the speech */
            q->w = w2;
        }
    }
    q->w[q->head + q->n++] = w;
}

/* Audio cut where each waiting word starts, so that its event comes at its place. */
static int deliver(ravi_reading *r, const short *pcm, size_t n)
{
    word_queue *q = &r->words;
    size_t at = 0;
    while (q->n && q->w[q->head].sample < r->samples + (n - at)) {
        const timeline_word *w = &q->w[q->head];
        size_t upto = w->sample > r->samples ? (size_t)(w->sample - r->samples) : 0;
        if (send_audio(r, pcm + at, upto) || send_word(r, w))
            return 1;
        at += upto;
        q->head++;
        q->n--;
    }
    if (!q->n)
        q->head = 0;
    return send_audio(r, pcm + at, n - at);
}

/* eSpeak's chunk joins what was held back; all but the last HOLD_BACK samples go out. */
static int on_audio(void *ctx, const short *pcm, size_t n)
{
    ravi_reading *r = ctx;
    if (r->nheld + n > r->heldcap) {
        size_t cap = r->nheld + n + HOLD_BACK;
        short *h = realloc(r->held, cap * sizeof *h);
        if (!h) {
            diag_nomem(&r->engine->diag);
            return r->stopped = 1;
        }
        r->held = h;
        r->heldcap = cap;
    }
    memcpy(r->held + r->nheld, pcm, n * sizeof *pcm);
    r->nheld += n;
    if (r->nheld <= HOLD_BACK)
        return 0;
    size_t out = r->nheld - HOLD_BACK;
    if (deliver(r, r->held, out))
        return 1;
    memmove(r->held, r->held + out, HOLD_BACK * sizeof *r->held);
    r->nheld = HOLD_BACK;
    return 0;
}

/* The audio held back, then words eSpeak placed past its last audio, and marks after the last
 * word, come at the end. */
static int flush_words(ravi_reading *r)
{
    size_t n = r->nheld;
    r->nheld = 0;
    if (deliver(r, r->held, n))
        return 1;
    word_queue *q = &r->words;
    for (; q->n; q->head++, q->n--)
        if (send_word(r, &q->w[q->head]))
            return 1;
    q->head = 0;
    return send_marks_before(r, SIZE_MAX);
}

static int send_silence(ravi_reading *r, int ms)
{
    static const short zeros[SILENCE_CHUNK];
    size_t n = (size_t)ms * (size_t)r->engine->sample_rate / 1000;
    while (n > 0) {
        size_t k = n < SILENCE_CHUNK ? n : SILENCE_CHUNK;
        if (send_audio(r, zeros, k))
            return 1;
        n -= k;
    }
    return 0;
}

/* Returns 0 spoken, 1 stopped by a callback, -1 after an error. */
static int speak_sentence(ravi_reading *r, const ravi_sentence *rs)
{
    ravi_engine *e = r->engine;
    const sentence *s = rs->s;
    if (r->settings_changed) {
        if (engine_apply_settings(e, &r->settings, 1))
            return -1;
        r->settings_changed = 0;
    }
    if (send_silence(r, pause_before_ms(&r->pauses, s, &r->settings)))
        return 1;
    sb_reset(&r->speech);
    int rendered = render_speech(s, &e->cfg, &r->speech, &r->map);
    if (rendered)
        return rendered == RENDER_WORD_LOST ? diag_fail(&e->diag, RAVI_E_SYNTH, RENDER_WORD_LOST_MESSAGE)
                                            : diag_nomem(&e->diag);
    timeline_begin_sentence(&r->tl, s, &r->map, r->samples);
    r->speaking = rs;
    r->next_mark = 0;
    r->words.head = r->words.n = 0;
    r->nheld = 0;
    if (send_sentence_event(r, rs, RAVI_EVENT_SENTENCE))
        return 1;
    synth_callbacks cb = {on_audio, on_word, r};
    int rc = synth_speak(r->speech.s ? r->speech.s : "", s->ssml_open != NULL, &cb, &e->diag);
    if (rc)
        return rc > 0 && e->diag.status < 0 ? -1 : rc; /* stopped for want of memory: an error */
    if (flush_words(r) || send_silence(r, r->settings.sentence_pause_ms) ||
        send_sentence_event(r, rs, RAVI_EVENT_SENTENCE_END))
        return 1;
    return 0;
}

/* ---- readings ------------------------------------------------------------------------------ */

static void reading_free(ravi_reading *r)
{
    sentence_free(&r->current.own);
    free(r->voice);
    sb_free(&r->speech);
    render_map_free(&r->map);
    free(r->words.w);
    free(r->held);
    free(r);
}

/* Opens a reading inside a call already entered. Returns 0, or -1 after an error. */
static int reading_start(ravi_engine *e, const ravi_source *src, const ravi_settings *settings,
                         const ravi_callbacks *cb, void *ctx, ravi_reading **out)
{
    *out = NULL;
    if (!src)
        return diag_fail(&e->diag, RAVI_E_INVALID, "source: none given");
    settings = engine_settings(e, settings);
    if (engine_apply_settings(e, settings, 1))
        return -1;
    ravi_reading *r = calloc(1, sizeof *r);
    if (!r || settings_copy(&r->settings, &r->voice, settings)) {
        if (r)
            reading_free(r);
        return diag_nomem(&e->diag);
    }
    r->engine = e;
    if (cb)
        r->cb = *cb;
    r->ctx = ctx;
    pause_init(&r->pauses);
    if (pipeline_start_source(&e->pipe, src)) {
        reading_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

/* The next sentence into *out (NULL at the end, after the marks left are sent). Returns 0, or
 * -1 after an error, 1 when stopped. */
static int reading_advance(ravi_reading *r, const ravi_sentence **out)
{
    ravi_engine *e = r->engine;
    *out = NULL;
    if (r->ended)
        return 0;
    sentence *s;
    int got = pipeline_next(&e->pipe, &s);
    if (got < 0)
        return -1;
    if (got > 0) {
        r->current.s = s;
        r->current.number = r->handed_out++;
        *out = &r->current;
        return 0;
    }
    r->ended = 1;
    if (r->handed_out == 0)
        return engine_no_text(e);
    for (size_t i = 0; i < pipeline_trailing_marks(&e->pipe); i++)
        if (send_mark(r, pipeline_trailing_mark(&e->pipe, i), e->pipe.in.rd.offset, r->handed_out - 1))
            return 1;
    return 0;
}

RAVI_API ravi_status ravi_reading_open(ravi_engine *e, const ravi_source *src,
                                       const ravi_settings *settings,
                                       const ravi_callbacks *cb, void *ctx, ravi_reading **out)
{
    if (!out)
        return RAVI_E_INVALID;
    *out = NULL;
    ravi_status st = engine_enter(e, cb, ctx, 1);
    if (st != RAVI_OK)
        return st;
    int rc = reading_start(e, src, settings, cb, ctx, out);
    e->reading = *out;
    return engine_leave(e, rc);
}

/* A reading's calls enter its engine with the reading's own warning callback. */
static ravi_status reading_enter(ravi_reading *r)
{
    if (!r)
        return RAVI_E_INVALID;
    return engine_enter(r->engine, &r->cb, r->ctx, 0);
}

RAVI_API ravi_status ravi_reading_next(ravi_reading *r, const ravi_sentence **out)
{
    if (!out)
        return RAVI_E_INVALID;
    *out = NULL;
    ravi_status st = reading_enter(r);
    if (st != RAVI_OK)
        return st;
    return engine_leave(r->engine, reading_advance(r, out));
}

RAVI_API ravi_status ravi_reading_speak(ravi_reading *r, const ravi_sentence *rs)
{
    ravi_status st = reading_enter(r);
    if (st != RAVI_OK)
        return st;
    if (!rs)
        return engine_leave(r->engine, diag_fail(&r->engine->diag, RAVI_E_INVALID, "sentence: none given"));
    r->stopped = 0;
    return engine_leave(r->engine, speak_sentence(r, rs));
}

RAVI_API ravi_status ravi_reading_set(ravi_reading *r, const ravi_settings *settings)
{
    ravi_status st = reading_enter(r);
    if (st != RAVI_OK)
        return st;
    ravi_engine *e = r->engine;
    if (!settings)
        return engine_leave(e, diag_fail(&e->diag, RAVI_E_INVALID, "settings: none given"));
    if (engine_check_settings(e, settings))
        return engine_leave(e, -1);
    ravi_format format = r->settings.format;
    if (settings_copy(&r->settings, &r->voice, settings))
        return engine_leave(e, diag_nomem(&e->diag));
    r->settings.format = format;
    r->settings_changed = 1;
    return engine_leave(e, 0);
}

RAVI_API void ravi_reading_close(ravi_reading *r)
{
    if (!r)
        return;
    if (r->engine->reading == r) {
        r->engine->reading = NULL;
        pipeline_end_input(&r->engine->pipe);
    }
    reading_free(r);
}

/* ---- sentences ----------------------------------------------------------------------------- */

RAVI_API ravi_sentence *ravi_sentence_copy(const ravi_sentence *src)
{
    if (!src)
        return NULL;
    ravi_sentence *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    sentence_init(&c->own);
    if (sentence_copy(&c->own, src->s)) {
        sentence_free(&c->own);
        free(c);
        return NULL;
    }
    c->s = &c->own;
    c->number = src->number;
    return c;
}

RAVI_API void ravi_sentence_free(ravi_sentence *s)
{
    if (!s)
        return;
    sentence_free(&s->own);
    free(s);
}

RAVI_API void ravi_sentence_describe(const ravi_sentence *s, ravi_event *out)
{
    if (!out)
        return;
    if (!s) {
        memset(out, 0, sizeof *out);
        return;
    }
    engine_describe(s->s, s->number, out);
}

/* ---- speaking a whole input ---------------------------------------------------------------- */

RAVI_API ravi_status ravi_speak_source(ravi_engine *e, const ravi_source *src,
                                       const ravi_settings *settings,
                                       const ravi_callbacks *cb, void *ctx)
{
    ravi_status st = engine_enter(e, cb, ctx, 1);
    if (st != RAVI_OK)
        return st;
    ravi_reading *r;
    int rc = reading_start(e, src, settings, cb, ctx, &r);
    const ravi_sentence *s = NULL;
    while (rc == 0 && (rc = reading_advance(r, &s)) == 0 && s)
        rc = speak_sentence(r, s);
    if (r)
        reading_free(r);
    pipeline_end_input(&e->pipe);
    return engine_leave(e, rc);
}

RAVI_API ravi_status ravi_speak(ravi_engine *e, const char *text, size_t len,
                                const ravi_settings *settings, const ravi_callbacks *cb, void *ctx)
{
    ravi_source src = {0};
    src.text = text ? text : "";
    src.len = text ? len : 0;
    return ravi_speak_source(e, &src, settings, cb, ctx);
}

/* The engine: configuration, settings, starting and freeing, errors, voices. */
#include "engine.h"
#include "../synth/synth.h"
#include "../synth/voices.h"

#include <stdlib.h>
#include <string.h>

#ifndef RAVI_DATADIR
#define RAVI_DATADIR "/usr/local/share/ravi"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

RAVI_API const char *ravi_version(void)
{
    return STR(RAVI_VERSION_MAJOR) "." STR(RAVI_VERSION_MINOR) "." STR(RAVI_VERSION_PATCH);
}

RAVI_API const char *ravi_status_name(ravi_status status)
{
    switch (status) {
    case RAVI_OK: return "RAVI_OK";
    case RAVI_CANCELLED: return "RAVI_CANCELLED";
    case RAVI_E_INVALID: return "RAVI_E_INVALID";
    case RAVI_E_NOMEM: return "RAVI_E_NOMEM";
    case RAVI_E_BUSY: return "RAVI_E_BUSY";
    case RAVI_E_DATA: return "RAVI_E_DATA";
    case RAVI_E_VOICE: return "RAVI_E_VOICE";
    case RAVI_E_LEXICON: return "RAVI_E_LEXICON";
    case RAVI_E_INPUT: return "RAVI_E_INPUT";
    case RAVI_E_EMPTY: return "RAVI_E_EMPTY";
    case RAVI_E_MARKUP: return "RAVI_E_MARKUP";
    case RAVI_E_SYNTH: return "RAVI_E_SYNTH";
    case RAVI_E_IO: return "RAVI_E_IO";
    }
    return "RAVI_E_UNKNOWN";
}

RAVI_API void ravi_settings_init(ravi_settings *s)
{
    memset(s, 0, sizeof *s);
    s->voice = "fa";
    s->rate = 165;  /* a news anchor's pace: eSpeak's 175 feels rushed in Persian */
    s->pitch = 50;
    s->volume = 100;
    s->punctuation = RAVI_PUNCTUATION_NONE;
    s->format = RAVI_FORMAT_AUTO;
    s->sentence_pause_ms = 0;
    s->paragraph_pause_ms = 300;
    s->headline_pause_ms = 700; /* an anchor's beat between headline and story */
}

RAVI_API void ravi_config_init(ravi_config *c)
{
    memset(c, 0, sizeof *c);
    c->shipped_lexicons = 1;
    c->user_lexicon = 1;
    c->ezafe = 1;
    c->homographs = 1;
    ravi_settings_init(&c->settings);
}

/* ---- settings ------------------------------------------------------------------------------ */

const ravi_settings *engine_settings(const ravi_engine *e, const ravi_settings *s)
{
    return s ? s : &e->cfg.settings;
}

static int check_range(ravi_engine *e, const char *field, int v, int lo, int hi, const char *unit)
{
    if (v >= lo && v <= hi)
        return 0;
    return diag_fail(&e->diag, RAVI_E_INVALID, "%s: %d is out of range (%d-%d%s)", field, v, lo, hi,
                     unit);
}

int engine_check_settings(ravi_engine *e, const ravi_settings *s)
{
    s = engine_settings(e, s);
    if (!s->voice || !*s->voice)
        return diag_fail(&e->diag, RAVI_E_INVALID, "voice: no voice named");
    if ((unsigned)s->punctuation > RAVI_PUNCTUATION_ALL)
        return diag_fail(&e->diag, RAVI_E_INVALID, "punctuation: %d is not a punctuation mode",
                         (int)s->punctuation);
    if ((unsigned)s->format > RAVI_FORMAT_SSML)
        return diag_fail(&e->diag, RAVI_E_INVALID, "format: %d is not an input format", (int)s->format);
    return check_range(e, "rate", s->rate, RAVI_RATE_MIN, RAVI_RATE_MAX, " words a minute") ||
           check_range(e, "pitch", s->pitch, 0, RAVI_PITCH_MAX, "") ||
           check_range(e, "volume", s->volume, 0, RAVI_VOLUME_MAX, "") ||
           check_range(e, "sentence_pause_ms", s->sentence_pause_ms, 0, RAVI_PAUSE_MAX_MS, " ms") ||
           check_range(e, "paragraph_pause_ms", s->paragraph_pause_ms, 0, RAVI_PAUSE_MAX_MS, " ms") ||
           check_range(e, "headline_pause_ms", s->headline_pause_ms, 0, RAVI_PAUSE_MAX_MS, " ms")
               ? -1 : 0;
}

int engine_apply_settings(ravi_engine *e, const ravi_settings *s, int synthesizer)
{
    s = engine_settings(e, s);
    if (engine_check_settings(e, s))
        return -1;
    e->pipe.format = (input_format)s->format;
    e->pipe.keep_punctuation = s->punctuation != RAVI_PUNCTUATION_NONE;
    if (!synthesizer)
        return 0;
    if (synth_set_voice(s->voice, e->cfg.data_dir, &e->diag))
        return -1;
    synth_set_params(s->rate, s->pitch, s->volume, s->punctuation);
    return 0;
}

static char *copy_string(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

int settings_copy(ravi_settings *dst, char **voice, const ravi_settings *src)
{
    char *v = copy_string(src->voice);
    if (src->voice && !v)
        return -1;
    free(*voice);
    *voice = v;
    *dst = *src;
    dst->voice = v;
    return 0;
}

/* ---- calls --------------------------------------------------------------------------------- */

ravi_status engine_enter(ravi_engine *e, const ravi_callbacks *cb, void *ctx, int needs_pipeline)
{
    if (!e)
        return RAVI_E_INVALID;
    if (e->start_status != RAVI_OK)
        return e->start_status; /* its message stays: why it failed to start */
    if (e->in_call) {
        diag_fail(&e->diag, RAVI_E_INVALID, "the engine is busy: a call from inside a callback");
        return RAVI_E_INVALID;
    }
    diag_clear(&e->diag);
    if (needs_pipeline && e->reading) {
        diag_fail(&e->diag, RAVI_E_INVALID, "a reading is open on this engine: close it first");
        return RAVI_E_INVALID;
    }
    e->diag.warn = cb ? cb->warning : NULL;
    e->diag.warn_ctx = ctx;
    e->in_call = 1;
    return RAVI_OK;
}

ravi_status engine_leave(ravi_engine *e, int rc)
{
    e->in_call = 0;
    e->diag.warn = NULL;
    e->diag.warn_ctx = NULL;
    if (rc < 0)
        return e->diag.status != RAVI_OK ? e->diag.status : RAVI_E_INVALID;
    if (rc > 0)
        diag_cancel(&e->diag); /* ravi_engine_status says so too */
    return rc > 0 ? RAVI_CANCELLED : RAVI_OK;
}

int engine_no_text(ravi_engine *e)
{
    return diag_fail(&e->diag, RAVI_E_EMPTY,
                     "%s: no text to read (the input is empty or has nothing to say)",
                     pipeline_input_name(&e->pipe));
}

void engine_describe(const sentence *s, uint64_t number, ravi_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->type = RAVI_EVENT_SENTENCE;
    ev->byte_start = s->src_start;
    ev->byte_end = s->src_end;
    ev->text = s->source ? s->source : "";
    ev->text_len = s->source ? s->source_len : 0;
    ev->sentence = number;
    ev->paragraph_start = s->paragraph_start;
    ev->heading = s->is_heading;
}

/* ---- starting and freeing ------------------------------------------------------------------ */

const char *engine_data_dir(const ravi_config *config)
{
    const char *env = getenv("RAVI_DATA");
    return config->data_dir ? config->data_dir : env && *env ? env : RAVI_DATADIR;
}

/* The config, its strings the engine's own; the data directory found when not given. */
static int copy_config(ravi_engine *e, const ravi_config *config)
{
    e->cfg = *config;
    if (!(e->data_dir = copy_string(engine_data_dir(config))))
        return -1;
    e->cfg.data_dir = e->data_dir;
    if (settings_copy(&e->cfg.settings, &e->voice, &config->settings))
        return -1;
    e->cfg.lexicons = NULL;
    if (config->nlexicons) {
        if (!config->lexicons || !(e->lexicons = calloc(config->nlexicons, sizeof *e->lexicons)))
            return -1;
        for (size_t i = 0; i < config->nlexicons; i++)
            if (!(e->lexicons[i] = copy_string(config->lexicons[i])))
                return -1;
        e->cfg.lexicons = (const char *const *)e->lexicons;
    }
    return 0;
}

/* The synthesizer first (a wrong voice is the commonest mistake and the cheapest to find), then
 * the stages: lexicons, the ezafe model. */
static int start(ravi_engine *e, const ravi_config *config)
{
    if (config->nlexicons && !config->lexicons)
        return diag_fail(&e->diag, RAVI_E_INVALID, "lexicons: NULL with nlexicons %zu",
                         config->nlexicons);
    if (copy_config(e, config))
        return diag_nomem(&e->diag);
    for (size_t i = 0; i < e->cfg.nlexicons; i++)
        if (!e->lexicons[i])
            return diag_fail(&e->diag, RAVI_E_INVALID, "lexicons[%zu]: NULL", i);
    if (engine_check_settings(e, NULL) || synth_claim(&e->diag))
        return -1;
    e->claimed = 1;
    if ((e->sample_rate = synth_start(&e->diag)) < 0 || engine_apply_settings(e, NULL, 1))
        return -1;
    if (pipeline_open(&e->pipe, &e->cfg, &e->diag))
        return -1;
    e->pipe_open = 1;
    return engine_apply_settings(e, NULL, 0);
}

RAVI_API ravi_engine *ravi_engine_new(const ravi_config *config, ravi_status *status)
{
    ravi_engine *e = calloc(1, sizeof *e);
    if (!e) {
        if (status)
            *status = RAVI_E_NOMEM;
        return NULL;
    }
    diag_init(&e->diag);
    ravi_config defaults;
    if (!config) {
        ravi_config_init(&defaults);
        config = &defaults;
    }
    if (start(e, config)) {
        e->start_status = e->diag.status != RAVI_OK ? e->diag.status : RAVI_E_INVALID;
        /* what it holds goes now: a failed engine keeps only its message */
        if (e->pipe_open)
            pipeline_close(&e->pipe);
        e->pipe_open = 0;
        if (e->claimed)
            synth_release();
        e->claimed = 0;
    }
    if (status)
        *status = e->start_status;
    return e;
}

RAVI_API void ravi_engine_free(ravi_engine *e)
{
    if (!e)
        return;
    if (e->reading)
        ravi_reading_close(e->reading);
    if (e->pipe_open)
        pipeline_close(&e->pipe);
    if (e->claimed)
        synth_release();
    for (size_t i = 0; e->lexicons && i < e->cfg.nlexicons; i++)
        free(e->lexicons[i]);
    free(e->lexicons);
    free(e->data_dir);
    free(e->voice);
    diag_free(&e->diag);
    free(e);
}

RAVI_API const char *ravi_engine_error(const ravi_engine *e)
{
    return e ? diag_message(&e->diag) : "no engine";
}

RAVI_API ravi_status ravi_engine_status(const ravi_engine *e)
{
    if (!e)
        return RAVI_E_INVALID;
    return e->start_status != RAVI_OK ? e->start_status : e->diag.status;
}

RAVI_API int ravi_engine_sample_rate(const ravi_engine *e)
{
    return e && e->start_status == RAVI_OK ? e->sample_rate : 0;
}

/* ---- voices -------------------------------------------------------------------------------- */

typedef struct voice_listing {
    int (*fn)(void *ctx, const ravi_voice *voice);
    void *ctx;
    int is_ravi;
} voice_listing;

static int list_one(void *ctx, const char *name, const char *gender, const char *about)
{
    voice_listing *l = ctx;
    ravi_voice v = {name, gender, about, l->is_ravi};
    return l->fn(l->ctx, &v);
}

RAVI_API ravi_status ravi_voices(ravi_engine *e, int (*fn)(void *ctx, const ravi_voice *voice), void *ctx)
{
    ravi_status st = engine_enter(e, NULL, NULL, 0);
    if (st != RAVI_OK)
        return st;
    if (!fn)
        return engine_leave(e, diag_fail(&e->diag, RAVI_E_INVALID, "voices: no function to call"));
    voice_listing l = {fn, ctx, 1};
    int rc = ravi_voices_each(e->cfg.data_dir, list_one, &l, &e->diag) < 0 ? -1 : 0;
    l.is_ravi = 0;
    if (!rc)
        rc = synth_list_voices("fa", list_one, &l, &e->diag) < 0 ? -1 : 0;
    return engine_leave(e, rc);
}

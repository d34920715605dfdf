/* The worker side of a job: in a child forked from the zygote, whose engine has said nothing
 * yet, read the request and its input, speak (or normalize, or list voices) and send what comes
 * out as frames. The child exits when the job is done; a crash inside eSpeak NG ends this
 * process alone, and the server answers that one request with an error. */
#include "serve.h"
#include "frame.h"
#include "../sink/output.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* What the zygote keeps for its children: the engine, the configuration it came from, and the
 * loudness every request's audio is brought to. */
typedef struct worker_state {
    ravi_engine *engine;
    const ravi_config *config;
    const loudness_target *loudness;
} worker_state;

static ravi_engine *new_engine(const ravi_config *config, ravi_status *status, char *err, size_t errsize)
{
    /* eSpeak NG's audio library probes the sound server as it starts, and libpulse may print
     * its own failures: the server's log is for the server's lines */
    int muted = stderr_mute();
    ravi_engine *e = ravi_engine_new(config, status);
    stderr_unmute(muted);
    if (!e) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    if (*status != RAVI_OK) {
        snprintf(err, errsize, "%s", ravi_engine_error(e));
        ravi_engine_free(e);
        return NULL;
    }
    return e;
}

typedef struct ravi_voice_pick {
    const char *wanted;
    int wanted_is_ravi;
    char first_ravi[64];
} ravi_voice_pick;

static int pick_voice(void *ctx, const ravi_voice *v)
{
    ravi_voice_pick *p = ctx;
    if (v->is_ravi && !p->first_ravi[0])
        snprintf(p->first_ravi, sizeof p->first_ravi, "%s", v->name);
    if (v->is_ravi && p->wanted && !strncmp(v->name, p->wanted, strcspn(p->wanted, "+")) &&
        strlen(v->name) == strcspn(p->wanted, "+"))
        p->wanted_is_ravi = 1;
    return 0;
}

void *job_worker_start(void *ctx, ravi_status *status, char *err, size_t errsize)
{
    const serve_options *opt = ctx;
    const ravi_config *config = opt->config;
    worker_state *ws = calloc(1, sizeof *ws);
    if (!ws) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    ws->config = config;
    ws->loudness = opt->loudness;
    ws->engine = new_engine(config, status, err, errsize);
    /* Ravi's voices need a private eSpeak NG data directory, which an engine makes the first
     * time one is chosen (some 60-150 ms) and removes when freed: made here, in the zygote, it
     * is made once, no request waits for it and no child (which ends without freeing its
     * engine) leaves one behind. So the zygote's engine starts on a Ravi voice; each job sets
     * its own voice anyway. */
    ravi_voice_pick pick = {config->settings.voice, 0, ""};
    if (ws->engine && ravi_voices(ws->engine, pick_voice, &pick) == RAVI_OK && pick.first_ravi[0] &&
        !pick.wanted_is_ravi) {
        ravi_config warm = *config;
        warm.settings.voice = pick.first_ravi;
        ravi_engine_free(ws->engine);
        ws->engine = new_engine(&warm, status, err, errsize);
    }
    if (!ws->engine) {
        free(ws);
        return NULL;
    }
    return ws;
}

void job_worker_stop(void *state)
{
    worker_state *ws = state;
    ravi_engine_free(ws->engine);
    free(ws);
}

/* The way out of the samples (the encoder, or the raw buffer) as a sink, so that the loudness
 * gain and limiter (src/sink/) stand in front of it as they do in front of `ravi say -o -`. */
typedef struct worker worker;
typedef struct pending_event {
    uint64_t sample;
    json_t *frame;
} pending_event;
typedef struct worker_sink {
    sink base;
    worker *w;
} worker_sink;

struct worker {
    int fd;
    job_request req;
    ravi_engine *engine;
    sink *level;            /* the fixed gain in front of out_sink, or NULL: the voice's level */
    worker_sink out_sink;
    diag level_diag;
    encoder *enc;           /* opened with the first samples: an error before them is a clean 4xx */
    strbuf out;             /* encoded bytes on their way out as one 'a' frame */
    int gone;               /* the server closed the job: stop */
    ravi_status fail_status; /* the worker's own failure (the encoder), or RAVI_OK */
    char fail_message[256];
    uint64_t samples;
    uint64_t delivered;     /* samples that left the limiter: events wait for their audio */
    pending_event *pending; /* events whose samples are still in the limiter, in order */
    size_t npending, pending_cap, pending_first;
    int sent_audio;         /* the first audio has gone out */
};

static int flush_audio(worker *w);

static int send_frame(worker *w, char type, const void *data, size_t n)
{
    if (w->gone)
        return -1;
    if (type != 'a' && w->out.len && flush_audio(w))
        return -1;
    if (frame_write(w->fd, type, data, n)) {
        w->gone = 1;
        return -1;
    }
    return 0;
}

/* Sends a JSON object as a frame, and frees it. */
static int send_json(worker *w, char type, json_t *obj)
{
    if (!obj)
        return -1;
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (!s)
        return -1;
    int r = send_frame(w, type, s, strlen(s));
    free(s);
    return r;
}

/* The bytes as a JSON string, invalid UTF-8 read as U+FFFD (as the library reads it). */
static json_t *json_text(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    if (j)
        return j;
    strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (sb_put_cp(&b, cp))
            break;
    }
    j = json_stringn(b.s ? b.s : "", b.len);
    sb_free(&b);
    return j;
}

/* ---- speaking ------------------------------------------------------------------------------ */

static int collect(void *ctx, const void *data, size_t n)
{
    worker *w = ctx;
    return sb_append(&w->out, data, n);
}

/* Audio goes to the server in pieces of about this size (0.7 s of raw speech, some 4 s of
 * MP3): a frame per 60 ms chunk cost the server a system call or three each, more CPU per
 * article than the rest of its work. The first audio goes at once (the time to first byte),
 * and whatever is held goes before any other frame (events stay in their place in the audio). */
#define AUDIO_BATCH (32 * 1024)

static int flush_audio(worker *w)
{
    for (size_t at = 0; at < w->out.len; at += FRAME_MAX) {
        size_t n = w->out.len - at < FRAME_MAX ? w->out.len - at : FRAME_MAX;
        if (send_frame(w, 'a', w->out.s + at, n))
            return -1;
        w->sent_audio = 1;
    }
    sb_reset(&w->out);
    return 0;
}

static int encoder_failed(worker *w, const char *message)
{
    w->fail_status = RAVI_E_IO;
    snprintf(w->fail_message, sizeof w->fail_message, "%s", message);
    return 1;
}

static int release_events(worker *w, uint64_t upto);
static int deliver_samples(worker *w, const int16_t *pcm, size_t n);

/* Samples at their final level, on their way to the encoder or the raw buffer. */
static int deliver(worker *w, const int16_t *pcm, size_t n)
{
    if (deliver_samples(w, pcm, n))
        return 1;
    w->delivered += n;
    return release_events(w, w->delivered);
}

static int deliver_samples(worker *w, const int16_t *pcm, size_t n)
{
    if (w->req.output == SPEECH_RAW) {
        if (sb_append(&w->out, (const char *)pcm, n * sizeof *pcm))
            return encoder_failed(w, "out of memory");
    } else {
        if (!w->enc) {
            char err[256];
            w->enc = encoder_open((speech_format)w->req.output, ravi_engine_sample_rate(w->engine),
                                  collect, w, err, sizeof err);
            if (!w->enc)
                return encoder_failed(w, err);
        }
        if (encoder_write(w->enc, pcm, n))
            return w->gone ? 1 : encoder_failed(w, encoder_error(w->enc));
    }
    if ((!w->sent_audio || w->out.len >= AUDIO_BATCH) && flush_audio(w))
        return 1;
    return 0;
}

static int out_sink_write(sink *s, const short *pcm, size_t n)
{
    return deliver(((worker_sink *)s)->w, pcm, n) ? -1 : 0;
}

/* part of the worker: nothing to free */
static int out_sink_finish(sink *s)
{
    (void)s;
    return 0;
}

static void out_sink_abort(sink *s)
{
    (void)s;
}

static const sink_ops out_sink_ops = {out_sink_write, out_sink_finish, out_sink_abort, NULL};

/* What an encoder's decoded output must stay under: the headroom of the nearest of the
 * command's formats (AAC as Opus, the larger lossy one). */
static audio_format headroom_format(speech_format f)
{
    switch (f) {
    case SPEECH_MP3: return FORMAT_MP3;
    case SPEECH_OPUS: case SPEECH_AAC: return FORMAT_OPUS;
    case SPEECH_FLAC: return FORMAT_FLAC;
    default: return FORMAT_WAV;
    }
}

/* The fixed gain for this request's voice and format, as `ravi say -o -` gets it. 0, or -1 out
 * of memory. */
static int open_level(worker *w, const loudness_target *loudness, const char *voice)
{
    w->out_sink.base.ops = &out_sink_ops;
    w->out_sink.base.diag = &w->level_diag;
    w->out_sink.w = w;
    if (!loudness || !loudness->on)
        return 0;
    w->level = sink_stream_gain_open(&w->out_sink.base, loudness, voice,
                                     ravi_engine_sample_rate(w->engine),
                                     headroom_format((speech_format)w->req.output));
    return w->level ? 0 : -1;
}

static int on_audio(void *ctx, const int16_t *pcm, size_t n)
{
    worker *w = ctx;
    w->samples += n;
    if (!w->level)
        return deliver(w, pcm, n);
    return sink_write(w->level, pcm, n) ? 1 : 0;
}

static const char *event_name(ravi_event_type t)
{
    switch (t) {
    case RAVI_EVENT_SENTENCE: return "sentence";
    case RAVI_EVENT_WORD: return "word";
    case RAVI_EVENT_MARK: return "mark";
    case RAVI_EVENT_SENTENCE_END: return "sentence_end";
    case RAVI_EVENT_METADATA: return "metadata";
    case RAVI_EVENT_EXPLANATION: return "explanation"; /* only ravi_phonemes sends them */
    }
    return "?";
}

/* Keeps an event until its audio has left the limiter. 0, or -1 out of memory. */
static int hold_event(worker *w, uint64_t sample, json_t *frame)
{
    if (w->npending == w->pending_cap) {
        size_t cap = w->pending_cap ? w->pending_cap * 2 : 16;
        pending_event *p = realloc(w->pending, cap * sizeof *p);
        if (!p) {
            json_decref(frame);
            return -1;
        }
        w->pending = p;
        w->pending_cap = cap;
    }
    w->pending[w->npending++] = (pending_event){sample, frame};
    return 0;
}

/* Sends the held events whose audio has gone out (all of them: upto UINT64_MAX), in order. */
static int release_events(worker *w, uint64_t upto)
{
    while (w->pending_first < w->npending && w->pending[w->pending_first].sample <= upto) {
        json_t *frame = w->pending[w->pending_first].frame;
        w->pending[w->pending_first++].frame = NULL;
        if (send_json(w, 'e', frame))
            return 1;
    }
    if (w->pending_first == w->npending)
        w->pending_first = w->npending = 0;
    return 0;
}

static void drop_events(worker *w)
{
    for (size_t i = w->pending_first; i < w->npending; i++)
        json_decref(w->pending[i].frame);
    free(w->pending);
    w->pending = NULL;
    w->npending = w->pending_first = w->pending_cap = 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    worker *w = ctx;
    /* a page's title, author, date (issue 18's tags) are no timing: clients get the timeline only */
    if (w->req.events == JOB_EVENTS_NONE || ev->type == RAVI_EVENT_METADATA ||
        (ev->type == RAVI_EVENT_WORD && w->req.events != JOB_EVENTS_WORDS))
        return w->gone;
    json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "type", event_name(ev->type),
                          "sample", (json_int_t)ev->sample, "ms", (json_int_t)ev->ms,
                          "byte_start", (json_int_t)ev->byte_start,
                          "byte_end", (json_int_t)ev->byte_end, "sentence", (json_int_t)ev->sentence);
    if (!o)
        return 1;
    if (ev->type == RAVI_EVENT_MARK)
        json_object_set_new(o, "name", json_text(ev->text, strlen(ev->text)));
    else if (ev->type != RAVI_EVENT_SENTENCE_END)
        json_object_set_new(o, "text", json_text(ev->text, ev->text_len));
    if (ev->type == RAVI_EVENT_SENTENCE) {
        json_object_set_new(o, "paragraph_start", json_boolean(ev->paragraph_start));
        json_object_set_new(o, "heading", json_boolean(ev->heading));
    }
    /* an event goes out after the audio it points into, as without the limiter's look-ahead */
    if (w->level && ev->sample > w->delivered)
        return hold_event(w, ev->sample, o) ? 1 : 0;
    return send_json(w, 'e', o) ? 1 : 0;
}

static int on_warning(void *ctx, ravi_warning warning, const char *message)
{
    worker *w = ctx;
    (void)warning;
    return send_frame(w, 'w', message, strlen(message)) ? 1 : 0;
}

static int on_line(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    worker *w = ctx;
    (void)sentence;
    return send_frame(w, 'l', text, len) ? 1 : 0;
}

static int on_voice(void *ctx, const ravi_voice *v)
{
    worker *w = ctx;
    json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "name", v->name, "gender", v->gender,
                          "description", v->description, "ravi", v->is_ravi);
    return send_json(w, 'l', o) ? 1 : 0;
}

static ravi_status speak(worker *w, const char *text, size_t len, const ravi_settings *set,
                         const loudness_target *loudness)
{
    if (open_level(w, loudness, set->voice)) {
        encoder_failed(w, "out of memory");
        return RAVI_OK;
    }
    ravi_callbacks cb = {on_audio, on_event, NULL, on_warning};
    ravi_source src = {w->req.source_name, text, len, NULL, NULL, NULL};
    ravi_status st = ravi_speak_source(w->engine, &src, set, &cb, w);
    if (w->level) {
        /* the limiter's look-ahead goes out first */
        sink *level = w->level;
        w->level = NULL;
        if (st == RAVI_OK && !w->gone) {
            if (level->ops->finish(level) && !w->gone && w->fail_status == RAVI_OK)
                encoder_failed(w, diag_message(&w->level_diag));
            else
                release_events(w, UINT64_MAX);
        } else
            level->ops->abort(level);
    }
    if (st == RAVI_OK && w->req.output == SPEECH_RAW)
        flush_audio(w);
    if (st == RAVI_OK && !w->gone && w->req.output != SPEECH_RAW) {
        /* audio that was all silence still makes a file */
        if (!w->enc)
            on_audio(w, NULL, 0);
        if (w->enc && (encoder_finish(w->enc) || flush_audio(w)) && !w->gone)
            encoder_failed(w, encoder_error(w->enc));
    }
    return st;
}

/* ---- one job ------------------------------------------------------------------------------- */

/* Reads the request and the whole input (the server has it already, and sends it at once). */
static int read_request(worker *w, strbuf *text)
{
    strbuf payload;
    sb_init(&payload);
    char type;
    int ok = frame_read(w->fd, &type, &payload, -1) == 1 && type == 'R' &&
             payload.len == sizeof w->req;
    if (ok)
        memcpy(&w->req, payload.s, sizeof w->req);
    while (ok) {
        ok = frame_read(w->fd, &type, &payload, -1) == 1;
        if (ok && type == 'E')
            break;
        ok = ok && type == 'T' && !sb_append(text, payload.s, payload.len);
    }
    sb_free(&payload);
    w->req.voice[sizeof w->req.voice - 1] = '\0';
    w->req.source_name[sizeof w->req.source_name - 1] = '\0';
    return ok ? 0 : -1;
}

static void settings_of(const job_request *r, const ravi_config *config, ravi_settings *s)
{
    *s = config->settings;
    if (r->voice[0])
        s->voice = r->voice;
    s->rate = r->rate;
    s->pitch = r->pitch;
    s->volume = r->volume;
    s->format = (ravi_format)r->input_format;
}

/* Memory this worker wrote (its own pages, not the zygote's it shares), from the kernel. */
static long private_dirty_kb(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    long kb = -1;
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Private_Dirty: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

static void send_end(worker *w, ravi_status st)
{
    if (w->fail_status != RAVI_OK) {
        st = w->fail_status;
        send_json(w, 'x', json_pack("{s:i,s:s,s:s}", "status", st, "name", ravi_status_name(st),
                                    "message", w->fail_message));
    } else if (st < 0) {
        send_json(w, 'x', json_pack("{s:i,s:s,s:o}", "status", st, "name", ravi_status_name(st),
                                    "message", json_text(ravi_engine_error(w->engine),
                                                         strlen(ravi_engine_error(w->engine)))));
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    send_json(w, 'd', json_pack("{s:i,s:i,s:I,s:I,s:I}", "status", st,
                                "sample_rate", ravi_engine_sample_rate(w->engine),
                                "samples", (json_int_t)w->samples,
                                "peak_rss_kb", (json_int_t)ru.ru_maxrss,
                                "private_kb", (json_int_t)private_dirty_kb()));
}

int job_worker_run(void *state, int fd)
{
    worker_state *ws = state;
    ravi_engine *engine = ws->engine;
    worker w;
    memset(&w, 0, sizeof w);
    diag_init(&w.level_diag);
    w.fd = fd;
    w.engine = engine;
    sb_init(&w.out);
    uint32_t pid = (uint32_t)getpid();
    unsigned char hello[4] = {(unsigned char)pid, (unsigned char)(pid >> 8),
                              (unsigned char)(pid >> 16), (unsigned char)(pid >> 24)};
    strbuf text;
    sb_init(&text);
    if (send_frame(&w, 'h', hello, sizeof hello) || read_request(&w, &text))
        return 1;
    ravi_settings set;
    settings_of(&w.req, ws->config, &set);
    ravi_source src = {w.req.source_name, text.s ? text.s : "", text.len, NULL, NULL, NULL};
    ravi_callbacks lines = {NULL, NULL, on_line, on_warning};
    ravi_status st;
    switch (w.req.kind) {
    case JOB_SPEAK: st = speak(&w, src.text, src.len, &set, ws->loudness); break;
    case JOB_NORMALIZE: st = ravi_normalize(engine, &src, &set, &lines, &w); break;
    case JOB_VOICES: st = ravi_voices(engine, on_voice, &w); break;
    default: st = RAVI_E_INVALID; break;
    }
    if (!w.gone)
        send_end(&w, st);
    encoder_free(w.enc);
    drop_events(&w);
    diag_free(&w.level_diag);
    sb_free(&w.out);
    sb_free(&text);
    return 0; /* a server that went away (its client did) is no failure of the worker */
}

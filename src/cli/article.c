#include "article.h"

#include <string.h>

void article_writer_init(article_writer *w, const article_outputs *to, int rate)
{
    memset(w, 0, sizeof *w);
    w->to = *to;
    w->rate = rate;
    diag_init(&w->diag);
    cue_sentence_init(&w->cues);
}

void article_writer_free(article_writer *w)
{
    if (w->out)
        w->out->ops->abort(w->out);
    w->out = NULL;
    cue_sentence_free(&w->cues);
    diag_free(&w->diag);
}

static int fail(article_writer *w)
{
    w->failed = 1;
    return 1;
}

static sink *open_sink(article_writer *w)
{
    if (!w->to.audio)
        return sink_play_open(w->rate, &w->diag);
    int rate = audio_format_rate(w->to.format, w->rate);
    sink *s = sink_path_open(w->to.audio, w->to.format, rate, &w->diag);
    if (s && rate != w->rate)
        s = sink_resample_open(s, w->rate, rate);
    return s;
}

static int ensure_sink(article_writer *w)
{
    if (!w->out && !(w->out = open_sink(w)))
        return fail(w);
    return 0;
}

static int stopped(const article_writer *w)
{
    return w->failed || w->closed_pipe;
}

int article_writer_audio(article_writer *w, const int16_t *pcm, size_t n)
{
    if (stopped(w) || ensure_sink(w))
        return 1;
    if (sink_write(w->out, pcm, n)) {
        if (w->out->closed_pipe)
            w->closed_pipe = 1;
        else
            fail(w);
        return 1;
    }
    w->samples += n;
    return 0;
}

/* Writes the gathered sentence's cues. A reader of the cues going away ends the run as when the
 * audio's reader goes: quietly, no file left half-written. */
static int write_cues(article_writer *w)
{
    cue_writer *cw[2] = {w->to.subtitles ? &w->subtitles : NULL,
                         w->to.json_events ? &w->events : NULL};
    for (int i = 0; i < 2; i++) {
        if (cw[i] && cue_writer_sentence(cw[i], &w->cues)) {
            if (cw[i]->out.closed_pipe)
                w->closed_pipe = 1;
            else
                fail(w);
            return 1;
        }
    }
    return 0;
}

int article_writer_event(article_writer *w, const ravi_event *ev)
{
    if (stopped(w) || (ev->type == RAVI_EVENT_SENTENCE && ensure_sink(w)))
        return 1;
    int complete = cue_sentence_event(&w->cues, ev);
    if (complete < 0) {
        diag_nomem(&w->diag);
        return fail(w);
    }
    return complete ? write_cues(w) : 0;
}

int article_writer_cut(article_writer *w)
{
    return cue_sentence_cut(&w->cues, w->samples) ? write_cues(w) : 0;
}

/* Subtitles and events are complete only when the audio is: kept or removed together. */
static int close_cues(article_writer *w, int ok)
{
    int rc = 0;
    if (w->to.subtitles && cue_writer_close(&w->subtitles, ok))
        rc = -1;
    if (w->to.json_events && cue_writer_close(&w->events, ok && !rc))
        rc = -1;
    if (rc)
        fail(w);
    return rc;
}

int article_writer_open(article_writer *w)
{
    const article_outputs *to = &w->to;
    if (to->subtitles && cue_writer_open(&w->subtitles, to->subtitles,
                                         (cue_format)cue_format_from_path(to->subtitles),
                                         to->word_timings, w->rate, &w->diag))
        return -fail(w);
    if (to->json_events && cue_writer_open(&w->events, to->json_events, CUES_JSON, 1, w->rate,
                                           &w->diag)) {
        if (to->subtitles)
            cue_writer_close(&w->subtitles, 0);
        return -fail(w);
    }
    return 0;
}

int article_writer_finish(article_writer *w, int ok, int keep_audio)
{
    sink *out = w->out;
    w->out = NULL;
    int rc = 0;
    if (out && ok && keep_audio) {
        if (out->ops->finish(out))
            rc = -fail(w);
    } else if (out) {
        out->ops->abort(out);
    }
    if (close_cues(w, ok && out && !rc))
        rc = -1;
    return rc;
}

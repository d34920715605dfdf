#include "cues.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int cue_format_from_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot && !strcasecmp(dot, ".srt"))
        return CUES_SRT;
    if (dot && !strcasecmp(dot, ".vtt"))
        return CUES_VTT;
    return -1;
}

static uint64_t to_ms(const cue_writer *w, uint64_t sample)
{
    return (sample * 1000 + (uint64_t)w->rate / 2) / (uint64_t)w->rate;
}

int cue_time(strbuf *out, uint64_t ms, char separator)
{
    unsigned long long s = ms / 1000;
    return sb_printf(out, "%02llu:%02llu:%02llu%c%03llu", s / 3600, s / 60 % 60, s % 60, separator,
                     (unsigned long long)(ms % 1000));
}

/* Each code point of valid UTF-8 goes through `put`; an invalid byte is read as U+FFFD. */
static int each_code_point(strbuf *out, const char *s, size_t n, int (*put)(strbuf *, uint32_t))
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (put(out, cp))
            return -1;
    }
    return 0;
}

static int put_json(strbuf *out, uint32_t cp)
{
    switch (cp) {
    case '"': return sb_puts(out, "\\\"");
    case '\\': return sb_puts(out, "\\\\");
    case '\n': return sb_puts(out, "\\n");
    case '\r': return sb_puts(out, "\\r");
    case '\t': return sb_puts(out, "\\t");
    default:
        if (cp < 0x20)
            return sb_printf(out, "\\u%04x", (unsigned)cp);
        return sb_put_cp(out, cp);
    }
}

int json_escape(strbuf *out, const char *s, size_t n)
{
    return each_code_point(out, s, n, put_json);
}

/* A cue's text stays on one line: a line break would end an SRT cue early. An arrow "-->" in
 * it would make players read the line as a new cue's times: it is written "-- >" (fuzz_cues). */
static int put_srt(strbuf *out, uint32_t cp)
{
    if (cp == '>' && out->len >= 2 && !memcmp(out->s + out->len - 2, "--", 2) && sb_putc(out, ' '))
        return -1;
    return sb_put_cp(out, cp == '\n' || cp == '\r' ? ' ' : cp);
}

/* WebVTT reads markup in cue text: & < > are escaped (which also keeps "-->" out of it). */
static int put_vtt(strbuf *out, uint32_t cp)
{
    switch (cp) {
    case '&': return sb_puts(out, "&amp;");
    case '<': return sb_puts(out, "&lt;");
    case '>': return sb_puts(out, "&gt;");
    default: return put_srt(out, cp);
    }
}

static int write_failed(cue_writer *w)
{
    return outfile_write_failed(&w->out);
}

static int write_line(cue_writer *w)
{
    return fwrite(w->line.s, 1, w->line.len, w->out.f) == w->line.len ? 0 : write_failed(w);
}

static int subtitle_cue(cue_writer *w, uint64_t start_ms, uint64_t end_ms, const char *text, size_t len)
{
    if (start_ms < w->last_end_ms)
        start_ms = w->last_end_ms;
    if (end_ms <= start_ms || !len)
        return 0; /* nothing audible or nothing to show: an empty cue would only confuse players
                   * (a blank text line ends an SRT cue; fuzz_cues) */
    char sep = w->format == CUES_SRT ? ',' : '.';
    sb_reset(&w->line);
    w->number++;
    if ((w->format == CUES_SRT && sb_printf(&w->line, "%lu\n", w->number)) ||
        cue_time(&w->line, start_ms, sep) || sb_puts(&w->line, " --> ") ||
        cue_time(&w->line, end_ms, sep) || sb_putc(&w->line, '\n') ||
        each_code_point(&w->line, text, len, w->format == CUES_SRT ? put_srt : put_vtt) ||
        sb_puts(&w->line, "\n\n"))
        return diag_nomem(w->out.diag);
    w->last_end_ms = end_ms;
    return write_line(w);
}

static int json_event(cue_writer *w, const char *type, uint64_t src_start, uint64_t src_end,
                      uint64_t start_ms, uint64_t end_ms, const char *text, size_t len)
{
    sb_reset(&w->line);
    if (sb_printf(&w->line,
                  "{\"type\":\"%s\",\"byte_start\":%llu,\"byte_end\":%llu,\"start_ms\":%llu,"
                  "\"end_ms\":%llu,\"text\":\"", type, (unsigned long long)src_start,
                  (unsigned long long)src_end, (unsigned long long)start_ms,
                  (unsigned long long)end_ms) ||
        json_escape(&w->line, text, len) || sb_puts(&w->line, "\"}\n"))
        return diag_nomem(w->out.diag);
    return write_line(w);
}

static int json_sentence(cue_writer *w, const cue_sentence *cs)
{
    size_t len;
    const char *text = cue_sentence_text(cs, &len);
    if (json_event(w, "sentence", cs->byte_start, cs->byte_end, to_ms(w, cs->start), to_ms(w, cs->end),
                   text, len))
        return -1;
    for (size_t i = 0; i < cs->n; i++) {
        const cue_word *wd = &cs->words[i];
        text = cue_word_text(cs, wd, &len);
        if (json_event(w, "word", wd->byte_start, wd->byte_end, to_ms(w, wd->start), to_ms(w, wd->end),
                       text, len))
            return -1;
    }
    /* a player highlighting as it goes wants each sentence's events now, not at the end */
    return fflush(w->out.f) == EOF ? write_failed(w) : 0;
}

static int subtitle_sentence(cue_writer *w, const cue_sentence *cs)
{
    size_t len;
    const char *text;
    if (!w->words) {
        text = cue_sentence_text(cs, &len);
        return subtitle_cue(w, to_ms(w, cs->start), to_ms(w, cs->end), text, len);
    }
    for (size_t i = 0; i < cs->n; i++) {
        const cue_word *wd = &cs->words[i];
        text = cue_word_text(cs, wd, &len);
        if (subtitle_cue(w, to_ms(w, wd->start), to_ms(w, wd->end), text, len))
            return -1;
    }
    return 0;
}

int cue_writer_sentence(cue_writer *w, const cue_sentence *cs)
{
    int r = w->format == CUES_JSON ? json_sentence(w, cs) : subtitle_sentence(w, cs);
    return r ? -1 : outfile_check(&w->out);
}

int cue_writer_open(cue_writer *w, const char *path, cue_format format, int words, int rate, diag *d)
{
    memset(w, 0, sizeof *w);
    w->format = format;
    w->words = words;
    w->rate = rate > 0 ? rate : 1;
    sb_init(&w->line);
    if (outfile_open(&w->out, path, d))
        return -1;
    if (format == CUES_VTT && fputs("WEBVTT\n\n", w->out.f) == EOF) {
        write_failed(w);
        outfile_discard(&w->out);
        return -1;
    }
    return 0;
}

int cue_writer_close(cue_writer *w, int ok)
{
    int rc = 0;
    if (ok)
        rc = outfile_commit(&w->out);
    else
        outfile_discard(&w->out);
    sb_free(&w->line);
    return rc;
}

/* ---- gathering a sentence from the events ------------------------------------------------- */

void cue_sentence_init(cue_sentence *cs)
{
    memset(cs, 0, sizeof *cs);
    sb_init(&cs->texts);
}

void cue_sentence_free(cue_sentence *cs)
{
    sb_free(&cs->texts);
    free(cs->words);
    cue_sentence_init(cs);
}

const char *cue_sentence_text(const cue_sentence *cs, size_t *len)
{
    *len = cs->text_len;
    return cs->texts.s ? cs->texts.s : "";
}

const char *cue_word_text(const cue_sentence *cs, const cue_word *w, size_t *len)
{
    *len = w->text_len;
    return cs->texts.s ? cs->texts.s + w->text : "";
}

static int begin_sentence(cue_sentence *cs, const ravi_event *ev)
{
    cs->open = 1;
    cs->byte_start = ev->byte_start;
    cs->byte_end = ev->byte_end;
    cs->start = cs->end = ev->sample;
    cs->n = 0;
    sb_reset(&cs->texts);
    cs->text_len = ev->text_len;
    return sb_append(&cs->texts, ev->text ? ev->text : "", ev->text ? ev->text_len : 0);
}

static int add_word(cue_sentence *cs, const ravi_event *ev)
{
    cue_word *words = array_grow(cs->words, &cs->cap, cs->n + 1, sizeof *words, 64);
    if (!words)
        return -1;
    cs->words = words;
    size_t at = cs->texts.len, len = ev->text ? ev->text_len : 0;
    if (sb_append(&cs->texts, ev->text ? ev->text : "", len))
        return -1;
    /* libravi's words come in order; a writer fed otherwise still writes cues that follow on */
    uint64_t start = ev->sample < cs->start ? cs->start : ev->sample;
    if (cs->n && start < cs->words[cs->n - 1].start)
        start = cs->words[cs->n - 1].start;
    cs->words[cs->n++] = (cue_word){ev->byte_start, ev->byte_end, start, start, at, len};
    return 0;
}

/* Closes the sentence at `end` (after its speech and its pause) and gives every word its end, so
 * that words follow each other without overlapping. */
static void end_sentence(cue_sentence *cs, uint64_t end)
{
    if (end < cs->start)
        end = cs->start;
    cs->end = end;
    cs->open = 0;
    for (size_t i = 0; i < cs->n; i++) {
        if (cs->words[i].start > end)
            cs->words[i].start = end;
        cs->words[i].end = i + 1 < cs->n ? cs->words[i + 1].start : end;
        if (cs->words[i].end > end)
            cs->words[i].end = end;
    }
}

int cue_sentence_event(cue_sentence *cs, const ravi_event *ev)
{
    switch (ev->type) {
    case RAVI_EVENT_SENTENCE:
        return begin_sentence(cs, ev) ? -1 : 0;
    case RAVI_EVENT_WORD:
        return cs->open && add_word(cs, ev) ? -1 : 0;
    case RAVI_EVENT_SENTENCE_END:
        if (!cs->open)
            return 0;
        end_sentence(cs, ev->sample);
        return 1;
    default:
        return 0;
    }
}

int cue_sentence_cut(cue_sentence *cs, uint64_t sample)
{
    if (!cs->open)
        return 0;
    end_sentence(cs, sample);
    return 1;
}

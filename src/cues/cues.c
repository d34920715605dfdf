#include "cues.h"

#include <errno.h>
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

/* The text a word was read from, or an empty text when it is out of the sentence's. */
static const char *word_text(const timeline *t, const timeline_word *wd, size_t *len)
{
    const sentence *s = t->sent;
    if (!s->source || wd->text_end < wd->text_start || wd->text_end > s->source_len) {
        *len = 0;
        return "";
    }
    *len = wd->text_end - wd->text_start;
    return s->source + wd->text_start;
}

static const char *sentence_text(const timeline *t, size_t *len)
{
    *len = t->sent->source ? t->sent->source_len : 0;
    return t->sent->source ? t->sent->source : "";
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
        sb_puts(&w->line, "\n\n")) {
        ravi_error("out of memory");
        return -1;
    }
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
        json_escape(&w->line, text, len) || sb_puts(&w->line, "\"}\n")) {
        ravi_error("out of memory");
        return -1;
    }
    return write_line(w);
}

static int json_sentence(cue_writer *w, const timeline *t)
{
    const sentence *s = t->sent;
    size_t len;
    const char *text = sentence_text(t, &len);
    if (json_event(w, "sentence", s->src_start, s->src_end, to_ms(w, t->sentence_start),
                   to_ms(w, t->sentence_end), text, len))
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        const timeline_word *wd = &t->words[i];
        text = word_text(t, wd, &len);
        if (json_event(w, "word", wd->src_start, wd->src_end, to_ms(w, wd->sample), to_ms(w, wd->end),
                       text, len))
            return -1;
    }
    /* a player highlighting as it goes wants each sentence's events now, not at the end */
    return fflush(w->out.f) == EOF ? write_failed(w) : 0;
}

static int subtitle_sentence(cue_writer *w, const timeline *t)
{
    size_t len;
    const char *text;
    if (!w->words) {
        text = sentence_text(t, &len);
        return subtitle_cue(w, to_ms(w, t->sentence_start), to_ms(w, t->sentence_end), text, len);
    }
    for (size_t i = 0; i < t->n; i++) {
        const timeline_word *wd = &t->words[i];
        text = word_text(t, wd, &len);
        if (subtitle_cue(w, to_ms(w, wd->sample), to_ms(w, wd->end), text, len))
            return -1;
    }
    return 0;
}

int cue_writer_sentence(cue_writer *w, const timeline *t)
{
    if (!t->sent)
        return 0;
    int r = w->format == CUES_JSON ? json_sentence(w, t) : subtitle_sentence(w, t);
    return r ? -1 : outfile_check(&w->out);
}

int cue_writer_open(cue_writer *w, const char *path, cue_format format, int words, int rate)
{
    memset(w, 0, sizeof *w);
    w->format = format;
    w->words = words;
    w->rate = rate > 0 ? rate : 1;
    sb_init(&w->line);
    if (outfile_open(&w->out, path))
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

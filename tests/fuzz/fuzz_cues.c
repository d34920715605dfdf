/* libFuzzer target: the subtitle and JSON writers fed arbitrary event lists. The input is decoded
 * into sentences (text, tokens with byte ranges, possibly out of the sentence) and eSpeak-like
 * word events (any speech position, any sample); they go through the real timeline, become the
 * public API's events as the engine makes them, and are gathered and written as SRT, WebVTT and
 * JSON files, which are then read back and checked:
 *   - SRT cues are numbered 1, 2, 3..., every cue starts before it ends and after the previous
 *     one ended; WebVTT starts "WEBVTT" and its cues are as ordered; no cue text line is empty
 *     or holds "-->";
 *   - every JSON line is one event object, its byte range and times not reversed, sentences in
 *     time order. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cues/cues.h"
#include "render.h"
#include "timeline.h"

typedef struct fuzz_cues {
    ravi_config opt;
    cue_sentence cues;
    char dir[64];
    char srt[96], vtt[96], json[96];
    sentence sent;
    strbuf speech;
    render_map map;
    timeline tl;
} fuzz_cues;

static fuzz_cues *fuzz_state(void)
{
    static fuzz_cues *fc;
    if (fc)
        return fc;
    fc = calloc(1, sizeof *fc);
    ravi_config_init(&fc->opt);
    strcpy(fc->dir, "/tmp/ravi-fuzz-cues.XXXXXX");
    if (!mkdtemp(fc->dir))
        abort();
    snprintf(fc->srt, sizeof fc->srt, "%s/c.srt", fc->dir);
    snprintf(fc->vtt, sizeof fc->vtt, "%s/c.vtt", fc->dir);
    snprintf(fc->json, sizeof fc->json, "%s/c.json", fc->dir);
    sentence_init(&fc->sent);
    sb_init(&fc->speech);
    cue_sentence_init(&fc->cues);
    return fc;
}

/* The fuzz input read a byte at a time; past its end, zeros. */
typedef struct cursor {
    const uint8_t *p;
    size_t n;
} cursor;

static unsigned take8(cursor *c)
{
    if (!c->n)
        return 0;
    c->n--;
    return *c->p++;
}

static uint32_t take16(cursor *c)
{
    uint32_t hi = take8(c);
    return hi << 8 | take8(c);
}

/* A sentence: its text is the next bytes of the input, cut into tokens at spaces; a flag byte
 * may shift a token's range anywhere (the writer must not read outside the sentence). */
static int decode_sentence(cursor *c, sentence *s, uint64_t *offset)
{
    sentence_clear(s);
    size_t len = take8(c);
    if (len > c->n)
        len = c->n;
    const char *text = (const char *)c->p;
    c->p += len;
    c->n -= len;
    s->source = text;
    s->source_len = len;
    s->src_start = *offset;
    s->src_end = *offset + len;
    unsigned flags = take8(c);
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != ' ')
            j++;
        if (j > i) {
            uint64_t a = *offset + i, b = *offset + j;
            if (flags & 1) { /* a range outside the sentence (markup input): the writer copes */
                a = *offset + take8(c) * 3u;
                b = a + take8(c); /* never reversed: fuzz_text checks that the stages keep it so */
            }
            token_kind kind = (flags & 2) && text[i] == '.' ? TOK_PUNCT : TOK_WORD;
            if (sentence_push(s, kind, text + i, j - i, a, b, i ? TOKF_SPACE_BEFORE : 0) < 0)
                return -1;
        }
        i = j + 1;
    }
    *offset += len + take8(c);
    return 0;
}

/* One event for the cue gatherer; 1 when it completes the sentence. */
static int gather(fuzz_cues *fc, ravi_event_type type, uint64_t sample, uint64_t b0, uint64_t b1,
                  const char *text, size_t len)
{
    ravi_event ev = {0};
    ev.type = type;
    ev.sample = sample;
    ev.byte_start = b0;
    ev.byte_end = b1;
    ev.text = text;
    ev.text_len = len;
    int r = cue_sentence_event(&fc->cues, &ev);
    if (r < 0)
        abort();
    return r;
}

static void write_all(fuzz_cues *fc, cue_writer *w, size_t nw, cursor *c)
{
    uint64_t offset = 0, sample = 0;
    while (c->n) {
        if (decode_sentence(c, &fc->sent, &offset))
            abort();
        sb_reset(&fc->speech);
        if (render_speech(&fc->sent, &fc->opt, &fc->speech, &fc->map))
            abort();
        const sentence *s = &fc->sent;
        timeline_begin_sentence(&fc->tl, s, &fc->map, sample);
        gather(fc, RAVI_EVENT_SENTENCE, sample, s->src_start, s->src_end, s->source, s->source_len);
        for (unsigned k = take8(c) % 16; k; k--) {
            timeline_word wd;
            size_t len;
            if (timeline_word_event(&fc->tl, take16(c) % (fc->speech.len + 3), take16(c) * 37u, &wd)) {
                const char *text = timeline_word_text(s, &wd, &len);
                gather(fc, RAVI_EVENT_WORD, wd.sample, wd.src_start, wd.src_end, text, len);
            }
        }
        sample += take16(c) * 41u; /* the audio only moves forward */
        if (take8(c) % 8 == 0) /* a player went elsewhere in the middle of the sentence */
            cue_sentence_cut(&fc->cues, sample);
        else if (!gather(fc, RAVI_EVENT_SENTENCE_END, sample, s->src_start, s->src_end, s->source,
                         s->source_len))
            abort();
        for (size_t i = 0; i < nw; i++)
            if (cue_writer_sentence(&w[i], &fc->cues))
                abort();
    }
}

static uint64_t parse_time(const char *s)
{
    unsigned h, m, sec, ms;
    if (sscanf(s, "%u:%u:%u%*[,.]%u", &h, &m, &sec, &ms) != 4 || m > 59 || sec > 59 || ms > 999)
        abort();
    return ((uint64_t)h * 3600 + m * 60 + sec) * 1000 + ms;
}

/* SRT or WebVTT read back: ordered, non-overlapping, numbered cues with one text line each. */
static void check_subtitles(const char *path, int srt)
{
    FILE *f = fopen(path, "r");
    if (!f)
        abort();
    char *line = NULL;
    size_t cap = 0;
    unsigned long want = 1;
    uint64_t last_end = 0;
    int state = srt ? 0 : -1; /* -1 header, 0 number, 1 times, 2 text, 3 blank */
    while (getline(&line, &cap, f) >= 0) {
        switch (state) {
        case -1:
            if (strcmp(line, "WEBVTT\n") && strcmp(line, "\n"))
                abort();
            state = strcmp(line, "\n") ? -1 : 1;
            break;
        case 0:
            if (strtoul(line, NULL, 10) != want++)
                abort();
            state = 1;
            break;
        case 1: {
            char *arrow = strstr(line, " --> ");
            if (!arrow)
                abort();
            uint64_t a = parse_time(line), b = parse_time(arrow + 5);
            if (a < last_end || b <= a)
                abort();
            last_end = b;
            state = 2;
            break;
        }
        case 2:
            if (strstr(line, "-->") || !strcmp(line, "\n"))
                abort(); /* a blank text line would end the cue before its text */
            state = 3;
            break;
        default:
            if (strcmp(line, "\n"))
                abort(); /* a cue text spread over lines, or a blank line inside one */
            state = srt ? 0 : 1;
        }
    }
    if (state != (srt ? 0 : 1))
        abort(); /* the file ends inside a cue */
    free(line);
    fclose(f);
}

/* JSON events: one object a line, ranges and times not reversed, sentences in time order. */
static void check_json(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        abort();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long long last_sentence = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        char type[16];
        unsigned long long b0, b1, t0, t1;
        if (sscanf(line, "{\"type\":\"%15[a-z]\",\"byte_start\":%llu,\"byte_end\":%llu,"
                         "\"start_ms\":%llu,\"end_ms\":%llu,\"text\":\"", type, &b0, &b1, &t0, &t1) != 5 ||
            n < 3 || strcmp(line + n - 3, "\"}\n") || b1 < b0 || t1 < t0)
            abort();
        if (!strcmp(type, "sentence")) {
            if (t0 < last_sentence)
                abort();
            last_sentence = t1;
        } else if (strcmp(type, "word")) {
            abort();
        }
    }
    free(line);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cues *fc = fuzz_state();
    cursor c = {data, size};
    static const int rates[] = {22050, 48000, 8000, 1};
    unsigned head = take8(&c);
    int rate = rates[head % 4], words = (head >> 2) & 1;
    cue_writer w[3];
    if (cue_writer_open(&w[0], fc->srt, CUES_SRT, words, rate, NULL) ||
        cue_writer_open(&w[1], fc->vtt, CUES_VTT, words, rate, NULL) ||
        cue_writer_open(&w[2], fc->json, CUES_JSON, 1, rate, NULL))
        abort();
    write_all(fc, w, 3, &c);
    for (size_t i = 0; i < 3; i++)
        if (cue_writer_close(&w[i], 1))
            abort();
    check_subtitles(fc->srt, 1);
    check_subtitles(fc->vtt, 0);
    check_json(fc->json);
    return 0;
}

/* libFuzzer target: the public API's text entry. The first byte chooses how the rest is read
 * (recognised, text, HTML, SSML) and whether punctuation is read out; the rest goes to
 * ravi_normalize, and, when short, to ravi_phonemes with its explanations and to ravi_speak.
 * Checked: every call ends with a status (an error always with a message), every sentence, word
 * and explained word lies inside the input, and every event comes at its place in the audio (its
 * sample is what has been delivered), words in order. What would crash libespeak-ng 1.51 never
 * reaches it (the guard stage, src/guard/; fuzz_speak.c searches for what it misses). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/ravi.h"

#define SPEAK_MAX 48 /* eSpeak NG is slow next to the rest: only short inputs are spoken */

typedef struct fuzz_call {
    size_t size;
    uint64_t delivered;
    uint64_t last_word;
    int open;            /* a sentence has started and not ended */
} fuzz_call;

static ravi_engine *fuzz_engine(void)
{
    static ravi_engine *e;
    if (e)
        return e;
    ravi_config cfg;
    ravi_config_init(&cfg);
    cfg.user_lexicon = 0;
    ravi_status st;
    e = ravi_engine_new(&cfg, &st);
    if (st != RAVI_OK)
        abort();
    return e;
}

static void check_range(const fuzz_call *fc, const ravi_event *ev)
{
    if (ev->byte_start > ev->byte_end || ev->byte_end > fc->size)
        abort();
}

static int on_text(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    check_range(ctx, sentence);
    if (strlen(text) != len)
        abort();
    return 0;
}

/* ravi_phonemes with RAVI_PHONEMES_EXPLAIN: why each chosen word sounds so. */
static int on_explanation(void *ctx, const ravi_event *ev)
{
    check_range(ctx, ev);
    if (ev->type != RAVI_EVENT_EXPLANATION || !ev->stage || !ev->reason || !ev->text ||
        strlen(ev->text) != ev->text_len || (ev->phonemes && !ev->phonemes[0]))
        abort();
    return 0;
}

static int on_audio(void *ctx, const int16_t *samples, size_t n)
{
    fuzz_call *fc = ctx;
    (void)samples;
    fc->delivered += n;
    return 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    fuzz_call *fc = ctx;
    if (ev->sample != fc->delivered)
        abort();
    if (ev->type != RAVI_EVENT_MARK)
        check_range(fc, ev);
    switch (ev->type) {
    case RAVI_EVENT_SENTENCE:
        if (fc->open)
            abort();
        fc->open = 1;
        fc->last_word = ev->sample;
        break;
    case RAVI_EVENT_WORD:
        if (!fc->open || ev->sample < fc->last_word)
            abort();
        fc->last_word = ev->sample;
        break;
    case RAVI_EVENT_SENTENCE_END:
        if (!fc->open)
            abort();
        fc->open = 0;
        break;
    case RAVI_EVENT_MARK:
        if (!ev->text || strlen(ev->text) != ev->text_len)
            abort();
        break;
    case RAVI_EVENT_METADATA: /* what the page says about itself: a value, between sentences */
        if (fc->open || ev->metadata < RAVI_METADATA_TITLE || ev->metadata > RAVI_METADATA_PUBLISHER ||
            !ev->text_len || ev->text_len > 512 || strlen(ev->text) != ev->text_len)
            abort();
        break;
    case RAVI_EVENT_EXPLANATION:
        abort(); /* only ravi_phonemes sends them, asked with RAVI_PHONEMES_EXPLAIN */
    }
    return 0;
}

static void check_status(ravi_engine *e, ravi_status st)
{
    if (st < 0 && !ravi_engine_error(e)[0])
        abort(); /* an error always says what went wrong */
    if (st == RAVI_CANCELLED)
        abort(); /* nothing here asks to stop */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    ravi_engine *e = fuzz_engine();
    ravi_settings s;
    ravi_settings_init(&s);
    s.format = (ravi_format)(data[0] & 3);
    s.punctuation = (ravi_punctuation)((data[0] >> 2) % 3);
    fuzz_call fc = {size - 1, 0, 0, 0};
    ravi_source src = {0};
    src.text = (const char *)data + 1;
    src.len = size - 1;
    ravi_callbacks text = {NULL, NULL, on_text, NULL};
    check_status(e, ravi_normalize(e, &src, &s, &text, &fc));
    if (size - 1 <= SPEAK_MAX) {
        ravi_callbacks explained = {NULL, on_explanation, on_text, NULL};
        check_status(e, ravi_phonemes(e, &src, &s, RAVI_PHONEMES_EXPLAIN, &explained, &fc));
        ravi_callbacks speech = {on_audio, on_event, NULL, NULL};
        ravi_status st = ravi_speak(e, src.text, src.len, &s, &speech, &fc);
        check_status(e, st);
        if (st == RAVI_OK && fc.open)
            abort(); /* every sentence that started has ended */
    }
    return 0;
}

/* libravi through its public header only (include/ravi.h), linked against libravi.so: engines
 * one after another and one at a time, cancelling, errors as values with nothing on stderr,
 * events placed in the audio, SSML marks, text calls, settings, readings, homographs and why
 * a word is said as it is. RAVI_DATA names the data directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ravi.h"

#define MAX_CHUNK(rate) ((size_t)(rate) * 60 / 1000 + 1) /* the API's promise: 60 ms at most */

static const char *const NEWS =
    "سازمان هواشناسی کشور از بارش باران در ۱۲ استان خبر داد. "
    "دمای هوای تهران به ۳۵ درجه می‌رسد.\n\n"
    "مدیر کل مدیریت بحران گفت: «مردم از سفرهای غیرضروری خودداری کنند.»\n";

/* ---- stderr, watched --------------------------------------------------------------------- */

/* The library must not write to descriptor 2: it goes to a file while the library works. */
typedef struct watch {
    int saved;
    char path[64];
} watch;

static void watch_stderr(watch *w)
{
    strcpy(w->path, "/tmp/ravi-api-stderr.XXXXXX");
    int fd = mkstemp(w->path);
    assert_true(fd >= 0);
    fflush(stderr);
    w->saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
}

/* Restores stderr and returns how many bytes were written to it meanwhile. */
static long unwatch_stderr(watch *w)
{
    fflush(stderr);
    dup2(w->saved, STDERR_FILENO);
    close(w->saved);
    struct stat st;
    long n = stat(w->path, &st) == 0 ? (long)st.st_size : -1;
    unlink(w->path);
    return n;
}

/* ---- engines ------------------------------------------------------------------------------- */

static ravi_config hermetic_config(void)
{
    ravi_config c;
    ravi_config_init(&c);
    c.user_lexicon = 0; /* the tester's own ~/.config/ravi/lexicon.tsv must not change results */
    return c;
}

/* A test's engine lives in its state: when an assertion ends the test early, the teardown still
 * frees it, and the next test can start its own. */
static ravi_engine *new_engine(void **state, const ravi_config *c)
{
    ravi_status st;
    ravi_engine *e = ravi_engine_new(c, &st);
    assert_non_null(e);
    *state = e;
    if (st != RAVI_OK)
        fail_msg("engine: %s: %s", ravi_status_name(st), ravi_engine_error(e));
    return e;
}

/* The test's engine is gone: ravi_engine_free was called on it. */
static void engine_freed(void **state)
{
    ravi_engine_free(*state);
    *state = NULL;
}

static int free_engine(void **state)
{
    ravi_engine_free(*state);
    *state = NULL;
    return 0;
}

/* ---- what a call delivers ------------------------------------------------------------------ */

#define MAX_EVENTS 512

typedef struct recorded {
    ravi_event ev;
    char text[256];
    uint64_t delivered;  /* samples delivered when the event came */
} recorded;

typedef struct capture {
    int rate;
    uint64_t samples;    /* delivered to the audio callback */
    size_t chunks, largest;
    recorded events[MAX_EVENTS];
    size_t nevents;
    unsigned long checksum;
    int stop_after_chunks; /* > 0: the audio callback asks to stop at that chunk */
    int stop_after_words;  /* > 0: the event callback asks to stop at that word */
    int stop_asked;        /* a callback has asked to stop */
    int called_after_stop; /* ... and another callback came after it */
    int words;
    char warnings[512];
    ravi_engine *engine;   /* to call back into from a callback */
    ravi_status nested;
} capture;

static int on_audio(void *ctx, const int16_t *pcm, size_t n)
{
    capture *c = ctx;
    if (c->stop_asked)
        c->called_after_stop = 1;
    c->chunks++;
    if (n > c->largest)
        c->largest = n;
    if (c->stop_after_chunks && (int)c->chunks == c->stop_after_chunks) {
        c->stop_asked = 1;
        return 1; /* refused: not delivered */
    }
    for (size_t i = 0; i < n; i++)
        c->checksum = c->checksum * 31 + (uint16_t)pcm[i];
    c->samples += n;
    return 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    capture *c = ctx;
    if (c->stop_asked)
        c->called_after_stop = 1;
    if (c->engine)
        c->nested = ravi_speak(c->engine, "سلام", strlen("سلام"), NULL, NULL, NULL);
    if (c->nevents < MAX_EVENTS) {
        recorded *r = &c->events[c->nevents++];
        r->ev = *ev;
        size_t n = ev->text_len < sizeof r->text - 1 ? ev->text_len : sizeof r->text - 1;
        memcpy(r->text, ev->text, n);
        r->text[n] = '\0';
        r->ev.text = r->text;
        r->delivered = c->samples;
    }
    if (ev->type == RAVI_EVENT_WORD && c->stop_after_words && ++c->words == c->stop_after_words) {
        c->stop_asked = 1;
        return 1;
    }
    return 0;
}

static int on_warning(void *ctx, ravi_warning w, const char *message)
{
    capture *c = ctx;
    (void)w;
    snprintf(c->warnings, sizeof c->warnings, "%s", message);
    return 0;
}

static const ravi_callbacks callbacks = {on_audio, on_event, NULL, on_warning};

static ravi_status speak(ravi_engine *e, const char *text, const ravi_settings *s, capture *c)
{
    c->rate = ravi_engine_sample_rate(e);
    return ravi_speak(e, text, strlen(text), s, &callbacks, c);
}

/* Two calls said the same: the same events, each at the same bytes with the same text. (Not
 * the same samples: eSpeak NG keeps its wave generator's state from one text to the next.) */
static void assert_same_speech(const capture *a, const capture *b)
{
    assert_int_equal(a->nevents, b->nevents);
    for (size_t i = 0; i < a->nevents; i++) {
        assert_int_equal(a->events[i].ev.type, b->events[i].ev.type);
        assert_int_equal(a->events[i].ev.byte_start, b->events[i].ev.byte_start);
        assert_int_equal(a->events[i].ev.byte_end, b->events[i].ev.byte_end);
        assert_string_equal(a->events[i].text, b->events[i].text);
    }
    uint64_t diff = a->samples > b->samples ? a->samples - b->samples : b->samples - a->samples;
    assert_true(diff * 100 < a->samples); /* under 1 % */
}

static size_t count(const capture *c, ravi_event_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nevents; i++)
        n += c->events[i].ev.type == type;
    return n;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_two_sequential_engines(void **state)
{
        ravi_config cfg = hermetic_config();
    capture *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    for (int round = 0; round < 2; round++) {
        ravi_engine *e = new_engine(state, &cfg);
        assert_int_equal(speak(e, NEWS, NULL, round ? b : a), RAVI_OK);
        engine_freed(state);
    }
    assert_true(a->samples > (uint64_t)a->rate); /* more than a second of speech */
    assert_same_speech(a, b); /* the second engine says what the first said */
    free(a);
    free(b);
}

static void test_second_live_engine_is_refused(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *first = new_engine(state, &cfg);
    watch w;
    watch_stderr(&w);
    ravi_status st;
    ravi_engine *second = ravi_engine_new(&cfg, &st);
    assert_int_equal(unwatch_stderr(&w), 0);
    assert_int_equal(st, RAVI_E_BUSY);
    assert_non_null(second);
    assert_int_equal(ravi_engine_status(second), RAVI_E_BUSY);
    assert_non_null(strstr(ravi_engine_error(second), "one at a time"));
    /* a failed engine only reports: every call gives its status back */
    assert_int_equal(ravi_speak(second, "سلام", strlen("سلام"), NULL, NULL, NULL), RAVI_E_BUSY);
    ravi_engine_free(second);
    capture *c = calloc(1, sizeof *c);
    assert_int_equal(speak(first, "سلام.", NULL, c), RAVI_OK); /* the first one is unharmed */
    engine_freed(state);
    new_engine(state, &cfg); /* and once it is gone, another may start */
    engine_freed(state);
    free(c);
}

static void test_cancel_within_one_chunk(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    c->stop_after_chunks = 5;
    assert_int_equal(speak(e, NEWS, NULL, c), RAVI_CANCELLED);
    assert_int_equal(ravi_engine_status(e), RAVI_CANCELLED);
    assert_int_equal(c->chunks, 5);
    assert_false(c->called_after_stop);
    assert_true(c->largest <= MAX_CHUNK(c->rate));
    /* a word event may stop it as well: no audio follows */
    memset(c, 0, sizeof *c);
    c->stop_after_words = 3;
    assert_int_equal(speak(e, NEWS, NULL, c), RAVI_CANCELLED);
    assert_false(c->called_after_stop);
    assert_int_equal(count(c, RAVI_EVENT_WORD), 3);
    /* and the engine goes on working */
    memset(c, 0, sizeof *c);
    assert_int_equal(speak(e, "سلام.", NULL, c), RAVI_OK);
    engine_freed(state);
    free(c);
}

static void test_errors_are_values_not_output(void **state)
{
        char dir[] = "/tmp/ravi-api-XXXXXX", bad[64];
    assert_non_null(mkdtemp(dir));
    snprintf(bad, sizeof bad, "%s/bad.tsv", dir);
    FILE *f = fopen(bad, "w");
    fputs("تهران\tتهران\nبدون جدا کننده\n", f);
    fclose(f);
    watch w;
    watch_stderr(&w);

    ravi_config cfg = hermetic_config();
    cfg.settings.voice = "ravi-robot";
    ravi_status st;
    ravi_engine *e = *state = ravi_engine_new(&cfg, &st);
    assert_int_equal(st, RAVI_E_VOICE);
    assert_non_null(strstr(ravi_engine_error(e), "unknown voice 'ravi-robot'"));
    engine_freed(state);

    cfg = hermetic_config();
    const char *lexicons[] = {bad};
    cfg.lexicons = lexicons;
    cfg.nlexicons = 1;
    e = *state = ravi_engine_new(&cfg, &st);
    assert_int_equal(st, RAVI_E_LEXICON);
    char where[96];
    snprintf(where, sizeof where, "%s:2:", bad); /* the file and the line at fault */
    assert_non_null(strstr(ravi_engine_error(e), where));
    engine_freed(state);

    /* per call: a bad voice, a rate out of range, invalid SSML, nothing to say */
    cfg = hermetic_config();
    e = new_engine(state, &cfg);
    ravi_settings s;
    ravi_settings_init(&s);
    s.voice = "fa+nosuch";
    assert_int_equal(ravi_speak(e, "سلام", strlen("سلام"), &s, NULL, NULL), RAVI_E_VOICE);
    assert_non_null(strstr(ravi_engine_error(e), "fa+nosuch"));
    ravi_settings_init(&s);
    s.rate = 1000;
    assert_int_equal(ravi_speak(e, "سلام", strlen("سلام"), &s, NULL, NULL), RAVI_E_INVALID);
    assert_non_null(strstr(ravi_engine_error(e), "rate"));
    const char *ssml = "<speak><p>سلام</speak>";
    assert_int_equal(ravi_speak(e, ssml, strlen(ssml), NULL, NULL, NULL), RAVI_E_MARKUP);
    assert_non_null(strstr(ravi_engine_error(e), "text:1:"));
    assert_int_equal(ravi_speak(e, " ... !!! ", 9, NULL, NULL, NULL), RAVI_E_EMPTY);
    assert_non_null(strstr(ravi_engine_error(e), "no text to read"));
    ravi_source missing = {0};
    missing.path = "/nonexistent/article.txt";
    assert_int_equal(ravi_speak_source(e, &missing, NULL, NULL, NULL), RAVI_E_INPUT);
    assert_non_null(strstr(ravi_engine_error(e), "/nonexistent/article.txt: cannot open"));
    /* a good call afterwards: the error is gone */
    assert_int_equal(ravi_speak(e, "سلام.", strlen("سلام."), NULL, NULL, NULL), RAVI_OK);
    assert_string_equal(ravi_engine_error(e), "");
    engine_freed(state);

    assert_int_equal(unwatch_stderr(&w), 0);
    unlink(bad);
    rmdir(dir);
}

/* Every event is where the audio says: its sample is what has been delivered, its bytes are the
 * input's, words in order inside their sentence. */
static void check_events(const capture *c, const char *input, int plain_text)
{
    size_t len = strlen(input);
    uint64_t last_word = 0, sentence_start = 0, sentence_end = 0;
    int open = 0;
    for (size_t i = 0; i < c->nevents; i++) {
        const recorded *r = &c->events[i];
        const ravi_event *ev = &r->ev;
        assert_int_equal(ev->sample, r->delivered);
        assert_int_equal(ev->ms, ev->sample * 1000 / (uint64_t)c->rate);
        assert_true(ev->sample <= c->samples);
        assert_true(ev->byte_start <= ev->byte_end && ev->byte_end <= len);
        switch (ev->type) {
        case RAVI_EVENT_SENTENCE:
            assert_false(open);
            open = 1;
            sentence_start = ev->byte_start;
            sentence_end = ev->byte_end;
            last_word = ev->sample;
            break;
        case RAVI_EVENT_WORD:
            assert_true(open);
            assert_true(ev->sample >= last_word);
            assert_true(ev->byte_start >= sentence_start && ev->byte_end <= sentence_end);
            if (plain_text) /* the word's text is the input's bytes */
                assert_memory_equal(ev->text, input + ev->byte_start, ev->text_len);
            last_word = ev->sample;
            break;
        case RAVI_EVENT_SENTENCE_END:
            assert_true(open);
            assert_true(ev->sample >= last_word);
            open = 0;
            break;
        default:
            break;
        }
    }
    assert_false(open);
}

static void test_events_line_up_with_the_audio(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    assert_int_equal(speak(e, NEWS, NULL, c), RAVI_OK);
    assert_int_equal(count(c, RAVI_EVENT_SENTENCE), 3);
    assert_int_equal(count(c, RAVI_EVENT_SENTENCE_END), 3);
    assert_true(count(c, RAVI_EVENT_WORD) >= 20);
    check_events(c, NEWS, 1);
    /* the first word is the first word of the text, said at the very start */
    assert_int_equal(c->events[1].ev.type, RAVI_EVENT_WORD);
    assert_string_equal(c->events[1].text, "سازمان");
    assert_int_equal(c->events[1].ev.sample, 0);
    /* the paragraph after the blank line opens one, and its pause comes before it */
    const recorded *third = NULL;
    for (size_t i = 0; i < c->nevents; i++)
        if (c->events[i].ev.type == RAVI_EVENT_SENTENCE && c->events[i].ev.sentence == 2)
            third = &c->events[i];
    assert_non_null(third);
    assert_true(third->ev.paragraph_start);
    assert_int_equal(third->ev.byte_start, strstr(NEWS, "مدیر") - NEWS);
    engine_freed(state);
    free(c);
}

static void test_ssml_marks_and_ranges(void **state)
{
        const char *doc = "<speak><p><mark name=\"m0\"/>سلام <mark name=\"m1\"/>دنیا.</p>"
                      "<break time=\"500ms\"/><p>خبر <mark name=\"m2\"/>تازه</p><mark name=\"end\"/></speak>";
    ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    assert_int_equal(speak(e, doc, NULL, c), RAVI_OK);
    check_events(c, doc, 0);
    /* marks come in order, each at the word after it, the last after everything */
    const char *order[] = {"m0", "سلام", "m1", "دنیا", "خبر", "m2", "تازه", "end"};
    size_t k = 0;
    for (size_t i = 0; i < c->nevents && k < 8; i++) {
        const recorded *r = &c->events[i];
        if (r->ev.type != RAVI_EVENT_MARK && r->ev.type != RAVI_EVENT_WORD)
            continue;
        assert_string_equal(r->text, order[k]);
        if (r->ev.type == RAVI_EVENT_MARK && k + 1 < 8 && i + 1 < c->nevents) {
            const recorded *next = &c->events[i + 1];
            if (next->ev.type == RAVI_EVENT_WORD)
                assert_int_equal(next->ev.sample, r->ev.sample); /* at the word it stands before */
        }
        if (r->ev.type == RAVI_EVENT_WORD) /* the word's bytes are where it stands in the markup */
            assert_memory_equal(doc + r->ev.byte_start, r->text, strlen(r->text));
        k++;
    }
    assert_int_equal(k, 8);
    assert_int_equal(c->events[c->nevents - 1].ev.type, RAVI_EVENT_MARK);
    /* the break: half a second of silence before the second paragraph */
    uint64_t end_first = 0, start_second = 0;
    for (size_t i = 0; i < c->nevents; i++) {
        if (c->events[i].ev.type == RAVI_EVENT_SENTENCE_END && !end_first)
            end_first = c->events[i].ev.sample;
        if (c->events[i].ev.type == RAVI_EVENT_SENTENCE && c->events[i].ev.sentence == 1)
            start_second = c->events[i].ev.sample;
    }
    assert_int_equal(start_second - end_first, (uint64_t)c->rate / 2);
    engine_freed(state);
    free(c);
}

/* What a page says about itself comes as RAVI_EVENT_METADATA, before the sentence read after it;
 * a better source replaces a value; plain text says nothing. */
static void test_page_metadata_events(void **state)
{
    const char *page =
        "<html><head><title>بارش برف - خبرگزاری</title><meta property=\"og:site_name\" content=\"خبرگزاری\">"
        "<meta property=\"article:published_time\" content=\"2024-03-05T10:20:00+03:30\"></head>"
        "<body><article><h1>بارش برف</h1><p class=\"byline\">نویسنده: علی رضایی</p>"
        "<p>مدارس تعطیل است.</p><p>هوا سرد است.</p></article>"
        "<footer><meta name=\"author\" content=\"مریم احمدی\"></footer></body></html>";
    ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    ravi_settings s;
    ravi_settings_init(&s);
    s.format = RAVI_FORMAT_HTML;
    assert_int_equal(speak(e, page, &s, c), RAVI_OK);
    const char *seen[RAVI_METADATA_PUBLISHER + 1] = {0};
    size_t first_sentence = c->nevents, publisher_at = c->nevents;
    for (size_t i = 0; i < c->nevents; i++) {
        const recorded *r = &c->events[i];
        if (r->ev.type == RAVI_EVENT_SENTENCE && first_sentence == c->nevents) {
            first_sentence = i;
            assert_true(r->ev.heading);
            assert_string_equal(r->text, "بارش برف");
        }
        if (r->ev.type != RAVI_EVENT_METADATA)
            continue;
        assert_true(r->ev.metadata > RAVI_METADATA_NONE && r->ev.metadata <= RAVI_METADATA_PUBLISHER);
        seen[r->ev.metadata] = r->text;
        if (r->ev.metadata == RAVI_METADATA_PUBLISHER) {
            publisher_at = i;
            /* its bytes are the <meta> element in the page */
            const char *tag = "<meta property=\"og:site_name\"";
            assert_memory_equal(page + r->ev.byte_start, tag, strlen(tag));
        }
    }
    assert_true(publisher_at < first_sentence); /* the <head> comes before anything is said */
    assert_string_equal(seen[RAVI_METADATA_PUBLISHER], "خبرگزاری");
    assert_string_equal(seen[RAVI_METADATA_DATE], "2024-03-05T10:20:00+03:30");
    /* the <meta> at the end is a better source than the byline: it has the last word */
    assert_string_equal(seen[RAVI_METADATA_AUTHOR], "مریم احمدی");
    assert_true(count(c, RAVI_EVENT_METADATA) >= 3);
    assert_null(seen[RAVI_METADATA_TITLE]);

    /* SSML's <meta>, and nothing from plain text */
    memset(c, 0, sizeof *c);
    const char *doc = "<speak><meta name=\"author\" content=\"راوی\"/><meta name=\"title\" content=\"عنوان\"/>"
                      "<p>سلام.</p></speak>";
    assert_int_equal(speak(e, doc, NULL, c), RAVI_OK);
    assert_int_equal(count(c, RAVI_EVENT_METADATA), 2);
    assert_int_equal(c->events[0].ev.metadata, RAVI_METADATA_TITLE);
    assert_string_equal(c->events[0].text, "عنوان");
    assert_string_equal(c->events[1].text, "راوی");
    memset(c, 0, sizeof *c);
    assert_int_equal(speak(e, NEWS, NULL, c), RAVI_OK);
    assert_int_equal(count(c, RAVI_EVENT_METADATA), 0);
    engine_freed(state);
    free(c);
}

typedef struct lines {
    char text[4][512];
    size_t n;
} lines;

static int on_text(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    lines *l = ctx;
    (void)sentence;
    assert_int_equal(strlen(text), len);
    if (l->n < 4)
        snprintf(l->text[l->n++], sizeof l->text[0], "%s", text);
    return 0;
}

static void test_normalize_and_phonemes(void **state)
{
        ravi_config cfg = hermetic_config();
    cfg.ezafe = 0;
    ravi_engine *e = new_engine(state, &cfg);
    ravi_callbacks cb = {NULL, NULL, on_text, NULL};
    const char *text = "دمای هوا ۱۲ درجه بود. سلام";
    ravi_source src = {0};
    src.text = text;
    src.len = strlen(text);
    lines l = {0};
    assert_int_equal(ravi_normalize(e, &src, NULL, &cb, &l), RAVI_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[0], "دمای هوا دوازده درجه بود.");
    assert_string_equal(l.text[1], "سلام");
    memset(&l, 0, sizeof l);
    assert_int_equal(ravi_phonemes(e, &src, NULL, 0, &cb, &l), RAVI_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[1], "sal'Am");
    memset(&l, 0, sizeof l);
    assert_int_equal(ravi_phonemes(e, &src, NULL, RAVI_PHONEMES_IPA, &cb, &l), RAVI_OK);
    assert_string_equal(l.text[1], "salˈɑm");
    engine_freed(state);
}

static void test_settings_per_call(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *slow = calloc(1, sizeof *slow), *fast = calloc(1, sizeof *fast),
            *female = calloc(1, sizeof *female);
    ravi_settings s;
    ravi_settings_init(&s);
    s.rate = 120;
    assert_int_equal(speak(e, NEWS, &s, slow), RAVI_OK);
    s.rate = 300;
    assert_int_equal(speak(e, NEWS, &s, fast), RAVI_OK);
    assert_true(fast->samples * 2 < slow->samples);
    ravi_settings_init(&s);
    s.voice = "ravi-female";
    assert_int_equal(speak(e, NEWS, &s, female), RAVI_OK);
    memset(slow, 0, sizeof *slow);
    assert_int_equal(speak(e, NEWS, NULL, slow), RAVI_OK); /* the engine's own voice again */
    assert_true(female->checksum != slow->checksum);
    /* punctuation read out: more to say */
    memset(fast, 0, sizeof *fast);
    ravi_settings_init(&s);
    s.punctuation = RAVI_PUNCTUATION_ALL;
    assert_int_equal(speak(e, "سلام، دنیا!", &s, fast), RAVI_OK);
    memset(female, 0, sizeof *female);
    assert_int_equal(speak(e, "سلام، دنیا!", NULL, female), RAVI_OK);
    assert_true(fast->samples > female->samples);
    engine_freed(state);
    free(slow);
    free(fast);
    free(female);
}

static void test_invalid_utf8_is_a_warning(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    watch w;
    watch_stderr(&w);
    assert_int_equal(speak(e, "سلام \xff دنیا.", NULL, c), RAVI_OK);
    assert_int_equal(unwatch_stderr(&w), 0);
    assert_string_equal(c->warnings, "text: invalid UTF-8 at byte 9, replaced with U+FFFD");
    engine_freed(state);
    free(c);
}

typedef struct chunks {
    const char *text;
    size_t len, at, piece;
    int cancel_at;       /* > 0: the read that fails with ECANCELED */
    int reads;
} chunks;

static long read_pieces(void *ctx, char *buf, size_t size)
{
    chunks *ch = ctx;
    if (ch->cancel_at && ++ch->reads == ch->cancel_at) {
        errno = ECANCELED;
        return -1;
    }
    size_t n = ch->len - ch->at < ch->piece ? ch->len - ch->at : ch->piece;
    n = n < size ? n : size;
    memcpy(buf, ch->text + ch->at, n);
    ch->at += n;
    return (long)n;
}

static void test_streamed_source(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *whole = calloc(1, sizeof *whole), *streamed = calloc(1, sizeof *streamed);
    assert_int_equal(speak(e, NEWS, NULL, whole), RAVI_OK);
    chunks ch = {NEWS, strlen(NEWS), 0, 7, 0, 0};
    ravi_source src = {0};
    src.name = "news";
    src.read = read_pieces;
    src.read_ctx = &ch;
    streamed->rate = ravi_engine_sample_rate(e);
    assert_int_equal(ravi_speak_source(e, &src, NULL, &callbacks, streamed), RAVI_OK);
    assert_same_speech(whole, streamed);
    ch = (chunks){NEWS, strlen(NEWS), 0, 7, 3, 0};
    assert_int_equal(ravi_speak_source(e, &src, NULL, NULL, NULL), RAVI_CANCELLED);
    engine_freed(state);
    free(whole);
    free(streamed);
}

static void test_reading_a_sentence_at_a_time(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    c->rate = ravi_engine_sample_rate(e);
    ravi_source src = {0};
    src.text = NEWS;
    src.len = strlen(NEWS);
    ravi_reading *r;
    assert_int_equal(ravi_reading_open(e, &src, NULL, &callbacks, c, &r), RAVI_OK);
    /* the pipeline is the reading's: another call waits for it to close */
    assert_int_equal(ravi_speak(e, "سلام", strlen("سلام"), NULL, NULL, NULL), RAVI_E_INVALID);
    const ravi_sentence *s;
    ravi_sentence *kept[3];
    size_t n = 0;
    while (ravi_reading_next(r, &s) == RAVI_OK && s)
        kept[n++] = ravi_sentence_copy(s);
    assert_int_equal(n, 3);
    /* any order: the last, then the first again */
    assert_int_equal(ravi_reading_speak(r, kept[2]), RAVI_OK);
    uint64_t after_last = c->samples;
    assert_int_equal(ravi_reading_speak(r, kept[0]), RAVI_OK);
    assert_true(c->samples > after_last);
    ravi_event about;
    ravi_sentence_describe(kept[0], &about);
    assert_int_equal(about.byte_start, 0);
    assert_memory_equal(about.text, "سازمان", strlen("سازمان"));
    check_events(c, NEWS, 1); /* positions run on through the reading */
    ravi_settings faster;
    ravi_settings_init(&faster);
    faster.rate = 400;
    assert_int_equal(ravi_reading_set(r, &faster), RAVI_OK);
    uint64_t before = c->samples;
    assert_int_equal(ravi_reading_speak(r, kept[0]), RAVI_OK);
    assert_true(c->samples - before < after_last); /* faster than the first time */
    ravi_reading_close(r);
    for (size_t i = 0; i < n; i++)
        ravi_sentence_free(kept[i]);
    assert_int_equal(ravi_speak(e, "سلام", strlen("سلام"), NULL, NULL, NULL), RAVI_OK);
    engine_freed(state);
    free(c);
}

static void test_no_call_from_inside_a_callback(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    capture *c = calloc(1, sizeof *c);
    c->engine = e;
    assert_int_equal(speak(e, "سلام.", NULL, c), RAVI_OK);
    assert_int_equal(c->nested, RAVI_E_INVALID);
    engine_freed(state);
    free(c);
}

typedef struct voices {
    int ravi_male, ravi_female, fa;
} voices;

static int on_voice(void *ctx, const ravi_voice *v)
{
    voices *vs = ctx;
    vs->ravi_male |= !strcmp(v->name, "ravi-male") && v->is_ravi;
    vs->ravi_female |= !strcmp(v->name, "ravi-female") && v->is_ravi;
    vs->fa |= !strcmp(v->name, "fa") && !v->is_ravi;
    return 0;
}

static int on_lookup(void *ctx, const ravi_lookup *lk)
{
    *(ravi_lookup *)ctx = *lk;
    ((ravi_lookup *)ctx)->entries = NULL; /* only valid during the call */
    return 0;
}

/* ---- homographs and explanations ---------------------------------------------------------- */

#define MAX_WHY 16

typedef struct why {
    char word[64], stage[16], reason[256], phonemes[64];
    uint64_t start, end, sentence;
} why;

typedef struct explained {
    why got[MAX_WHY];
    size_t n;
    int other_events;
    char line[512];
} explained;

static int on_explanation(void *ctx, const ravi_event *ev)
{
    explained *x = ctx;
    if (ev->type != RAVI_EVENT_EXPLANATION) {
        x->other_events++;
        return 0;
    }
    assert_non_null(ev->stage);
    assert_non_null(ev->reason);
    assert_int_equal(strlen(ev->text), ev->text_len);
    if (x->n == MAX_WHY)
        return 0;
    why *w = &x->got[x->n++];
    snprintf(w->word, sizeof w->word, "%.*s", (int)ev->text_len, ev->text);
    snprintf(w->stage, sizeof w->stage, "%s", ev->stage);
    snprintf(w->reason, sizeof w->reason, "%s", ev->reason);
    snprintf(w->phonemes, sizeof w->phonemes, "%s", ev->phonemes ? ev->phonemes : "-");
    w->start = ev->byte_start;
    w->end = ev->byte_end;
    w->sentence = ev->sentence;
    return 0;
}

static int on_explained_line(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    explained *x = ctx;
    (void)sentence;
    size_t used = strlen(x->line);
    snprintf(x->line + used, sizeof x->line - used, "%s%.*s", used ? " | " : "", (int)len, text);
    return 0;
}

static const why *find_why(const explained *x, const char *word, const char *stage)
{
    for (size_t i = 0; i < x->n; i++)
        if (!strcmp(x->got[i].word, word) && !strcmp(x->got[i].stage, stage))
            return &x->got[i];
    return NULL;
}

/* The explanation that must be there, by value. */
static why must_find(const explained *x, const char *word, const char *stage)
{
    const why *w = find_why(x, word, stage);
    why none;
    memset(&none, 0, sizeof none);
    if (!w)
        fail_msg("no %s explanation for «%s»", stage, word);
    return w ? *w : none;
}

static void explain_text(ravi_engine *e, const char *text, unsigned flags, explained *x)
{
    memset(x, 0, sizeof *x);
    ravi_callbacks cb = {NULL, on_explanation, on_explained_line, NULL};
    ravi_source src = {0};
    src.text = text;
    src.len = strlen(text);
    assert_int_equal(ravi_phonemes(e, &src, NULL, flags, &cb, x), RAVI_OK);
}

static void test_homographs_explained(void **state)
{
    ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    const char *died = "او پس از سال‌ها بیماری در بیمارستان مرد. الهام علی‌اف گفت روابط ایران و ترکیه.";
    explained x;
    explain_text(e, died, 0, &x); /* without the flag: the lines, no explanation */
    assert_int_equal(x.n, 0);
    assert_int_equal(x.other_events, 0);
    assert_non_null(strstr(x.line, "m'oRd |")); /* mord, died: not mard, man */
    explain_text(e, died, RAVI_PHONEMES_EXPLAIN, &x);
    assert_int_equal(x.other_events, 0);
    why w = must_find(&x, "مرد", "homograph");
    assert_string_equal(w.phonemes, "m'oRd");
    assert_non_null(strstr(w.reason, "sense mord"));
    assert_non_null(strstr(w.reason, "model scores"));
    assert_int_equal(w.sentence, 0);
    assert_int_equal(w.end - w.start, strlen("مرد"));
    assert_memory_equal(died + w.start, "مرد", strlen("مرد"));
    w = must_find(&x, "الهام", "lexicon");
    assert_int_equal(w.sentence, 1);
    assert_non_null(strstr(w.reason, "names-people.tsv:"));
    w = must_find(&x, "روابط", "ezafe");
    assert_string_equal(w.reason, "predicted");
    assert_string_equal(w.phonemes, "-");
    /* a rule of the list, named with its file and line */
    explain_text(e, "سخنگوی دولت نتیجه را اعلام کرد.", RAVI_PHONEMES_EXPLAIN, &x);
    w = must_find(&x, "کرد", "homograph");
    /* kard is eSpeak NG's own reading: the sense is chosen and left to eSpeak */
    assert_non_null(strstr(w.reason, "sense kard [[k'aRd]]"));
    assert_non_null(strstr(w.reason, "after «اعلام» ("));
    assert_non_null(strstr(w.reason, "homographs.tsv:"));
    engine_freed(state);
    /* homographs off: eSpeak NG's own reading, nothing to explain about them */
    cfg.homographs = 0;
    e = new_engine(state, &cfg);
    explain_text(e, died, RAVI_PHONEMES_EXPLAIN, &x);
    assert_null(find_why(&x, "مرد", "homograph"));
    assert_null(strstr(x.line, "m'oRd"));
    engine_freed(state);
}

typedef struct senses_seen {
    size_t nentries, nsenses;
    char names[4][16];
    int default_at;
    char file[256];
} senses_seen;

static int on_senses(void *ctx, const ravi_lookup *lk)
{
    senses_seen *s = ctx;
    s->nentries = lk->nentries;
    s->nsenses = lk->nsenses;
    s->default_at = -1;
    for (size_t k = 0; k < lk->nsenses && k < 4; k++) {
        snprintf(s->names[k], sizeof s->names[k], "%s", lk->senses[k].name);
        if (lk->senses[k].is_default)
            s->default_at = (int)k;
        assert_true(lk->senses[k].line > 0);
        assert_true(strlen(lk->senses[k].phonemes) > 0);
    }
    if (lk->nsenses)
        snprintf(s->file, sizeof s->file, "%s", lk->senses[0].file);
    return 0;
}

static void test_lookup_shows_a_homographs_senses(void **state)
{
    ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    senses_seen s;
    assert_int_equal(ravi_lexicon_lookup(e, "مرد", on_senses, &s), RAVI_OK);
    assert_int_equal(s.nentries, 0);
    assert_int_equal(s.nsenses, 2);
    assert_string_equal(s.names[0], "mard");
    assert_string_equal(s.names[1], "mord");
    assert_int_equal(s.default_at, 0);
    assert_non_null(strstr(s.file, "lexicon/homographs.tsv"));
    assert_int_equal(ravi_lexicon_lookup(e, "سلام", on_senses, &s), RAVI_OK);
    assert_int_equal(s.nsenses, 0);
    engine_freed(state);
}

typedef struct sense_problems {
    int errors, notes;
    char note[512];
    size_t entries;
} sense_problems;

static int on_sense_problem(void *ctx, const ravi_lexicon_problem *p)
{
    sense_problems *sp = ctx;
    if (p->is_error) {
        sp->errors++;
    } else if (strstr(p->message, "never chosen")) {
        sp->notes++;
        snprintf(sp->note, sizeof sp->note, "%u: %s", p->line, p->message);
    }
    return 0;
}

static int on_sense_file(void *ctx, const char *file, size_t entries, long bad)
{
    (void)file;
    (void)bad;
    ((sense_problems *)ctx)->entries = entries;
    return 0;
}

static void test_lexicon_check_reads_senses(void **state)
{
    (void)state;
    char path[] = "/tmp/ravi-api-senses-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* a plain entry that hides the shipped senses of «کرد», a sense of its own, a bad field */
    const char *body = "کرد\t[[k'oRd]]\n"
                       "مهر\t[[m'ahR]]\tsense:mahr\tcue:نفقه\n"
                       "مهر\t[[m'ohR]]\tsense:mohr\twhen:موم\n";
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    ravi_config cfg = hermetic_config();
    cfg.lexicons = (const char *const[]){path};
    cfg.nlexicons = 1;
    ravi_lexicon_checker checker = {on_sense_problem, on_sense_file};
    sense_problems sp = {0};
    assert_int_equal(ravi_lexicon_check(&cfg, NULL, 0, &checker, &sp), RAVI_E_LEXICON);
    assert_int_equal(sp.errors, 1);     /* when: is no field */
    assert_int_equal(sp.entries, 2);    /* the entry and the good sense */
    assert_int_equal(sp.notes, 1);
    assert_non_null(strstr(sp.note, "1: this entry for «کرد» is said in every sentence"));
    unlink(path);
}

static void test_voices_and_lexicon_lookup(void **state)
{
        ravi_config cfg = hermetic_config();
    ravi_engine *e = new_engine(state, &cfg);
    voices vs = {0, 0, 0};
    assert_int_equal(ravi_voices(e, on_voice, &vs), RAVI_OK);
    assert_true(vs.ravi_male && vs.ravi_female && vs.fa);
    ravi_lookup lk;
    assert_int_equal(ravi_lexicon_lookup(e, "NATO", on_lookup, &lk), RAVI_OK);
    assert_true(lk.nentries >= 1);
    assert_int_equal(ravi_lexicon_lookup(e, "کلمه‌ای‌که‌نیست", on_lookup, &lk), RAVI_OK);
    assert_int_equal(lk.nentries, 0);
    engine_freed(state);
}

typedef struct checked {
    int errors;
    long bad;
} checked;

static int on_problem(void *ctx, const ravi_lexicon_problem *p)
{
    ((checked *)ctx)->errors += p->is_error;
    return 0;
}

static int on_file(void *ctx, const char *file, size_t entries, long bad)
{
    (void)file;
    (void)entries;
    ((checked *)ctx)->bad += bad;
    return 0;
}

static void test_lexicon_check_needs_no_engine(void **state)
{
    (void)state;
        char path[] = "/tmp/ravi-api-lexicon-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *body = "الف\tب\nبی‌تب\n";
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    ravi_config cfg = hermetic_config();
    ravi_lexicon_checker checker = {on_problem, on_file};
    checked got = {0, 0};
    const char *files[] = {path};
    assert_int_equal(ravi_lexicon_check(&cfg, files, 1, &checker, &got), RAVI_E_LEXICON);
    assert_int_equal(got.errors, 1);
    assert_int_equal(got.bad, 1);
    memset(&got, 0, sizeof got);
    assert_int_equal(ravi_lexicon_check(&cfg, NULL, 0, &checker, &got), RAVI_OK); /* the shipped ones */
    assert_int_equal(got.bad, 0);
    unlink(path);
}

/* Every character a screen reader may meet alone has a Persian name, or none (NULL). */
static void test_character_names(void **state)
{
    (void)state;
    static const struct {
        const char *text, *name;
        size_t used;
    } cases[] = {
        {"ب", "بِ", 2},      {"بابا", "بِ", 2},  {"ه", "هِ دو‌چشم", 2}, {"ح", "حِ جیمی", 2},
        {"آ", "اَلِفِ مَدّ", 2}, {"ی", "یِ", 2},     {"ي", "یِ عربی", 2},     {"a", "اِی", 1},
        {"Z", "زِد", 1},     {"3", "سه", 1},     {"۳", "سه", 2},          {"٣", "سه", 2},
        {".", "نقطه", 1},    {"،", "ویرگول", 2}, {"؟", "علامتِ سؤال", 2},  {" ", "فاصله", 1},
        {"\xe2\x80\x8c", "نیم‌فاصله", 3},      {"\xd9\x90", "کَسره", 2}, {"%", "درصد", 1},
        {"٪", "درصد", 2},    {"$", "دلار", 1},   {"+", "به‌علاوه", 1},     {"@", "اَت", 1},
        {"-", "خط تیره", 1}, {"#", "هشتگ", 1},   {"«", "گیومهٔ باز", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t used = 99;
        const char *name = ravi_character_name(cases[i].text, strlen(cases[i].text), &used);
        assert_non_null(name);
        assert_string_equal(name, cases[i].name);
        assert_int_equal(used, cases[i].used);
    }
    size_t used = 99;
    assert_null(ravi_character_name("ж", strlen("ж"), &used)); /* no name: say it as it is */
    assert_int_equal(used, 2);
    assert_null(ravi_character_name("\xff", 1, &used));        /* an invalid byte */
    assert_int_equal(used, 1);
    assert_null(ravi_character_name("x", 0, &used));
    assert_int_equal(used, 0);
    assert_null(ravi_character_name(NULL, 3, NULL));
    assert_null(ravi_character_name("\xd8", 1, NULL));         /* a sequence cut short */
}

static void test_version_and_names(void **state)
{
    (void)state;
        char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", RAVI_VERSION_MAJOR, RAVI_VERSION_MINOR, RAVI_VERSION_PATCH);
    assert_string_equal(ravi_version(), want);
    assert_string_equal(ravi_status_name(RAVI_E_BUSY), "RAVI_E_BUSY");
    assert_string_equal(ravi_engine_error(NULL), "no engine");
    assert_int_equal(ravi_speak(NULL, "x", 1, NULL, NULL, NULL), RAVI_E_INVALID);
}

/* Text that arrives in pieces: the whole sentences at its start, cut where the reader cuts. */
static void test_whole_sentences(void **state)
{
    (void)state;
    static const char two[] = "سلام دنیا. امروز هوا";
    const char *second = strstr(two, "امروز");
    assert_int_equal(ravi_whole_sentences(two, strlen(two)), (size_t)(second - two));
    /* one sentence may still grow ("۳." may become "۳.۵"): nothing is whole yet */
    assert_int_equal(ravi_whole_sentences("قیمت ۳.", strlen("قیمت ۳.")), 0);
    assert_int_equal(ravi_whole_sentences("", 0), 0);
    assert_int_equal(ravi_whole_sentences(NULL, 4), 0);
    /* a line ends a paragraph: every line but the last is whole */
    static const char paragraphs[] = "تیتر خبر\nسازمان اعلام کرد";
    assert_int_equal(ravi_whole_sentences(paragraphs, strlen(paragraphs)), strlen("تیتر خبر\n"));
    assert_int_equal(ravi_whole_sentences("خبر.\n", 8), 8);
    /* inside a quotation a full stop ends no sentence */
    static const char quoted[] = "او گفت «سلام. خوب";
    assert_int_equal(ravi_whole_sentences(quoted, strlen(quoted)), 0);
    /* the cut is where the whole text is cut: what follows it starts a sentence there too */
    static const char three[] = "یک. دو. سه";
    size_t cut = ravi_whole_sentences(three, strlen(three));
    assert_string_equal(three + cut, "سه");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_version_and_names, free_engine),
        cmocka_unit_test_teardown(test_two_sequential_engines, free_engine),
        cmocka_unit_test_teardown(test_second_live_engine_is_refused, free_engine),
        cmocka_unit_test_teardown(test_cancel_within_one_chunk, free_engine),
        cmocka_unit_test_teardown(test_errors_are_values_not_output, free_engine),
        cmocka_unit_test_teardown(test_events_line_up_with_the_audio, free_engine),
        cmocka_unit_test_teardown(test_ssml_marks_and_ranges, free_engine),
        cmocka_unit_test_teardown(test_page_metadata_events, free_engine),
        cmocka_unit_test_teardown(test_normalize_and_phonemes, free_engine),
        cmocka_unit_test_teardown(test_settings_per_call, free_engine),
        cmocka_unit_test(test_invalid_utf8_is_a_warning),
        cmocka_unit_test_teardown(test_streamed_source, free_engine),
        cmocka_unit_test_teardown(test_reading_a_sentence_at_a_time, free_engine),
        cmocka_unit_test_teardown(test_no_call_from_inside_a_callback, free_engine),
        cmocka_unit_test_teardown(test_voices_and_lexicon_lookup, free_engine),
        cmocka_unit_test_teardown(test_lexicon_check_needs_no_engine, free_engine),
        cmocka_unit_test_teardown(test_homographs_explained, free_engine),
        cmocka_unit_test_teardown(test_lookup_shows_a_homographs_senses, free_engine),
        cmocka_unit_test_teardown(test_lexicon_check_reads_senses, free_engine),
        cmocka_unit_test(test_whole_sentences),
        cmocka_unit_test(test_character_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

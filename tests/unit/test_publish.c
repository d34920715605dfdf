/* Unit tests of publishing (issue 18): the true-peak limiter, tag dates, the tags gathered from
 * a reading's events, page metadata from HTML, the config file's parser, and a fetched page's
 * format and character set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fetch/fetch.h"
#include "read/html.h"
#include "read/meta.h"
#include "sink/limiter.h"
#include "sink/loudness.h"
#include "sink/tagcollect.h"
#include "sink/tags.h"

/* ---- the limiter ------------------------------------------------------------------------- */

/* Runs n samples through a limiter in pieces of `piece`; returns how many came out. */
static size_t limit(const short *in, size_t n, size_t piece, double gain, double ceiling, short *out)
{
    limiter *l = limiter_new(22050, gain, ceiling);
    assert_non_null(l);
    size_t made = 0;
    for (size_t i = 0; i < n; i += piece)
        made += limiter_run(l, in + i, n - i < piece ? n - i : piece, out + made);
    made += limiter_drain(l, out + made);
    limiter_free(l);
    return made;
}

static void sine(short *x, size_t n, double amplitude, double cycles_per_sample)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (short)lrint(amplitude * sin(2 * M_PI * cycles_per_sample * (double)i + 0.3));
}

/* As many samples come out as go in, each at its own place, however the input is cut. */
static void test_limiter_keeps_length_and_place(void **state)
{
    (void)state;
    enum { N = 5000 };
    static short in[N], out[N + LIMITER_DELAY + 2 * LIMITER_BLOCK];
    sine(in, N, 8000, 0.01);
    size_t pieces[] = {1, 7, 31, 32, 33, 1000, N};
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
        for (size_t n = 0; n <= N; n += 997) {
            assert_int_equal(limit(in, n, pieces[k], 1.0, 1.0, out), n);
            assert_memory_equal(in, out, n * sizeof *in); /* quiet: nothing to limit */
        }
    }
    /* a gain alone, far from the ceiling, is the gain */
    assert_int_equal(limit(in, N, 100, 2.0, 1.0, out), N);
    for (size_t i = 0; i < N; i++)
        assert_true(abs(out[i] - 2 * in[i]) <= 1);
}

/* The largest point of the signal between its samples, found by 16x band-limited interpolation
 * (independent of the limiter's own 4x filter); only where the filter has all its samples: a
 * cut-off signal rings at its ends. */
static double true_peak(const short *x, size_t n)
{
    double best = 0;
    for (size_t i = 24; i + 25 < n; i++) {
        for (int k = 0; k < 16; k++) {
            double t = i + k / 16.0, v = 0;
            for (long j = (long)i - 24; j <= (long)i + 24; j++) {
                double d = t - (double)j;
                double w = 0.5 * (1 + cos(M_PI * d / 25.0));
                v += x[j] * (d == 0 ? 1.0 : sin(M_PI * d) / (M_PI * d)) * w;
            }
            best = fabs(v) > best ? fabs(v) : best;
        }
    }
    return best;
}

/* A loud tone, made louder: no sample and no point between them above the ceiling. */
static void test_limiter_holds_the_true_peak(void **state)
{
    (void)state;
    enum { N = 6000 };
    static short in[N], out[N + LIMITER_DELAY + 2 * LIMITER_BLOCK];
    const double ceiling = pow(10, -1.0 / 20); /* -1 dBTP */
    double freqs[] = {0.01, 0.13, 0.249, 0.37};
    for (size_t f = 0; f < sizeof freqs / sizeof *freqs; f++) {
        sine(in, N, 30000, freqs[f]);
        /* quiet first, the gain must fall before the loud part; it rises over 3 ms, as speech
         * does (a step from one sample to the next rings between them, far above both) */
        for (size_t i = 0; i < 564; i++)
            in[i] = (short)lrint(in[i] * (i < 500 ? 0.05 : 0.05 + 0.95 * (i - 500) / 64.0));
        assert_int_equal(limit(in, N, 441, 2.0, ceiling, out), N);
        double peak = true_peak(out, N) / 32768.0;
        if (peak > ceiling * 1.0116) /* 0.1 dB: what the 4x estimate may miss (loudness.c) */
            fail_msg("%.3f cycles a sample: true peak %.2f dBTP", freqs[f], 20 * log10(peak));
        assert_true(peak >= ceiling * 0.8); /* and it does not just turn everything down */
        for (size_t i = 0; i < 400; i++) /* the quiet part keeps its gain */
            assert_true(abs(out[i] - 2 * in[i]) <= 1 || i > 400 - LIMITER_DELAY);
    }
}

static void test_limiter_is_deterministic(void **state)
{
    (void)state;
    enum { N = 4000 };
    static short in[N], a[N + LIMITER_DELAY + 2 * LIMITER_BLOCK], b[N + LIMITER_DELAY + 2 * LIMITER_BLOCK];
    srand(7);
    for (size_t i = 0; i < N; i++)
        in[i] = (short)(rand() % 60000 - 30000);
    assert_int_equal(limit(in, N, 100, 1.5, 0.89, a), N);
    assert_int_equal(limit(in, N, 333, 1.5, 0.89, b), N);
    assert_memory_equal(a, b, sizeof in);
}

/* ---- loudness normalisation ------------------------------------------------------------- */

/* A sink that counts what reaches it, as the encoder would get it. */
typedef struct counting_sink {
    sink base;
    size_t samples;
} counting_sink;

static int counting_write(sink *s, const short *pcm, size_t n)
{
    (void)pcm;
    ((counting_sink *)s)->samples += n;
    return 0;
}

static int counting_finish(sink *s)
{
    (void)s;
    return 0;
}

static void counting_abort(sink *s)
{
    (void)s;
}

static int counting_set_tags(sink *s, const audio_tags *tags)
{
    (void)s;
    (void)tags;
    return 0;
}

static const sink_ops counting_ops = {counting_write, counting_finish, counting_abort,
                                      counting_set_tags};

/* sink_opener's open: the counting sink (ctx), as the encoder. */
static sink *open_counting(void *ctx, sink_file_check check, void *check_ctx, diag *d)
{
    (void)check;
    (void)check_ctx;
    counting_sink *c = ctx;
    c->base.diag = d;
    return &c->base;
}

static void keep_counting(void *ctx)
{
    (void)ctx;
}

/* Heap in use (glibc's count; 0 under a sanitizer or valgrind, which replace malloc). */
static size_t heap_in_use(void)
{
    return mallinfo2().uordblks;
}

/* Speech-like seconds: a tone whose level changes every 300 ms, a pause every 2 s. */
static void speak_seconds(sink *s, int seconds)
{
    static short chunk[2205];
    for (int t = 0; t < seconds * 10; t++) {
        double level = t % 20 >= 17 ? 0 : 3000 + 2000 * ((t / 3) % 5);
        sine(chunk, 2205, level, 0.02 + 0.01 * (t % 7));
        assert_int_equal(sink_write(s, chunk, 2205), 0);
    }
}

/* A file of hours is normalised in the memory a minute takes: nothing is kept per second of
 * audio (libebur128 keeps every 400 ms gating block unless asked for its histogram). */
static void test_normalising_keeps_memory_flat(void **state)
{
    (void)state;
    diag d;
    diag_init(&d);
    counting_sink inner = {{&counting_ops, &d, 0}, 0};
    sink_opener encoder = {open_counting, keep_counting, &inner, 0};
    loudness_target target;
    loudness_target_init(&target);
    FILE *spool = tmpfile();
    assert_non_null(spool);
    sink *s = sink_normalize_open(&encoder, "test", 22050, &target, "fa", 0.0, dup(fileno(spool)), &d);
    fclose(spool);
    assert_non_null(s);
    speak_seconds(s, 60);
    size_t after_a_minute = heap_in_use();
    speak_seconds(s, 6 * 60);
    size_t after_seven = heap_in_use();
    assert_int_equal(s->ops->finish(s), 0);
    assert_int_equal(inner.samples, 7 * 60 * 22050);
    /* six minutes are 3600 gating blocks: kept, they took about 100 KB */
    if (after_seven > after_a_minute + 8192)
        fail_msg("the heap grew by %zu bytes in six minutes of audio", after_seven - after_a_minute);
    diag_free(&d);
}

/* ---- tags -------------------------------------------------------------------------------- */

static void test_tag_dates(void **state)
{
    (void)state;
    char out[20];
    assert_int_equal(audio_tags_date("2024-03-05T10:20:00+03:30", 0, out), 0);
    assert_string_equal(out, "2024-03-05");
    assert_int_equal(audio_tags_date("2024-03-05T10:20:00+03:30", 1, out), 0);
    assert_string_equal(out, "2024-03-05T10:20:00");
    assert_int_equal(audio_tags_date("2024-03-05 10:20", 1, out), 0);
    assert_string_equal(out, "2024-03-05T10:20");
    assert_int_equal(audio_tags_date("2024-03", 0, out), 0);
    assert_string_equal(out, "2024-03");
    assert_int_equal(audio_tags_date("2024", 0, out), 0);
    assert_string_equal(out, "2024");
    assert_int_equal(audio_tags_date("2024-13-01", 0, out), 0); /* the year is still a date */
    assert_string_equal(out, "2024");
    assert_int_equal(audio_tags_date("Tue, 05 Mar 2024", 0, out), -1);
    assert_int_equal(audio_tags_date("۱۴۰۲/۱۲/۱۵", 0, out), -1);
    assert_int_equal(audio_tags_date("", 0, out), -1);
    char why[256];
    assert_int_equal(cli_parse_date("2024-03-05", why, sizeof why), 0);
    assert_int_equal(cli_parse_date("2024-3-5", why, sizeof why), -1);
    assert_int_equal(cli_parse_date("2024-03-05junk", why, sizeof why), -1);
}

static ravi_event sentence_event(uint64_t number, const char *text, int heading, int opens)
{
    ravi_event ev = {0};
    ev.type = RAVI_EVENT_SENTENCE;
    ev.sentence = number;
    ev.text = text;
    ev.text_len = strlen(text);
    ev.heading = heading;
    ev.paragraph_start = opens;
    return ev;
}

static ravi_event metadata_event(ravi_metadata key, const char *value)
{
    ravi_event ev = {0};
    ev.type = RAVI_EVENT_METADATA;
    ev.metadata = key;
    ev.text = value;
    ev.text_len = strlen(value);
    return ev;
}

static void test_tags_from_events(void **state)
{
    (void)state;
    tag_collector c;
    tag_collector_init(&c, NULL, "ravi-female");
    ravi_event evs[] = {
        metadata_event(RAVI_METADATA_AUTHOR, "مریم احمدی"),
        metadata_event(RAVI_METADATA_DATE, "2024-03-05T10:20:00+03:30"),
        metadata_event(RAVI_METADATA_PUBLISHER, "خبرگزاری"),
        sentence_event(0, "بارش برف:", 1, 1),
        sentence_event(1, "تهران سفید شد", 1, 0),
        sentence_event(2, "سازمان هواشناسی خبر داد.", 0, 1),
        sentence_event(0, "بارش برف:", 1, 1), /* a player going back: not a new sentence */
    };
    for (size_t i = 0; i < sizeof evs / sizeof *evs; i++)
        assert_int_equal(tag_collector_event(&c, &evs[i]), 0);
    const audio_tags *t = tag_collector_tags(&c);
    assert_string_equal(t->title, "بارش برف: تهران سفید شد");
    assert_string_equal(t->artist, "مریم احمدی");
    assert_string_equal(t->album, "خبرگزاری");
    assert_string_equal(t->date, "2024-03-05");
    assert_string_equal(t->language, "fa");
    assert_non_null(strstr(t->comment, ravi_version()));
    assert_non_null(strstr(t->comment, "ravi-female"));
    tag_collector_free(&c);

    /* what the user gave wins; no headline: the page's title, else the first sentence */
    audio_tags given = {NULL, "نویسنده", NULL, "2020-01-01", NULL, NULL};
    tag_collector_init(&c, &given, NULL);
    ravi_event author = metadata_event(RAVI_METADATA_AUTHOR, "دیگری");
    ravi_event body = sentence_event(0, "جمله‌ای  بلند\nکه عنوان نیست.", 0, 1);
    tag_collector_event(&c, &author);
    tag_collector_event(&c, &body);
    t = tag_collector_tags(&c);
    assert_string_equal(t->artist, "نویسنده");
    assert_string_equal(t->date, "2020-01-01");
    assert_string_equal(t->title, "جمله‌ای بلند که عنوان نیست.");
    ravi_event title = metadata_event(RAVI_METADATA_TITLE, "عنوان صفحه");
    tag_collector_event(&c, &title);
    assert_string_equal(tag_collector_tags(&c)->title, "عنوان صفحه");
    tag_collector_free(&c);

    tag_collector_init(&c, NULL, NULL);
    char longer[400] = "";
    for (int i = 0; i < 30; i++)
        strcat(longer, "کلمه ");
    body = sentence_event(0, longer, 0, 1);
    tag_collector_event(&c, &body);
    t = tag_collector_tags(&c);
    assert_true(strlen(t->title) <= 100 + strlen("…"));
    assert_non_null(strstr(t->title, "…"));
    assert_null(t->artist);
    tag_collector_free(&c);
}

/* ---- page metadata ----------------------------------------------------------------------- */

static page_meta *read_page(html_reader **h, const char *page)
{
    *h = html_reader_new("page.html", NULL);
    assert_non_null(*h);
    assert_int_equal(html_reader_feed(*h, page, strlen(page), 1), 0);
    return html_reader_meta(*h);
}

static void test_html_metadata(void **state)
{
    (void)state;
    html_reader *h;
    page_meta *m = read_page(&h,
        "<html><head><meta property='og:site_name' content=' خبرگزاری\n نمونه '>"
        "<meta name='author' content='https://facebook.com/someone'>"
        "<meta property='article:author' content='مریم احمدی'>"
        "<meta name='date' content='2024-01-01'>"
        "<meta property='article:published_time' content='2024-03-05T10:20:00Z'></head>"
        "<body><article><h1>تیتر</h1><p class='byline'>نویسنده: علی رضایی</p>"
        "<time datetime='2023-02-02'>دیروز</time><p>متن خبر.</p></article></body></html>");
    assert_string_equal(m->value[META_PUBLISHER].s, "خبرگزاری نمونه");
    assert_string_equal(m->value[META_AUTHOR].s, "مریم احمدی"); /* a link names no one */
    assert_string_equal(m->value[META_DATE].s, "2024-03-05T10:20:00Z"); /* the better source */
    assert_int_equal(m->value[META_TITLE].len, 0);
    html_reader_free(h);

    m = read_page(&h, "<html><body><h1>تیتر</h1><span class='author-name'>By A. Writer</span>"
                      "<p>متن.</p><time pubdate datetime='2022-05-06'>x</time></body></html>");
    assert_string_equal(m->value[META_AUTHOR].s, "A. Writer");
    assert_string_equal(m->value[META_DATE].s, "2022-05-06");
    html_reader_free(h);

    /* a byline too long to be a name is a biography */
    char page[2048] = "<html><body><div class='author'>";
    for (int i = 0; i < 40; i++)
        strcat(page, "کلمه ");
    strcat(page, "</div><p>متن.</p></body></html>");
    m = read_page(&h, page);
    assert_int_equal(m->value[META_AUTHOR].len, 0);
    html_reader_free(h);
}

static void test_byline_labels(void **state)
{
    (void)state;
    size_t n;
    const char *s = "نویسنده: علی رضایی";
    const char *who = page_meta_byline_name(s, strlen(s), &n);
    assert_int_equal(strncmp(who, " علی رضایی", n), 0);
    s = "by Jane Doe";
    who = page_meta_byline_name(s, strlen(s), &n);
    assert_int_equal(strncmp(who, "Jane Doe", n), 0);
    s = "Reporting from Tehran by our correspondent: staff";
    who = page_meta_byline_name(s, strlen(s), &n);
    assert_int_equal(n, strlen(s)); /* more than two words before the colon: not a label */
}

/* ---- the config file --------------------------------------------------------------------- */

static int dummy_run(cli_options *opt, int argc, char **argv)
{
    (void)opt;
    (void)argc;
    (void)argv;
    return 0;
}

static const cli_command say_like = {"say", "", "", ACCEPT_OUTPUT | ACCEPT_VOICE | ACCEPT_PAUSES |
                                     ACCEPT_LEXICON | ACCEPT_INPUT | ACCEPT_TAGS, dummy_run, NULL};
static const cli_command normalize_like = {"normalize", "", "", ACCEPT_LEXICON | ACCEPT_INPUT, dummy_run, NULL};

static int parse_config(const cli_command *cmd, cli_options *opt, const char *text, diag *d)
{
    cli_options_init(opt);
    char *copy = xstrndup(text, strlen(text));
    assert_non_null(copy);
    diag_init(d);
    return cli_config_parse(cmd, opt, copy, strlen(text), "config", d);
}

static void test_config_file(void **state)
{
    (void)state;
    cli_options opt;
    diag d;
    assert_int_equal(parse_config(&say_like, &opt,
                                  "\xef\xbb\xbf# comment\r\nvoice = ravi-female\r\n\n  rate=200\n"
                                  "loudness = off\nformat = mp3\nauthor = \"مریم احمدی\"\n"
                                  "quiet = yes\nno-ezafe = no\nlexicon = a.tsv\nlexicon = b.tsv\n"
                                  "volume = 50",
                                  &d), 0);
    assert_string_equal(opt.config.settings.voice, "ravi-female");
    assert_int_equal(opt.config.settings.rate, 200);
    assert_int_equal(opt.loudness.on, 0);
    assert_string_equal(opt.default_format, "mp3");
    assert_null(opt.format); /* a default, not --format's override */
    assert_string_equal(opt.author, "مریم احمدی");
    assert_int_equal(opt.quiet, 1);
    assert_int_equal(opt.config.ezafe, 1);
    assert_int_equal(opt.config.nlexicons, 2);
    assert_true(fabs(opt.loudness.volume_db + 6.02) < 0.01);
    diag_free(&d);
    cli_options_free(&opt);

    /* every bad line is reported with its number; options the command does not take are
     * checked, and not applied */
    assert_int_equal(parse_config(&normalize_like, &opt,
                                  "rate = 1000\nvoice = ravi-female\nnonsense\nfoo = 1\n"
                                  "output = x.wav\nquiet = perhaps\nvolume =\ndate = 2024-01-01\n"
                                  "loudness = -5\n\xff\xfe = 1\nvoice = a\0b\n",
                                  &d), -1);
    const char *msg = diag_message(&d);
    const char *want[] = {"config:1: rate: expected a whole number from 80 to 450, got '1000'",
                          "config:3: expected 'name = value', got 'nonsense'",
                          "config:4: unknown setting 'foo'",
                          "config:5: output is given on the command line",
                          "config:6: quiet: expected yes or no, got 'perhaps'",
                          "config:7: volume: no value",
                          "config:8: date is given on the command line",
                          "config:9: loudness: expected a target from -40 to -14 LUFS",
                          "config:10: not UTF-8 text"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_non_null(strstr(msg, want[i]));
    assert_null(strstr(msg, "config:2:"));
    assert_int_equal(opt.config.settings.voice == NULL || strcmp(opt.config.settings.voice, "ravi-female"), 1);
    diag_free(&d);
    cli_options_free(&opt);
}

/* ---- fetched pages ----------------------------------------------------------------------- */

static void test_fetch_format_and_charset(void **state)
{
    (void)state;
    assert_int_equal(fetch_format_of("text/html; charset=UTF-8"), RAVI_FORMAT_HTML);
    assert_int_equal(fetch_format_of("Application/XHTML+XML"), RAVI_FORMAT_HTML);
    assert_int_equal(fetch_format_of("text/plain"), RAVI_FORMAT_TEXT);
    assert_int_equal(fetch_format_of("application/ssml+xml"), RAVI_FORMAT_SSML);
    assert_int_equal(fetch_format_of(NULL), RAVI_FORMAT_AUTO);
    assert_int_equal(fetch_format_of("image/png"), -1);
    assert_int_equal(fetch_format_of("application/pdf"), -1);
    assert_true(fetch_is_url("HTTPS://example.org"));
    assert_false(fetch_is_url("example.org/http://"));

    char cs[64];
    const char *utf8 = "<p>سلام</p>";
    assert_int_equal(fetch_charset(utf8, strlen(utf8), "text/html", 1, cs, sizeof cs), 0);
    assert_string_equal(cs, "UTF-8");
    assert_int_equal(fetch_charset(utf8, strlen(utf8), "text/html; charset=\"windows-1256\"", 1, cs, sizeof cs), 0);
    assert_string_equal(cs, "windows-1256");
    const char *meta = "<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1256'>";
    assert_int_equal(fetch_charset(meta, strlen(meta), "text/html", 1, cs, sizeof cs), 0);
    assert_string_equal(cs, "windows-1256");
    assert_int_equal(fetch_charset("\xef\xbb\xbf" "x", 4, "text/html; charset=latin1", 1, cs, sizeof cs), 0);
    assert_string_equal(cs, "UTF-8"); /* the BOM wins */

    /* "سازمان هواشناسي كشور" in windows-1256, said nowhere: ICU's detector finds it */
    const char legacy[] = "<p>\323\307\322\343\307\344 \345\346\307\324\344\307\323\355 \337\324\346\321 \307\332\341\307\343 \337\321\317 \337\345 \310\307\321\307\344 \343\355\310\307\321\317 \346 \345\346\307 \323\321\317 \307\323\312.</p>";
    assert_int_equal(fetch_charset(legacy, sizeof legacy - 1, NULL, 1, cs, sizeof cs), 0);
    char *text;
    size_t len;
    assert_int_equal(fetch_to_utf8(legacy, sizeof legacy - 1, cs, "x", &text, &len, NULL), 0);
    assert_non_null(strstr(text, "سازمان"));
    free(text);
    assert_int_equal(fetch_to_utf8("\xef\xbb\xbf" "abc", 6, "UTF-8", "x", &text, &len, NULL), 0);
    assert_string_equal(text, "abc"); /* no BOM left */
    free(text);
    diag d;
    diag_init(&d);
    assert_int_equal(fetch_to_utf8("abc", 3, "no-such-charset", "http://x/", &text, &len, &d), -1);
    assert_string_equal(diag_message(&d), "http://x/: unknown character set 'no-such-charset'");
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limiter_keeps_length_and_place),
        cmocka_unit_test(test_limiter_holds_the_true_peak),
        cmocka_unit_test(test_limiter_is_deterministic),
        cmocka_unit_test(test_normalising_keeps_memory_flat),
        cmocka_unit_test(test_tag_dates),
        cmocka_unit_test(test_tags_from_events),
        cmocka_unit_test(test_html_metadata),
        cmocka_unit_test(test_byline_labels),
        cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_fetch_format_and_charset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

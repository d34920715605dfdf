/* Unit tests of the input half: format recognition, the plain-text headline rule, the HTML
 * reader (what is read, headings, source offsets into the HTML), pauses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pause.h"
#include "pipeline.h"
#include "read/headline.h"
#include "read/html.h"
#include "read/input.h"
#include "read/para.h"
#include "read/reader.h"
#include "read/ssml.h"
#include "render.h"
#include "util.h"

/* A pipeline without ezafe reading `doc` as `fmt`, for the tests that look at its tokens. */
static void start_reading(pipeline *p, ravi_config *opt, input_format fmt, const char *doc, size_t len)
{
    ravi_config_init(opt);
    opt->data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    opt->ezafe = 0;
    opt->settings.format = (ravi_format)fmt;
    assert_int_equal(pipeline_open(p, opt, NULL), 0);
    assert_int_equal(pipeline_start_text(p, doc, len), 0);
}

/* Every sentence of the input as "H:" (heading) or "P:" (opens a paragraph) or "-:" and its
 * words, one per line. */
static char *read_all(const char *text, input_format fmt)
{
    ravi_config opt;
    pipeline p;
    start_reading(&p, &opt, fmt, text, strlen(text));
    strbuf out;
    sb_init(&out);
    sentence *s;
    while (pipeline_next(&p, &s) > 0) {
        sb_puts(&out, s->is_heading ? "H:" : s->paragraph_start ? "P:" : "-:");
        render_display(s, &opt, &out);
        sb_putc(&out, '\n');
    }
    pipeline_close(&p);
    if (!out.s)
        sb_puts(&out, "");
    return out.s;
}

static void assert_read(const char *text, input_format fmt, const char *expected)
{
    char *got = read_all(text, fmt);
    assert_string_equal(got, expected);
    free(got);
}

static void test_guess_format(void **state)
{
    (void)state;
    assert_int_equal(input_guess_format(NULL, "<speak>x</speak>", 16), INPUT_SSML);
    assert_int_equal(input_guess_format(NULL, "\xef\xbb\xbf  <?xml version=\"1.0\"?>\n<speak>", 33), INPUT_SSML);
    assert_int_equal(input_guess_format(NULL, "<!DOCTYPE html><p>x", 19), INPUT_HTML);
    assert_int_equal(input_guess_format(NULL, "\n <p>سلام</p>", 16), INPUT_HTML);
    assert_int_equal(input_guess_format(NULL, "سلام <b>", 13), INPUT_TEXT);
    assert_int_equal(input_guess_format(NULL, "< ۵ درصد", 12), INPUT_TEXT);
    assert_int_equal(input_guess_format("a.HTML", "سلام", 8), INPUT_HTML);
    assert_int_equal(input_guess_format("a.ssml", "سلام", 8), INPUT_SSML);
}

static void test_headline_rule(void **state)
{
    (void)state;
    assert_true(text_looks_like_headline("افزایش صادرات غیرنفتی", strlen("افزایش صادرات غیرنفتی")));
    assert_false(text_looks_like_headline("صادرات افزایش یافت.", strlen("صادرات افزایش یافت.")));
    assert_false(text_looks_like_headline("آیا صادرات افزایش یافت؟ ", strlen("آیا صادرات افزایش یافت؟ ")));
    const char *long_line = "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده";
    assert_false(text_looks_like_headline(long_line, strlen(long_line)));
    assert_false(text_looks_like_headline("  ", 2));
}

static void test_plain_text_headline_needs_blank_line(void **state)
{
    (void)state;
    assert_read("عنوان خبر\n\nمتن خبر.\n", INPUT_AUTO, "H:عنوان خبر\nP:متن خبر.\n");
    assert_read("عنوان خبر\nمتن خبر.\n", INPUT_AUTO, "P:عنوان خبر\nP:متن خبر.\n");
    assert_read("متن خبر است.\n\nدوم.\n", INPUT_AUTO, "P:متن خبر است.\nP:دوم.\n");
}

static void test_html_reads_article_only(void **state)
{
    (void)state;
    assert_read("<html><head><title>تیتر خبر - سایت</title><script>var a='نه';</script></head>"
                "<body><nav>منو</nav><div class=\"ad\">تبلیغ</div>"
                "<article><h1>تیتر خبر</h1><p>جمله یک. جمله دو.</p><aside>مرتبط</aside>"
                "<ul><li>بند</li></ul></article><footer>پانویس</footer></body></html>",
                INPUT_AUTO, "H:تیتر خبر\nP:جمله یک.\n-:جمله دو.\nP:بند\n");
}

/* Date lines are page furniture, however the site spells the class. */
static void test_html_skips_date_lines(void **state)
{
    (void)state;
    assert_read("<article><h1>تیتر</h1><div class=\"dateline\">۱۲ مرداد</div>"
                "<span class=\"news-timestamp\">دیروز</span><p class=\"date-line\">امروز</p>"
                "<p>متن خبر.</p></article>",
                INPUT_AUTO, "H:تیتر\nP:متن خبر.\n");
}

/* SSML's headline: its first paragraph when it reads like one, or what is marked role="heading". */
static void test_ssml_headline(void **state)
{
    (void)state;
    assert_read("<speak><p>خبر فوری از تهران</p><p>باران بارید. هوا سرد شد.</p></speak>",
                INPUT_SSML, "H:خبر فوری از تهران\nP:باران بارید.\n-:هوا سرد شد.\n");
    /* a first paragraph that ends like a sentence is no headline */
    assert_read("<speak><p>باران بارید.</p><p>هوا سرد شد.</p></speak>", INPUT_SSML,
                "P:باران بارید.\nP:هوا سرد شد.\n");
    /* nor is text outside any paragraph, nor the second paragraph */
    assert_read("<speak>باران<p>تیتر کوتاه</p></speak>", INPUT_SSML, "P:باران\nP:تیتر کوتاه\n");
    assert_read("<speak><p role=\"heading\">تیتر با نقطه.</p><p>متن.</p></speak>", INPUT_SSML,
                "H:تیتر با نقطه.\nP:متن.\n");
}

static void test_html_title_when_no_h1(void **state)
{
    (void)state;
    assert_read("<title>تیتر</title><p>متن</p>", INPUT_HTML, "H:تیتر\nP:متن\n");
    /* a title that differs from the h1 is read too; one that repeats it is not */
    assert_read("<title>سایت</title><h1>تیتر</h1><p>متن</p>", INPUT_HTML, "H:سایت\nH:تیتر\nP:متن\n");
    assert_read("<title>تیتر | سایت</title><p>روتیتر</p><h1>تیتر</h1><p>متن</p>", INPUT_HTML,
                "H:تیتر\nP:روتیتر\nP:متن\n"); /* the <h1> is the headline, read first */
}

static void test_html_broken_markup_and_entities(void **state)
{
    (void)state;
    assert_read("<p>یک &amp; دو &nbsp; سه &bogus; چهار<p>پنج<div>شش", INPUT_HTML,
                "P:یک & دو سه &bogus; چهار\nP:پنج\nP:شش\n");
}

/* Reading `doc` gives exactly these words, each standing on its own bytes of the page (an
 * entity's character on the entity's first byte), never past the page's end. */
static void assert_words_at_their_bytes(const char *doc, input_format fmt, const char *const *words, size_t n)
{
    ravi_config opt;
    pipeline p;
    start_reading(&p, &opt, fmt, doc, strlen(doc));
    sentence *s;
    size_t k = 0;
    while (pipeline_next(&p, &s) > 0)
        for (size_t i = 0; i < s->n; i++, k++) {
            assert_true(k < n);
            const token *t = &s->tok[i];
            assert_true(t->src_end <= strlen(doc));
            assert_int_equal(t->src_end - t->src_start, strlen(words[k]));
            assert_memory_equal(doc + t->src_start, words[k], strlen(words[k]));
        }
    assert_int_equal(k, n);
    pipeline_close(&p);
}

/* Every token's source range points at its own text in the HTML. */
static void test_html_source_offsets(void **state)
{
    (void)state;
    const char *html = "<html><body>\n<p>سلام  <b>دنیا</b>\n خوب.</p><p>دوم &amp; سوم</p></body></html>";
    const char *words[] = {"سلام", "دنیا", "خوب", ".", "دوم", "&", "سوم"};
    assert_words_at_their_bytes(html, INPUT_AUTO, words, sizeof words / sizeof *words);
}

/* Text before any tag (fuzz_html found it): libxml2 reads it before it opens the implied
 * <html><body><p>, whose position was taken for the text's; its words mapped past the end. */
static void test_html_text_before_any_tag_keeps_its_offsets(void **state)
{
    (void)state;
    const char *html = "سیل در گیلان <p>دوم</p>";
    const char *words[] = {"سیل", "در", "گیلان", "دوم"};
    assert_words_at_their_bytes(html, INPUT_HTML, words, sizeof words / sizeof *words);
}

/* A <q> left open is closed at the end of the page, where its » has no bytes (fuzz_html). */
static void test_html_unclosed_q_stays_inside_the_page(void **state)
{
    (void)state;
    const char *html = "<p>او گفت <q>دوم";
    ravi_config opt;
    pipeline p;
    start_reading(&p, &opt, INPUT_HTML, html, strlen(html));
    sentence *s;
    size_t k = 0;
    while (pipeline_next(&p, &s) > 0)
        for (size_t i = 0; i < s->n; i++, k++)
            assert_true(s->tok[i].src_end <= strlen(html));
    assert_true(k >= 4);
    pipeline_close(&p);
}

/* Text longer than the bytes it came from (invalid bytes read as U+FFFD, an entity libxml2
 * does not know) and a <q> opened on the page's last bytes: fuzz_html found a « mapped past the
 * end. Every token stays inside the page, and tokens never go back. */
static void test_html_offsets_stay_inside_the_page(void **state)
{
    (void)state;
    const char *pages[] = {"<p>او \xff\xfe گفت &nosuch; <q>", "<p>ب\x80\x80\x80 <q>ج<q", "<p>الف<q>"};
    for (size_t d = 0; d < sizeof pages / sizeof *pages; d++) {
        const char *html = pages[d];
        ravi_config opt;
        pipeline p;
        start_reading(&p, &opt, INPUT_HTML, html, strlen(html));
        sentence *s;
        uint64_t last = 0;
        while (pipeline_next(&p, &s) > 0)
            for (size_t i = 0; i < s->n; i++) {
                const token *t = &s->tok[i];
                assert_true(t->src_start <= t->src_end);
                assert_true(t->src_end <= strlen(html));
                assert_true(t->src_start >= last);
                last = t->src_start;
            }
        pipeline_close(&p);
    }
}

/* libxml2 hands ASCII text that Persian follows to the SSML reader before its position moves
 * past it (fuzz_ssml): the Persian words were mapped back onto the ASCII ones. */
static void test_ssml_ascii_then_persian_keeps_its_offsets(void **state)
{
    (void)state;
    strbuf doc;
    sb_init(&doc);
    sb_puts(&doc, "<speak><p>");
    for (int i = 0; i < 30; i++)
        sb_puts(&doc, "news agency سلام دنیا ");
    sb_puts(&doc, "</p></speak>");
    ravi_config opt;
    pipeline p;
    start_reading(&p, &opt, INPUT_SSML, doc.s, doc.len);
    sentence *s;
    size_t k = 0;
    while (pipeline_next(&p, &s) > 0)
        for (size_t i = 0; i < s->n; i++, k++) {
            const token *t = &s->tok[i];
            assert_true(t->src_end <= doc.len);
            assert_memory_equal(doc.s + t->src_start, t->text, strlen(t->text));
        }
    assert_int_equal(k, 120);
    pipeline_close(&p);
    sb_free(&doc);
}

/* A line of exactly the paragraph limit, with no space and nothing after it: read whole, and
 * not one byte past it (ASan saw cut_point read there with 100,000 digits and /dev/zero). */
static void test_line_of_exactly_the_limit(void **state)
{
    (void)state;
    char *text = malloc(READER_MAX_PARAGRAPH);
    memset(text, '7', READER_MAX_PARAGRAPH);
    reader r;
    reader_open_memory(&r, text, READER_MAX_PARAGRAPH, NULL, NULL);
    strbuf para;
    sb_init(&para);
    uint64_t start;
    int opens;
    assert_int_equal(reader_next(&r, &para, &start, &opens), 1);
    assert_int_equal(para.len, READER_MAX_PARAGRAPH);
    assert_int_equal(reader_next(&r, &para, &start, &opens), 0);
    reader_close(&r);
    sb_free(&para);
    free(text);
}

/* Without <article>/<main>, what was held back goes out once there is more than the hold limit,
 * in order, and the rest streams; an <article> coming later no longer drops anything. */
static void test_html_without_article_streams_after_the_hold_limit(void **state)
{
    (void)state;
    strbuf page;
    sb_init(&page);
    sb_puts(&page, "<title>تیتر</title>");
    size_t n = 0, text = 0;
    while (text < HTML_HOLD_LIMIT + 64 * 1024) {
        size_t before = page.len;
        sb_printf(&page, "<p>بند %zu صادرات غیرنفتی ایران افزایش یافت.</p>", n);
        text += page.len - before - strlen("<p></p>");
        n++;
    }
    sb_puts(&page, "<article><p>آخر.</p></article>");
    char *got = read_all(page.s, INPUT_AUTO);
    size_t lines = 0;
    for (const char *s = got; *s; s++)
        lines += *s == '\n';
    assert_int_equal(lines, n + 2); /* title, every paragraph, the article's */
    /* the title first, then the paragraphs in order */
    assert_true(!strncmp(got, "H:تیتر\nP:بند ", strlen("H:تیتر\nP:بند ")));
    const char *last = strstr(got, "P:آخر.");
    assert_non_null(last);
    assert_string_equal(last, "P:آخر.\n");
    free(got);
    sb_free(&page);
}

static void test_para_queue_reuses_slots(void **state)
{
    (void)state;
    para_queue q;
    pq_init(&q);
    paragraph out;
    para_init(&out);
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 5; i++) {
            paragraph *p = pq_push(&q);
            assert_non_null(p);
            sb_printf(&p->text, "%d.%d", round, i);
        }
        for (int i = 0; i < 5; i++) {
            char want[32];
            snprintf(want, sizeof want, "%d.%d", round, i);
            assert_int_equal(pq_pop(&q, &out), 1);
            assert_string_equal(out.text.s, want);
        }
        assert_int_equal(pq_pop(&q, &out), 0);
    }
    assert_true(q.cap <= 8);
    para_free(&out);
    pq_free(&q);
}

static void test_para_source_offset_runs(void **state)
{
    (void)state;
    paragraph p;
    para_init(&p);
    para_add_run(&p, 0, 100, 105);
    para_add_run(&p, 5, 200, 210);
    assert_int_equal(para_source_offset(&p, 0), 100);
    assert_int_equal(para_source_offset(&p, 4), 104);
    assert_int_equal(para_source_end(&p, 5), 105);
    assert_int_equal(para_source_offset(&p, 5), 200);
    assert_int_equal(para_source_offset(&p, 9), 204);
    assert_int_equal(para_source_end(&p, 10), 205);
    para_free(&p);
}

/* Text longer than its source (an invalid byte read as U+FFFD, a mark Ravi adds) stays inside
 * the run's source bytes; a run that starts before the previous one ends cuts that one short. */
static void test_para_source_offset_stays_in_the_run(void **state)
{
    (void)state;
    paragraph p;
    para_init(&p);
    para_add_run(&p, 0, 10, 11);  /* 3 bytes of text for 1 source byte */
    para_add_run(&p, 3, 11, 20);
    para_add_run(&p, 8, 15, 16);  /* starts inside the previous run's bytes */
    assert_int_equal(para_source_offset(&p, 2), 10);
    assert_int_equal(para_source_end(&p, 3), 11);
    assert_int_equal(para_source_end(&p, 8), 15);
    assert_int_equal(para_source_offset(&p, 8), 15);
    assert_int_equal(para_source_end(&p, 12), 16);
    para_add_run(&p, 12, 5, 8);   /* a position going back is held at the previous one */
    assert_int_equal(para_source_offset(&p, 12), 15);
    assert_true(para_source_end(&p, 14) >= para_source_offset(&p, 12));
    para_free(&p);
}

static void test_headline_pause_only_after_the_headline(void **state)
{
    (void)state;
    ravi_config opt;
    ravi_config_init(&opt);
    opt.settings.headline_pause_ms = 700;
    opt.settings.paragraph_pause_ms = 300;
    pause_state ps;
    pause_init(&ps);
    sentence h = {.paragraph_start = 1, .is_heading = 1};
    sentence p = {.paragraph_start = 1};
    sentence cont = {.paragraph_start = 0};
    assert_int_equal(pause_before_ms(&ps, &h, &opt.settings), 0);
    assert_int_equal(pause_before_ms(&ps, &p, &opt.settings), 700);
    assert_int_equal(pause_before_ms(&ps, &cont, &opt.settings), 0);
    assert_int_equal(pause_before_ms(&ps, &h, &opt.settings), 300); /* a subheading */
    assert_int_equal(pause_before_ms(&ps, &p, &opt.settings), 300);
    pause_init(&ps);
    assert_int_equal(pause_before_ms(&ps, &p, &opt.settings), 0);
    assert_int_equal(pause_before_ms(&ps, &p, &opt.settings), 300);
}

static void test_ssml_break_times(void **state)
{
    (void)state;
    assert_int_equal(ssml_break_ms("1s", NULL), 1000);
    assert_int_equal(ssml_break_ms("250ms", NULL), 250);
    assert_int_equal(ssml_break_ms("1.5s", "weak"), 1500);
    assert_int_equal(ssml_break_ms(NULL, "x-strong"), 1200);
    assert_int_equal(ssml_break_ms(NULL, "none"), 0);
    assert_int_equal(ssml_break_ms("soon", NULL), 400);
    assert_int_equal(ssml_break_ms(NULL, NULL), 400);
}

/* Each sentence of SSML comes with the elements around it, a break before the one it precedes,
 * and its speech text escaped. */
static void test_ssml_sentences_carry_their_markup(void **state)
{
    (void)state;
    const char *doc = "<speak><p>یک. <break time=\"2s\"/>دو.</p>"
                      "<prosody rate=\"slow\" pitch=\"+10%\">سه &amp; <emphasis>چهار</emphasis></prosody></speak>";
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = ".";
    opt.ezafe = 0;
    opt.shipped_lexicons = 0; /* the words as written: words.tsv gives چهار as [[tSah'AR]] */
    pipeline p;
    assert_int_equal(pipeline_open(&p, &opt, NULL), 0);
    assert_int_equal(pipeline_start_text(&p, doc, strlen(doc)), 0);
    const char *speech[] = {
        "<speak>یک.\n</speak>",
        "<speak>دو.\n</speak>",
        "<speak><prosody rate=\"slow\" pitch=\"+10%\">سه &amp;\n</prosody></speak>",
        "<speak><prosody rate=\"slow\" pitch=\"+10%\"><emphasis>چهار\n</emphasis></prosody></speak>",
    };
    const int breaks[] = {-1, 2000, -1, -1};
    const int opens[] = {1, 0, 1, 0};
    strbuf out;
    sb_init(&out);
    render_map map = {0};
    sentence *s;
    size_t k = 0;
    while (pipeline_next(&p, &s) > 0) {
        assert_true(k < 4);
        sb_reset(&out);
        assert_int_equal(render_speech(s, &opt, &out, &map), 0);
        assert_string_equal(out.s, speech[k]);
        assert_int_equal(s->has_break ? s->break_ms : -1, breaks[k]);
        assert_int_equal(s->paragraph_start, opens[k]);
        if (k == 0) {
            /* eSpeak counts the markup's characters: the first word starts after "<speak>" */
            assert_int_equal(map.first[0], strlen("<speak>") + 1);
            assert_int_equal(render_map_token_at(&map, s->n, 8), 0);
        }
        k++;
    }
    assert_int_equal(k, 4);
    sb_free(&out);
    render_map_free(&map);
    pipeline_close(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guess_format),
        cmocka_unit_test(test_headline_rule),
        cmocka_unit_test(test_plain_text_headline_needs_blank_line),
        cmocka_unit_test(test_html_reads_article_only),
        cmocka_unit_test(test_html_title_when_no_h1),
        cmocka_unit_test(test_html_skips_date_lines),
        cmocka_unit_test(test_ssml_headline),
        cmocka_unit_test(test_html_broken_markup_and_entities),
        cmocka_unit_test(test_html_source_offsets),
        cmocka_unit_test(test_html_text_before_any_tag_keeps_its_offsets),
        cmocka_unit_test(test_html_unclosed_q_stays_inside_the_page),
        cmocka_unit_test(test_ssml_ascii_then_persian_keeps_its_offsets),
        cmocka_unit_test(test_line_of_exactly_the_limit),
        cmocka_unit_test(test_html_without_article_streams_after_the_hold_limit),
        cmocka_unit_test(test_para_queue_reuses_slots),
        cmocka_unit_test(test_html_offsets_stay_inside_the_page),
        cmocka_unit_test(test_para_source_offset_runs),
        cmocka_unit_test(test_para_source_offset_stays_in_the_run),
        cmocka_unit_test(test_headline_pause_only_after_the_headline),
        cmocka_unit_test(test_ssml_break_times),
        cmocka_unit_test(test_ssml_sentences_carry_their_markup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

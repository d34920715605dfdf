/* Unit tests of the foundation: tokens, the reader, sentence splitting, cleaning, rendering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "read/reader.h"
#include "read/link.h"
#include "read/segment.h"
#include "render.h"
#include "stage.h"
#include "timeline.h"
#include "token.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Splits text (one paragraph) into sentences and returns them joined by " | " as token texts
 * joined by "_" (caller frees). */
static char *split(const char *text)
{
    segmenter sg;
    sentence s;
    strbuf out;
    segmenter_init(&sg);
    sentence_init(&s);
    sb_init(&out);
    segmenter_start(&sg, text, strlen(text), 0, 1);
    while (segmenter_next(&sg, &s) > 0) {
        if (out.len)
            sb_puts(&out, " | ");
        for (size_t i = 0; i < s.n; i++) {
            if (i)
                sb_putc(&out, '_');
            sb_puts(&out, s.tok[i].text);
        }
    }
    sentence_free(&s);
    if (!out.s)
        sb_puts(&out, "");
    return out.s;
}

static void assert_split(const char *text, const char *expected)
{
    char *got = split(text);
    assert_string_equal(got, expected);
    free(got);
}

/* Runs the whole text through the pipeline and returns `ravi normalize`'s lines joined by "\n". */
static char *normalize_text(const char *text)
{
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    opt.ezafe = 0;
    pipeline p;
    assert_int_equal(pipeline_open(&p, &opt, NULL), 0);
    pipeline_start_text(&p, text, strlen(text));
    strbuf out;
    sb_init(&out);
    sentence *s;
    while (pipeline_next(&p, &s) > 0) {
        if (out.len)
            sb_putc(&out, '\n');
        render_display(s, &opt, &out);
    }
    pipeline_close(&p);
    if (!out.s)
        sb_puts(&out, "");
    return out.s;
}

/* Runs only the clean stage over one paragraph and returns the words as `normalize` shows them. */
static char *clean_only(const char *text)
{
    ravi_config opt;
    ravi_config_init(&opt);
    opt.ezafe = 0;
    void *st = NULL;
    assert_int_equal(stage_clean.open(&opt, NULL, NULL, &st), 0);
    segmenter sg;
    sentence s;
    strbuf out;
    segmenter_init(&sg);
    sentence_init(&s);
    sb_init(&out);
    segmenter_start(&sg, text, strlen(text), 0, 1);
    while (segmenter_next(&sg, &s) > 0) {
        assert_int_equal(stage_clean.run(st, &s), 0);
        if (out.len)
            sb_putc(&out, '\n');
        render_display(&s, &opt, &out);
    }
    stage_clean.close(st);
    sentence_free(&s);
    if (!out.s)
        sb_puts(&out, "");
    return out.s;
}

/* ---- tokens ----------------------------------------------------------------- */

static void test_replace_keeps_source_range(void **state)
{
    (void)state;
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "سال", 6, 0, 6, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_NUMBER, "۱۴۰۲", 8, 7, 15, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_PUNCT, ".", 1, 15, 16, 0);
    const char *words[] = {"هزار", "و", "چهارصد", "و", "دو"};
    const token_kind kinds[] = {TOK_WORD, TOK_NUM_CONJ, TOK_WORD, TOK_NUM_CONJ, TOK_WORD};
    assert_int_equal(sentence_replace(&s, 1, 1, words, kinds, 5), 0);
    assert_int_equal(s.n, 7);
    for (size_t i = 1; i <= 5; i++) {
        assert_int_equal(s.tok[i].src_start, 7);
        assert_int_equal(s.tok[i].src_end, 15);
        assert_true(s.tok[i].flags & TOKF_GENERATED);
    }
    assert_int_equal(s.tok[2].kind, TOK_NUM_CONJ);
    assert_string_equal(s.tok[6].text, ".");
    /* deleting a token */
    assert_int_equal(sentence_replace(&s, 0, 1, NULL, NULL, 0), 0);
    assert_int_equal(s.n, 6);
    assert_string_equal(s.tok[0].text, "هزار");
    /* a range past the end is refused */
    assert_int_equal(sentence_replace(&s, 5, 2, words, NULL, 1), -1);
    sentence_free(&s);
}

/* Token texts live in the sentence's arena: they stay put while more tokens are added (a text
 * far larger than a block included), lengths follow every change, and a cleared sentence reuses
 * the memory. */
static void test_token_texts_outlive_growth_and_clear(void **state)
{
    (void)state;
    sentence s;
    sentence_init(&s);
    size_t big = 100000;
    char *long_text = malloc(big + 1);
    memset(long_text, 'x', big);
    long_text[big] = '\0';
    for (int round = 0; round < 2; round++) {
        sentence_clear(&s);
        for (size_t i = 0; i < 300; i++)
            assert_true(sentence_push(&s, TOK_WORD, "کتاب", strlen("کتاب"), i, i + 1, 0) >= 0);
        const char *first = s.tok[0].text;
        assert_true(sentence_push(&s, TOK_WORD, long_text, big, 300, 301, 0) >= 0);
        const char *words[] = {s.tok[1].text, "و"}; /* a word may be a replaced token's own text */
        assert_int_equal(sentence_replace(&s, 1, 2, words, NULL, 2), 0);
        assert_int_equal(token_set_text(&s.tok[2], "دفتر"), 0);
        assert_ptr_equal(s.tok[0].text, first);
        assert_string_equal(s.tok[0].text, "کتاب");
        assert_string_equal(s.tok[1].text, "کتاب");
        assert_string_equal(s.tok[2].text, "دفتر");
        assert_int_equal(s.tok[2].len, strlen("دفتر"));
        assert_int_equal(s.tok[s.n - 1].len, big);
        assert_memory_equal(s.tok[s.n - 1].text, long_text, big + 1);
    }
    free(long_text);
    sentence_free(&s);
}

/* ---- reader ----------------------------------------------------------------- */

static void test_reader_paragraphs_and_offsets(void **state)
{
    (void)state;
    const char *text = "اول\r\n\n  \nدوم";
    reader r;
    strbuf para;
    sb_init(&para);
    reader_open_memory(&r, text, strlen(text), NULL, NULL);
    uint64_t start;
    int opens;
    assert_int_equal(reader_next(&r, &para, &start, &opens), 1);
    assert_string_equal(para.s, "اول");
    assert_int_equal(start, 0);
    assert_int_equal(reader_next(&r, &para, &start, &opens), 1);
    assert_string_equal(para.s, "دوم");
    assert_int_equal(start, strlen("اول\r\n\n  \n"));
    assert_int_equal(opens, 1);
    assert_int_equal(reader_next(&r, &para, &start, &opens), 0);
    reader_close(&r);
    sb_free(&para);
}

static void test_reader_cuts_huge_line_at_space(void **state)
{
    (void)state;
    size_t n = READER_MAX_PARAGRAPH * 2 + 100;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = (i % 10 == 9) ? ' ' : 'a';
    text[n] = '\0';
    reader r;
    strbuf para;
    sb_init(&para);
    reader_open_memory(&r, text, n, NULL, NULL);
    uint64_t start, total = 0;
    int opens, pieces = 0, first_opens = -1, later_opens = 0;
    while (reader_next(&r, &para, &start, &opens) == 1) {
        assert_true(para.len <= READER_MAX_PARAGRAPH);
        assert_int_equal(start, total);
        total += para.len;
        if (pieces++ == 0)
            first_opens = opens;
        else
            later_opens |= opens;
        assert_int_equal(para.s[para.len - 1] == ' ' || start + para.len == n, 1);
    }
    assert_int_equal(total, n);
    assert_int_equal(pieces, 3);
    assert_int_equal(first_opens, 1);
    assert_int_equal(later_opens, 0);
    reader_close(&r);
    sb_free(&para);
    free(text);
}

/* ---- sentences -------------------------------------------------------------- */

static void test_split_sentence_ends(void **state)
{
    (void)state;
    assert_split("سلام. خداحافظ!", "سلام_. | خداحافظ_!");
    assert_split("آیا آمد؟ آری", "آیا_آمد_؟ | آری");
    assert_split("اول؛ دوم", "اول_؛ | دوم");
    assert_split("صبر... بعد", "صبر_... | بعد");
}

static void test_split_keeps_numbers_and_abbreviations(void **state)
{
    (void)state;
    assert_split("نرخ ۳.۵ درصد", "نرخ_۳.۵_درصد");
    assert_split("تاریخ ۱۴۰۲/۰۵/۱۲ و ۱۴:۳۰", "تاریخ_۱۴۰۲/۰۵/۱۲_و_۱۴:۳۰");
    assert_split("نماینده ج.ا.ا آمد.", "نماینده_ج.ا.ا_آمد_.");
    assert_split("ساعت ۱۱ ق.ظ و هـ.ق", "ساعت_۱۱_ق.ظ_و_هـ.ق");
    assert_split("سال ۱۹۹۸ م. بود.", "سال_۱۹۹۸_م_._بود_.");
    assert_split("2,500,000 ریال", "2,500,000_ریال");
    assert_split("-۱۲ درجه", "-_۱۲_درجه");
    assert_split("۸مین", "۸_مین");
}

static void test_split_keeps_links_whole(void **state)
{
    (void)state;
    assert_split("به www.irna.ir. بروید", "به_www.irna.ir_. | بروید");
    assert_split("(https://irna.ir/a/b?c=1#d).", "(_https://irna.ir/a/b?c=1#d_)_.");
    assert_split("«irna.ir»، isna.ir؛", "«_irna.ir_»_،_isna.ir_؛");
    assert_split("x info+news@irna.ir.", "x_info+news@irna.ir_.");
    assert_split("#ایران_قوی. @irna_1313!", "#ایران_قوی_. | @irna_1313_!");
    assert_split("https://en.wikipedia.org/wiki/Foo_(bar)) x", "https://en.wikipedia.org/wiki/Foo_(bar)_)_x");
    /* not links: dotted abbreviations, capitals at the end, C#, a sign alone, a number */
    assert_split("U.S.A C# # @ ۱.۵ e.g", "U.S.A_C_#_#_@_۱.۵_e.g");
    assert_split("ASP.NET", "ASP_. | NET");
    assert_split("a@b info@irna", "a_@_b_info_@_irna");
}

static void test_link_scan_and_parse(void **state)
{
    (void)state;
    link_kind kind;
    const char *t = "see WWW.Irna.IR/x";
    assert_int_equal(link_scan(t, strlen(t), 4, &kind), 13);
    assert_int_equal(kind, LINK_WEB);
    t = "http://localhost:8080/";
    assert_int_equal(link_scan(t, strlen(t), 0, &kind), strlen(t));
    t = "a.b-.c"; /* a hyphen never ends a label */
    assert_int_equal(link_scan(t, strlen(t), 0, &kind), 0);
    link_parts p;
    t = "https://www.irna.ir:80/news";
    assert_int_equal(link_parse(t, strlen(t), &p), 0);
    assert_int_equal(p.kind, LINK_WEB);
    assert_int_equal(p.host_start, 8);
    assert_int_equal(p.host_end, 19);
    t = "info+news@irna.ir";
    assert_int_equal(link_parse(t, strlen(t), &p), 0);
    assert_int_equal(p.kind, LINK_EMAIL);
    assert_int_equal(p.name_end, 9);
    assert_int_equal(p.host_start, 10);
    /* a run of 5000 letters and dots stops being one token at LINK_MAX_BYTES */
    char *long_host = malloc(5001);
    for (size_t i = 0; i < 5000; i++)
        long_host[i] = i % 2 ? '.' : 'a';
    memcpy(long_host + 4994, "a.com", 6);
    size_t n = link_scan(long_host, 4999, 0, &kind);
    assert_true(n <= LINK_MAX_BYTES);
    free(long_host);
}

static void test_split_respects_quotes(void **state)
{
    (void)state;
    assert_split("گفت: «این است. آن است.» رفت.", "گفت_:_«_این_است_._آن_است_._» | رفت_.");
    assert_split("(آمد.) رفت.", "(_آمد_._) | رفت_.");
}

static void test_split_bounds_long_sentences(void **state)
{
    (void)state;
    strbuf b;
    sb_init(&b);
    for (int i = 0; i < 600; i++)
        sb_puts(&b, "کلمه ");
    segmenter sg;
    sentence s;
    segmenter_init(&sg);
    sentence_init(&s);
    segmenter_start(&sg, b.s, b.len, 0, 1);
    size_t total = 0;
    int count = 0;
    while (segmenter_next(&sg, &s) > 0) {
        assert_true(s.n <= SEGMENT_HARD_LIMIT);
        total += s.n;
        count++;
    }
    assert_int_equal(total, 600);
    assert_int_equal(count, 3);
    sentence_free(&s);
    sb_free(&b);
}

static void test_split_source_offsets(void **state)
{
    (void)state;
    const char *text = "الف. ب ج.";
    segmenter sg;
    sentence s;
    segmenter_init(&sg);
    sentence_init(&s);
    segmenter_start(&sg, text, strlen(text), 1000, 1);
    assert_int_equal(segmenter_next(&sg, &s), 1);
    assert_int_equal(s.src_start, 1000);
    assert_int_equal(s.src_end, 1000 + strlen("الف."));
    assert_true(s.paragraph_start);
    assert_int_equal(segmenter_next(&sg, &s), 1);
    assert_int_equal(s.src_start, 1000 + strlen("الف. "));
    assert_memory_equal(s.source, "ب ج.", strlen("ب ج."));
    assert_false(s.paragraph_start);
    assert_int_equal(s.tok[1].src_start, 1000 + strlen("الف. ب "));
    assert_int_equal(segmenter_next(&sg, &s), 0);
    sentence_free(&s);
}

static void test_split_invalid_utf8(void **state)
{
    (void)state;
    const char text[] = "سلام \xff\xfe دنیا \xc0\xaf.";
    segmenter sg;
    sentence s;
    segmenter_init(&sg);
    sentence_init(&s);
    segmenter_start(&sg, text, sizeof text - 1, 0, 1);
    assert_int_equal(segmenter_next(&sg, &s), 1);
    assert_int_equal(sg.invalid_utf8, 4);
    assert_int_equal(sg.first_invalid, strlen("سلام "));
    int replacements = 0;
    for (size_t i = 0; i < s.n; i++)
        if (!strcmp(s.tok[i].text, "\xef\xbf\xbd"))
            replacements++;
    assert_int_equal(replacements, 4);
    sentence_free(&s);
}

/* ---- clean ------------------------------------------------------------------ */

static void test_clean_folds_and_keeps(void **state)
{
    (void)state;
    char *got = clean_only("علي كتاب ٣٤٥ مدرسة ســلام ﻛﺘﺎﺏ ﷲ "
                           "می\xe2\x80\x8c\xe2\x80\x8cروم \xe2\x80\x8cخانهٔ روابطِ \xe2\x80\x8fایران\xe2\x80\x8e");
    assert_string_equal(got, "علی کتاب ۳۴۵ مدرسه سلام کتاب الله "
                             "می\xe2\x80\x8cروم خانهٔ روابطِ ایران");
    free(got);
}

static void test_clean_drops_invisible_only_tokens(void **state)
{
    (void)state;
    char *got = normalize_text("الف \xd9\x80\xd9\x80 ب");
    assert_string_equal(got, "الف ب");
    free(got);
}

/* ---- render ----------------------------------------------------------------- */

static void test_timeline_maps_words_to_source(void **state)
{
    (void)state;
    ravi_config opt;
    ravi_config_init(&opt);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "در", strlen("در"), 100, 104, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_WORD, "هزار", strlen("هزار"), 105, 113, TOKF_SPACE_BEFORE | TOKF_GENERATED);
    sentence_push(&s, TOK_NUM_CONJ, "و", strlen("و"), 105, 113, TOKF_GENERATED);
    sentence_push(&s, TOK_WORD, "دو", strlen("دو"), 105, 113, TOKF_GENERATED);
    strbuf speech;
    sb_init(&speech);
    render_map map = {0};
    render_speech(&s, &opt, &speech, &map);
    timeline tl;
    timeline_word w[2];
    timeline_begin_sentence(&tl, &s, &map, 22050);
    assert_int_equal(timeline_word_event(&tl, 1, 0, &w[0]), 1);
    assert_int_equal(timeline_word_event(&tl, 4, 5000, &w[1]), 1);
    timeline_word extra;
    /* «دو»: the same written token as «هزار», reported once */
    assert_int_equal(timeline_word_event(&tl, 10, 9000, &extra), 0);
    assert_int_equal(tl.nwords, 2);
    assert_int_equal(w[0].src_start, 100);
    assert_int_equal(w[0].sample, 22050);
    assert_int_equal(w[1].src_start, 105);
    assert_int_equal(w[1].src_end, 113);
    assert_int_equal(w[1].sample, 27050);
    render_map_free(&map);
    sb_free(&speech);
    sentence_free(&s);
}

static void test_pipeline_stage_table(void **state)
{
    (void)state;
    const char *expected[] = {"clean", "normalize", "lexicon", "spell", "homograph", "ezafe", "guard"};
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(pipeline_stage_name(i), expected[i]);
    assert_null(pipeline_stage_name(7));
}

/* Parallel arrays grow together, keep their elements, and the capacity doubles from the first. */
static void test_grow_arrays_together(void **state)
{
    (void)state;
    int *a = NULL;
    double *b = NULL;
    size_t cap = 0;
    const grow_array arrays[] = {GROW_ARRAY(a), GROW_ARRAY(b)};
    assert_int_equal(grow_arrays(arrays, 2, 3, &cap, 4), 0);
    assert_int_equal(cap, 4);
    for (int i = 0; i < 4; i++) {
        a[i] = i;
        b[i] = i / 2.0;
    }
    assert_int_equal(grow_arrays(arrays, 2, 4, &cap, 4), 0); /* room enough */
    assert_int_equal(cap, 4);
    assert_int_equal(grow_arrays(arrays, 2, 9, &cap, 4), 0);
    assert_int_equal(cap, 16);
    a[15] = 15;
    b[15] = 7.5;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(a[i], i);
        assert_true(b[i] == i / 2.0);
    }
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace_keeps_source_range),
        cmocka_unit_test(test_grow_arrays_together),
        cmocka_unit_test(test_token_texts_outlive_growth_and_clear),
        cmocka_unit_test(test_reader_paragraphs_and_offsets),
        cmocka_unit_test(test_reader_cuts_huge_line_at_space),
        cmocka_unit_test(test_split_sentence_ends),
        cmocka_unit_test(test_split_keeps_numbers_and_abbreviations),
        cmocka_unit_test(test_split_keeps_links_whole),
        cmocka_unit_test(test_link_scan_and_parse),
        cmocka_unit_test(test_split_respects_quotes),
        cmocka_unit_test(test_split_bounds_long_sentences),
        cmocka_unit_test(test_split_source_offsets),
        cmocka_unit_test(test_split_invalid_utf8),
        cmocka_unit_test(test_clean_folds_and_keeps),
        cmocka_unit_test(test_clean_drops_invisible_only_tokens),
        cmocka_unit_test(test_timeline_maps_words_to_source),
        cmocka_unit_test(test_pipeline_stage_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

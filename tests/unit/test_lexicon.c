/* Unit tests of the lexicon: keys, line syntax, phoneme names, precedence, matching, and what the
 * matched tokens carry to the ezafe stage and the renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/entry.h"
#include "lexicon/lexicon.h"
#include "read/segment.h"
#include "render.h"
#include "stage.h"
#include "synth/synth.h"
#include "token.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct reports {
    int errors, notes;
    char last[512];
} reports;

static void collect(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    reports *r = ctx;
    (void)file;
    r->errors += is_error;
    r->notes += !is_error;
    snprintf(r->last, sizeof r->last, "%u: %s", line, why);
}

/* Writes `content` to a new temporary file; its name goes to path (at least 32 bytes). */
static void temp_file(char *path, const char *content)
{
    strcpy(path, "/tmp/ravi-lexicon-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(content);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
}

/* A lexicon loaded from one or two texts (NULL: none), with phoneme names checked. */
static void load(lexicon *lex, reports *r, const char *first, const char *second)
{
    const char *why;
    char path[64];
    assert_int_equal(lexicon_init(lex), 0);
    assert_int_equal(lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why), 0);
    const char *texts[] = {first, second};
    for (int i = 0; i < 2; i++)
        if (texts[i]) {
            temp_file(path, texts[i]);
            lexicon_load_file(lex, path, collect, r);
            unlink(path);
        }
}

/* Segments and cleans `text` into s (one sentence), then applies the lexicon. */
static void process(lexicon *lex, const char *text, sentence *s)
{
    ravi_config opt;
    ravi_config_init(&opt);
    void *clean = NULL;
    segmenter sg;
    segmenter_init(&sg);
    segmenter_start(&sg, text, strlen(text), 0, 1);
    assert_int_equal(segmenter_next(&sg, s), 1);
    assert_int_equal(stage_clean.open(&opt, NULL, NULL, &clean), 0);
    assert_int_equal(stage_clean.run(clean, s), 0);
    stage_clean.close(clean);
    assert_int_equal(lexicon_apply(lex, s), 0);
}

static char *display(const sentence *s)
{
    ravi_config opt;
    ravi_config_init(&opt);
    strbuf b;
    sb_init(&b);
    assert_int_equal(render_display(s, &opt, &b), 0);
    return b.s;
}

static char *speech(const sentence *s)
{
    ravi_config opt;
    ravi_config_init(&opt);
    strbuf b;
    render_map map = {0};
    sb_init(&b);
    assert_int_equal(render_speech(s, &opt, &b, &map), 0);
    render_map_free(&map);
    return b.s;
}

/* The renderer says the ezafe after eSpeak's reading of a word: the synthesizer is open for
 * the whole run (eSpeak NG 1.51 hangs when it is opened a second time in one process). */
static int open_synth(void **state)
{
    (void)state;
    return synth_open("fa", getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".", NULL) > 0 ? 0 : -1;
}

static int close_synth(void **state)
{
    (void)state;
    synth_close();
    return 0;
}

/* ---- keys ------------------------------------------------------------------- */

static void key_of(key_builder *kb, const char *written, lex_key *k)
{
    const char *why;
    assert_int_equal(key_from_written(kb, written, k, &why), 0);
}

static void test_space_zwnj_and_arabic_letters_share_a_key(void **state)
{
    (void)state;
    key_builder kb;
    lex_key k;
    lex_key_init(&k);
    assert_int_equal(key_builder_init(&kb), 0);
    const char *forms[] = {"علی‌اف", "علی اف", "علي اف", "علـی‌اف", "علی‌ اف", "عَلی‌اف"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        key_of(&kb, forms[i], &k);
        assert_string_equal(k.key.s, "علی اف");
        assert_int_equal(k.npieces, 2);
    }
    key_of(&kb, "(ره)", &k);
    assert_string_equal(k.key.s, "( ره )");
    key_of(&kb, "ج.ا.ا", &k);
    assert_string_equal(k.key.s, "ج.ا.ا");
    lex_key_free(&k);
    key_builder_free(&kb);
}

static void test_capitals_only_for_acronyms(void **state)
{
    (void)state;
    key_builder kb;
    lex_key k;
    lex_key_init(&k);
    assert_int_equal(key_builder_init(&kb), 0);
    key_of(&kb, "NATO", &k);
    assert_true(k.all_caps);
    assert_string_equal(k.key.s, "nato");
    assert_string_equal(k.exact.s, "NATO");
    key_of(&kb, "Google", &k);
    assert_false(k.all_caps);
    key_of(&kb, "X", &k);
    assert_false(k.all_caps);
    lex_key_free(&k);
    key_builder_free(&kb);
}

/* The start of a text's key, found without building the key: as the text stands when no folding
 * is needed, folded otherwise. */
static void test_key_head_without_building_the_key(void **state)
{
    (void)state;
    char buf[64];
    const char *head;
    const char *plain = "علی‌اف";
    size_t len = lex_key_head(plain, strlen(plain), SIZE_MAX, buf, sizeof buf, &head);
    assert_ptr_equal(head, plain); /* the first piece as it stands */
    assert_memory_equal(head, "علی", len);
    assert_int_equal(len, strlen("علی"));
    const char *forms[] = {"عَلی‌اف", "\u200cعلی", "علِی اف"}; /* marks, a leading joiner */
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        len = lex_key_head(forms[i], strlen(forms[i]), SIZE_MAX, buf, sizeof buf, &head);
        assert_int_equal(len, strlen("علی"));
        assert_memory_equal(head, "علی", len);
    }
    len = lex_key_head("NATO", 4, SIZE_MAX, buf, sizeof buf, &head);
    assert_memory_equal(head, "nato", 4);
    len = lex_key_head("۴G", strlen("۴G"), 1, buf, sizeof buf, &head);
    assert_int_equal(len, 1);
    assert_int_equal(head[0], '4');
    assert_int_equal(lex_key_head("\u064e", 2, SIZE_MAX, buf, sizeof buf, &head), 0);
    assert_int_equal(lex_key_first_byte("G7", 2), 'g');
    assert_int_equal(lex_key_first_byte("\u064e\u06f4", 4), '4');
    assert_int_equal(lex_key_first_byte("\u064e", 2), -1);
}

/* Only a text whose key's first piece starts a written form is matched; an entry added later is
 * found even for a text asked about before. */
static void test_start_test_follows_the_entries(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "الهام علی‌اف\t[[elh'Am Alij'ef]]\nG7\tگروه هفت\n", NULL);
    const char *words[] = {"الهام", "اِلهام", "دیروز", "علی‌اف"};
    int expected[] = {1, 1, 0, 0};
    for (int pass = 0; pass < 2; pass++) /* the second time from the memo */
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(lexicon_may_start(&lex, words[i], strlen(words[i])), expected[i]);
    assert_true(lexicon_may_start_digits(&lex, "G", 1));
    assert_false(lexicon_may_start_digits(&lex, "۱۲", strlen("۱۲")));
    char path[64];
    temp_file(path, "دیروز\t[[diRuz]]\n");
    assert_int_equal(lexicon_load_file(&lex, path, collect, &r), 0);
    unlink(path);
    assert_true(lexicon_may_start(&lex, "دیروز", strlen("دیروز")));
    assert_int_equal(r.errors, 0);
    lexicon_free(&lex);
}

/* ---- lines ------------------------------------------------------------------ */

static int parse(const char *text, lex_line *ll, char *why)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    return lex_parse_line(buf, strlen(buf), ll, why, 200);
}

/* A 1 MB line is refused with its length, whichever field holds it; a long comment is fine. */
static void test_overlong_line_is_refused(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *line = malloc(n + 16), why[200];
    lex_line ll;
    memcpy(line, "سیل\t", 4);
    for (size_t i = 4; i < n; i += 4)
        memcpy(line + i, "سِ", 4); /* a letter and its kasra: a well-formed pronunciation */
    line[n] = '\0';
    assert_int_equal(lex_parse_line(line, n, &ll, why, sizeof why), LINE_BAD);
    assert_non_null(strstr(why, "an entry has at most"));
    line[0] = '#';
    line[1] = ' ';
    assert_int_equal(lex_parse_line(line, n, &ll, why, sizeof why), LINE_BLANK);
    free(line);
}

static void test_line_syntax(void **state)
{
    (void)state;
    lex_line ll;
    char why[200];
    assert_int_equal(parse("# a comment", &ll, why), LINE_BLANK);
    assert_int_equal(parse("   ", &ll, why), LINE_BLANK);
    assert_int_equal(parse("الهام\t[[elh'Am]]  # checked", &ll, why), LINE_ENTRY);
    assert_string_equal(ll.written, "الهام");
    assert_string_equal(ll.pron, "elh'Am");
    assert_true(ll.is_phonemes);
    assert_int_equal(parse(" الهام علی‌اف \tاِلهام عَلی‌یِف # note", &ll, why), LINE_ENTRY);
    assert_string_equal(ll.written, "الهام علی‌اف");
    assert_string_equal(ll.pron, "اِلهام عَلی‌یِف");
    assert_false(ll.is_phonemes);
    assert_int_equal(parse("واو\t[[v#Av]]", &ll, why), LINE_ENTRY); /* # inside a mnemonic */
    assert_string_equal(ll.pron, "v#Av");
    assert_int_equal(parse("الهام elham", &ll, why), LINE_BAD);
    assert_string_equal(why, "no tab between the written form and its pronunciation");
    assert_int_equal(parse("الهام\t[[elhAm", &ll, why), LINE_BAD);
    assert_int_equal(parse("الهام\t[[elh\xc3\xa1m]]", &ll, why), LINE_BAD);
}

static void test_phoneme_names(void **state)
{
    (void)state;
    phoneme_set ps;
    const char *why, *bad;
    size_t badlen;
    assert_int_equal(phoneme_set_load(&ps, synth_data_dir(), PHONEME_TABLE_FA, &why), 0);
    assert_int_equal(phoneme_set_check(&ps, "elh'Am Alij'ef", &bad, &badlen), 0);
    assert_int_equal(phoneme_set_check(&ps, "tSahAR dZ'omhuR ,?'i", &bad, &badlen), 0);
    assert_int_equal(phoneme_set_check(&ps, "elh|Am", &bad, &badlen), 0);
    assert_int_equal(phoneme_set_check(&ps, "elhYm", &bad, &badlen), -1);
    assert_int_equal(*bad, 'Y');
    assert_int_equal(badlen, 1);
    assert_int_equal(phoneme_set_check(&ps, "Ali j'EF", &bad, &badlen), -1);
    assert_int_equal(*bad, 'E');
    assert_int_not_equal(phoneme_set_load(&ps, "/nonexistent", PHONEME_TABLE_FA, &why), 0);
    assert_int_not_equal(phoneme_set_load(&ps, synth_data_dir(), "no-such-table", &why), 0);
}

/* ---- precedence ------------------------------------------------------------- */

static void test_later_file_wins_and_remembers_what_it_overrides(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "سازمان\t[[sAzm'An]]\nملل\t[[mel'al]]\n", "سازمان\tسازْمان\n");
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.notes, 1); /* overrides, with a different pronunciation */
    const lex_entry *e = lexicon_lookup(&lex, "سازمان");
    assert_non_null(e);
    assert_string_equal(e->pron, "سازْمان");
    assert_int_equal(e->file, 1);
    assert_true(e->next >= 0);
    assert_string_equal(lex.entries[e->next].pron, "sAzm'An");
    lexicon_free(&lex);
}

static void test_disagreeing_duplicate_in_one_file_is_an_error(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "سازمان\t[[sAzm'An]]\nسازمان\t[[sAzm'An]]\nسازمان\tسازْمان\n", NULL);
    assert_int_equal(r.errors, 1);
    assert_string_equal(r.last, "3: duplicate of line 1 with a different pronunciation "
                                "(line 1 has [[sAzm'An]])");
    assert_string_equal(lexicon_lookup(&lex, "سازمان")->pron, "sAzm'An");
    lexicon_free(&lex);
}

/* ---- matching --------------------------------------------------------------- */

static void test_longest_match_one_token_per_word(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "الهام\t[[elh'Am]]\nالهام علی‌اف\t[[elh'Am Alij'ef]]\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "دیروز الهام علي‌اف آمد", &s);
    assert_int_equal(s.n, 4);
    assert_null(s.tok[0].phonemes);
    assert_string_equal(s.tok[1].phonemes, "elh'Am");
    assert_string_equal(s.tok[2].phonemes, "Alij'ef");
    assert_string_equal(s.tok[2].text, "علی‌اف"); /* the written word stays for display and ezafe */
    assert_null(s.tok[3].phonemes);
    assert_true(s.tok[1].flags & TOKF_LEXICON);
    assert_false(s.tok[1].flags & TOKF_GENERATED);
    assert_true(s.tok[1].flags & TOKF_NO_EZAFE);   /* inside the name: the entry decides */
    assert_false(s.tok[2].flags & TOKF_NO_EZAFE);  /* its last word: the ezafe stage decides */
    assert_false(s.tok[2].flags & TOKF_EZAFE);
    assert_int_equal(s.tok[1].src_start, strlen("دیروز "));  /* its own source range */
    assert_int_equal(s.tok[2].src_start, strlen("دیروز الهام "));
    char *sp = speech(&s);
    assert_string_equal(sp, "دیروز [[elh'Am]] [[Alij'ef]] آمد");
    free(sp);
    /* three tokens for two words of phonemes: they become one token */
    process(&lex, "دیروز الهام علی اف آمد", &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.tok[1].text, "الهام علی اف");
    assert_string_equal(s.tok[1].phonemes, "elh'Am Alij'ef");
    sentence_free(&s);
    lexicon_free(&lex);
}

static void test_zwnj_word_against_two_tokens_becomes_one(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "علی‌اف\t[[Alij'ef]]\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "علی اف آمد", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.tok[0].text, "علی اف");
    assert_string_equal(s.tok[0].phonemes, "Alij'ef");
    assert_int_equal(s.tok[0].src_start, 0);
    assert_int_equal(s.tok[0].src_end, strlen("علی اف"));
    sentence_free(&s);
    lexicon_free(&lex);
}

static void test_abbreviation_becomes_words(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "ج.ا.ا\tجمهوری اسلامی ایران\n(ره)\tرحمت‌الله علیه\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "نماینده ج.ا.ا و امام (ره)", &s);
    char *d = display(&s);
    assert_string_equal(d, "نماینده جمهوری اسلامی ایران و امام رحمت‌الله علیه");
    free(d);
    assert_int_equal(s.n, 8);
    for (size_t i = 1; i <= 3; i++) {
        assert_int_equal(s.tok[i].kind, TOK_WORD);
        assert_true(s.tok[i].flags & TOKF_LEXICON);
        assert_int_equal(s.tok[i].src_start, strlen("نماینده "));
        assert_int_equal(s.tok[i].src_end, strlen("نماینده ج.ا.ا"));
    }
    assert_int_equal(s.tok[6].kind, TOK_WORD); /* was the bracket */
    sentence_free(&s);
    lexicon_free(&lex);
}

/* «(ره)» is a parenthetical: the ezafe stage must not put -e on its words or on the name before. */
static void test_parenthesised_entry_closes_the_phrase(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "(ره)\tرحمت‌الله علیه\nج.ا.ا\tجمهوری اسلامی ایران\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "امام خمینی (ره) و ج.ا.ا", &s);
    assert_int_equal(s.n, 8);
    for (size_t i = 1; i <= 3; i++)
        assert_true(s.tok[i].flags & TOKF_NO_EZAFE);
    assert_false(s.tok[0].flags & TOKF_NO_EZAFE);
    for (size_t i = 5; i <= 7; i++) /* an abbreviation written bare stays open to the ezafe stage */
        assert_false(s.tok[i].flags & TOKF_NO_EZAFE);
    sentence_free(&s);
    lexicon_free(&lex);
}

static void test_acronym_case(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "NATO\tناتو\nOpec\tاوپک\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "NATO nato Nato OPEC opec", &s);
    char *d = display(&s);
    assert_string_equal(d, "ناتو nato Nato اوپک اوپک");
    free(d);
    sentence_free(&s);
    lexicon_free(&lex);
}

/* ---- ezafe ------------------------------------------------------------------ */

static void test_ezafe_stage_can_still_add_ezafe(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "آذربایجان\t[[AzaRbAj'dZAn]]\nسازمان\tسازْمان\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "رئیس جمهور آذربایجان سازمان ملل", &s);
    assert_false(s.tok[2].flags & (TOKF_NO_EZAFE | TOKF_EZAFE));
    s.tok[2].flags |= TOKF_EZAFE; /* what the ezafe stage would decide */
    s.tok[3].flags |= TOKF_EZAFE;
    char *sp = speech(&s), *d = display(&s);
    /* eSpeak's reading of the vowelled pronunciation, then the ezafe */
    assert_string_equal(sp, "رئیس جمهور [[AzaRbAj'dZAne]] [[s'Azm'Ane]] ملل");
    assert_string_equal(d, "رئیس جمهور آذربایجانِ سازْمانِ ملل");
    free(sp);
    free(d);
    sentence_free(&s);
    lexicon_free(&lex);
}

static void test_ezafe_inside_a_name_is_the_entrys(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "جمهوری آذربایجان\t[[dZomhu'Rije AzaRbAj'dZAn]]\n"
                   "دانشگاه تهران\t[[dAneS'gAhe teh'RAn]]\n"
                   "خانه سینما\t[[xA'neje sina'mA]]\n"
                   "خانه دوست\t[[xA'ne dust]]\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "جمهوری آذربایجان و دانشگاه تهران و خانه سینما و خانه دوست", &s);
    char *d = display(&s), *sp = speech(&s);
    /* the ezafe is shown where the phonemes have it (a kasra, as the display shows every
     * ezafe), and said once */
    assert_string_equal(d, "جمهوریِ آذربایجان و دانشگاهِ تهران و خانهِ سینما و خانه دوست");
    assert_string_equal(sp, "[[dZomhu'Rije]] [[AzaRbAj'dZAn]] و [[dAneS'gAhe]] [[teh'RAn]] و "
                            "[[xA'neje]] [[sina'mA]] و [[xA'ne]] [[dust]]");
    assert_true(s.tok[0].flags & TOKF_EZAFE_WRITTEN);
    assert_true(s.tok[9].flags & TOKF_NO_EZAFE);
    free(d);
    free(sp);
    sentence_free(&s);
    lexicon_free(&lex);
}

static void test_written_ezafe_is_kept(void **state)
{
    (void)state;
    lexicon lex;
    reports r = {0};
    load(&lex, &r, "سازمان\t[[sAzm'An]]\nدریا\tدَریا\n", NULL);
    sentence s;
    sentence_init(&s);
    process(&lex, "سازمانِ ملل و دریاِ خزر", &s);
    /* the pronunciation stays the word's own; the written ezafe is said after it */
    assert_string_equal(s.tok[0].phonemes, "sAzm'An");
    assert_true(s.tok[0].flags & TOKF_EZAFE_WRITTEN);
    assert_string_equal(s.tok[3].text, "دَریاِ");
    assert_true(s.tok[3].flags & TOKF_EZAFE_WRITTEN);
    char *sp = speech(&s);
    assert_string_equal(sp, "[[sAzm'Ane]] ملل و [[d,aRi'Aje]] خزر");
    free(sp);
    sentence_free(&s);
    lexicon_free(&lex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_space_zwnj_and_arabic_letters_share_a_key),
        cmocka_unit_test(test_capitals_only_for_acronyms),
        cmocka_unit_test(test_key_head_without_building_the_key),
        cmocka_unit_test(test_start_test_follows_the_entries),
        cmocka_unit_test(test_overlong_line_is_refused),
        cmocka_unit_test(test_line_syntax),
        cmocka_unit_test(test_phoneme_names),
        cmocka_unit_test(test_later_file_wins_and_remembers_what_it_overrides),
        cmocka_unit_test(test_disagreeing_duplicate_in_one_file_is_an_error),
        cmocka_unit_test(test_longest_match_one_token_per_word),
        cmocka_unit_test(test_zwnj_word_against_two_tokens_becomes_one),
        cmocka_unit_test(test_abbreviation_becomes_words),
        cmocka_unit_test(test_acronym_case),
        cmocka_unit_test(test_ezafe_stage_can_still_add_ezafe),
        cmocka_unit_test(test_ezafe_inside_a_name_is_the_entrys),
        cmocka_unit_test(test_written_ezafe_is_kept),
        cmocka_unit_test(test_parenthesised_entry_closes_the_phrase),
    };
    return cmocka_run_group_tests(tests, open_synth, close_synth);
}

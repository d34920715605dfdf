/* Unit tests of what is heard: the ezafe's sound after a word's own phonemes (ezafe/realise.c),
 * eSpeak NG's reading of a bare word (synth/words.c), and the speech text the renderer hands
 * eSpeak: every changed word as [[phonemes]], no word lost after a quote or bracket, each word
 * heard as one word event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ezafe/ezafe.h"
#include "pipeline.h"
#include "render.h"
#include "synth/synth.h"
#include "token.h"
#include "util.h"

static phoneme_set fa;
static char data_dir[4096];

/* ---- the ezafe's sound -------------------------------------------------------------- */

static void assert_sound(const char *word, const char *phonemes, const char *expected)
{
    const char *got = ezafe_sound(&fa, word, strlen(word), phonemes);
    assert_non_null(got);
    if (strcmp(got, expected))
        print_error("%s [[%s]]: expected '%s', got '%s'\n", word, phonemes, expected, got);
    assert_string_equal(got, expected);
}

static void test_sound_after_each_ending(void **state)
{
    (void)state;
    assert_sound("روابط", "Rav'Abet", "e");           /* a consonant */
    assert_sound("راه", "R'Ah", "e");                 /* a pronounced h */
    assert_sound("جمهوری", "dZomh'uRi", "je");        /* ی said i */
    assert_sound("خانه", "x'Ane:", "je");             /* a silent ه: its e, long or not */
    assert_sound("دانشجو", "dAneSdZ'u", "je");        /* و said u */
    assert_sound("آقا", "Aq1'A", "je");               /* ا */
    assert_sound("گاو", "g'Av", "e");                 /* و said v */
    assert_sound("چای", "tS'Aj", "e");                /* ی said as a glide */
    assert_sound("آقای", "'Aq1'Aje", "");             /* the glide written and said with its e */
    assert_sound("دانشجوی", "d'AneSdZ,uje", "");
    assert_sound("کشورهای", "k,eSvaRh'Aje", "");
    assert_sound("صدای", "s'edAj,e:", "");
    assert_sound("کشورهای", "keSvaRh'Aj", "e");        /* the glide said without an e */
    assert_sound("تحت", "t'ahte", "");                /* eSpeak's dictionary says the ezafe in */
    assert_sound("توسط", "t,avass'ote", "");
    assert_sound("سوء", "s'u?e", "");
    assert_sound("علیه", "al'ajhe", "");
    assert_sound("نحوه", "nahv'eje", "");
    assert_sound("تهیه", "tah'i:je:", "je");            /* the ی is written: the word's own glide */
    assert_sound("حاشیه", "h'ASij,e", "je");
    assert_sound("نی", "n'eI", "e");                  /* a diphthong ends in its glide */
    assert_sound("نو", "n'oU", "e");
    assert_sound("سیصد و", "s'isad", "e");            /* any text: the sound decides */
    assert_null(ezafe_sound(&fa, "x", 1, "'"));       /* no sound at all */
    assert_null(ezafe_sound(&fa, "x", 1, "Q9Q"));     /* a mnemonic eSpeak lacks */
    assert_int_equal(ezafe_needs_glide(&fa, "s'i"), 1);
    assert_int_equal(ezafe_needs_glide(&fa, "b'ist"), 0);
    assert_int_equal(ezafe_needs_glide(&fa, ""), -1);
}

static void assert_bare(const char *word, const char *expected)
{
    strbuf b;
    sb_init(&b);
    assert_int_equal(ezafe_bare_word(word, strlen(word), &b), 0);
    assert_string_equal(b.s ? b.s : "", expected);
    sb_free(&b);
}

static void test_bare_word_drops_the_written_ezafe(void **state)
{
    (void)state;
    assert_bare("روابطِ", "روابط");
    assert_bare("خانهٔ", "خانه");
    assert_bare("نامۀ", "نامه");
    assert_bare("نماینده\u200cی", "نماینده");
    assert_bare("نماینده\u200cای", "نماینده\u200cای"); /* the indefinite stays */
    assert_bare("کشورهای", "کشورهای");
    assert_bare("کتاب", "کتاب");
}

static void assert_split(const char *written, const char *phonemes, const char *bare)
{
    size_t n = ezafe_phonemes_bare_len(&fa, written, phonemes);
    if (n != strlen(bare))
        print_error("%s [[%s]]: expected bare '%s', got %zu bytes\n", written, phonemes, bare, n);
    assert_int_equal(n, strlen(bare));
    assert_memory_equal(phonemes, bare, n);
}

static void test_name_phonemes_that_end_in_the_ezafe(void **state)
{
    (void)state;
    assert_split("جمهوری", "dZomhu'Rije", "dZomhu'Ri");
    assert_split("سازمان", "sAz'mAne", "sAz'mAn");
    assert_split("خانه", "xA'neje", "xA'ne");
    assert_split("دانشگاه", "dAneS'gAhe", "dAneS'gAh");
    assert_split("آقای", "Aq1'Aje", "Aq1'A");
    assert_split("خانه", "xA'ne", "");         /* the silent ه's own e */
    assert_split("ملل", "me'lal", "");
    assert_split("جمهوری", "dZomhu'Rie", ""); /* not how the ezafe is said after i */
    assert_split("مرکز", "maR'kaz", "");
}

/* ---- eSpeak's reading of a bare word --------------------------------------------------- */

static char *word_phonemes(const char *word)
{
    strbuf b;
    sb_init(&b);
    int rc = synth_word_phonemes(word, strlen(word), &b);
    if (rc) {
        sb_free(&b);
        return NULL;
    }
    return b.s;
}

static void test_word_readings_are_espeaks_and_cached(void **state)
{
    (void)state;
    char *first = word_phonemes("سازمان"), *again = word_phonemes("سازمان");
    assert_non_null(first);
    assert_string_equal(first, "s'Azem,An"); /* eSpeak's own (wrong) reading: the lexicon fixes it */
    assert_string_equal(again, first);
    free(first);
    free(again);
    assert_null(word_phonemes("iPhone")); /* another language's phonemes stay eSpeak's business */
    assert_null(word_phonemes("\xe2\x80\x8c"));
    /* far more words than the cache holds: each still reads as it does alone */
    char *kitab = word_phonemes("کتاب");
    char word[64];
    for (int i = 0; i < 5000; i++) {
        snprintf(word, sizeof word, "کتاب%d", i);
        strbuf b;
        sb_init(&b);
        synth_word_phonemes(word, strlen(word), &b);
        sb_free(&b);
    }
    char *kitab2 = word_phonemes("کتاب");
    assert_string_equal(kitab, kitab2);
    free(kitab);
    free(kitab2);
}

/* ---- the speech text ---------------------------------------------------------------------- */

typedef struct heard {
    strbuf speech, phonemes;
    size_t events, words, events_per_token[64];
    render_map map;
    const sentence *s;
} heard;

static void on_word(void *ctx, size_t text_position, uint64_t sample)
{
    heard *h = ctx;
    (void)sample;
    long tok = render_word_at(h->s, &h->map, text_position);
    if (tok < 0)
        return; /* outside the text (eSpeak reports some clause ends at 0): no word, and the
                 * timeline drops it too */
    h->events++;
    if (tok < 64)
        h->events_per_token[tok]++;
}

/* Runs text (one sentence) through the pipeline with the shipped data, renders it, says it and
 * checks that every word of it is one word event. Fills h (caller frees). */
static void hear(const char *text, int no_ezafe, heard *h)
{
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = data_dir;
    opt.ezafe = !no_ezafe;
    memset(h, 0, sizeof *h);
    pipeline p;
    assert_int_equal(pipeline_open(&p, &opt, NULL), 0);
    assert_int_equal(pipeline_start_text(&p, text, strlen(text)), 0);
    sentence *s;
    assert_int_equal(pipeline_next(&p, &s), 1);
    h->s = s;
    assert_int_equal(render_speech(s, &opt, &h->speech, &h->map), 0);
    synth_callbacks cb = {NULL, on_word, h};
    assert_int_equal(synth_speak(h->speech.s, 0, &cb, NULL), 0);
    assert_int_equal(synth_phonemes(h->speech.s, 0, &h->phonemes), 0);
    for (size_t i = 0; i < s->n && i < 64; i++) {
        if (s->tok[i].kind != TOK_WORD)
            continue;
        h->words++;
        if (h->events_per_token[i] != 1)
            print_error("%s: word %zu «%s» has %zu word events (speech: %s)\n", text, i,
                        s->tok[i].text, h->events_per_token[i], h->speech.s);
        assert_int_equal(h->events_per_token[i], 1);
    }
    if (h->events != h->words)
        print_error("%s: %zu word events for %zu words (speech: %s)\n", text, h->events, h->words,
                    h->speech.s);
    assert_int_equal(h->events, h->words);
    assert_int_equal(pipeline_next(&p, &s), 0);
    pipeline_close(&p);
}

static void heard_free(heard *h)
{
    sb_free(&h->speech);
    sb_free(&h->phonemes);
    render_map_free(&h->map);
}

static void assert_heard(const char *text, const char *phonemes)
{
    heard h;
    hear(text, 0, &h);
    if (strcmp(h.phonemes.s, phonemes))
        print_error("%s\n  speech:   %s\n  expected: %s\n  got:      %s\n", text, h.speech.s, phonemes,
                    h.phonemes.s);
    assert_string_equal(h.phonemes.s, phonemes);
    heard_free(&h);
}

static void test_names_in_quotes_and_brackets_keep_every_word(void **state)
{
    (void)state;
    /* the fault of issue 11: a [[ straight after « " ( made eSpeak drop the word */
    assert_heard("او «سازمان ملل متحد» گفت", "'u:_:_: sAzm'Ane mel'ale mottah'ed_:_: g'oft");
    assert_heard("او \"سازمان ملل متحد\" گفت", "'u:_:_: sAzm'Ane mel'ale mottah'ed_:_: g'oft");
    assert_heard("او (سازمان ملل متحد) گفت", "'u:_:_: sAzm'Ane mel'ale mottah'ed_:_: g'oft");
    assert_heard("او [سازمان ملل متحد] گفت", "'u:_:_: sAzm'Ane mel'ale mottah'ed_:_: g'oft");
    assert_heard("«علی اف» گفت", "alij'ef_:_: g'oft"); /* an opening mark first: no pause to make */
}

static void test_a_word_after_a_dash_keeps_its_event(void **state)
{
    (void)state;
    heard h;
    hear("تهران - ایرنا: گفت", 1, &h); /* eSpeak puts the event of «ایرنا» on the dash */
    heard_free(&h);
    hear("لندن - ایرنا: گفت", 1, &h);
    heard_free(&h);
}

static void test_the_ezafe_is_said_after_the_bare_word(void **state)
{
    (void)state;
    heard h;
    hear("کشورهای منطقه", 0, &h);
    assert_non_null(strstr(h.speech.s, "[[k,eSvaRh'Aje]]")); /* the glide written and said */
    heard_free(&h);
    hear("خانهٔ ما", 0, &h);
    assert_string_equal(h.speech.s, "[[x'Ane:je]] ما"); /* no hamza left for eSpeak to misread */
    heard_free(&h);
    hear("خانهٔ ما", 1, &h); /* --no-ezafe: a written ezafe is still the author's */
    assert_string_equal(h.speech.s, "[[x'Ane:je]] ما");
    heard_free(&h);
    hear("حاشیه شهر", 0, &h);
    assert_string_equal(h.phonemes.s, "h'ASij,eje S'ahR");
    heard_free(&h);
    hear("حاشیه شهر", 1, &h);
    assert_string_equal(h.phonemes.s, "h'ASij,e S'ahR");
    heard_free(&h);
}

static void test_number_conjunction_is_said_on_the_word_before(void **state)
{
    (void)state;
    heard h;
    hear("۳۳ نفر", 1, &h);
    assert_string_equal(h.phonemes.s, "s'ijo s'e: n'afaR");
    heard_free(&h);
    hear("۲۱ نفر", 1, &h);
    assert_string_equal(h.phonemes.s, "bisto j'ek n'afaR"); /* unstressed before a word, as eSpeak says it */
    heard_free(&h);
}


/* ---- the renderer, token by token ----------------------------------------------------- */

static void test_render_number_conjunction_and_map(void **state)
{
    (void)state;
    ravi_config opt;
    ravi_config_init(&opt);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "سی", strlen("سی"), 0, 4, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_NUM_CONJ, "و", strlen("و"), 0, 4, TOKF_SPACE_BEFORE | TOKF_GENERATED);
    sentence_push(&s, TOK_WORD, "سه", strlen("سه"), 0, 4, TOKF_SPACE_BEFORE | TOKF_GENERATED);
    sentence_push(&s, TOK_WORD, "هزار", strlen("هزار"), 5, 13, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_NUM_CONJ, "و", strlen("و"), 5, 13, TOKF_GENERATED);
    sentence_push(&s, TOK_WORD, "دو", strlen("دو"), 5, 13, TOKF_GENERATED);
    sentence_push(&s, TOK_PUNCT, "[", 1, 14, 15, TOKF_SPACE_BEFORE);
    strbuf display, speech;
    sb_init(&display);
    sb_init(&speech);
    render_map map = {0};
    assert_int_equal(render_display(&s, &opt, &display), 0);
    assert_string_equal(display.s, "سی و سه هزار و دو [");
    assert_int_equal(render_speech(&s, &opt, &speech, &map), 0);
    /* «yo» after a vowel, «o» after a consonant, on the word before; [ cannot open phonemes */
    assert_string_equal(speech.s, "[[s'ijo]] سه [[h'ezARo]] دو (");
    /* character positions: [[s'ijo]] = 1..9, the conjunction has none, سه = 11..12 */
    assert_int_equal(map.first[0], 1);
    assert_int_equal(map.last[0], 9);
    assert_true(map.last[1] < map.first[1]);
    assert_int_equal(map.first[2], 11);
    assert_int_equal(render_map_token_at(&map, s.n, 11), 2);
    assert_int_equal(render_map_token_at(&map, s.n, 14), 3);
    render_map_free(&map);
    sb_free(&display);
    sb_free(&speech);
    sentence_free(&s);
}

static void test_render_ezafe_and_phonemes(void **state)
{
    (void)state;
    ravi_config opt;
    ravi_config_init(&opt);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "او", strlen("او"), 0, 4, 0);
    sentence_push(&s, TOK_PUNCT, "«", strlen("«"), 5, 7, TOKF_SPACE_BEFORE);
    sentence_push(&s, TOK_WORD, "روابط", strlen("روابط"), 7, 12, TOKF_EZAFE);
    sentence_push(&s, TOK_WORD, "علی‌اف", strlen("علی‌اف"), 13, 20, TOKF_SPACE_BEFORE | TOKF_EZAFE);
    token_set_phonemes(&s.tok[3], "'Alij'ef");
    sentence_push(&s, TOK_WORD, "دریا", strlen("دریا"), 21, 30, TOKF_SPACE_BEFORE | TOKF_EZAFE);
    token_set_phonemes(&s.tok[4], "dar'jA");
    sentence_push(&s, TOK_WORD, "خزر", strlen("خزر"), 31, 37, TOKF_SPACE_BEFORE);
    strbuf display, speech;
    sb_init(&display);
    sb_init(&speech);
    render_map map = {0};
    render_display(&s, &opt, &display);
    assert_string_equal(display.s, "او «روابطِ علی‌افِ دریاِ خزر");
    assert_int_equal(render_speech(&s, &opt, &speech, &map), 0);
    assert_string_equal(speech.s, "او « [[Rav'Abete]] [['Alij'efe]] [[dar'jAje]] خزر");
    assert_int_equal(map.first[2], 6); /* after the space that keeps [[ off the quote */
    opt.ezafe = 0;
    sb_reset(&display);
    render_display(&s, &opt, &display);
    assert_string_equal(display.s, "او «روابط علی‌اف دریا خزر");
    sb_reset(&speech);
    assert_int_equal(render_speech(&s, &opt, &speech, &map), 0);
    assert_string_equal(speech.s, "او «روابط [['Alij'ef]] [[dar'jA]] خزر");
    render_map_free(&map);
    sb_free(&display);
    sb_free(&speech);
    sentence_free(&s);
}

static int open_synth(void **state)
{
    (void)state;
    snprintf(data_dir, sizeof data_dir, "%s", getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".");
    const char *why;
    if (phoneme_set_load(&fa, synth_data_dir(), PHONEME_TABLE_FA, &why))
        return -1;
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-unit", 1);
    return synth_open("fa", data_dir, NULL) > 0 ? 0 : -1;
}

static int close_synth(void **state)
{
    (void)state;
    synth_close();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sound_after_each_ending),
        cmocka_unit_test(test_bare_word_drops_the_written_ezafe),
        cmocka_unit_test(test_name_phonemes_that_end_in_the_ezafe),
        cmocka_unit_test(test_word_readings_are_espeaks_and_cached),
        cmocka_unit_test(test_names_in_quotes_and_brackets_keep_every_word),
        cmocka_unit_test(test_a_word_after_a_dash_keeps_its_event),
        cmocka_unit_test(test_the_ezafe_is_said_after_the_bare_word),
        cmocka_unit_test(test_number_conjunction_is_said_on_the_word_before),
        cmocka_unit_test(test_render_number_conjunction_and_map),
        cmocka_unit_test(test_render_ezafe_and_phonemes),
    };
    return cmocka_run_group_tests(tests, open_synth, close_synth);
}

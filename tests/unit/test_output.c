/* Unit tests of the output side: word and sentence times, subtitle timestamps, JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cues/cues.h"
#include "outfile.h"
#include "player/history.h"
#include "player/keys.h"
#include "render.h"
#include "timeline.h"
#include "token.h"
#include "util.h"

static void test_word_ends_follow_the_next_word(void **state)
{
    (void)state;
    ravi_options opt;
    options_defaults(&opt);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "در", strlen("در"), 0, 4, 0);
    sentence_push(&s, TOK_PUNCT, "،", strlen("،"), 4, 6, 0);
    sentence_push(&s, TOK_WORD, "تهران", strlen("تهران"), 7, 17, TOKF_SPACE_BEFORE);
    strbuf speech;
    sb_init(&speech);
    render_map map = {0};
    render_speech(&s, &opt, &speech, &map);
    timeline tl = {0};
    timeline_begin_sentence(&tl, &s, &map, 1000);
    timeline_word_event(&tl, 1, 0);
    timeline_word_event(&tl, 3, 200);   /* the comma: not a word */
    timeline_word_event(&tl, 5, 300);
    timeline_word_event(&tl, 1, 900);   /* back to the first word: ignored */
    timeline_end_sentence(&tl, 5000);
    assert_int_equal(tl.n, 2);
    assert_int_equal(tl.words[0].sample, 1000);
    assert_int_equal(tl.words[0].end, 1300);
    assert_int_equal(tl.words[1].sample, 1300);
    assert_int_equal(tl.words[1].end, 5000);
    assert_int_equal(tl.sentence_start, 1000);
    assert_int_equal(tl.sentence_end, 5000);
    /* a sentence stopped early: no word ends after the stop */
    timeline_begin_sentence(&tl, &s, &map, 6000);
    timeline_word_event(&tl, 1, 0);
    timeline_word_event(&tl, 5, 4000);
    timeline_end_sentence(&tl, 7000);
    assert_int_equal(tl.words[1].sample, 7000);
    assert_int_equal(tl.words[1].end, 7000);
    timeline_free(&tl);
    render_map_free(&map);
    sb_free(&speech);
    sentence_free(&s);
}

static void test_cue_time_formats(void **state)
{
    (void)state;
    strbuf b;
    sb_init(&b);
    cue_time(&b, 0, ',');
    assert_string_equal(b.s, "00:00:00,000");
    sb_reset(&b);
    cue_time(&b, 3723456, '.');
    assert_string_equal(b.s, "01:02:03.456");
    sb_reset(&b);
    cue_time(&b, 100ull * 3600 * 1000 + 5, ',');
    assert_string_equal(b.s, "100:00:00,005");
    sb_free(&b);
}

static void test_json_escape(void **state)
{
    (void)state;
    strbuf b;
    sb_init(&b);
    const char in[] = "«سلام» \"q\" \\ \n\t\x01 \xff!";
    json_escape(&b, in, sizeof in - 1);
    assert_string_equal(b.s, "«سلام» \\\"q\\\" \\\\ \\n\\t\\u0001 \xef\xbf\xbd!");
    sb_free(&b);
}

static void test_cue_format_from_path(void **state)
{
    (void)state;
    assert_int_equal(cue_format_from_path("a/b.srt"), CUES_SRT);
    assert_int_equal(cue_format_from_path("b.VTT"), CUES_VTT);
    assert_int_equal(cue_format_from_path("b.txt"), -1);
    assert_int_equal(cue_format_from_path("srt"), -1);
    assert_int_equal(cue_format_from_path("a.srt/b"), -1);
}

static player_key decode_all(const char *bytes)
{
    key_decoder d = {0};
    player_key last = KEY_NONE;
    for (const char *p = bytes; *p; p++) {
        player_key k = key_decode(&d, (unsigned char)*p);
        if (k != KEY_NONE)
            last = k;
    }
    return last;
}

static void test_keys_decode_arrows_and_letters(void **state)
{
    (void)state;
    assert_int_equal(decode_all(" "), KEY_PAUSE);
    assert_int_equal(decode_all("q"), KEY_QUIT);
    assert_int_equal(decode_all("+"), KEY_FASTER);
    assert_int_equal(decode_all("="), KEY_FASTER);
    assert_int_equal(decode_all("-"), KEY_SLOWER);
    assert_int_equal(decode_all("\033[C"), KEY_NEXT_SENTENCE);
    assert_int_equal(decode_all("\033[D"), KEY_PREV_SENTENCE);
    assert_int_equal(decode_all("\033OA"), KEY_PREV_PARAGRAPH);   /* application cursor mode */
    assert_int_equal(decode_all("\033[1;5B"), KEY_NEXT_PARAGRAPH); /* with a modifier */
    assert_int_equal(decode_all("\033[5~"), KEY_NONE);            /* page up: not ours */
    assert_int_equal(decode_all("x"), KEY_NONE);
    /* the letters of an escape sequence are not keys of their own */
    assert_int_equal(decode_all("\033[A"), KEY_PREV_PARAGRAPH);
}

static void push_numbered(history *h, unsigned i)
{
    char text[32], source[32];
    snprintf(text, sizeof text, "w%u", i);
    snprintf(source, sizeof source, "S%u.", i);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, text, strlen(text), i * 10, i * 10 + 3, 0);
    token_set_phonemes(&s.tok[0], "sal'Am");
    s.src_start = i * 10;
    s.src_end = i * 10 + strlen(source);
    s.source = source;
    s.source_len = strlen(source);
    s.paragraph_start = i % 3 == 0;
    assert_int_equal(history_push(h, &s), (int64_t)i);
    sentence_free(&s);
}

static void test_history_is_bounded_and_keeps_copies(void **state)
{
    (void)state;
    history h;
    assert_int_equal(history_init(&h), 0);
    for (unsigned i = 0; i < HISTORY_SIZE + 50; i++)
        push_numbered(&h, i);
    assert_int_equal(h.count, HISTORY_SIZE);
    assert_int_equal(h.first, 50);
    assert_null(history_at(&h, 49));
    assert_null(history_at(&h, HISTORY_SIZE + 50));
    const sentence *s = history_at(&h, 100);
    assert_non_null(s);
    assert_string_equal(s->tok[0].text, "w100");
    assert_string_equal(s->tok[0].phonemes, "sal'Am");
    assert_int_equal(s->src_start, 1000);
    assert_memory_equal(s->source, "S100.", 5);
    assert_int_equal(history_newest(&h), HISTORY_SIZE + 49);
    assert_int_equal(history_paragraph_start(&h, 101), 99);
    assert_int_equal(history_paragraph_start(&h, 99), 99);
    assert_int_equal(history_paragraph_start(&h, 50), 50); /* nothing older is kept */
    assert_int_equal(history_previous_paragraph(&h, 101), 96);
    assert_int_equal(history_previous_paragraph(&h, 99), 96);
    assert_int_equal(history_previous_paragraph(&h, 52), 50);
    uint64_t next = 0;
    assert_true(history_next_paragraph(&h, 100, &next));
    assert_int_equal(next, 102);
    assert_false(history_next_paragraph(&h, HISTORY_SIZE + 49, &next)); /* from the newest: not read yet */
    history_free(&h);
}

static int entries_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void test_outfile_whole_or_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/ravi-outfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/cues.srt", dir);
    outfile o;
    assert_int_equal(outfile_open(&o, path), 0);
    fputs("partial", o.f);
    assert_int_equal(entries_in(dir), 1);      /* the temporary file only */
    assert_int_equal(access(path, F_OK), -1);  /* nothing at the target yet */
    outfile_discard(&o);
    assert_int_equal(entries_in(dir), 0);
    assert_int_equal(outfile_open(&o, path), 0);
    fputs("whole", o.f);
    assert_int_equal(outfile_commit(&o), 0);
    assert_int_equal(entries_in(dir), 1);
    FILE *f = fopen(path, "r");
    char got[16] = {0};
    assert_non_null(f);
    assert_non_null(fgets(got, sizeof got, f));
    fclose(f);
    assert_string_equal(got, "whole");
    unlink(path);
    rmdir(dir);
}

/* A one-sentence timeline over `text`, with `n` words (or none), ending at one second. */
static timeline one_sentence(sentence *s, const char *text, timeline_word *words, size_t n)
{
    sentence_init(s);
    s->source = text;
    s->source_len = strlen(text);
    s->src_end = s->source_len;
    timeline t = {0};
    t.sentence_end = 22050;
    t.sent = s;
    t.words = words;
    t.n = n;
    return t;
}

/* Writes the timeline's cues as `format` (per word or per sentence) and reads the file back. */
static void cues_of(const timeline *t, cue_format format, int per_word, char *got, size_t cap)
{
    char dir[] = "/tmp/ravi-cues-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.%s", dir, format == CUES_SRT ? "srt" : "vtt");
    cue_writer w;
    assert_int_equal(cue_writer_open(&w, path, format, per_word, 22050), 0);
    assert_int_equal(cue_writer_sentence(&w, t), 0);
    assert_int_equal(cue_writer_close(&w, 1), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(got, 1, cap - 1, f);
    fclose(f);
    got[n] = '\0';
    unlink(path);
    rmdir(dir);
}

/* "-->" in a cue's text would read as a timing line (fuzz_cues): SRT breaks it, WebVTT escapes. */
static void test_cue_text_never_holds_an_arrow(void **state)
{
    (void)state;
    sentence s;
    timeline t = one_sentence(&s, "a --> b", NULL, 0);
    char got[256];
    cues_of(&t, CUES_SRT, 0, got, sizeof got);
    assert_non_null(strstr(got, "a -- > b"));
    cues_of(&t, CUES_VTT, 0, got, sizeof got);
    assert_non_null(strstr(got, "a --&gt; b"));
    sentence_free(&s);
}

/* A word whose bytes are not in the sentence's text has nothing to show: no cue, rather than a
 * blank text line that ends an SRT cue early (fuzz_cues). */
static void test_word_cue_without_text_is_left_out(void **state)
{
    (void)state;
    /* the second word's text range lies outside the sentence's text */
    timeline_word words[] = {{.src_end = 4, .text_end = 4, .end = 100},
                             {.src_start = 600, .src_end = 610, .text_start = 600, .text_end = 610,
                              .sample = 100, .end = 22050}};
    sentence s;
    timeline t = one_sentence(&s, "یک", words, 2);
    char got[256];
    cues_of(&t, CUES_SRT, 1, got, sizeof got);
    assert_string_equal(got, "1\n00:00:00,000 --> 00:00:00,005\nیک\n\n");
}

/* A word's cue shows the text it was read from, even where that is not the file's bytes at the
 * word's source offsets (HTML: the text taken out of the markup). */
static void test_word_cue_text_comes_from_the_sentence_text(void **state)
{
    (void)state;
    timeline_word words[] = {{.src_start = 120, .src_end = 128, .text_start = 0, .text_end = 8, .end = 100},
                             {.src_start = 140, .src_end = 148, .text_start = 9, .text_end = 17,
                              .sample = 100, .end = 22050}};
    sentence s;
    timeline t = one_sentence(&s, "سلام دنیا", words, 2);
    s.src_start = 120;
    s.src_end = 148;
    char got[256];
    cues_of(&t, CUES_VTT, 1, got, sizeof got);
    assert_non_null(strstr(got, "\nسلام\n"));
    assert_non_null(strstr(got, "\nدنیا\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_ends_follow_the_next_word),
        cmocka_unit_test(test_cue_time_formats),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_cue_format_from_path),
        cmocka_unit_test(test_cue_text_never_holds_an_arrow),
        cmocka_unit_test(test_word_cue_without_text_is_left_out),
        cmocka_unit_test(test_word_cue_text_comes_from_the_sentence_text),
        cmocka_unit_test(test_keys_decode_arrows_and_letters),
        cmocka_unit_test(test_outfile_whole_or_nothing),
        cmocka_unit_test(test_history_is_bounded_and_keeps_copies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

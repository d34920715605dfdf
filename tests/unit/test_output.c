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

#include "api/engine.h"
#include "cues/cues.h"
#include "outfile.h"
#include "player/history.h"
#include "player/keys.h"
#include "render.h"
#include "timeline.h"
#include "token.h"
#include "util.h"

/* eSpeak's word events: a comma is not a word, and a word going back is not reported again. */
static void test_timeline_reports_each_word_once(void **state)
{
    (void)state;
    ravi_config opt;
    ravi_config_init(&opt);
    sentence s;
    sentence_init(&s);
    sentence_push(&s, TOK_WORD, "در", strlen("در"), 0, 4, 0);
    sentence_push(&s, TOK_PUNCT, "،", strlen("،"), 4, 6, 0);
    sentence_push(&s, TOK_WORD, "تهران", strlen("تهران"), 7, 17, TOKF_SPACE_BEFORE);
    strbuf speech;
    sb_init(&speech);
    render_map map = {0};
    render_speech(&s, &opt, &speech, &map);
    timeline tl;
    timeline_word w;
    timeline_begin_sentence(&tl, &s, &map, 1000);
    assert_int_equal(timeline_word_event(&tl, 1, 0, &w), 1);
    assert_int_equal(w.sample, 1000);
    assert_int_equal(timeline_word_event(&tl, 3, 200, &w), 0);   /* the comma: not a word */
    assert_int_equal(timeline_word_event(&tl, 5, 300, &w), 1);
    assert_int_equal(w.sample, 1300);
    assert_int_equal(w.src_start, 7);
    assert_int_equal(timeline_word_event(&tl, 1, 900, &w), 0);   /* back to the first word */
    render_map_free(&map);
    sb_free(&speech);
    sentence_free(&s);
}

static int feed(cue_sentence *cs, ravi_event_type type, uint64_t sample, uint64_t b0, uint64_t b1,
                const char *text)
{
    ravi_event ev = {0};
    ev.type = type;
    ev.sample = sample;
    ev.byte_start = b0;
    ev.byte_end = b1;
    ev.text = text;
    ev.text_len = strlen(text);
    return cue_sentence_event(cs, &ev);
}

/* A word lasts until the next one starts, the last one until the sentence (with its pause) ends. */
static void test_word_ends_follow_the_next_word(void **state)
{
    (void)state;
    cue_sentence cs;
    cue_sentence_init(&cs);
    assert_int_equal(feed(&cs, RAVI_EVENT_SENTENCE, 1000, 0, 17, "در، تهران"), 0);
    assert_int_equal(feed(&cs, RAVI_EVENT_WORD, 1000, 0, 4, "در"), 0);
    assert_int_equal(feed(&cs, RAVI_EVENT_MARK, 1200, 5, 5, "m"), 0); /* not a cue */
    assert_int_equal(feed(&cs, RAVI_EVENT_WORD, 1300, 7, 17, "تهران"), 0);
    assert_int_equal(feed(&cs, RAVI_EVENT_SENTENCE_END, 5000, 0, 17, "در، تهران"), 1);
    assert_int_equal(cs.n, 2);
    assert_int_equal(cs.words[0].start, 1000);
    assert_int_equal(cs.words[0].end, 1300);
    assert_int_equal(cs.words[1].start, 1300);
    assert_int_equal(cs.words[1].end, 5000);
    assert_int_equal(cs.start, 1000);
    assert_int_equal(cs.end, 5000);
    size_t len;
    const char *text = cue_word_text(&cs, &cs.words[1], &len);
    assert_memory_equal(text, "تهران", len);
    /* a sentence cut short by the player: no word ends after the cut */
    assert_int_equal(feed(&cs, RAVI_EVENT_SENTENCE, 6000, 20, 40, "بعدی"), 0);
    assert_int_equal(feed(&cs, RAVI_EVENT_WORD, 6000, 20, 30, "بعدی"), 0);
    assert_int_equal(cue_sentence_cut(&cs, 6500), 1);
    assert_int_equal(cs.words[0].end, 6500);
    assert_int_equal(cue_sentence_cut(&cs, 7000), 0); /* nothing open any more */
    cue_sentence_free(&cs);
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
    ravi_sentence rs = {&s, {0}, i};
    assert_int_equal(history_push(h, &rs), (int64_t)i);
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
    const ravi_sentence *rs = history_at(&h, 100);
    assert_non_null(rs);
    const sentence *s = rs->s;
    assert_string_equal(s->tok[0].text, "w100");
    assert_string_equal(s->tok[0].phonemes, "sal'Am");
    assert_int_equal(s->src_start, 1000);
    assert_memory_equal(s->source, "S100.", 5);
    ravi_event about;
    ravi_sentence_describe(rs, &about);
    assert_int_equal(about.byte_start, 1000);
    assert_memory_equal(about.text, "S100.", 5);
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
    assert_int_equal(outfile_open(&o, path, NULL), 0);
    fputs("partial", o.f);
    assert_int_equal(entries_in(dir), 1);      /* the temporary file only */
    assert_int_equal(access(path, F_OK), -1);  /* nothing at the target yet */
    outfile_discard(&o);
    assert_int_equal(entries_in(dir), 0);
    assert_int_equal(outfile_open(&o, path, NULL), 0);
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

/* A one-sentence cue over `text` ending at one second, with the words given (NULL text: none). */
static void one_sentence(cue_sentence *cs, const char *text, const char *const *words, size_t n)
{
    cue_sentence_init(cs);
    feed(cs, RAVI_EVENT_SENTENCE, 0, 0, strlen(text), text);
    for (size_t i = 0; i < n; i++)
        feed(cs, RAVI_EVENT_WORD, i * 100, i * 10, i * 10 + 5, words[i]);
    feed(cs, RAVI_EVENT_SENTENCE_END, 22050, 0, strlen(text), text);
}

/* Writes the sentence's cues as `format` (per word or per sentence) and reads the file back. */
static void cues_of(const cue_sentence *cs, cue_format format, int per_word, char *got, size_t cap)
{
    char dir[] = "/tmp/ravi-cues-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.%s", dir, format == CUES_SRT ? "srt" : "vtt");
    cue_writer w;
    assert_int_equal(cue_writer_open(&w, path, format, per_word, 22050, NULL), 0);
    assert_int_equal(cue_writer_sentence(&w, cs), 0);
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
    cue_sentence cs;
    one_sentence(&cs, "a --> b", NULL, 0);
    char got[256];
    cues_of(&cs, CUES_SRT, 0, got, sizeof got);
    assert_non_null(strstr(got, "a -- > b"));
    cues_of(&cs, CUES_VTT, 0, got, sizeof got);
    assert_non_null(strstr(got, "a --&gt; b"));
    cue_sentence_free(&cs);
}

/* A word with no text to show has no cue, rather than a blank text line that ends an SRT cue
 * early (fuzz_cues). */
static void test_word_cue_without_text_is_left_out(void **state)
{
    (void)state;
    static const char *const words[] = {"یک", ""};
    cue_sentence cs;
    one_sentence(&cs, "یک", words, 2);
    char got[256];
    cues_of(&cs, CUES_SRT, 1, got, sizeof got);
    assert_string_equal(got, "1\n00:00:00,000 --> 00:00:00,005\nیک\n\n");
    cue_sentence_free(&cs);
}

/* A word's text is the text it was read from, even where that is not the file's bytes at the
 * word's source offsets (HTML: the text taken out of the markup); outside the sentence, none. */
static void test_word_text_comes_from_the_sentence_text(void **state)
{
    (void)state;
    sentence s;
    sentence_init(&s);
    s.source = "سلام دنیا";
    s.source_len = strlen(s.source);
    timeline_word in = {.src_start = 140, .src_end = 148, .text_start = 9, .text_end = 17};
    timeline_word out = {.src_start = 600, .src_end = 610, .text_start = 600, .text_end = 610};
    size_t len;
    const char *text = timeline_word_text(&s, &in, &len);
    assert_int_equal(len, strlen("دنیا"));
    assert_memory_equal(text, "دنیا", len);
    timeline_word_text(&s, &out, &len);
    assert_int_equal(len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline_reports_each_word_once),
        cmocka_unit_test(test_word_ends_follow_the_next_word),
        cmocka_unit_test(test_cue_time_formats),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_cue_format_from_path),
        cmocka_unit_test(test_cue_text_never_holds_an_arrow),
        cmocka_unit_test(test_word_cue_without_text_is_left_out),
        cmocka_unit_test(test_word_text_comes_from_the_sentence_text),
        cmocka_unit_test(test_keys_decode_arrows_and_letters),
        cmocka_unit_test(test_outfile_whole_or_nothing),
        cmocka_unit_test(test_history_is_bounded_and_keeps_copies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

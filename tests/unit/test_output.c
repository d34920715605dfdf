/* Unit tests of the output side: word and sentence times, subtitle timestamps, JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cues/cues.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_ends_follow_the_next_word),
        cmocka_unit_test(test_cue_time_formats),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_cue_format_from_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

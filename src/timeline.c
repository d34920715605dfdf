#include "timeline.h"

#include <stdlib.h>
#include <string.h>

void timeline_begin_sentence(timeline *t, const sentence *s, const render_map *map, uint64_t sample)
{
    t->sentence_start = sample;
    t->sentence_end = sample;
    t->n = 0;
    t->sent = s;
    t->map = map;
}

void timeline_word_event(timeline *t, size_t text_position, uint64_t sample_in_sentence)
{
    long tok = render_word_at(t->sent, t->map, text_position);
    if (tok < 0)
        return;
    const token *k = &t->sent->tok[tok];
    /* eSpeak also reports clause ends, at positions that can fall on a comma far back: a
     * punctuation mark is not a word (render_word_at), and words only go forward */
    if (t->n && k->src_start < t->words[t->n - 1].src_start)
        return;
    /* several spoken words of one written token (a number) share its range: keep the first */
    if (t->n && t->words[t->n - 1].src_start == k->src_start && t->words[t->n - 1].src_end == k->src_end)
        return;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        timeline_word *w = realloc(t->words, cap * sizeof *w);
        if (!w)
            return; /* timings are an extra: losing one is better than failing the speech */
        t->words = w;
        t->cap = cap;
    }
    uint64_t at = t->sentence_start + sample_in_sentence;
    if (t->n && at < t->words[t->n - 1].sample)
        at = t->words[t->n - 1].sample; /* keep the words in order whatever eSpeak reports */
    t->words[t->n++] = (timeline_word){k->src_start, k->src_end, k->text_start, k->text_end, at, at};
}

void timeline_end_sentence(timeline *t, uint64_t end)
{
    if (end < t->sentence_start)
        end = t->sentence_start;
    t->sentence_end = end;
    for (size_t i = 0; i < t->n; i++) {
        if (t->words[i].sample > end)
            t->words[i].sample = end; /* a word event past a stop (a skipped sentence) */
        t->words[i].end = i + 1 < t->n ? t->words[i + 1].sample : end;
        if (t->words[i].end > end)
            t->words[i].end = end;
    }
}

void timeline_free(timeline *t)
{
    free(t->words);
    memset(t, 0, sizeof *t);
}

#include "timeline.h"

#include <string.h>

void timeline_begin_sentence(timeline *t, const sentence *s, const render_map *map, uint64_t sample)
{
    memset(t, 0, sizeof *t);
    t->sentence_start = sample;
    t->sent = s;
    t->map = map;
}

int timeline_word_event(timeline *t, size_t text_position, uint64_t sample_in_sentence,
                        timeline_word *w)
{
    long tok = render_word_at(t->sent, t->map, text_position);
    if (tok < 0)
        return 0;
    const token *k = &t->sent->tok[tok];
    /* eSpeak also reports clause ends, at positions that can fall on a comma far back: a
     * punctuation mark is not a word (render_word_at), and words only go forward */
    if (t->nwords && k->src_start < t->last.src_start)
        return 0;
    /* several spoken words of one written token (a number) share its range: keep the first */
    if (t->nwords && t->last.src_start == k->src_start && t->last.src_end == k->src_end)
        return 0;
    uint64_t at = t->sentence_start + sample_in_sentence;
    if (t->nwords && at < t->last.sample)
        at = t->last.sample; /* keep the words in order whatever eSpeak reports */
    t->last = (timeline_word){k->src_start, k->src_end, k->text_start, k->text_end, at};
    t->nwords++;
    *w = t->last;
    return 1;
}

const char *timeline_word_text(const sentence *s, const timeline_word *w, size_t *len)
{
    if (!s->source || w->text_end < w->text_start || w->text_end > s->source_len) {
        *len = 0;
        return "";
    }
    *len = w->text_end - w->text_start;
    return s->source + w->text_start;
}

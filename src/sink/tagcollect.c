#include "tagcollect.h"

#include <stdio.h>
#include <string.h>

#define TITLE_FROM_TEXT_MAX 100 /* bytes of a first sentence made a title */

void tag_collector_init(tag_collector *c, const audio_tags *given, const char *voice)
{
    memset(c, 0, sizeof *c);
    if (given)
        c->given = *given;
    c->voice = voice;
    sb_init(&c->title);
    sb_init(&c->first_sentence);
    sb_init(&c->comment);
    sb_init(&c->cut);
    for (int k = 0; k <= RAVI_METADATA_PUBLISHER; k++)
        sb_init(&c->found[k]);
}

void tag_collector_free(tag_collector *c)
{
    sb_free(&c->title);
    sb_free(&c->first_sentence);
    sb_free(&c->comment);
    sb_free(&c->cut);
    for (int k = 0; k <= RAVI_METADATA_PUBLISHER; k++)
        sb_free(&c->found[k]);
}

/* Appends text with its whitespace runs made one space. */
static int append_words(strbuf *b, const char *s, size_t n)
{
    int space = b->len > 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = b->len > 0;
            continue;
        }
        if ((space && sb_putc(b, ' ')) || sb_putc(b, ch))
            return -1;
        space = 0;
    }
    return 0;
}

/* A sentence met for the first time: the headline grows, or is done. */
static int take_sentence(tag_collector *c, const ravi_event *ev)
{
    if (ev->sentence == 0 && append_words(&c->first_sentence, ev->text, ev->text_len))
        return -1;
    if (c->headline == 0)
        c->headline = ev->sentence == 0 && ev->heading ? 1 : 2;
    else if (c->headline == 1 && (ev->paragraph_start || !ev->heading))
        c->headline = 2;
    if (c->headline == 1)
        return append_words(&c->title, ev->text, ev->text_len);
    return 0;
}

int tag_collector_event(tag_collector *c, const ravi_event *ev)
{
    if (ev->type == RAVI_EVENT_METADATA && ev->metadata > RAVI_METADATA_NONE &&
        ev->metadata <= RAVI_METADATA_PUBLISHER) {
        strbuf *b = &c->found[ev->metadata];
        sb_reset(b);
        return sb_append(b, ev->text, ev->text_len);
    }
    if (ev->type != RAVI_EVENT_SENTENCE || ev->sentence != c->next_sentence)
        return 0;
    c->next_sentence++;
    return take_sentence(c, ev);
}

static const char *given_or(const char *given, const strbuf *found)
{
    return given && *given ? given : found->len ? found->s : NULL;
}

/* The first sentence as a title: cut at a space near TITLE_FROM_TEXT_MAX bytes, marked "…". */
static int cut_title(strbuf *title, const strbuf *sentence)
{
    sb_reset(title);
    if (sentence->len <= TITLE_FROM_TEXT_MAX)
        return sb_append(title, sentence->s, sentence->len);
    size_t n = TITLE_FROM_TEXT_MAX;
    while (n > 0 && sentence->s[n] != ' ')
        n--;
    if (n == 0) { /* one long word: cut at a character's start */
        n = TITLE_FROM_TEXT_MAX;
        while (n > 0 && ((unsigned char)sentence->s[n] & 0xC0) == 0x80)
            n--;
    }
    return sb_append(title, sentence->s, n) || sb_puts(title, "…");
}

const audio_tags *tag_collector_tags(tag_collector *c)
{
    audio_tags *t = &c->tags;
    t->title = c->given.title && *c->given.title ? c->given.title : c->title.len ? c->title.s : NULL;
    if (!t->title)
        t->title = given_or(NULL, &c->found[RAVI_METADATA_TITLE]);
    if (!t->title && c->first_sentence.len) {
        if (cut_title(&c->cut, &c->first_sentence))
            return NULL;
        t->title = c->cut.s;
    }
    t->artist = given_or(c->given.artist, &c->found[RAVI_METADATA_AUTHOR]);
    t->album = given_or(c->given.album, &c->found[RAVI_METADATA_PUBLISHER]);
    t->date = NULL;
    if (c->given.date && *c->given.date)
        t->date = c->given.date;
    else if (c->found[RAVI_METADATA_DATE].len &&
             audio_tags_date(c->found[RAVI_METADATA_DATE].s, 0, c->date) == 0)
        t->date = c->date;
    t->language = "fa";
    sb_reset(&c->comment);
    if (sb_printf(&c->comment, "Ravi %s (راوی), Persian news narrator; voice %s", ravi_version(),
                  c->voice && *c->voice ? c->voice : "fa"))
        return NULL;
    t->comment = c->comment.s;
    return t;
}

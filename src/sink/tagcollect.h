/* The tags of a spoken article, gathered from libravi's events as it is read (tags.h):
 *   title      what the user gave; else the headline (the sentences of the first paragraph,
 *              when the first sentence is a heading: a text's first line, HTML's <h1>, SSML's
 *              heading <p>); else the document's own title (RAVI_METADATA_TITLE); else the
 *              first sentence, cut at a word near 100 characters;
 *   artist     the user's author; else the document's (RAVI_METADATA_AUTHOR);
 *   album      the user's publisher; else the document's site name;
 *   date       the user's date; else the day the document says it was published;
 *   language   fa; comment: Ravi, its version and the voice.
 * Part of the programs' helpers: `ravi say`, and every program that writes articles to files. */
#ifndef RAVI_TAGCOLLECT_H
#define RAVI_TAGCOLLECT_H

#include "../../include/ravi.h"
#include "../util.h"
#include "tags.h"

typedef struct tag_collector {
    audio_tags given;        /* the user's (borrowed), each winning over what the input says */
    const char *voice;       /* for the comment (borrowed) */
    uint64_t next_sentence;  /* the number of the next sentence not yet seen (a player repeats) */
    int headline;            /* 0: not begun, 1: gathering the first paragraph, 2: done */
    strbuf title;            /* the headline */
    strbuf first_sentence, cut, found[RAVI_METADATA_PUBLISHER + 1], comment;
    char date[20];
    audio_tags tags;         /* what tag_collector_tags assembled */
} tag_collector;

void tag_collector_init(tag_collector *c, const audio_tags *given, const char *voice);
void tag_collector_free(tag_collector *c);
/* Takes an event of the reading (any type; the ones that say nothing are ignored). 0, or -1
 * when out of memory. */
int tag_collector_event(tag_collector *c, const ravi_event *ev);
/* The tags as they stand (valid until the next call on c), or NULL when out of memory. */
const audio_tags *tag_collector_tags(tag_collector *c);

#endif

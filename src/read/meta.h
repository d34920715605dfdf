/* What a document says about itself (its title, author, date, publisher), found by the HTML and
 * SSML readers as they parse it, for RAVI_EVENT_METADATA. Each key keeps the value from the best
 * source seen so far (a lower rank: <meta name="author"> before a byline's text); a better one
 * replaces it, and the key is marked changed until the events for it are sent. */
#ifndef RAVI_META_H
#define RAVI_META_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

typedef enum meta_key {
    META_TITLE,
    META_AUTHOR,
    META_DATE,
    META_PUBLISHER,
    META_KEYS,
} meta_key;

#define META_MAX_VALUE 512   /* bytes kept of a value (cut at a character's start) */

typedef struct page_meta {
    strbuf value[META_KEYS];
    int rank[META_KEYS];          /* of the value's source; 0: no value yet */
    uint64_t start[META_KEYS], end[META_KEYS]; /* the source bytes it was read from */
    unsigned changed;             /* bit k: key k has a new value since the last meta_changed */
} page_meta;

void page_meta_init(page_meta *m);
void page_meta_free(page_meta *m);

/* Offers a value for `key` from a source of rank `rank` (1 best) read from source bytes
 * [start, end): kept when no better source gave one. Whitespace runs become one space, the
 * ends are trimmed, control characters dropped; an empty value is no value. 0, or -1 when out
 * of memory. */
int page_meta_offer(page_meta *m, meta_key key, int rank, const char *value, size_t len,
                    uint64_t start, uint64_t end);

/* The key a <meta> name or property names ("author", "og:site_name", "article:published_time",
 * case aside), and the rank of that source; 0 when it names none of them. */
int page_meta_name_rank(const char *name, meta_key *key);

/* Ranks of the sources found in the text of a page rather than in its <meta> elements. */
enum {
    META_RANK_TIME_PUBLISHED = 50,  /* <time itemprop="datePublished">, <time pubdate> */
    META_RANK_TIME = 60,            /* the first <time datetime> */
    META_RANK_BYLINE = 70,          /* the text of a byline, rel="author", itemprop="author" */
};

/* The next key with a new value (and clears its mark), or -1 when none. */
int page_meta_next_change(page_meta *m);

/* A byline's text without its label: "By A. Writer" and "Author: A. Writer" give "A. Writer"
 * (a label is at most two words before a colon). Returns where the name starts in s[0..n) and
 * its length in *len. */
const char *page_meta_byline_name(const char *s, size_t n, size_t *len);

#endif

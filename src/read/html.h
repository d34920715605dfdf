/* HTML input: the headline and the article body of a news page, streamed through libxml2's
 * HTML push parser with SAX callbacks (no document tree is built).
 *
 * Read: <title>, headings, paragraphs, list items, quotes, table cells, text in <div>s.
 * Skipped with everything inside: scripts, styles, navigation, menus, forms, footers, asides,
 * figures, embedded objects, hidden elements, and elements whose class or id names them as
 * ads, share buttons, comments, related links and the like.
 * When the page has an <article> or <main>, only the first one is read: what came before it
 * is held back (at most HTML_HOLD_LIMIT bytes of text) and dropped when it starts.
 * The headline is the <h1>, or the <title> when there is none; both are read only when they
 * differ (a title is usually "headline - site name"). */
#ifndef RAVI_HTML_H
#define RAVI_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "../diag.h"
#include "para.h"

/* Text held back while waiting for an <article>/<main>; past this, the page has none. */
#define HTML_HOLD_LIMIT (256 * 1024)

typedef struct html_reader html_reader;

/* A reader for the document called `name` (in messages); errors go to d. NULL when out of memory. */
html_reader *html_reader_new(const char *name, diag *d);
void html_reader_free(html_reader *h);
/* Parses the next n bytes (UTF-8); terminate = 1 after the last. The paragraphs found go to
 * html_reader_queue(). Returns 0, or -1 after an error (nothing readable: RAVI_E_EMPTY; no memory). */
int html_reader_feed(html_reader *h, const char *data, size_t n, int terminate);
para_queue *html_reader_queue(html_reader *h);

#endif

#include "html.h"
#include "markup.h"
#include "reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum scope {
    SCOPE_UNDECIDED, /* no <article>/<main> yet: paragraphs are held back */
    SCOPE_ARTICLE,   /* reading inside the first <article>/<main> only */
    SCOPE_ALL,       /* the page has none: everything not skipped is read */
};

enum title_state { TITLE_NONE, TITLE_HELD, TITLE_READ, TITLE_DONE };

/* Paragraphs (date lines, kickers) that may come before the <h1> and are read after it. */
#define HTML_EARLY_MAX 4

struct html_reader {
    const char *name;
    diag *diag;
    htmlParserCtxtPtr ctxt;
    para_queue out;           /* ready for the pipeline */
    para_queue held;          /* read before we know whether an <article>/<main> comes */
    size_t held_bytes;
    paragraph cur;            /* the paragraph being gathered */
    int space_pending;        /* whitespace was seen since cur's last character */
    paragraph title;
    enum title_state title_state;
    int seen_h1;
    int headline_decided;     /* the title and <h1> question is settled (see emit) */
    para_queue early;         /* body paragraphs before the <h1>, waiting for it */
    enum scope scope;
    unsigned depth;           /* open elements */
    unsigned skip_depth;      /* > 0: inside a skipped element opened at this depth */
    unsigned article_depth;   /* > 0: inside the <article>/<main> opened at this depth */
    int article_done;         /* it has ended: the rest of the page is not read */
    unsigned heading_depth;   /* > 0: inside <h1>..<h6> or <title> opened at this depth */
    int heading_level;        /* 1..6, 0 for <title> */
    unsigned head_depth;      /* > 0: inside <head> (only its <title> is read) */
    uint64_t last_end;        /* source offset where the parser's previous event ended */
    uint64_t fed;             /* bytes handed to the parser so far: no offset goes past them */
    size_t body_paragraphs;   /* paragraphs found other than the title */
    int failed;               /* out of memory inside a callback */
};

/* ---- what elements mean ------------------------------------------------------------------ */

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(name, *list))
            return 1;
    return 0;
}

/* Never read, with everything inside them. */
static int is_skipped_element(const char *name)
{
    static const char *const skipped[] = {
        "script", "style", "noscript", "template", "nav", "menu", "form", "footer", "aside",
        "iframe", "object", "embed", "svg", "math", "button", "select", "textarea", "figure",
        "audio", "video", "canvas", "dialog", "map", NULL,
    };
    return name_in(name, skipped);
}

/* Elements that start and end paragraphs; everything else is inline. */
static int is_block_element(const char *name)
{
    static const char *const blocks[] = {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "div", "dl", "dt", "fieldset", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
        "tr", "ul", NULL,
    };
    return name_in(name, blocks);
}

/* 1..6 for <h1>..<h6>, 0 for <title>, -1 otherwise. */
static int heading_level(const char *name)
{
    if (!strcasecmp(name, "title"))
        return 0;
    if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return -1;
}

/* Words in class and id values that mark page furniture rather than the article. */
static int is_furniture_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "ad", "ads", "advert", "advertisement", "adsbygoogle", "banner", "sponsor",
        "sponsored", "promo", "share", "sharing", "social", "related", "comment", "comments",
        "breadcrumb", "breadcrumbs", "newsletter", "cookie", "cookies", "popup", "subscribe",
        "sidebar", "menu", "nav", "navbar", "navigation", "masthead", "logo", "topbar",
        "footer", "widget", "tags", "meta", "date", "dateline", "datetime", "timestamp", "pubdate",
        "byline", NULL,
    };
    for (const char *const *p = words; *p; p++)
        if (strlen(*p) == n && !strncasecmp(w, *p, n))
            return 1;
    return 0;
}

/* A class or id value names furniture when one of its words (split at spaces, - and _) does. */
static int names_furniture(const char *value)
{
    const char *s = value;
    while (*s) {
        size_t n = strcspn(s, " \t\n\r\f-_");
        if (n && is_furniture_word(s, n))
            return 1;
        s += n;
        if (*s)
            s++;
    }
    return 0;
}

static int has_display_none(const char *style)
{
    char compact[256];
    size_t n = 0;
    for (const char *s = style; *s && n + 1 < sizeof compact; s++)
        if (*s != ' ' && *s != '\t')
            compact[n++] = *s;
    compact[n] = '\0';
    return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

/* Whether an element's attributes hide it or name it as something other than the article. */
static int attributes_skip(const xmlChar **atts)
{
    static const char *const roles[] = {
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
        "dialog", "alert", NULL,
    };
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *name = (const char *)atts[i];
        const char *value = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (!strcasecmp(name, "hidden") ||
            (!strcasecmp(name, "aria-hidden") && !strcasecmp(value, "true")) ||
            (!strcasecmp(name, "role") && name_in(value, roles)) ||
            ((!strcasecmp(name, "class") || !strcasecmp(name, "id")) && names_furniture(value)) ||
            (!strcasecmp(name, "style") && has_display_none(value)))
            return 1;
    }
    return 0;
}

/* ---- where paragraphs go ----------------------------------------------------------------- */

/* Moves cur into a fresh slot of q; cur is left empty. */
static int move_to(html_reader *h, para_queue *q)
{
    paragraph *slot = pq_push(q);
    if (!slot)
        return -1;
    paragraph tmp = *slot;
    *slot = h->cur;
    h->cur = tmp;
    return 0;
}

/* The title and an <h1> repeat each other when one contains the other. */
static int repeats(const paragraph *a, const paragraph *b)
{
    return a->text.len && b->text.len && (strstr(a->text.s, b->text.s) || strstr(b->text.s, a->text.s));
}

static int put_out(html_reader *h, const paragraph *p)
{
    paragraph *slot = pq_push(&h->out);
    return slot && !para_copy(slot, p) ? 0 : -1;
}

/* The headline is decided: the title (unless the <h1> repeats it), the <h1> if there is one,
 * then what came before the <h1> (date lines, kickers) go out, in that order. */
static int decide_headline(html_reader *h, const paragraph *h1)
{
    h->headline_decided = 1;
    if (h->title_state == TITLE_HELD) {
        if (h1 && repeats(&h->title, h1)) {
            h->title_state = TITLE_DONE;
        } else {
            if (put_out(h, &h->title))
                return -1;
            h->title_state = TITLE_READ;
        }
    }
    if (h1 && put_out(h, h1))
        return -1;
    paragraph p;
    para_init(&p);
    int rc = 0;
    while (rc == 0 && pq_pop(&h->early, &p))
        rc = put_out(h, &p);
    para_free(&p);
    return rc;
}

/* A body paragraph in reading order. Until the headline is decided, paragraphs wait (at most
 * HTML_EARLY_MAX) for an <h1>, so that the headline is read first. */
static int emit(html_reader *h, const paragraph *p)
{
    int is_h1 = p->heading == 1;
    if (!h->headline_decided) {
        if (is_h1) {
            h->seen_h1 = 1;
            return decide_headline(h, p);
        }
        paragraph *slot = pq_push(&h->early);
        if (!slot || para_copy(slot, p))
            return -1;
        return h->early.count > HTML_EARLY_MAX ? decide_headline(h, NULL) : 0;
    }
    if (is_h1 && !h->seen_h1) {
        h->seen_h1 = 1;
        if (h->title_state == TITLE_READ && repeats(&h->title, p))
            return 0; /* the title already said it */
    }
    return put_out(h, p);
}

/* Hands everything held back on: the page has no <article>/<main> (or it ended). */
static int release_held(html_reader *h)
{
    paragraph p;
    para_init(&p);
    int rc = 0;
    while (rc == 0 && pq_pop(&h->held, &p))
        rc = emit(h, &p);
    para_free(&p);
    h->held_bytes = 0;
    return rc;
}

/* The title is kept aside; body paragraphs are held back or go on, as the scope says. */
static int deliver(html_reader *h)
{
    paragraph *p = &h->cur;
    if (h->heading_depth && h->heading_level == 0) {
        if (h->title_state == TITLE_NONE) {
            h->title_state = TITLE_HELD;
            return para_copy(&h->title, p);
        }
        return 0; /* a second <title>: only the first counts */
    }
    h->body_paragraphs++;
    if (h->scope == SCOPE_UNDECIDED) {
        h->held_bytes += p->text.len;
        if (move_to(h, &h->held))
            return -1;
        if (h->held_bytes <= HTML_HOLD_LIMIT)
            return 0;
        h->scope = SCOPE_ALL; /* too much text before any <article>: the page has none */
        return release_held(h);
    }
    return emit(h, p);
}

/* Ends the paragraph being gathered (if it has text). `continues`: it was cut for length. */
static void flush(html_reader *h, int continues)
{
    int heading = h->cur.heading;
    if (h->cur.text.len && !h->failed && deliver(h))
        h->failed = 1;
    para_reset(&h->cur);
    if (continues) {
        h->cur.opens = 0;
        h->cur.heading = heading;
    }
    h->space_pending = 0;
}

/* ---- SAX callbacks ----------------------------------------------------------------------- */

static uint64_t parser_position(const html_reader *h)
{
    return markup_position(h->ctxt);
}

static uint64_t position_after_start_tag(const html_reader *h)
{
    return markup_position_after_start_tag(h->ctxt);
}

static int reading_text(const html_reader *h)
{
    if (h->skip_depth || h->article_done || h->failed)
        return 0;
    if (h->head_depth && !(h->heading_depth && h->heading_level == 0))
        return 0;
    return h->scope != SCOPE_ARTICLE || h->article_depth;
}

/* Appends text read from source bytes [src, src_end) to the paragraph being gathered, ending it
 * and going on when it is full. */
static void append_text(html_reader *h, const char *s, size_t n, uint64_t src, uint64_t src_end)
{
    text_piece piece = text_piece_of(s, n, src, src_end, h->fed);
    while (piece.n > 0 && !h->failed) {
        if (para_gather_piece(&h->cur, &h->space_pending, &piece)) {
            h->failed = 1;
            return;
        }
        if (h->cur.text.len && !h->cur.heading && h->heading_depth)
            h->cur.heading = h->heading_level ? h->heading_level : 1;
        if (piece.n)
            flush(h, 1);
    }
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    html_reader *h = ctx;
    uint64_t at = h->last_end, pos = parser_position(h);
    /* text before any tag: libxml2 reads it, then opens the implied <html><body><p> (moving
     * last_end past it), then hands it over. The parser has read the text: it ends by `pos`. */
    if (at + (size_t)len > pos && pos >= (size_t)len)
        at = pos - (size_t)len;
    /* as in ssml.c: a piece handed over before the position moved is followed by the next */
    uint64_t end = at + (len > 0 ? (size_t)len : 0);
    end = pos > end ? pos : end;
    if (reading_text(h) && len > 0)
        append_text(h, (const char *)ch, (size_t)len, at, end);
    else if (len > 0)
        h->space_pending = 1; /* text that is not read still separates words */
    h->last_end = end;
}

/* A quotation mark Ravi adds for <q>: it stands on the tag, the source bytes [from, to) (the
 * tag's last bytes when it is longer than the mark, the bytes before when there are none). */
static void append_mark(html_reader *h, const char *mark, uint64_t from, uint64_t to)
{
    size_t n = strlen(mark);
    if (to > h->fed)
        to = h->fed;
    if (from > to)
        from = to;
    uint64_t at = from;
    if (to - from >= n || (from == to && to >= n))
        at = to - n;
    append_text(h, mark, n, at, to);
}

/* An <article> or <main> starts: what was held back was page furniture around it. */
static void enter_article(html_reader *h)
{
    if (h->scope == SCOPE_UNDECIDED) {
        pq_clear(&h->held);
        h->held_bytes = 0;
        h->scope = SCOPE_ARTICLE;
    }
    if (h->scope == SCOPE_ARTICLE && !h->article_depth && !h->article_done)
        h->article_depth = h->depth;
}

static void on_start_element(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    html_reader *h = ctx;
    const char *name = (const char *)xname;
    h->depth++;
    if (is_block_element(name))
        flush(h, 0);
    if (!h->skip_depth && (is_skipped_element(name) || attributes_skip(atts)))
        h->skip_depth = h->depth;
    if (!h->skip_depth) {
        if (!strcasecmp(name, "head") && !h->head_depth)
            h->head_depth = h->depth;
        if ((!strcasecmp(name, "article") || !strcasecmp(name, "main")))
            enter_article(h);
        int level = heading_level(name);
        if (level >= 0 && !h->heading_depth) {
            h->heading_depth = h->depth;
            h->heading_level = level;
        }
        if (!strcasecmp(name, "q") && reading_text(h))
            append_mark(h, "«", h->last_end, position_after_start_tag(h));
    }
    h->last_end = position_after_start_tag(h);
}

static void on_end_element(void *ctx, const xmlChar *xname)
{
    html_reader *h = ctx;
    const char *name = (const char *)xname;
    if (!strcasecmp(name, "q") && reading_text(h)) {
        /* a <q> the page leaves open is closed at its very end, where there are no bytes
         * for the mark: it then stands on the last ones (found by fuzz_html) */
        append_mark(h, "»", h->last_end, parser_position(h));
    }
    if (is_block_element(name) || h->depth == h->heading_depth)
        flush(h, 0);
    if (h->depth == h->skip_depth)
        h->skip_depth = 0;
    if (h->depth == h->heading_depth)
        h->heading_depth = 0;
    if (h->depth == h->head_depth)
        h->head_depth = 0;
    if (h->depth == h->article_depth) {
        h->article_depth = 0;
        h->article_done = 1;
    }
    if (h->depth)
        h->depth--;
    h->last_end = parser_position(h);
}

/* Comments, doctypes and processing instructions are not read, but they move the position. */
static void on_comment(void *ctx, const xmlChar *value)
{
    (void)value;
    html_reader *h = ctx;
    h->last_end = parser_position(h);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    (void)target;
    on_comment(ctx, data);
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
    (void)eid;
    (void)sid;
    on_comment(ctx, name);
}

/* Broken markup is read as browsers read it: libxml2's complaints are not the user's business. */
static void ignore_error(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

/* ---- the reader -------------------------------------------------------------------------- */

html_reader *html_reader_new(const char *name, diag *d)
{
    html_reader *h = calloc(1, sizeof *h);
    if (!h) {
        diag_nomem(d);
        return NULL;
    }
    h->name = name;
    h->diag = d;
    pq_init(&h->out);
    pq_init(&h->held);
    pq_init(&h->early);
    para_init(&h->cur);
    para_init(&h->title);
    para_reset(&h->cur);
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start_element;
    sax.endElement = on_end_element;
    sax.characters = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.cdataBlock = on_characters;
    sax.comment = on_comment;
    sax.processingInstruction = on_pi;
    sax.internalSubset = on_subset;
    sax.serror = ignore_error;
    /* UTF-8 whatever a <meta charset> says: byte offsets must be the file's */
    h->ctxt = htmlCreatePushParserCtxt(&sax, h, NULL, 0, name, XML_CHAR_ENCODING_UTF8);
    if (!h->ctxt) {
        diag_nomem(d);
        html_reader_free(h);
        return NULL;
    }
    htmlCtxtUseOptions(h->ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                    HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    return h;
}

void html_reader_free(html_reader *h)
{
    if (!h)
        return;
    if (h->ctxt) {
        if (h->ctxt->myDoc)
            xmlFreeDoc(h->ctxt->myDoc);
        htmlFreeParserCtxt(h->ctxt);
    }
    pq_free(&h->out);
    pq_free(&h->held);
    pq_free(&h->early);
    para_free(&h->cur);
    para_free(&h->title);
    free(h);
}

para_queue *html_reader_queue(html_reader *h)
{
    return &h->out;
}

/* The end of the page: whatever is still held goes out; a page with nothing to read is an error. */
static int finish(html_reader *h)
{
    flush(h, 0);
    if (!h->failed && h->scope == SCOPE_UNDECIDED && release_held(h))
        h->failed = 1;
    if (!h->failed && !h->headline_decided && decide_headline(h, NULL))
        h->failed = 1;
    if (h->failed)
        return diag_fail(h->diag, RAVI_E_NOMEM, "%s: out of memory", h->name);
    if (!h->body_paragraphs)
        return diag_fail(h->diag, RAVI_E_EMPTY, "%s: no article text in this HTML page (its body "
                         "is empty, or only scripts, navigation and the like)", h->name);
    return 0;
}

/* libxml2 2.9.x's push parser looks ahead for a tag's ">" skipping quoted attribute values;
 * when a chunk ends inside a value it saves "inside a value" but not which quote opened it, and
 * from then on never finds a ">" again: the rest of the page piles up in its buffer until the
 * end (a 50 MB page took 250 MB). Restarting that look-ahead from the tag's start is correct
 * and cheap (a tag is short). hasPErefs bit 0 is where HTMLparser.c keeps that state. */
static void unstick_lookahead(htmlParserCtxtPtr ctxt)
{
    if (ctxt->hasPErefs & 1) {
        ctxt->checkIndex = 0;
        ctxt->hasPErefs &= ~1;
    }
}

int html_reader_feed(html_reader *h, const char *data, size_t n, int terminate)
{
    while (n > 0 && !h->failed) {
        /* htmlParseChunk takes an int */
        int piece = n > (1u << 30) ? 1 << 30 : (int)n;
        unstick_lookahead(h->ctxt);
        h->fed += (uint64_t)piece;
        htmlParseChunk(h->ctxt, data, piece, 0);
        if (h->ctxt->input)
            xmlParserInputShrink(h->ctxt->input); /* drop what was parsed */
        data += piece;
        n -= (size_t)piece;
    }
    if (terminate && !h->failed) {
        htmlParseChunk(h->ctxt, NULL, 0, 1);
        return finish(h);
    }
    if (h->failed)
        return diag_fail(h->diag, RAVI_E_NOMEM, "%s: out of memory", h->name);
    return 0;
}

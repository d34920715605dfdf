#include "ssml.h"
#include "headline.h"
#include "markup.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

/* What Ravi does with an element. */
typedef enum element_role {
    ROLE_TRANSPARENT, /* dropped, its text read */
    ROLE_REEMIT,      /* given to eSpeak around the text */
    ROLE_PARAGRAPH,   /* <p>: a new paragraph */
    ROLE_SENTENCE,    /* <s>: a new sentence */
    ROLE_BREAK,       /* <break>: silence */
    ROLE_ALIAS,       /* <sub>: its alias instead of its text */
    ROLE_UNREAD,      /* its text is not read */
    ROLE_MARK,        /* <mark name="...">: an event where it stands */
} element_role;

#define SSML_MAX_DEPTH 300 /* libxml2 refuses documents deeper than 256 itself, with a position */

typedef struct open_element {
    element_role role;
    size_t open_len;     /* length of the re-emitted open tags before this element's */
    int heading;         /* role="heading": its text is a headline */
    char name[32];       /* for messages */
} open_element;

struct ssml_reader {
    const char *name;
    diag *diag;
    xmlParserCtxtPtr ctxt;
    para_queue out;
    paragraph cur;            /* the run of text being gathered */
    paragraph last;           /* the run before it, held until the next one shows whether the
                               * next is only punctuation to join to it */
    int have_last;
    int space_pending;
    int opens_next;           /* the next run starts a paragraph */
    int has_break, break_ms;  /* a <break> waits for the next run */
    int paragraph_ends;       /* the run being flushed is the last of its <p> */
    unsigned paragraphs;      /* paragraphs begun so far: the first may be the headline */
    open_element stack[SSML_MAX_DEPTH];
    unsigned depth;
    unsigned unread_depth;    /* > 0: inside an element whose text is not read */
    strbuf open_tags;         /* the re-emitted elements open now, as tags */
    int seen_root;
    uint64_t bytes;           /* fed so far */
    uint64_t last_end;        /* source offset where the parser's previous event ended */
    int failed;               /* out of memory */
    int error_line, error_column;
    char error[256];          /* the first well-formedness error, or "" */
};

static element_role role_of(const char *name)
{
    static const char *const reemit[] = {"prosody", "emphasis", "say-as", "voice", NULL};
    static const char *const unread[] = {"desc", "meta", "metadata", "lexicon", NULL};
    for (const char *const *p = reemit; *p; p++)
        if (!strcmp(name, *p))
            return ROLE_REEMIT;
    for (const char *const *p = unread; *p; p++)
        if (!strcmp(name, *p))
            return ROLE_UNREAD;
    if (!strcmp(name, "p") || !strcmp(name, "paragraph"))
        return ROLE_PARAGRAPH;
    if (!strcmp(name, "s") || !strcmp(name, "sentence"))
        return ROLE_SENTENCE;
    if (!strcmp(name, "break"))
        return ROLE_BREAK;
    if (!strcmp(name, "sub"))
        return ROLE_ALIAS;
    if (!strcmp(name, "mark"))
        return ROLE_MARK;
    return ROLE_TRANSPARENT;
}

int ssml_break_ms(const char *time, const char *strength)
{
    if (time) {
        char *end;
        double v = strtod(time, &end);
        if (end != time && v >= 0 && v <= 60000) {
            while (*end == ' ')
                end++;
            if (!strcmp(end, "ms"))
                return (int)(v + 0.5);
            if (!strcmp(end, "s"))
                return (int)(v * 1000 + 0.5);
        }
    }
    static const struct { const char *name; int ms; } strengths[] = {
        {"none", 0}, {"x-weak", 100}, {"weak", 200}, {"medium", 400}, {"strong", 700}, {"x-strong", 1200},
    };
    for (size_t i = 0; strength && i < sizeof strengths / sizeof *strengths; i++)
        if (!strcmp(strength, strengths[i].name))
            return strengths[i].ms;
    return 400;
}

/* ---- runs of text ------------------------------------------------------------------------ */

/* Appends the closing tags of the open re-emitted elements, innermost first. */
static int append_close_tags(const ssml_reader *s, strbuf *out)
{
    for (unsigned i = s->depth; i-- > 0;) {
        if (s->stack[i].role != ROLE_REEMIT)
            continue;
        /* the open tag starts "<name" and the name ends at a space or ">" */
        const char *tag = s->open_tags.s + s->stack[i].open_len + 1;
        size_t n = strcspn(tag, " >");
        if (sb_puts(out, "</") || sb_append(out, tag, n) || sb_putc(out, '>'))
            return -1;
    }
    return sb_puts(out, "</speak>");
}

/* The held run goes out to the pipeline. */
static int release_last(ssml_reader *s)
{
    if (!s->have_last)
        return 0;
    paragraph *slot = pq_push(&s->out);
    if (!slot)
        return -1;
    paragraph tmp = *slot;
    *slot = s->last;
    s->last = tmp;
    s->have_last = 0;
    return 0;
}

/* Only punctuation: what is left of a sentence after an element closed inside it ("."). */
static int only_punctuation(const char *s, size_t n)
{
    static const uint32_t marks[] = {0xAB, 0xBB, 0x60C, 0x61B, 0x61F, 0x2013, 0x2014, 0x2026};
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        int mark = cp < 0x80 && (ispunct((int)cp) || cp == ' ');
        for (size_t k = 0; !mark && k < sizeof marks / sizeof *marks; k++)
            mark = cp == marks[k];
        if (!mark)
            return 0;
    }
    return 1;
}

/* Punctuation left after an element closed inside a sentence joins the run before it, when
 * that one is still waiting, so that it does not become a sentence of its own. */
static int join_previous(ssml_reader *s)
{
    paragraph *prev = s->have_last ? &s->last : NULL, *p = &s->cur;
    if (!prev || s->has_break || s->opens_next || !only_punctuation(p->text.s, p->text.len))
        return 0;
    size_t at = prev->text.len;
    if (sb_append(&prev->text, p->text.s, p->text.len))
        return -1;
    for (size_t i = 0; i < p->nruns; i++)
        if (para_add_run(prev, at + p->runs[i].pos, p->runs[i].src, p->runs[i].src_end))
            return -1;
    for (size_t i = 0; i < p->nmarks; i++) {
        const char *name = para_mark_name(p, i);
        if (para_add_mark(prev, at + p->marks[i].pos, name, strlen(name)))
            return -1;
    }
    return 1;
}

/* The headline: text inside an element marked role="heading", or the document's first
 * paragraph when it is a whole <p> that reads like one (short, no final punctuation), the way a
 * text file's first line is. */
static int is_headline(const ssml_reader *s, const paragraph *p)
{
    for (unsigned i = 0; i < s->depth; i++)
        if (s->stack[i].heading)
            return 1;
    return p->opens && s->paragraph_ends && s->paragraphs == 0 &&
           text_looks_like_headline(p->text.s, p->text.len);
}

/* Ends the run being gathered: it goes out with the markup open around it. A run of marks
 * alone waits for the text that follows them. */
static void flush(ssml_reader *s)
{
    paragraph *p = &s->cur;
    if (!p->text.len && p->nmarks) {
        s->space_pending = 0;
        return;
    }
    int joined = p->text.len && !s->failed ? join_previous(s) : 0;
    if (joined < 0)
        s->failed = 1;
    if (p->text.len && !s->failed && !joined) {
        p->opens = s->opens_next;
        p->heading = is_headline(s, p);
        s->paragraphs += p->opens ? 1 : 0;
        p->has_break = s->has_break;
        p->break_ms = s->break_ms;
        if (sb_puts(&p->ssml_open, "<speak>") ||
            (s->open_tags.len && sb_append(&p->ssml_open, s->open_tags.s, s->open_tags.len)) ||
            append_close_tags(s, &p->ssml_close)) {
            s->failed = 1;
            return;
        }
        if (release_last(s)) {
            s->failed = 1;
            return;
        }
        paragraph tmp = s->last;
        s->last = *p;
        *p = tmp;
        s->have_last = 1;
        s->opens_next = 0;
        s->has_break = s->break_ms = 0;
    }
    para_reset(&s->cur);
    s->space_pending = 0;
}

/* Appends text read from source bytes [src, src_end) (an alias: the tag that gives it). */
static void append_text(ssml_reader *s, const char *text, size_t n, uint64_t src, uint64_t src_end)
{
    text_piece piece = text_piece_of(text, n, src, src_end, s->bytes);
    while (piece.n > 0 && !s->failed) {
        if (para_gather_piece(&s->cur, &s->space_pending, &piece)) {
            s->failed = 1;
            return;
        }
        if (piece.n)
            flush(s);
    }
}

/* ---- SAX callbacks ----------------------------------------------------------------------- */

static uint64_t parser_position(const ssml_reader *s)
{
    return markup_position(s->ctxt);
}

static uint64_t position_after_start_tag(const ssml_reader *s)
{
    return markup_position_after_start_tag(s->ctxt);
}

/* An attribute's value (SAX2 gives it as a [start, end) pair), copied into buf. */
static const char *attribute(const xmlChar **atts, int n, const char *name, char *buf, size_t size)
{
    for (int i = 0; i < n; i++) {
        const xmlChar **a = atts + 5 * i;
        if (!strcmp((const char *)a[0], name)) {
            size_t len = (size_t)(a[4] - a[3]);
            if (len >= size)
                len = size - 1;
            memcpy(buf, a[3], len);
            buf[len] = '\0';
            return buf;
        }
    }
    return NULL;
}

static int append_escaped(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '"' ? "&quot;" : NULL;
        if (e ? sb_puts(out, e) : sb_putc(out, s[i]))
            return -1;
    }
    return 0;
}

/* A <voice> attribute that would move eSpeak NG to another language's voice: 1.51 misreads
 * memory with most of them on text Ravi hands it (issue 20, src/guard/rules.c), and Ravi reads
 * Persian. Gender, age and variant stay; a name or language stays when it is Persian (fa…) or one
 * of Ravi's voices (ravi-…). */
static int leaves_persian(const char *element, const xmlChar **a)
{
    if (strcmp(element, "voice"))
        return 0;
    const char *attr = (const char *)a[0];
    if (strcmp(attr, "lang") && strcmp(attr, "name") && strcmp(attr, "languages"))
        return 0;
    size_t len = (size_t)(a[4] - a[3]);
    const char *v = (const char *)a[3];
    return !((len >= 2 && !strncmp(v, "fa", 2) && (len == 2 || v[2] == '-' || v[2] == '+')) ||
             (len > 5 && !strncmp(v, "ravi-", 5)));
}

/* The element's open tag as eSpeak will get it: its name and attributes, namespaces left out. */
static int append_open_tag(strbuf *out, const char *name, const xmlChar **atts, int n)
{
    if (sb_putc(out, '<') || sb_puts(out, name))
        return -1;
    for (int i = 0; i < n; i++) {
        const xmlChar **a = atts + 5 * i;
        if (leaves_persian(name, a))
            continue;
        if (sb_putc(out, ' ') || (a[1] && (sb_puts(out, (const char *)a[1]) || sb_putc(out, ':'))) ||
            sb_puts(out, (const char *)a[0]) || sb_puts(out, "=\"") ||
            append_escaped(out, (const char *)a[3], (size_t)(a[4] - a[3])) || sb_putc(out, '"'))
            return -1;
    }
    return sb_putc(out, '>');
}

/* A mark stands before the text that comes next (after the space waiting to be written). */
static void take_mark(ssml_reader *s, const xmlChar **atts, int n)
{
    char name[256];
    if (!attribute(atts, n, "name", name, sizeof name))
        return;
    size_t pos = s->cur.text.len + (s->space_pending && s->cur.text.len ? 1 : 0);
    if (para_add_mark(&s->cur, pos, name, strlen(name)))
        s->failed = 1;
}

static void take_break(ssml_reader *s, const xmlChar **atts, int n)
{
    char time[64], strength[64];
    int ms = ssml_break_ms(attribute(atts, n, "time", time, sizeof time),
                           attribute(atts, n, "strength", strength, sizeof strength));
    flush(s);
    /* breaks in a row add up */
    s->break_ms = s->has_break ? s->break_ms + ms : ms;
    s->has_break = 1;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **atts)
{
    (void)prefix;
    (void)uri;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    ssml_reader *s = ctx;
    const char *name = (const char *)localname;
    if (!s->seen_root) {
        s->seen_root = 1;
        if (strcmp(name, "speak")) {
            s->error_line = xmlSAX2GetLineNumber(s->ctxt);
            s->error_column = xmlSAX2GetColumnNumber(s->ctxt);
            snprintf(s->error, sizeof s->error, "the root element is <%s>; SSML starts with <speak>", name);
            xmlStopParser(s->ctxt);
            return;
        }
    }
    element_role role = s->depth == 0 || s->unread_depth ? ROLE_TRANSPARENT : role_of(name);
    if (s->depth >= SSML_MAX_DEPTH) {
        if (!s->error[0]) {
            s->error_line = xmlSAX2GetLineNumber(s->ctxt);
            s->error_column = xmlSAX2GetColumnNumber(s->ctxt);
            snprintf(s->error, sizeof s->error, "elements nested more than %d deep", SSML_MAX_DEPTH);
        }
        xmlStopParser(s->ctxt);
        return;
    }
    /* the text so far goes out with the markup as it was */
    if (role == ROLE_PARAGRAPH || role == ROLE_SENTENCE || role == ROLE_REEMIT)
        flush(s);
    open_element *e = &s->stack[s->depth++];
    e->role = role;
    e->open_len = s->open_tags.len;
    char role_attr[16];
    e->heading = (role == ROLE_PARAGRAPH || role == ROLE_SENTENCE) &&
                 attribute(atts, nb_attributes, "role", role_attr, sizeof role_attr) &&
                 !strcmp(role_attr, "heading");
    snprintf(e->name, sizeof e->name, "%s", name);
    if (role == ROLE_PARAGRAPH) {
        s->opens_next = 1;
    } else if (role == ROLE_BREAK) {
        take_break(s, atts, nb_attributes);
    } else if (role == ROLE_MARK) {
        take_mark(s, atts, nb_attributes);
    } else if (role == ROLE_REEMIT) {
        if (append_open_tag(&s->open_tags, name, atts, nb_attributes))
            s->failed = 1;
    } else if (role == ROLE_ALIAS || role == ROLE_UNREAD) {
        char alias[1024];
        if (role == ROLE_ALIAS && attribute(atts, nb_attributes, "alias", alias, sizeof alias))
            append_text(s, alias, strlen(alias), s->last_end, position_after_start_tag(s));
        s->unread_depth = s->depth;
    }
    s->last_end = position_after_start_tag(s);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    (void)localname;
    (void)prefix;
    (void)uri;
    ssml_reader *s = ctx;
    if (!s->depth)
        return;
    open_element *e = &s->stack[s->depth - 1];
    if (e->role == ROLE_PARAGRAPH || e->role == ROLE_SENTENCE) {
        s->paragraph_ends = e->role == ROLE_PARAGRAPH;
        flush(s);
        s->paragraph_ends = 0;
        s->opens_next = s->opens_next || e->role == ROLE_PARAGRAPH;
    } else if (e->role == ROLE_REEMIT) {
        flush(s);
        s->open_tags.len = e->open_len;
        if (s->open_tags.s)
            s->open_tags.s[e->open_len] = '\0';
    }
    if (s->unread_depth == s->depth)
        s->unread_depth = 0;
    s->depth--;
    s->last_end = parser_position(s);
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    ssml_reader *s = ctx;
    /* libxml2 hands long non-ASCII text over in pieces before its position moves past them:
     * the next piece starts after this one, not back where this one did (found by fuzz_ssml) */
    uint64_t pos = parser_position(s), end = s->last_end + (len > 0 ? (size_t)len : 0);
    end = pos > end ? pos : end;
    if (len > 0 && !s->unread_depth && s->depth > 0)
        append_text(s, (const char *)ch, (size_t)len, s->last_end, end);
    s->last_end = end;
}

static void on_other(void *ctx, const xmlChar *a, const xmlChar *b)
{
    (void)a;
    (void)b;
    ssml_reader *s = ctx;
    s->last_end = parser_position(s);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    on_other(ctx, value, NULL);
}

/* Keeps the first well-formedness error for the message. */
static void on_error(void *ctx, xmlErrorPtr err)
{
    ssml_reader *s = ctx;
    if (s->error[0] || !err || err->level < XML_ERR_ERROR)
        return;
    s->error_line = err->line;
    s->error_column = err->int2;
    snprintf(s->error, sizeof s->error, "%s", err->message ? err->message : "not well-formed");
    s->error[strcspn(s->error, "\n")] = '\0';
}

/* ---- the reader -------------------------------------------------------------------------- */

ssml_reader *ssml_reader_new(const char *name, diag *d)
{
    ssml_reader *s = calloc(1, sizeof *s);
    if (!s) {
        diag_nomem(d);
        return NULL;
    }
    s->name = name;
    s->diag = d;
    s->opens_next = 1;
    pq_init(&s->out);
    para_init(&s->cur);
    para_init(&s->last);
    sb_init(&s->open_tags);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_characters;
    sax.cdataBlock = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.comment = on_comment;
    sax.processingInstruction = on_other;
    sax.serror = on_error;
    s->ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, name);
    if (!s->ctxt) {
        diag_nomem(d);
        ssml_reader_free(s);
        return NULL;
    }
    /* no network, no external entities or DTDs: a document cannot make Ravi read other files */
    xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    return s;
}

void ssml_reader_free(ssml_reader *s)
{
    if (!s)
        return;
    if (s->ctxt) {
        if (s->ctxt->myDoc)
            xmlFreeDoc(s->ctxt->myDoc);
        xmlFreeParserCtxt(s->ctxt);
    }
    pq_free(&s->out);
    para_free(&s->cur);
    para_free(&s->last);
    sb_free(&s->open_tags);
    free(s);
}

para_queue *ssml_reader_queue(ssml_reader *s)
{
    return &s->out;
}

static int report(ssml_reader *s)
{
    if (s->failed)
        return diag_fail(s->diag, RAVI_E_NOMEM, "%s: out of memory", s->name);
    if (s->error[0])
        return diag_fail(s->diag, RAVI_E_MARKUP, "%s:%d:%d: invalid SSML: %s", s->name,
                         s->error_line, s->error_column, s->error);
    return 0;
}

/* Marks after the document's last text: a paragraph without text carries them to the end. */
static int release_trailing_marks(ssml_reader *s)
{
    if (!s->cur.nmarks)
        return 0;
    paragraph *slot = pq_push(&s->out);
    if (!slot)
        return -1;
    paragraph tmp = *slot;
    *slot = s->cur;
    s->cur = tmp;
    para_reset(&s->cur);
    slot->opens = 0;
    return 0;
}

/* libxml2's push parser calls an unclosed element "extra content at the end": say what it is. */
static void explain_unclosed(ssml_reader *s)
{
    if (s->error[0] && !s->seen_root)
        snprintf(s->error, sizeof s->error, "no <speak> element");
    else if (s->error[0] && s->depth > 0 && strstr(s->error, "Extra content at the end"))
        snprintf(s->error, sizeof s->error, "the document ends before <%s> is closed",
                 s->stack[s->depth - 1].name);
}

int ssml_reader_feed(ssml_reader *s, const char *data, size_t n, int terminate)
{
    s->bytes += n;
    while (n > 0 && !s->failed && !s->error[0]) {
        int piece = n > (1u << 30) ? 1 << 30 : (int)n;
        xmlParseChunk(s->ctxt, data, piece, 0);
        data += piece;
        n -= (size_t)piece;
    }
    if (terminate && !s->failed && !s->error[0] && s->bytes > 0) {
        xmlParseChunk(s->ctxt, NULL, 0, 1);
        explain_unclosed(s);
        if (!s->error[0] && !s->seen_root) {
            s->error_line = s->error_column = 1;
            snprintf(s->error, sizeof s->error, "no <speak> element");
        }
        flush(s);
        if (release_last(s) || release_trailing_marks(s))
            s->failed = 1;
    }
    return report(s);
}

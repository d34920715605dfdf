#include "input.h"
#include "headline.h"
#include "html.h"
#include "ssml.h"

#include <string.h>
#include <strings.h>

/* What the HTML and SSML readers have in common: fed bytes, they fill a queue of paragraphs. */
struct markup_ops {
    void *(*open)(const char *name, diag *d);
    int (*feed)(void *parser, const char *data, size_t n, int terminate);
    para_queue *(*queue)(void *parser);
    void (*close)(void *parser);
};

static void *html_open(const char *name, diag *d) { return html_reader_new(name, d); }
static int html_feed(void *p, const char *d, size_t n, int t) { return html_reader_feed(p, d, n, t); }
static para_queue *html_queue(void *p) { return html_reader_queue(p); }
static void html_close(void *p) { html_reader_free(p); }
static const markup_ops html_ops = {html_open, html_feed, html_queue, html_close};

static void *ssml_open(const char *name, diag *d) { return ssml_reader_new(name, d); }
static int ssml_feed(void *p, const char *d, size_t n, int t) { return ssml_reader_feed(p, d, n, t); }
static para_queue *ssml_queue(void *p) { return ssml_reader_queue(p); }
static void ssml_close(void *p) { ssml_reader_free(p); }
static const markup_ops ssml_ops = {ssml_open, ssml_feed, ssml_queue, ssml_close};

#define SNIFF_BYTES 4096

static int has_extension(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    return n > k && !strcasecmp(name + n - k, ext);
}

static const char *skip_bom_and_space(const char *s, const char *end)
{
    if (end - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
        s += 3;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    return s;
}

static int starts_with(const char *s, const char *end, const char *prefix)
{
    size_t k = strlen(prefix);
    return (size_t)(end - s) >= k && !strncasecmp(s, prefix, k);
}

/* An XML declaration may come first: SSML when a <speak> element follows it. */
static int is_ssml_start(const char *s, const char *end)
{
    if (starts_with(s, end, "<speak"))
        return 1;
    if (!starts_with(s, end, "<?xml"))
        return 0;
    for (const char *p = s; p + 6 <= end; p++)
        if (!memcmp(p, "<speak", 6))
            return 1;
    return 0;
}

input_format input_guess_format(const char *name, const char *head, size_t n)
{
    if (name && (has_extension(name, ".html") || has_extension(name, ".htm") ||
                 has_extension(name, ".xhtml")))
        return INPUT_HTML;
    if (name && has_extension(name, ".ssml"))
        return INPUT_SSML;
    const char *end = head + n, *s = skip_bom_and_space(head, end);
    if (is_ssml_start(s, end))
        return INPUT_SSML;
    if (s + 1 < end && s[0] == '<' &&
        ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '!' || s[1] == '?'))
        return INPUT_HTML;
    return INPUT_TEXT;
}

/* Whether the first bytes are enough to tell the format: text as soon as a character that is
 * not markup shows, a tag once its first few letters are in, an XML declaration once <speak>
 * follows or SNIFF_BYTES are read. Reading a pipe or a terminal, Ravi waits for no more. */
static int enough_to_guess(const char *head, size_t n)
{
    const char *end = head + n, *s = skip_bom_and_space(head, end);
    if (s == end)
        return 0;
    if (*s != '<')
        return 1;
    if (starts_with(s, end, "<?xml"))
        return is_ssml_start(s, end) || n >= SNIFF_BYTES;
    return end - s >= 6;
}

static int sniff_format(input_stream *in, const char *path, input_format *format)
{
    const char *head;
    size_t n = 0, want = 1;
    do {
        if (reader_peek(&in->rd, want, &head, &n))
            return -1;
        want = n + 1;
    } while (!in->rd.eof && n < SNIFF_BYTES && !enough_to_guess(head, n));
    *format = input_guess_format(path, head, n);
    return 0;
}

/* Recognises the format (the name's extension, the first bytes) and opens its parser; closes the
 * input on failure. */
static int start_format(input_stream *in, const char *name, input_format format)
{
    if (format == INPUT_AUTO && sniff_format(in, name, &format)) {
        input_close(in);
        return -1;
    }
    in->format = format;
    in->ops = format == INPUT_HTML ? &html_ops : format == INPUT_SSML ? &ssml_ops : NULL;
    if (in->ops && !(in->parser = in->ops->open(in->rd.name, in->rd.diag))) {
        input_close(in);
        return -1;
    }
    return 0;
}

static void input_init(input_stream *in)
{
    memset(in, 0, sizeof *in);
    sb_init(&in->chunk);
}

int input_open_path(input_stream *in, const char *path, const char *name, input_format format,
                    diag *d)
{
    input_init(in);
    if (reader_open_path(&in->rd, path, name, d))
        return -1;
    return start_format(in, name ? name : path, format);
}

int input_open_stream(input_stream *in, const char *name, reader_read_fn fn, void *ctx,
                      input_format format, diag *d)
{
    input_init(in);
    reader_open_stream(&in->rd, name, fn, ctx, d);
    return start_format(in, name, format);
}

int input_open_memory(input_stream *in, const char *text, size_t len, const char *name,
                      input_format format, diag *d)
{
    input_init(in);
    reader_open_memory(&in->rd, text, len, name, d);
    return start_format(in, name, format);
}

void input_close(input_stream *in)
{
    if (in->ops && in->parser)
        in->ops->close(in->parser);
    reader_close(&in->rd);
    sb_free(&in->chunk);
    memset(in, 0, sizeof *in);
}

/* ---- plain text -------------------------------------------------------------------------- */

static int next_text_paragraph(input_stream *in, paragraph *p)
{
    para_reset(p);
    uint64_t start;
    int opens;
    int r = reader_next(&in->rd, &p->text, &start, &opens);
    if (r <= 0)
        return r;
    p->start = start;
    p->opens = opens;
    if (in->rd.paragraphs == 1 && in->rd.blank_after_first &&
        text_looks_like_headline(p->text.s, p->text.len))
        p->heading = 1;
    return 1;
}

/* ---- markup ------------------------------------------------------------------------------ */

/* Bytes a UTF-8 sequence starting with c has, 0 when c cannot start one. */
static size_t utf8_sequence_length(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
}

/* An incomplete character at the very end of s[i..n): its lead byte and continuation bytes. */
static int incomplete_at_end(const char *s, size_t i, size_t n)
{
    size_t k = utf8_sequence_length((unsigned char)s[i]);
    if (k < 2 || i + k <= n)
        return 0;
    for (size_t j = i + 1; j < n; j++)
        if (((unsigned char)s[j] & 0xC0) != 0x80)
            return 0;
    return 1;
}

/* Replaces invalid bytes by spaces (keeping every byte's offset) and counts them. Returns how
 * many bytes are complete; the rest is an unfinished character to prepend to the next chunk. */
static size_t make_valid_utf8(input_stream *in, char *s, size_t n, int at_end)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (!at_end && incomplete_at_end(s, i, n))
            return i;
        uint32_t cp;
        size_t k = utf8_decode_slow(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3))) {
            if (!in->invalid_utf8++)
                in->first_invalid = in->chunk_offset + i;
            s[i] = ' ';
            k = 1;
        }
        i += k;
    }
    return n;
}

/* Reads the next chunk and gives it to the parser. Returns 0, or -1 after a message. */
static int feed_parser(input_stream *in)
{
    const char *data;
    size_t n;
    uint64_t offset;
    int r = reader_chunk(&in->rd, &data, &n, &offset);
    if (r < 0)
        return -1;
    int at_end = r == 0;
    if (!at_end) {
        if (!in->chunk.len)
            in->chunk_offset = offset;
        if (sb_append(&in->chunk, data, n))
            return diag_fail(in->rd.diag, RAVI_E_NOMEM, "%s: out of memory", in->rd.name);
    }
    size_t complete = make_valid_utf8(in, in->chunk.s ? in->chunk.s : "", in->chunk.len, at_end);
    if (in->ops->feed(in->parser, in->chunk.s, complete, at_end))
        return -1;
    size_t rest = in->chunk.len - complete;
    if (rest)
        memmove(in->chunk.s, in->chunk.s + complete, rest);
    if (in->chunk.s) {
        in->chunk.len = rest;
        in->chunk.s[rest] = '\0';
    }
    in->chunk_offset += complete;
    in->fed_all = at_end;
    return 0;
}

static int next_markup_paragraph(input_stream *in, paragraph *p)
{
    for (;;) {
        if (pq_pop(in->ops->queue(in->parser), p))
            return 1;
        if (in->fed_all)
            return 0;
        if (feed_parser(in))
            return -1;
    }
}

int input_next(input_stream *in, paragraph *p)
{
    return in->ops ? next_markup_paragraph(in, p) : next_text_paragraph(in, p);
}

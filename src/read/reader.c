#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)

static void reader_init(reader *r, const char *name, diag *d)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->name = name;
    r->diag = d;
}

int reader_open_path(reader *r, const char *path, const char *name, diag *d)
{
    reader_init(r, name ? name : path, d);
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0)
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot open: %s", r->name, strerror(errno));
    struct stat st;
    if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_fail(d, RAVI_E_INPUT, "%s: is a directory, not a text file", r->name);
        reader_close(r);
        return -1;
    }
    return 0;
}

void reader_open_stream(reader *r, const char *name, reader_read_fn fn, void *ctx, diag *d)
{
    reader_init(r, name ? name : "input", d);
    r->read = fn;
    r->read_ctx = ctx;
}

void reader_open_memory(reader *r, const char *text, size_t len, const char *name, diag *d)
{
    reader_init(r, name ? name : "text", d);
    r->buf = (char *)text; /* never written: memory readers never refill */
    r->len = len;
    r->eof = 1;
}

/* A reader that reads owns its buffer; a memory reader's is the caller's text. */
static int owns_buffer(const reader *r)
{
    return r->fd >= 0 || r->read;
}

void reader_close(reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    if (owns_buffer(r))
        free(r->buf);
    reader_init(r, NULL, NULL);
}

/* Reads from the file or the caller's stream: bytes, 0 at the end, -1 after an error. */
static ssize_t read_more(reader *r, char *buf, size_t n)
{
    for (;;) {
        errno = 0;
        ssize_t got = r->read ? (ssize_t)r->read(r->read_ctx, buf, n) : read(r->fd, buf, n);
        if (got > (ssize_t)n)
            return diag_fail(r->diag, RAVI_E_INVALID, "%s: the read function gave %zd bytes for %zu",
                             r->name, got, n);
        if (got >= 0)
            return got;
        if (errno == EINTR && !r->read)
            continue; /* a signal the caller handles: the read goes on */
        if (errno == ECANCELED)
            return diag_cancel(r->diag);
        return diag_fail(r->diag, RAVI_E_INPUT, "%s: read error: %s", r->name,
                         strerror(errno ? errno : EIO));
    }
}

/* Moves the unread bytes to the front and reads more. Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t reader_fill(reader *r)
{
    if (r->eof)
        return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->cap - r->len < READ_CHUNK) {
        size_t cap = r->len + READ_CHUNK;
        char *b = realloc(r->buf, cap);
        if (!b)
            return diag_fail(r->diag, RAVI_E_NOMEM, "%s: out of memory", r->name);
        r->buf = b;
        r->cap = cap;
    }
    ssize_t n = read_more(r, r->buf + r->len, r->cap - r->len);
    if (n < 0)
        return -1;
    if (n == 0)
        r->eof = 1;
    r->len += (size_t)n;
    return n;
}

/* Where to cut a line of more than READER_MAX_PARAGRAPH bytes: after the last space, else on a
 * UTF-8 character boundary. */
static size_t cut_point(const char *s, size_t n)
{
    for (size_t i = n; i > n / 2; i--)
        if (s[i - 1] == ' ' || s[i - 1] == '\t')
            return i;
    size_t i = n;
    while (i > 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

/* Whether the line at the read position is blank: the headline rule wants the first paragraph
 * followed by an empty line. Refilling may move the buffer: callers copy their line first. */
static int peek_blank_line(reader *r)
{
    for (;;) {
        const char *line = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = avail ? memchr(line, '\n', avail) : NULL;
        if (nl || r->eof || avail >= READER_MAX_PARAGRAPH) {
            size_t n = nl ? (size_t)(nl - line) : avail;
            r->blank_after_first = nl && is_blank(line, n);
            return 0;
        }
        if (reader_fill(r) < 0)
            return -1;
    }
}

int reader_next(reader *r, strbuf *para, uint64_t *start, int *opens_paragraph)
{
    for (;;) {
        char *line = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        char *nl = avail ? memchr(line, '\n', avail < READER_MAX_PARAGRAPH ? avail : READER_MAX_PARAGRAPH) : NULL;
        size_t take, skip;
        int whole_line = 1;
        if (nl) {
            take = (size_t)(nl - line);
            skip = take + 1;
        } else if (avail > READER_MAX_PARAGRAPH) {
            /* more than the limit: cut_point looks at the byte after it (ASan, 100,000 digits) */
            take = skip = cut_point(line, READER_MAX_PARAGRAPH);
            whole_line = 0;
        } else if (!r->eof) {
            ssize_t n = reader_fill(r);
            if (n < 0)
                return -1;
            continue;
        } else if (avail) {
            take = skip = avail;
        } else {
            return 0;
        }
        uint64_t offset = r->offset;
        r->pos += skip;
        r->offset += skip;
        if (take && line[take - 1] == '\r')
            take--;
        int opens = !r->in_paragraph;
        r->in_paragraph = !whole_line;
        if (is_blank(line, take))
            continue;
        sb_reset(para);
        if (sb_append(para, line, take))
            return diag_fail(r->diag, RAVI_E_NOMEM, "%s: out of memory", r->name);
        *start = offset;
        *opens_paragraph = opens;
        if (r->paragraphs++ == 0 && whole_line && peek_blank_line(r) < 0)
            return -1;
        return 1;
    }
}

int reader_peek(reader *r, size_t want, const char **data, size_t *n)
{
    while (r->len - r->pos < want && !r->eof)
        if (reader_fill(r) < 0)
            return -1;
    *data = r->buf + r->pos;
    *n = r->len - r->pos;
    return 0;
}

int reader_chunk(reader *r, const char **data, size_t *n, uint64_t *offset)
{
    if (r->pos == r->len) {
        if (r->eof)
            return 0;
        r->pos = r->len = 0; /* everything was handed out: read afresh from the start */
        ssize_t got = reader_fill(r);
        if (got < 0)
            return -1;
        if (got == 0)
            return 0;
    }
    *data = r->buf + r->pos;
    *n = r->len - r->pos;
    *offset = r->offset;
    r->offset += *n;
    r->pos = r->len;
    return 1;
}

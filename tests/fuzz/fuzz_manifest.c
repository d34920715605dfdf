/* libFuzzer target: arbitrary bytes as a batch manifest (src/batch/manifest.c), fed in pieces of
 * the sizes the first byte picks, and every article line's output name made as the batch makes
 * it. Checked:
 *   - the lines are the same whatever the pieces (whole, then in pieces), numbered upwards;
 *   - an article line has an input without NUL, TAB or line end, a name likewise;
 *   - every output name made is relative, has no "", "." or ".." part, no hidden file name, and
 *     ends in the format's extension; its companion ends in the companion's. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batch/manifest.h"

typedef struct seen {
    strbuf lines;             /* each line's number, input and name, as one string */
    unsigned long last;
    strbuf name, companion;
} seen;

static void check_output_name(const char *out)
{
    size_t n = strlen(out);
    if (!n || out[0] == '/' || n < 4 || strcasecmp(out + n - 4, ".wav"))
        abort();
    for (const char *p = out; *p;) {
        size_t part = strcspn(p, "/");
        if (!part || (part == 1 && p[0] == '.') || (part == 2 && !memcmp(p, "..", 2)))
            abort();
        p += part + (p[part] == '/');
    }
    const char *base = strrchr(out, '/');
    if ((base ? base[1] : out[0]) == '.')
        abort();
}

static int take(void *ctx, const manifest_line *l)
{
    seen *s = ctx;
    if (l->number <= s->last && s->last)
        abort();
    s->last = l->number;
    sb_printf(&s->lines, "%lu\x01%s\x01%s\x02", l->number, l->error ? l->error : l->input,
              l->name ? l->name : "");
    if (l->error)
        return 0;
    if (!l->input_len || strlen(l->input) != l->input_len || strpbrk(l->input, "\t\n"))
        abort();
    if (l->name && (!l->name_len || strlen(l->name) != l->name_len || strpbrk(l->name, "\t\n")))
        abort();
    const char *why;
    int rc = batch_output_name(l->input, l->name, "wav", &s->name, &why);
    if (rc == -1 && !why)
        abort();
    if (rc == 0) {
        check_output_name(s->name.s);
        if (batch_companion_name(s->name.s, "wav", "srt", &s->companion) == 0) {
            size_t n = s->companion.len;
            if (n < 4 || strcmp(s->companion.s + n - 4, ".srt"))
                abort();
        }
    }
    return 0;
}

static void read_all(const uint8_t *data, size_t size, size_t piece, seen *s)
{
    manifest_reader r;
    memset(s, 0, sizeof *s);
    sb_init(&s->lines);
    sb_init(&s->name);
    sb_init(&s->companion);
    manifest_reader_init(&r, take, s);
    for (size_t at = 0; at < size; at += piece)
        manifest_reader_feed(&r, (const char *)data + at, size - at < piece ? size - at : piece);
    manifest_reader_end(&r);
    manifest_reader_free(&r);
}

static void seen_free(seen *s)
{
    sb_free(&s->lines);
    sb_free(&s->name);
    sb_free(&s->companion);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    size_t piece = (size_t)data[0] % 17 + 1;
    seen whole, pieces;
    read_all(data + 1, size - 1, size, &whole);
    read_all(data + 1, size - 1, piece, &pieces);
    if (whole.lines.len != pieces.lines.len ||
        (whole.lines.len && memcmp(whole.lines.s, pieces.lines.s, whole.lines.len)))
        abort();
    seen_free(&whole);
    seen_free(&pieces);
    return 0;
}

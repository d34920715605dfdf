/* What a batch reads: a manifest, or a directory walked for articles; and where each article's
 * audio goes under the output directory.
 *
 * A manifest is UTF-8 text (a BOM and CRLF line ends are accepted), one article per line:
 *     INPUT                 the output keeps the input's path, with the format's extension
 *     INPUT<TAB>NAME        the output is NAME under the output directory (the extension added
 *                           when NAME lacks it)
 * Blank lines and lines starting with '#' are not articles. Every other line is one, numbered in
 * order from 0 (its index k for sharding), also when it is wrong: a bad line is a failed article,
 * reported with its line number, never a reason to stop the others. */
#ifndef RAVI_BATCH_MANIFEST_H
#define RAVI_BATCH_MANIFEST_H

#include <stddef.h>

#include "../util.h"

/* A manifest line longer than this names no file (PATH_MAX is 4096): reported, not kept. */
#define MANIFEST_MAX_LINE 16384

/* One article line of a manifest, as read. */
typedef struct manifest_line {
    unsigned long number;     /* the line's number in the file, from 1 */
    const char *input;        /* NUL-terminated, input_len bytes (empty when error) */
    size_t input_len;
    const char *name;         /* the output name after the TAB, or NULL */
    size_t name_len;
    const char *error;        /* what is wrong with the line (then input and name may be empty) */
    const char *relative;     /* a walked directory's article: its path under the directory, which
                               * the output's is made from (NULL: from input) */
} manifest_line;

typedef int (*manifest_fn)(void *ctx, const manifest_line *line);

/* Reads a manifest from bytes fed in pieces of any size, calling fn for each article line (a
 * non-zero return stops the reading: feed returns it). */
typedef struct manifest_reader {
    manifest_fn fn;
    void *ctx;
    strbuf line;              /* the line being gathered */
    unsigned long number;     /* of that line */
    int too_long;             /* the line passed MANIFEST_MAX_LINE: skipped to its end */
    int started;              /* the first bytes were seen (a BOM is looked for there only) */
} manifest_reader;

void manifest_reader_init(manifest_reader *r, manifest_fn fn, void *ctx);
void manifest_reader_free(manifest_reader *r);
/* Returns 0, fn's non-zero answer, or -1 when out of memory. */
int manifest_reader_feed(manifest_reader *r, const char *bytes, size_t n);
/* The last line, when the file does not end with a line end. */
int manifest_reader_end(manifest_reader *r);

/* The input extensions a walked directory is read for (.txt .html .htm .xhtml .ssml, any case);
 * 1 when `name` ends with one. */
int batch_is_article_name(const char *name);

/* The output's path under the output directory, `ext` the format's extension ("wav"):
 *   - from a manifest NAME: kept as written, made lexical ("a//./b" is "a/b"), with ".ext"
 *     added unless it ends with it; refused when absolute, when it leads out of the directory
 *     (".."), when it ends in another audio format's extension, or when its file name starts
 *     with '.' (the journal and temporary files are Ravi's own hidden names);
 *   - from the INPUT (name NULL): its path made lexical, a leading "/" and leading "../" removed
 *     (as tar does), the input extension (.txt .html .htm .xhtml .ssml) replaced by ".ext"
 *     (another is kept and ".ext" added).
 * Returns 0 with the path in *out (replaced), or -1 with *why set (a static message), or -2 when
 * out of memory. */
int batch_output_name(const char *input, const char *name, const char *ext, strbuf *out,
                      const char **why);

/* The path of a companion file (subtitles, events): the audio name `audio` (ending in ".ext")
 * with its extension replaced by `other` ("srt"). 0, or -1 when out of memory. */
int batch_companion_name(const char *audio, const char *ext, const char *other, strbuf *out);

/* A directory's articles, walked in byte order of their names (so that every machine of a
 * sharded batch numbers them alike): hidden files and directories (".name") are skipped, and so
 * is the directory `skip_dev`/`skip_ino` (the output directory inside the input one) when
 * skip_dev is not 0. Symbolic links to directories are followed, never around a loop. fn gets
 * each article as a manifest line without a NAME, `input` DIR/relative and `relative` set. An error
 * reading a directory stops the walk: -1 with the message in *error (malloc'd). */
int batch_walk(const char *dir, unsigned long skip_dev, unsigned long skip_ino, manifest_fn fn,
               void *ctx, char **error);

#endif

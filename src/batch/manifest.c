#include "manifest.h"
#include "../sink/sink.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- reading a manifest -------------------------------------------------------------------- */

void manifest_reader_init(manifest_reader *r, manifest_fn fn, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->fn = fn;
    r->ctx = ctx;
    r->number = 1;
    sb_init(&r->line);
}

void manifest_reader_free(manifest_reader *r)
{
    sb_free(&r->line);
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\v\f", s[i]))
            return 0;
    return 1;
}

static int report(manifest_reader *r, const char *error)
{
    manifest_line line = {r->number, "", 0, NULL, 0, error, NULL};
    return r->fn(r->ctx, &line);
}

/* One whole line (its end left out): an article, a blank line or a comment. */
static int take_line(manifest_reader *r)
{
    if (r->too_long)
        return report(r, "the line is longer than any file name (16384 bytes)");
    char *s = r->line.s;
    size_t n = r->line.len;
    if (r->number == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3; /* the byte order mark some editors write */
        n -= 3;
    }
    if (n && s[n - 1] == '\r')
        s[--n] = '\0';
    if (is_blank(s, n) || s[0] == '#')
        return 0;
    if (memchr(s, '\0', n))
        return report(r, "the line holds a NUL byte");
    char *tab = memchr(s, '\t', n);
    if (tab && memchr(tab + 1, '\t', n - (size_t)(tab + 1 - s)))
        return report(r, "more than one TAB: expected INPUT or INPUT<TAB>OUTPUT-NAME");
    if (tab == s)
        return report(r, "no input before the TAB");
    if (tab && tab + 1 == s + n)
        return report(r, "nothing after the TAB: give an output name, or leave the TAB out");
    manifest_line line = {r->number, s, n, NULL, 0, NULL, NULL};
    if (tab) {
        *tab = '\0';
        line.input_len = (size_t)(tab - s);
        line.name = tab + 1;
        line.name_len = n - line.input_len - 1;
    }
    return r->fn(r->ctx, &line);
}

static int end_line(manifest_reader *r)
{
    int rc = take_line(r);
    sb_reset(&r->line);
    r->too_long = 0;
    r->number++;
    return rc;
}

static int gather(manifest_reader *r, const char *bytes, size_t n)
{
    if (r->too_long)
        return 0;
    if (r->line.len + n > MANIFEST_MAX_LINE) {
        r->too_long = 1; /* the rest of the line is skipped; the line is reported at its end */
        sb_reset(&r->line);
        return 0;
    }
    return sb_append(&r->line, bytes, n);
}

int manifest_reader_feed(manifest_reader *r, const char *bytes, size_t n)
{
    while (n) {
        const char *nl = memchr(bytes, '\n', n);
        size_t piece = nl ? (size_t)(nl - bytes) : n;
        if (gather(r, bytes, piece))
            return -1;
        if (!nl)
            return 0;
        int rc = end_line(r);
        if (rc)
            return rc;
        bytes += piece + 1;
        n -= piece + 1;
    }
    return 0;
}

int manifest_reader_end(manifest_reader *r)
{
    if (!r->line.len && !r->too_long)
        return 0;
    return end_line(r);
}

/* ---- output names -------------------------------------------------------------------------- */

static const char *const article_extensions[] = {"txt", "html", "htm", "xhtml", "ssml"};

/* The extension of a path's file name (after its last dot, a leading dot aside), or NULL. */
static const char *extension_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : NULL;
}

int batch_is_article_name(const char *name)
{
    const char *ext = extension_of(name);
    for (size_t i = 0; ext && i < sizeof article_extensions / sizeof *article_extensions; i++)
        if (!strcasecmp(ext, article_extensions[i]))
            return 1;
    return 0;
}

/* `path` made lexical into out: empty and "." parts dropped, ".." taking the part before it
 * away. A ".." with nothing before it is dropped (leading_up) or refused. */
static int lexical(const char *path, int leading_up, strbuf *out, const char **why)
{
    sb_reset(out);
    while (*path) {
        size_t n = strcspn(path, "/");
        if (n == 2 && !memcmp(path, "..", 2)) {
            if (out->len) {
                char *slash = strrchr(out->s, '/');
                out->len = slash ? (size_t)(slash - out->s) : 0;
                out->s[out->len] = '\0';
            } else if (!leading_up) {
                *why = "leads out of the output directory ('..')";
                return -1;
            }
        } else if (n && !(n == 1 && path[0] == '.')) {
            if ((out->len && sb_putc(out, '/')) || sb_append(out, path, n))
                return -2;
        }
        path += n + (path[n] == '/');
    }
    return 0;
}

/* The last part of a lexical path. */
static const char *file_name(const strbuf *path)
{
    const char *slash = strrchr(path->s, '/');
    return slash ? slash + 1 : path->s;
}

static int check_file_name(const strbuf *path, const char **why)
{
    if (!path->len) {
        *why = "names no file, only the output directory";
        return -1;
    }
    if (file_name(path)[0] == '.') {
        *why = "the file name starts with '.' (hidden names in the output directory are Ravi's "
               "own: its journal and temporary files)";
        return -1;
    }
    return 0;
}

static int add_extension(strbuf *out, const char *ext)
{
    return sb_putc(out, '.') || sb_puts(out, ext) ? -2 : 0;
}

static int name_from_manifest(const char *name, const char *ext, strbuf *out, const char **why)
{
    if (name[0] == '/') {
        *why = "the output name is absolute; output names are relative to the output directory";
        return -1;
    }
    int rc = lexical(name, 0, out, why);
    if (rc || (rc = check_file_name(out, why)))
        return rc;
    const char *has = extension_of(out->s);
    if (has && !strcasecmp(has, ext))
        return 0;
    if (has && audio_format_from_name(has) != FORMAT_UNKNOWN) {
        *why = "the output name ends in another audio format's extension than the batch writes "
               "(--format)";
        return -1;
    }
    return add_extension(out, ext);
}

static int name_from_input(const char *input, const char *ext, strbuf *out, const char **why)
{
    int rc = lexical(input, 1, out, why); /* "/" is dropped with the empty part before it */
    if (rc || (rc = check_file_name(out, why)))
        return rc;
    if (batch_is_article_name(out->s)) {
        out->len = (size_t)(extension_of(out->s) - 1 - out->s);
        out->s[out->len] = '\0';
    }
    return add_extension(out, ext);
}

int batch_output_name(const char *input, const char *name, const char *ext, strbuf *out,
                      const char **why)
{
    *why = NULL;
    return name ? name_from_manifest(name, ext, out, why) : name_from_input(input, ext, out, why);
}

int batch_companion_name(const char *audio, const char *ext, const char *other, strbuf *out)
{
    size_t n = strlen(audio), e = strlen(ext) + 1;
    sb_reset(out);
    if (sb_append(out, audio, n >= e ? n - e : n) || sb_putc(out, '.') || sb_puts(out, other))
        return -1;
    return 0;
}

/* ---- walking a directory ------------------------------------------------------------------- */

/* The directories from the top down to the one being read: a link back to one of them is a loop. */
typedef struct walk_level {
    dev_t dev;
    ino_t ino;
    const struct walk_level *up;
} walk_level;

typedef struct walker {
    strbuf path;              /* DIR/... of what is being looked at */
    size_t root_len;          /* DIR's length */
    dev_t skip_dev;
    ino_t skip_ino;
    manifest_fn fn;
    void *ctx;
    char *error;
} walker;

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_failed(walker *w, const char *what)
{
    strbuf msg;
    sb_init(&msg);
    if (sb_printf(&msg, "%s: %s: %s", w->path.s, what, strerror(errno)) == 0)
        w->error = msg.s;
    else
        sb_free(&msg);
    return -1;
}

/* The names in the directory w->path, hidden ones left out, in byte order. */
static int read_names(walker *w, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(w->path.s);
    if (!d)
        return walk_failed(w, "cannot read the directory");
    size_t cap = 0;
    int rc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **grown = array_grow(*names, &cap, *n + 1, sizeof **names, 64);
        char *copy = grown ? xstrndup(e->d_name, strlen(e->d_name)) : NULL;
        if (grown)
            *names = grown;
        if (!copy) {
            errno = ENOMEM;
            rc = walk_failed(w, "cannot list the directory");
            break;
        }
        (*names)[(*n)++] = copy;
        errno = 0;
    }
    if (!rc && errno)
        rc = walk_failed(w, "cannot read the directory");
    closedir(d);
    if (!rc)
        qsort(*names, *n, sizeof **names, by_bytes);
    return rc;
}

static int is_ancestor(const walk_level *l, const struct stat *st)
{
    for (; l; l = l->up)
        if (l->dev == st->st_dev && l->ino == st->st_ino)
            return 1;
    return 0;
}

static int walk_dir(walker *w, const walk_level *level);

/* One entry of a directory: an article, a directory to go into, or nothing of ours. */
static int walk_entry(walker *w, const walk_level *level)
{
    struct stat st;
    if (stat(w->path.s, &st) != 0) {
        /* a broken link with an article's name: an article that will fail, and say why */
        if (!batch_is_article_name(w->path.s))
            return 0;
        manifest_line line = {0, w->path.s, w->path.len, NULL, 0, NULL, w->path.s + w->root_len + 1};
        return w->fn(w->ctx, &line);
    }
    if (S_ISDIR(st.st_mode)) {
        if ((w->skip_dev && st.st_dev == w->skip_dev && st.st_ino == w->skip_ino) ||
            is_ancestor(level, &st))
            return 0;
        walk_level down = {st.st_dev, st.st_ino, level};
        return walk_dir(w, &down);
    }
    if (!S_ISREG(st.st_mode) || !batch_is_article_name(w->path.s))
        return 0;
    manifest_line line = {0, w->path.s, w->path.len, NULL, 0, NULL, w->path.s + w->root_len + 1};
    return w->fn(w->ctx, &line);
}

static int walk_dir(walker *w, const walk_level *level)
{
    char **names;
    size_t n;
    if (read_names(w, &names, &n))
        return -1;
    size_t len = w->path.len;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        w->path.len = len;
        w->path.s[len] = '\0';
        if (sb_putc(&w->path, '/') || sb_puts(&w->path, names[i])) {
            errno = ENOMEM;
            rc = walk_failed(w, "cannot list the directory");
        } else {
            rc = walk_entry(w, level);
        }
    }
    w->path.len = len;
    w->path.s[len] = '\0';
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int batch_walk(const char *dir, unsigned long skip_dev, unsigned long skip_ino, manifest_fn fn,
               void *ctx, char **error)
{
    walker w = {.skip_dev = (dev_t)skip_dev, .skip_ino = (ino_t)skip_ino, .fn = fn, .ctx = ctx};
    sb_init(&w.path);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--; /* "articles/" and "articles" are walked alike */
    struct stat st;
    int rc;
    if (sb_append(&w.path, dir, n)) {
        errno = ENOMEM;
        rc = walk_failed(&w, "cannot list the directory");
    } else if (stat(w.path.s, &st) != 0) {
        rc = walk_failed(&w, "cannot read the directory");
    } else {
        w.root_len = w.path.len;
        walk_level top = {st.st_dev, st.st_ino, NULL};
        rc = walk_dir(&w, &top);
    }
    sb_free(&w.path);
    *error = w.error;
    return rc;
}

/* Reading lexicon files: every line parsed, keyed and checked, every problem reported with its
 * file and line; a file with a bad line is an error, never silently skipped. */
#include "entry.h"
#include "lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct loader {
    lexicon *lex;
    unsigned file;
    lex_report_fn report;
    void *ctx;
    long bad;            /* bad lines so far */
    strbuf folded, msg;
} loader;

static const char *file_name(const loader *ld) { return lexicon_file_name(ld->lex, ld->file); }

static void bad_line(loader *ld, unsigned line, const char *why)
{
    ld->bad++;
    ld->report(ld->ctx, file_name(ld), line, 1, why);
}

/* Phoneme mnemonics with their words separated by exactly one space. */
static char *collapse_spaces(const char *s)
{
    char *out = malloc(strlen(s) + 1), *w = out;
    if (!out)
        return NULL;
    for (; *s; s++)
        if (*s != ' ' || (w > out && w[-1] != ' '))
            *w++ = *s;
    while (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return out;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p != ' ' && (p == s || p[-1] == ' ');
    return n;
}

static int check_phoneme_names(loader *ld, unsigned line, const char *ph)
{
    const char *badp;
    size_t badlen;
    if (!ld->lex->check_phonemes || !phoneme_set_check(&ld->lex->phonemes, ph, &badp, &badlen))
        return 0;
    sb_reset(&ld->msg);
    sb_printf(&ld->msg, "unknown phoneme '%.*s' in [[%s]]: eSpeak NG's Persian table has no such "
              "name and would drop it with the rest of the word", (int)badlen, badp, ph);
    bad_line(ld, line, ld->msg.s ? ld->msg.s : "unknown phoneme");
    return -1;
}

static int ends_in_ezafe_mark(const char *s)
{
    size_t n = strlen(s);
    return (n >= 2 && (!strcmp(s + n - 2, "\xd9\x90") || !strcmp(s + n - 2, "\xd9\x94") ||
                       !strcmp(s + n - 2, "\xdb\x80")));
}

/* The pronunciation as stored: mnemonics with single spaces, or the Persian words folded.
 * Returns the copy; NULL after reporting a bad line (*oom 0) or when out of memory (*oom 1). */
static char *stored_pron(loader *ld, unsigned line, const lex_line *ll, int *oom)
{
    *oom = 0;
    if (ll->is_phonemes) {
        char *ph = collapse_spaces(ll->pron);
        if (!ph)
            *oom = 1;
        else if (check_phoneme_names(ld, line, ph)) {
            free(ph);
            return NULL;
        }
        return ph;
    }
    if (key_fold_text(&ld->lex->kb, ll->pron, &ld->folded)) {
        *oom = 1;
        return NULL;
    }
    char *words = collapse_spaces(ld->folded.s);
    if (!words) {
        *oom = 1;
        return NULL;
    }
    if (!*words) { /* only tatweel or invisible characters */
        bad_line(ld, line, "the pronunciation has nothing left to say once folded");
        free(words);
        return NULL;
    }
    if (ends_in_ezafe_mark(words)) /* right for letter names (PKK: «پِ کِ کِ»), a slip elsewhere */
        ld->report(ld->ctx, file_name(ld), line, 0, "the pronunciation ends in a kasra or hamza, "
                   "which the ezafe stage takes for a written ezafe");
    return words;
}

/* A written form met again: in the same file with another pronunciation (an error), or over an
 * earlier file's entry (a note: that is how a user lexicon corrects a shipped one). */
static void report_clash(loader *ld, unsigned line, int same_file, const lex_entry *old)
{
    const char *open = old->is_phonemes ? "[[" : "«", *close = old->is_phonemes ? "]]" : "»";
    sb_reset(&ld->msg);
    if (same_file)
        sb_printf(&ld->msg, "duplicate of line %u with a different pronunciation (line %u has %s%s%s)",
                  old->line, old->line, open, old->pron, close);
    else
        sb_printf(&ld->msg, "overrides %s:%u (%s%s%s)", lexicon_file_name(ld->lex, old->file),
                  old->line, open, old->pron, close);
    ld->bad += same_file;
    ld->report(ld->ctx, file_name(ld), line, same_file, ld->msg.s ? ld->msg.s : "duplicate");
}

/* Builds the entry of a parsed line and adds it. Returns 0, or -1 when out of memory. */
static int add_entry(loader *ld, unsigned line, const lex_line *ll, const lex_key *k)
{
    int oom;
    lex_entry e = {0};
    e.pron = stored_pron(ld, line, ll, &oom);
    if (!e.pron)
        return oom ? -1 : 0;
    e.is_phonemes = ll->is_phonemes;
    e.has_digits = k->has_digits;
    e.nwords = count_words(e.pron);
    e.file = ld->file;
    e.line = line;
    e.keylen = k->key.len;
    e.key = xstrndup(k->key.s, k->key.len);
    e.written = xstrndup(ll->written, strlen(ll->written));
    e.exact = k->all_caps ? xstrndup(k->exact.s, k->exact.len) : NULL;
    const lex_entry *clash = NULL;
    int r = (!e.key || !e.written || (k->all_caps && !e.exact)) ? -1 : lexicon_insert(ld->lex, &e, &clash);
    if (r != 0) {
        if (r == 2)
            report_clash(ld, line, 1, clash);
        free(e.key);
        free(e.exact);
        free(e.written);
        free(e.pron);
        return r < 0 ? -1 : 0;
    }
    if (clash)
        report_clash(ld, line, 0, clash);
    ld->lex->with_digits += (size_t)e.has_digits;
    if (k->npieces > ld->lex->max_pieces)
        ld->lex->max_pieces = k->npieces;
    return 0;
}

static int add_line(loader *ld, char *text, size_t len, unsigned line)
{
    char why[256];
    lex_line ll;
    int r = lex_parse_line(text, len, &ll, why, sizeof why);
    if (r == LINE_BLANK)
        return 0;
    if (r == LINE_BAD) {
        bad_line(ld, line, why);
        return 0;
    }
    if (ll.sense)
        return 0; /* a homograph's sense: the homograph list's (src/homograph/list.c) */
    const char *keywhy;
    if (key_from_written(&ld->lex->kb, ll.written, &ld->lex->scratch, &keywhy)) {
        if (!keywhy)
            return -1;
        bad_line(ld, line, keywhy);
        return 0;
    }
    return add_entry(ld, line, &ll, &ld->lex->scratch);
}

static int register_file(lexicon *lex, const char *path, unsigned *file)
{
    char **files = realloc(lex->files, (lex->nfiles + 1) * sizeof *files);
    if (!files)
        return -1;
    lex->files = files;
    if (!(files[lex->nfiles] = xstrndup(path, strlen(path))))
        return -1;
    *file = (unsigned)lex->nfiles++;
    return 0;
}

static int add_line_cb(void *ctx, char *text, size_t len, unsigned line)
{
    return add_line(ctx, text, len, line);
}

static long read_lines(loader *ld, FILE *f)
{
    int rc = lex_for_each_line(f, add_line_cb, ld);
    if (rc) {
        ld->report(ld->ctx, file_name(ld), 0, 1, rc == LEX_READ_ERROR ? "read error" : "out of memory");
        return -1;
    }
    return ld->bad;
}

long lexicon_load_stream(lexicon *lex, FILE *f, const char *name, lex_report_fn report, void *ctx)
{
    loader ld = {lex, 0, report, ctx, 0, {0}, {0}};
    if (register_file(lex, name, &ld.file)) {
        report(ctx, name, 0, 1, "out of memory");
        return -1;
    }
    long r = read_lines(&ld, f);
    sb_free(&ld.folded);
    sb_free(&ld.msg);
    return r;
}

long lexicon_load_file(lexicon *lex, const char *path, lex_report_fn report, void *ctx)
{
    FILE *f = lex_open_file(path);
    if (!f) {
        report(ctx, path, 0, 1, strerror(errno));
        return -1;
    }
    long r = lexicon_load_stream(lex, f, path, report, ctx);
    fclose(f);
    return r;
}

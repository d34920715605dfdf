/* Data-driven golden tests: every line of a .tsv file in tests/golden/ is is INPUT<TAB>EXPECTED.
 * The mode comes from the file name (phonemes-*.tsv, ipa-*.tsv, otherwise normalize) or a
 * "#! mode: ..." line; "#! options: --no-ezafe" runs the file without the ezafe stage, and
 * "--lexicon FILE" in that line adds a lexicon file to the shipped ones, while "#! lexicon: FILE"
 * makes a fixture the only lexicon ("#! lexicon: none": no lexicon at all), so that the file's
 * expectations do not move with the data.
 * A line whose input gives several sentences expects them joined by " | ".
 * A third column starting "known:" marks a case the code is known to get wrong (the reason
 * follows): it is run and reported as a known failure, and flagged when it starts to pass, but it
 * does not fail the run: the expected text stays the right answer, not the current one.
 * Prints each failure and a per-file tally, then "golden: N passed, N failed".
 * It is a client of the public API: an engine per file (one after another in this process),
 * ravi_normalize or ravi_phonemes per line. */
#include "../include/ravi.h"
#include "cli/datadir.h"
#include "util.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum mode { MODE_NORMALIZE, MODE_PHONEMES, MODE_IPA } mode;

typedef struct tally {
    int passed, failed, known;
} tally;

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Each sentence's line, joined by " | ". */
static int add_line(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    strbuf *got = ctx;
    (void)sentence;
    if (got->len)
        sb_puts(got, " | ");
    sb_append(got, text, len);
    return 0;
}

static int render_line(ravi_engine *e, mode m, const char *input, strbuf *got)
{
    sb_reset(got);
    ravi_source src = {0};
    src.text = input;
    src.len = strlen(input);
    ravi_callbacks cb = {0};
    cb.text = add_line;
    ravi_status st = m == MODE_NORMALIZE ? ravi_normalize(e, &src, NULL, &cb, got)
                                         : ravi_phonemes(e, &src, NULL, m == MODE_IPA ? RAVI_PHONEMES_IPA : 0,
                                                         &cb, got);
    if (!got->s)
        sb_puts(got, "");
    /* a line with nothing to say says nothing: the expected text is empty */
    return st == RAVI_OK || st == RAVI_E_EMPTY ? 0 : -1;
}

/* A lexicon file named at `at` (up to a blank; relative to where the runner runs) into `path`. */
static void lexicon_file(const char *at, ravi_config *opt, char *path, size_t size)
{
    size_t n = strcspn(at, " \t\r\n");
    if (n == 0 || n >= size)
        return;
    memcpy(path, at, n);
    path[n] = '\0';
    opt->nlexicons = 1;
}

static void apply_directive(const char *line, mode *m, ravi_config *opt, char *lexicon, size_t size)
{
    if (starts_with(line, "#! mode: ")) {
        const char *v = line + 9;
        *m = starts_with(v, "ipa") ? MODE_IPA : starts_with(v, "phonemes") ? MODE_PHONEMES : MODE_NORMALIZE;
    } else if (starts_with(line, "#! lexicon: ")) {
        if (!starts_with(line, "#! lexicon: none"))
            lexicon_file(line + strlen("#! lexicon: "), opt, lexicon, size);
        opt->shipped_lexicons = 0;
    } else if (starts_with(line, "#! options: ")) {
        if (strstr(line, "--no-ezafe"))
            opt->ezafe = 0;
        const char *at = strstr(line, "--lexicon ");
        if (at)
            lexicon_file(at + strlen("--lexicon "), opt, lexicon, size);
    }
}

static mode mode_from_name(const char *name)
{
    if (starts_with(name, "phonemes"))
        return MODE_PHONEMES;
    if (starts_with(name, "ipa"))
        return MODE_IPA;
    return MODE_NORMALIZE;
}

/* Reads the directives first: they apply to the whole file. */
static void read_directives(FILE *f, mode *m, ravi_config *opt, char *lexicon, size_t size)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0)
        if (starts_with(line, "#!"))
            apply_directive(line, m, opt, lexicon, size);
    free(line);
    rewind(f);
}

static void run_file(const char *dir, const char *name, const char *datadir, tally *total)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        total->failed++;
        return;
    }
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = datadir;
    mode m = mode_from_name(name);
    char lexicon[PATH_MAX];
    const char *lexicons[1] = {lexicon};
    opt.lexicons = lexicons;
    read_directives(f, &m, &opt, lexicon, sizeof lexicon);

    ravi_status st;
    ravi_engine *e = ravi_engine_new(&opt, &st);
    if (st != RAVI_OK) {
        fprintf(stderr, "%s: cannot start an engine: %s\n", path, e ? ravi_engine_error(e) : "out of memory");
        ravi_engine_free(e);
        total->failed++;
        fclose(f);
        return;
    }
    tally t = {0, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0;
    strbuf got;
    sb_init(&got);
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "%s:%d: no tab between input and expected output\n", path, lineno);
            t.failed++;
            continue;
        }
        *tab = '\0';
        char *expected = tab + 1;
        char *note = strchr(expected, '\t'); /* an optional third column is a comment */
        if (note)
            *note++ = '\0';
        int known = note && strncmp(note, "known:", 6) == 0;
        int ok = render_line(e, m, line, &got) == 0 && strcmp(got.s, expected) == 0;
        if (!ok) {
            fprintf(stderr, "%s:%d: %s\n  input:    %s\n  expected: %s\n  got:      %s\n", path,
                    lineno, known ? "known failure" : "FAIL", line, expected,
                    got.s ? got.s : "(error)");
            if (known)
                t.known++;
            else
                t.failed++;
        } else {
            if (known)
                fprintf(stderr, "%s:%d: passes now: remove its 'known:' mark\n", path, lineno);
            t.passed++;
        }
    }
    printf("  %-32s %4d/%-4d %s", name, t.passed, t.passed + t.failed + t.known,
           t.failed ? "FAIL" : "ok");
    if (t.known)
        printf(" (%d known failures)", t.known);
    putchar('\n');
    total->passed += t.passed;
    total->failed += t.failed;
    total->known += t.known;
    sb_free(&got);
    free(line);
    fclose(f);
    ravi_engine_free(e);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_tsv(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 4 && !strcmp(d->d_name + n - 4, ".tsv");
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/golden";
    char datadir[PATH_MAX];
    if (datadir_find(argv[0], datadir, sizeof datadir)) {
        fprintf(stderr, "golden: set RAVI_DATA to the directory holding lexicon/\n");
        return 1;
    }
    /* the expected outputs are Ravi's own: a user's ~/.config/ravi/lexicon.tsv must not change them */
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-golden", 1);
    struct dirent **names;
    int n = scandir(dir, &names, is_tsv, by_name);
    if (n < 0) {
        fprintf(stderr, "golden: cannot read %s\n", dir);
        return 1;
    }
    tally total = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        if (argc <= 2 || strstr(names[i]->d_name, argv[2]))
            run_file(dir, names[i]->d_name, datadir, &total);
        free(names[i]);
    }
    free(names);
    if (total.known)
        printf("golden: %d known failures (marked 'known:' in their files)\n", total.known);
    printf("golden: %d passed, %d failed\n", total.passed, total.failed);
    return total.failed ? 1 : 0;
}

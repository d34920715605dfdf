/* For a sample of the shipped names, `ravi phonemes` on a sentence containing the name says the
 * entry's phonemes: what eSpeak NG says for the entry alone (for a Persian spelling, what Ravi
 * says for it alone) appears, word for word, in what it says for the sentence. Needs at least MIN_NAMES names once names-*.tsv files ship; with none it
 * says so and passes. Usage: lexicon_names [--all]. */
#include "cli/datadir.h"
#include "lexicon/lexicon.h"
#include "pipeline.h"
#include "render.h"
#include "synth/synth.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_NAMES 50
#define SAMPLE 100

static void print_error(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx;
    if (is_error)
        fprintf(stderr, "%s:%u: %s\n", file, line, why);
}

static int is_names_file(const char *path)
{
    const char *base = strrchr(path, '/');
    return !strncmp(base ? base + 1 : path, "names-", 6);
}

/* Names entries that win for their written form (an entry overridden later is not said). */
static size_t collect_names(const lexicon *lex, const lex_entry **out)
{
    size_t n = 0;
    for (size_t i = 0; i < lex->n; i++) {
        const lex_entry *e = &lex->entries[i];
        size_t exactlen = e->exact ? strlen(e->exact) : 0;
        if (is_names_file(lexicon_file_name(lex, e->file)) &&
            lexicon_find_span(lex, e->key, e->keylen, e->exact, exactlen) == e)
            out[n++] = e;
    }
    return n;
}

/* What `ravi phonemes` prints for a text (one sentence expected). */
static int sentence_phonemes(pipeline *p, const ravi_config *opt, const char *text, strbuf *out)
{
    strbuf speech;
    render_map map = {0};
    sb_init(&speech);
    sb_reset(out);
    pipeline_start_text(p, text, strlen(text));
    sentence *s;
    int r, rc = 0;
    while (!rc && (r = pipeline_next(p, &s)) > 0) {
        sb_reset(&speech);
        if (out->len)
            sb_putc(out, ' ');
        rc = render_speech(s, opt, &speech, &map) || synth_phonemes(speech.s, 0, out);
    }
    sb_free(&speech);
    render_map_free(&map);
    return rc;
}

/* What the entry says: its phonemes, or its Persian words as Ravi reads them alone (another entry
 * may give those words phonemes: Apple → اپل → [[a'pel]]). */
static int entry_phonemes(pipeline *p, const ravi_config *opt, const lex_entry *e, strbuf *out)
{
    if (!e->is_phonemes)
        return sentence_phonemes(p, opt, e->pron, out);
    strbuf speech;
    sb_init(&speech);
    sb_reset(out);
    int rc = sb_printf(&speech, "[[%s]]", e->pron) || synth_phonemes(speech.s, 0, out);
    sb_free(&speech);
    return rc;
}

/* `needle` appears in `hay` as whole space-separated words. */
static int contains_words(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static int check_name(pipeline *p, const ravi_config *opt, const lex_entry *e, strbuf *want,
                      strbuf *got, strbuf *text)
{
    sb_reset(text);
    sb_printf(text, "دیروز %s را دیدیم.", e->written);
    if (entry_phonemes(p, opt, e, want) || sentence_phonemes(p, opt, text->s, got))
        return -1;
    if (contains_words(got->s ? got->s : "", want->s ? want->s : ""))
        return 0;
    printf("  FAIL %s (line %u)\n    entry says:    %s\n    sentence says: %s\n", e->written,
           e->line, want->s, got->s);
    return 1;
}

int main(int argc, char **argv)
{
    int all = argc > 1 && !strcmp(argv[1], "--all");
    char datadir[PATH_MAX];
    if (datadir_find(argv[0], datadir, sizeof datadir)) {
        fprintf(stderr, "lexicon names: set RAVI_DATA to the directory holding lexicon/\n");
        return 1;
    }
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-test", 1); /* the shipped files only */
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = datadir;
    opt.ezafe = 0; /* the name as the entry says it, without an ezafe the tagger might add */
    lexicon lex;
    const char *why;
    if (lexicon_init(&lex) || lexicon_use_espeak_phonemes(&lex, synth_data_dir(), &why) ||
        lexicon_load_defaults(&lex, &opt, print_error, NULL) != 0) {
        fprintf(stderr, "lexicon names: the shipped lexicon does not load\n");
        lexicon_free(&lex);
        return 1;
    }
    const lex_entry **names = malloc((lex.n ? lex.n : 1) * sizeof *names);
    size_t n = names ? collect_names(&lex, names) : 0;
    int status = 0;
    if (n == 0) {
        printf("lexicon names: no names-*.tsv in %s/lexicon yet: nothing to check\n", datadir);
    } else if (n < MIN_NAMES) {
        printf("lexicon names: only %zu names shipped, the test wants at least %d\n", n, MIN_NAMES);
        status = 1;
    } else {
        pipeline p;
        if (pipeline_open(&p, &opt, NULL) || synth_open(opt.settings.voice, opt.data_dir, NULL) < 0) {
            fprintf(stderr, "lexicon names: cannot open the pipeline\n");
            free(names);
            lexicon_free(&lex);
            return 1;
        }
        size_t step = all || n <= SAMPLE ? 1 : n / SAMPLE, tried = 0, failed = 0;
        strbuf want, got, text;
        sb_init(&want);
        sb_init(&got);
        sb_init(&text);
        for (size_t i = 0; i < n; i += step) {
            int r = check_name(&p, &opt, names[i], &want, &got, &text);
            tried++;
            failed += r != 0;
        }
        printf("lexicon names: %zu of %zu sampled names said as their entry (%zu names shipped)\n",
               tried - failed, tried, n);
        status = failed ? 1 : 0;
        sb_free(&want);
        sb_free(&got);
        sb_free(&text);
        pipeline_close(&p);
        synth_close();
    }
    free(names);
    lexicon_free(&lex);
    return status;
}

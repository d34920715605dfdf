/* ravi lexicon check FILE... | lookup WORD...: for newsrooms that keep their own lexicon. */
#include "cli.h"
#include "../homograph/list.h"
#include "../lexicon/lexicon.h"
#include "../synth/synth.h"
#include "../util.h"

#include <stdio.h>
#include <string.h>

/* check: every problem as FILE:LINE: why on standard output, notes marked as such. */
static void print_problem(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx;
    const char *kind = is_error ? "" : "note: ";
    if (line)
        printf("%s:%u: %s%s\n", file, line, kind, why);
    else
        printf("%s: %s%s\n", file, kind, why);
}

static size_t count_senses(const hg_list *hl)
{
    size_t n = 0;
    for (size_t i = 0; i < hl->n; i++)
        n += hl->words[i].nsenses;
    return n;
}

/* A file's entries (the lexicon's lines) and its homograph senses (the homograph list's). */
static int check_one(lexicon *lex, hg_list *hl, const char *path)
{
    size_t before = lex->n, senses_before = count_senses(hl);
    long bad = lexicon_load_file(lex, path, print_problem, NULL);
    long bad_senses = bad < 0 ? 0 : hg_list_load_file(hl, path, print_problem, NULL);
    if (bad >= 0 && bad_senses >= 0) {
        bad += bad_senses;
        size_t senses = count_senses(hl) - senses_before;
        fprintf(stderr, "%s: %zu entries, ", path, lex->n - before);
        if (senses)
            fprintf(stderr, "%zu homograph senses, ", senses);
        fprintf(stderr, "%ld bad line%s\n", bad, bad == 1 ? "" : "s");
    }
    return bad != 0 || bad_senses != 0;
}

/* A lexicon entry for a homograph's written form is said whatever the sentence: the senses are
 * never chosen. Worth a note: it is right for a newsroom that wants one reading, a slip otherwise. */
static void note_hidden_senses(lexicon *lex, const hg_list *hl)
{
    for (size_t i = 0; i < hl->n; i++) {
        const hg_homograph *h = &hl->words[i];
        const lex_entry *e = lexicon_find_span(lex, h->key, h->keylen, NULL, 0);
        if (!e)
            continue;
        const hg_sense *s = &h->senses[0];
        printf("%s:%u: note: this entry for «%s» is said in every sentence: the homograph senses "
               "of %s:%u are never chosen\n", lexicon_file_name(lex, e->file), e->line, h->written,
               hg_list_file_name(hl, s->file), s->line);
    }
}

/* The named files in the order given, or with none the files a run loads, in its order. */
static int cmd_check(lexicon *lex, const ravi_options *opt, int argc, char **argv)
{
    int status = EXIT_OK;
    const char *why;
    if (lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why)) {
        ravi_error("lexicon check: %s: [[ ]] phoneme names cannot be checked", why);
        status = EXIT_FAILURE_RUN;
    }
    hg_list hl;
    if (hg_list_init(&hl)) {
        hg_list_free(&hl);
        return EXIT_FAILURE_RUN;
    }
    hg_list_use_espeak_phonemes(&hl, synth_data_dir(), &why);
    lexicon_file_list files = {NULL, 0};
    if (argc == 0 && lexicon_default_files(opt, &files, print_problem, NULL))
        status = EXIT_FAILURE_RUN;
    size_t n = argc ? (size_t)argc : files.n;
    for (size_t i = 0; i < n; i++)
        if (check_one(lex, &hl, argc ? argv[i] : files.paths[i]))
            status = EXIT_FAILURE_RUN;
    note_hidden_senses(lex, &hl);
    lexicon_file_list_free(&files);
    hg_list_free(&hl);
    if (fflush(stdout) == EOF) {
        ravi_error("standard output: write failed");
        status = EXIT_FAILURE_RUN;
    }
    return status;
}

static void report_load_error(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx;
    if (is_error && line)
        ravi_error("%s:%u: %s", file, line, why);
    else if (is_error)
        ravi_error("%s: %s", file, why);
}

/* What eSpeak NG says for an entry's pronunciation (or for the word itself). */
static int spoken_phonemes(const char *text, int is_phonemes, strbuf *out)
{
    strbuf speech;
    sb_init(&speech);
    int rc = is_phonemes ? sb_printf(&speech, "[[%s]]", text) : sb_puts(&speech, text);
    rc = rc || synth_phonemes(speech.s, 0, out);
    sb_free(&speech);
    return rc;
}

/* A homograph's senses: name, phonemes, where each was defined, which is the default. */
static void print_senses(const hg_list *hl, const hg_homograph *h, const char *lead)
{
    printf("%shomograph", lead);
    for (size_t k = 0; k < h->nsenses; k++)
        printf("%s %s [[%s]] (%s:%u%s)", k ? "," : "", h->senses[k].name, h->senses[k].phonemes,
               hg_list_file_name(hl, h->senses[k].file), h->senses[k].line,
               k == h->default_sense ? ", default" : "");
    putchar('\n');
}

static const hg_homograph *homograph_of(hg_list *hl, const char *word)
{
    const char *why;
    if (key_from_written(&hl->kb, word, &hl->scratch, &why))
        return NULL;
    return hg_list_find(hl, hl->scratch.key.s, hl->scratch.key.len);
}

/* One WORD: the winning entry with its file and line, what it overrides, and its phonemes; or the
 * senses of a homograph. */
static int lookup_one(lexicon *lex, hg_list *hl, const char *word, strbuf *ph)
{
    const lex_entry *e = lexicon_lookup(lex, word);
    const hg_homograph *h = homograph_of(hl, word);
    sb_reset(ph);
    if (spoken_phonemes(e ? e->pron : word, e ? e->is_phonemes : 0, ph))
        return -1;
    if (!e && h) {
        printf("%s\t", word);
        print_senses(hl, h, "");
        return 0;
    }
    if (!e) {
        printf("%s\tnot in the lexicon\teSpeak NG: %s\n", word, ph->s ? ph->s : "");
        return 1;
    }
    const char *open = e->is_phonemes ? "[[" : "", *close = e->is_phonemes ? "]]" : "";
    printf("%s\t%s:%u\t%s%s%s\t%s\n", word, lexicon_file_name(lex, e->file), e->line, open,
           e->pron, close, ph->s ? ph->s : "");
    for (long at = e->next; at >= 0; at = lex->entries[at].next) {
        const lex_entry *o = &lex->entries[at];
        printf("\toverrides %s:%u\t%s%s%s\n", lexicon_file_name(lex, o->file), o->line,
               o->is_phonemes ? "[[" : "", o->pron, o->is_phonemes ? "]]" : "");
    }
    if (h)
        print_senses(hl, h, "\thides its ");
    return 0;
}

static int cmd_lookup(lexicon *lex, ravi_options *opt, int argc, char **argv)
{
    if (argc == 0) {
        ravi_error("lexicon lookup: name the words to look up");
        return EXIT_USAGE;
    }
    const char *why;
    lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why);
    if (lexicon_load_defaults(lex, opt, report_load_error, NULL) != 0)
        return EXIT_FAILURE_RUN;
    hg_list hl;
    if (hg_list_init(&hl) || hg_list_load_defaults(&hl, opt, report_load_error, NULL) != 0) {
        hg_list_free(&hl);
        return EXIT_FAILURE_RUN;
    }
    int rate = synth_open(opt);
    if (rate < 0) {
        hg_list_free(&hl);
        return rate == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    }
    strbuf ph;
    sb_init(&ph);
    int status = EXIT_OK, failed = 0;
    for (int i = 0; i < argc && !failed; i++) {
        int r = lookup_one(lex, &hl, argv[i], &ph);
        failed = r < 0;
        if (r != 0)
            status = EXIT_FAILURE_RUN; /* like grep: 1 when a word is not found */
    }
    sb_free(&ph);
    hg_list_free(&hl);
    synth_close();
    return status;
}

int cmd_lexicon(ravi_options *opt, int argc, char **argv)
{
    if (argc == 0 || (strcmp(argv[0], "check") && strcmp(argv[0], "lookup"))) {
        ravi_error("lexicon: expected 'check FILE...' or 'lookup WORD...'%s%s%s",
                   argc ? ", got '" : "", argc ? argv[0] : "", argc ? "'" : "");
        return EXIT_USAGE;
    }
    int first = cli_parse(&cli_lexicon, opt, argc, argv); /* options after the subcommand */
    if (first == -2)
        return EXIT_OK;
    if (first < 0)
        return EXIT_USAGE;
    lexicon lex;
    if (lexicon_init(&lex)) {
        lexicon_free(&lex);
        return EXIT_FAILURE_RUN;
    }
    int status = !strcmp(argv[0], "check") ? cmd_check(&lex, opt, argc - first, argv + first)
                                           : cmd_lookup(&lex, opt, argc - first, argv + first);
    lexicon_free(&lex);
    return status;
}

const cli_command cli_lexicon = {
    "lexicon", "check lexicon files, or look up how a word will be said",
    "usage: ravi lexicon check [--lexicon FILE]... [FILE...]\n"
    "       ravi lexicon lookup [OPTIONS] WORD...\n"
    "\n"
    "check   validates lexicon files (written form<TAB>pronunciation, see lexicon/README.md):\n"
    "        prints each bad line as FILE:LINE: why, and notes where a file overrides an\n"
    "        entry of an earlier one; exits 1 when a line is bad. Without FILE it checks what\n"
    "        a run loads, in its order: the shipped files, the user's lexicon.tsv, --lexicon.\n"
    "lookup  shows the entry used for each WORD (a written form of one or more words; quote\n"
    "        it), its FILE:LINE, the entries it overrides and the phonemes eSpeak NG says, or\n"
    "        the senses of a homograph; exits 1 when a word is neither.\n"
    "\n"
    "  --lexicon FILE    add a lexicon to the shipped and user ones (repeatable; later win)\n"
    "  --voice NAME      eSpeak NG voice for lookup's phonemes (default fa)\n"
    "  -h, --help        this help\n",
    ACCEPT_LEXICON | ACCEPT_VOICE, cmd_lexicon,
};

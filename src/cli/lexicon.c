/* ravi lexicon check FILE... | lookup WORD...: for newsrooms that keep their own lexicon. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* check: every problem as FILE:LINE: why on standard output, notes marked as such; a problem with
 * the check itself (no phoneme table) is an error message. */
static int print_problem(void *ctx, const ravi_lexicon_problem *p)
{
    (void)ctx;
    const char *kind = p->is_error ? "" : "note: ";
    if (!p->file)
        cli_error("lexicon check: %s", p->message);
    else if (p->line)
        printf("%s:%u: %s%s\n", p->file, p->line, kind, p->message);
    else
        printf("%s: %s%s\n", p->file, kind, p->message);
    return 0;
}

static int print_file_done(void *ctx, const char *file, size_t entries, long bad)
{
    (void)ctx;
    if (bad >= 0)
        fprintf(stderr, "%s: %zu entries, %ld bad line%s\n", file, entries, bad, bad == 1 ? "" : "s");
    return 0;
}

/* The named files in the order given, or with none the files a run loads, in its order. */
static int cmd_check(const cli_options *opt, int argc, char **argv)
{
    ravi_lexicon_checker checker = {print_problem, print_file_done};
    ravi_status st = ravi_lexicon_check(&opt->config, argc ? (const char *const *)argv : NULL,
                                        (size_t)argc, &checker, NULL);
    int status = st == RAVI_OK ? EXIT_OK : EXIT_FAILURE_RUN;
    if (fflush(stdout) == EOF) {
        cli_error("standard output: write failed");
        status = EXIT_FAILURE_RUN;
    }
    return status;
}

/* A homograph's senses: name, phonemes, where each was defined, which is the default. */
static void print_senses(const ravi_lookup *lk, const char *lead)
{
    printf("%shomograph", lead);
    for (size_t k = 0; k < lk->nsenses; k++) {
        const ravi_sense *s = &lk->senses[k];
        printf("%s %s [[%s]] (%s:%u%s)", k ? "," : "", s->name, s->phonemes, s->file, s->line,
               s->is_default ? ", default" : "");
    }
    putchar('\n');
}

/* One WORD: the winning entry with its file and line, what it overrides, and its phonemes; or the
 * senses of a homograph. */
static int print_lookup(void *ctx, const ravi_lookup *lk)
{
    int *found = ctx;
    *found = lk->nentries > 0 || lk->nsenses > 0;
    if (!lk->nentries && lk->nsenses) {
        printf("%s\t", lk->word);
        print_senses(lk, "");
        return 0;
    }
    if (!lk->nentries) {
        printf("%s\tnot in the lexicon\teSpeak NG: %s\n", lk->word, lk->phonemes);
        return 0;
    }
    for (size_t i = 0; i < lk->nentries; i++) {
        const ravi_lexicon_entry *e = &lk->entries[i];
        const char *open = e->is_phonemes ? "[[" : "", *close = e->is_phonemes ? "]]" : "";
        if (i == 0)
            printf("%s\t%s:%u\t%s%s%s\t%s\n", lk->word, e->file, e->line, open, e->pronunciation,
                   close, lk->phonemes);
        else
            printf("\toverrides %s:%u\t%s%s%s\n", e->file, e->line, open, e->pronunciation, close);
    }
    if (lk->nsenses)
        print_senses(lk, "\thides its ");
    return 0;
}

static int cmd_lookup(cli_options *opt, int argc, char **argv)
{
    if (argc == 0) {
        cli_error("lexicon lookup: name the words to look up");
        return EXIT_USAGE;
    }
    opt->config.ezafe = 0; /* a lookup needs the lexicons and the synthesizer, not the ezafe model */
    int status;
    ravi_engine *e = cli_engine_new(opt, &status);
    if (!e)
        return status;
    for (int i = 0; i < argc; i++) {
        int found = 0;
        ravi_status st = ravi_lexicon_lookup(e, argv[i], print_lookup, &found);
        if (st != RAVI_OK) {
            status = cli_engine_failed(e, st);
            break;
        }
        if (!found)
            status = EXIT_FAILURE_RUN; /* like grep: 1 when a word is not found */
    }
    ravi_engine_free(e);
    return status;
}

int cmd_lexicon(cli_options *opt, int argc, char **argv)
{
    if (argc == 0 || (strcmp(argv[0], "check") && strcmp(argv[0], "lookup"))) {
        cli_error("lexicon: expected 'check FILE...' or 'lookup WORD...'%s%s%s",
                  argc ? ", got '" : "", argc ? argv[0] : "", argc ? "'" : "");
        return EXIT_USAGE;
    }
    /* options, before or after the subcommand, were taken by main's parse */
    return !strcmp(argv[0], "check") ? cmd_check(opt, argc - 1, argv + 1)
                                     : cmd_lookup(opt, argc - 1, argv + 1);
}

const cli_command cli_lexicon = {
    "lexicon", "check lexicon files, or look up how a word will be said",
    "usage: ravi lexicon check [--lexicon FILE]... [FILE...]\n"
    "       ravi lexicon lookup [OPTIONS] WORD...\n"
    "\n"
    "check   validates lexicon files (written form<TAB>pronunciation, see lexicon/README.md,\n"
    "        and homograph senses, lexicon/README-homographs.md): prints each bad line as\n"
    "        FILE:LINE: why, and notes where a file overrides an entry of an earlier one or\n"
    "        hides a homograph's senses; exits 1 when a line is bad. Without FILE it checks\n"
    "        what a run loads, in its order: the shipped files, the user's lexicon.tsv,\n"
    "        --lexicon.\n"
    "lookup  shows the entry used for each WORD (a written form of one or more words; quote\n"
    "        it), its FILE:LINE, the entries it overrides and the phonemes eSpeak NG says, or\n"
    "        the senses of a homograph; exits 1 when a word is neither.\n"
    "\n"
    "  --lexicon FILE    add a lexicon to the shipped and user ones (repeatable; later win)\n"
    "  --voice NAME      eSpeak NG voice for lookup's phonemes (default fa)\n"
    "  -h, --help        this help\n",
    ACCEPT_LEXICON | ACCEPT_VOICE, cmd_lexicon, NULL,
};

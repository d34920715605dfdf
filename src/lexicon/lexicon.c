/* lexicon: pronunciations for names and words eSpeak NG gets wrong (see lexicon/README.md).
 * Loads the shipped, user and --lexicon files when the pipeline opens; a bad line anywhere is an
 * error that stops the run, named by file and line. */
#include "../stage.h"
#include "../synth/synth.h"
#include "../util.h"
#include "lexicon.h"

#include <stdlib.h>

#define SHOWN_PROBLEMS 10 /* the rest is what `ravi lexicon check` is for */

void lexicon_report_to_stderr(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    lexicon_load_report *lr = ctx;
    if (!is_error)
        return; /* overriding a shipped entry is what user lexicons are for */
    if (lr->shown++ >= SHOWN_PROBLEMS) {
        lr->hidden++;
        return;
    }
    if (line)
        ravi_error("%s:%u: %s", file, line, why);
    else
        ravi_error("%s: %s", file, why);
}

int lexicon_report_summary(const lexicon_load_report *lr, long bad, const char *what)
{
    if (lr->hidden)
        ravi_error("... and %ld more problems ('ravi lexicon check FILE' lists them all)", lr->hidden);
    if (bad > 0)
        ravi_error("%s %ld bad line%s: fix %s or leave the file out", what, bad, bad == 1 ? "" : "s",
                   bad == 1 ? "it" : "them");
    return bad != 0 ? -1 : 0;
}

static int lexicon_open(const ravi_options *opt, void **state)
{
    lexicon *lex = malloc(sizeof *lex);
    if (!lex) {
        ravi_error("out of memory");
        return -1;
    }
    if (lexicon_init(lex)) {
        lexicon_free(lex);
        free(lex);
        return -1;
    }
    const char *why;
    lex->show_ezafe = !opt->no_ezafe;
    lex->explain = opt->explain;
    lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why); /* without it: syntax checks only */
    lexicon_load_report lr = {0, 0};
    long bad = lexicon_load_defaults(lex, opt, lexicon_report_to_stderr, &lr);
    if (lexicon_report_summary(&lr, bad, "the lexicon has")) {
        lexicon_free(lex);
        free(lex);
        return -1;
    }
    *state = lex;
    return 0;
}

static int lexicon_run(void *state, sentence *s)
{
    if (lexicon_apply(state, s)) {
        ravi_error("out of memory in the lexicon stage");
        return -1;
    }
    return 0;
}

static void lexicon_close(void *state)
{
    if (state) {
        lexicon_free(state);
        free(state);
    }
}

const stage stage_lexicon = {"lexicon", lexicon_open, lexicon_run, lexicon_close};

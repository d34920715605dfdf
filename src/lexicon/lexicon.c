/* lexicon: pronunciations for names and words eSpeak NG gets wrong (see lexicon/README.md).
 * Loads the shipped, user and --lexicon files when the pipeline opens; a bad line anywhere is an
 * error that stops the run, named by file and line. */
#include "../stage.h"
#include "../synth/synth.h"
#include "../util.h"
#include "lexicon.h"

#include <stdlib.h>

#define SHOWN_PROBLEMS 10 /* the rest is what `ravi lexicon check` is for */

void lexicon_report_to_diag(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    lexicon_load_report *lr = ctx;
    if (!is_error)
        return; /* overriding a shipped entry is what user lexicons are for */
    if (lr->shown++ >= SHOWN_PROBLEMS) {
        lr->hidden++;
        return;
    }
    if (line)
        diag_fail(lr->d, RAVI_E_LEXICON, "%s:%u: %s", file, line, why);
    else
        diag_fail(lr->d, RAVI_E_LEXICON, "%s: %s", file, why);
}

int lexicon_report_summary(const lexicon_load_report *lr, long bad, const char *what)
{
    if (lr->hidden)
        diag_fail(lr->d, RAVI_E_LEXICON, "... and %ld more problems ('ravi lexicon check FILE' lists them all)",
                  lr->hidden);
    if (bad > 0)
        diag_fail(lr->d, RAVI_E_LEXICON, "%s %ld bad line%s: fix %s or leave the file out", what, bad,
                  bad == 1 ? "" : "s", bad == 1 ? "it" : "them");
    return bad != 0 ? -1 : 0;
}

static int lexicon_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    (void)models;
    lexicon *lex = malloc(sizeof *lex);
    if (!lex)
        return diag_nomem(d);
    if (lexicon_init(lex)) {
        diag_fail(d, RAVI_E_DATA, "cannot prepare the lexicon: %s",
                  lex->kb.folder.failure ? lex->kb.folder.failure : "out of memory");
        lexicon_free(lex);
        free(lex);
        return -1;
    }
    const char *why;
    lex->show_ezafe = cfg->ezafe;
    lexicon_use_espeak_phonemes(lex, synth_data_dir(), &why); /* without it: syntax checks only */
    lexicon_load_report lr = {d, 0, 0};
    long bad = lexicon_load_defaults(lex, cfg, lexicon_report_to_diag, &lr);
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
    return lexicon_apply(state, s);
}

static void lexicon_close(void *state)
{
    if (state) {
        lexicon_free(state);
        free(state);
    }
}

const stage stage_lexicon = {"lexicon", lexicon_open, lexicon_run, lexicon_close};

/* Lexicons for the people who keep them: checking files line by line, and looking up the entry
 * a word gets with the phonemes it produces. */
#include "engine.h"
#include "../lexicon/lexicon.h"
#include "../synth/synth.h"

#include <stdlib.h>
#include <string.h>

typedef struct check_call {
    const ravi_lexicon_checker *checker;
    void *ctx;
    int stopped;
} check_call;

static void report_problem(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    check_call *cc = ctx;
    ravi_lexicon_problem p = {file, line, is_error, why};
    if (!cc->stopped && cc->checker->problem && cc->checker->problem(cc->ctx, &p))
        cc->stopped = 1;
}

/* The files to check: the ones named, or what an engine with this config loads. 0, or -1 after
 * a problem reported. */
static int files_to_check(const ravi_config *config, const char *const *files, size_t nfiles,
                          lexicon_file_list *list, check_call *cc)
{
    if (files) {
        for (size_t i = 0; i < nfiles; i++)
            if (files[i] && lexicon_file_list_add(list, files[i])) {
                report_problem(cc, NULL, 0, 1, "out of memory");
                return -1;
            }
        return 0;
    }
    ravi_config cfg = *config;
    cfg.data_dir = engine_data_dir(config);
    return lexicon_default_files(&cfg, list, report_problem, cc);
}

RAVI_API ravi_status ravi_lexicon_check(const ravi_config *config, const char *const *files,
                                        size_t nfiles, const ravi_lexicon_checker *checker,
                                        void *ctx)
{
    ravi_config defaults;
    if (!config) {
        ravi_config_init(&defaults);
        config = &defaults;
    }
    static const ravi_lexicon_checker none = {NULL, NULL};
    check_call cc = {checker ? checker : &none, ctx, 0};
    lexicon lex;
    if (lexicon_init(&lex)) {
        report_problem(&cc, NULL, 0, 1, "cannot prepare the lexicon (out of memory, or ICU unavailable)");
        lexicon_free(&lex);
        return RAVI_E_DATA;
    }
    ravi_status st = RAVI_OK;
    const char *why;
    if (lexicon_use_espeak_phonemes(&lex, synth_data_dir(), &why)) {
        char message[512];
        snprintf(message, sizeof message, "%s: [[ ]] phoneme names cannot be checked", why);
        report_problem(&cc, NULL, 0, 1, message);
        st = RAVI_E_DATA;
    }
    lexicon_file_list list = {NULL, 0};
    if (files_to_check(config, files, nfiles, &list, &cc) && st == RAVI_OK)
        st = RAVI_E_LEXICON;
    for (size_t i = 0; i < list.n && !cc.stopped; i++) {
        size_t before = lex.n;
        long bad = lexicon_load_file(&lex, list.paths[i], report_problem, &cc);
        if (bad != 0 && st == RAVI_OK)
            st = RAVI_E_LEXICON;
        if (!cc.stopped && cc.checker->file_done &&
            cc.checker->file_done(ctx, list.paths[i], lex.n - before, bad))
            cc.stopped = 1;
    }
    lexicon_file_list_free(&list);
    lexicon_free(&lex);
    return cc.stopped ? RAVI_CANCELLED : st;
}

/* What eSpeak NG says for an entry's pronunciation (or for the word itself). */
static int spoken_phonemes(const char *text, int is_phonemes, strbuf *out, diag *d)
{
    strbuf speech;
    sb_init(&speech);
    int rc = is_phonemes ? sb_printf(&speech, "[[%s]]", text) : sb_puts(&speech, text);
    rc = rc ? diag_nomem(d) : synth_trace(speech.s, 0, 0, out, NULL, d);
    sb_free(&speech);
    return rc;
}

/* The entry used and the ones it overrides, as the public type. */
static int describe_entries(const lexicon *lex, const lex_entry *e, ravi_lexicon_entry **out, size_t *n)
{
    long first = e ? (long)(e - lex->entries) : -1;
    *n = 0;
    for (long at = first; at >= 0; at = lex->entries[at].next)
        ++*n;
    *out = *n ? calloc(*n, sizeof **out) : NULL;
    if (*n && !*out)
        return -1;
    size_t i = 0;
    for (long at = first; at >= 0; at = lex->entries[at].next, i++) {
        const lex_entry *x = &lex->entries[at];
        (*out)[i] = (ravi_lexicon_entry){lexicon_file_name(lex, x->file), x->line, x->pron,
                                         x->is_phonemes};
    }
    return 0;
}

RAVI_API ravi_status ravi_lexicon_lookup(ravi_engine *e, const char *word,
                                         int (*fn)(void *ctx, const ravi_lookup *lookup), void *ctx)
{
    ravi_status st = engine_enter(e, NULL, NULL, 0);
    if (st != RAVI_OK)
        return st;
    lexicon *lex = pipeline_stage_state(&e->pipe, "lexicon");
    if (!word || !fn || !lex)
        return engine_leave(e, diag_fail(&e->diag, RAVI_E_INVALID, "lexicon lookup: %s",
                                         !lex ? "the engine has no lexicon" : "no word or function given"));
    if (engine_apply_settings(e, NULL, 1))
        return engine_leave(e, -1);
    const lex_entry *entry = lexicon_lookup(lex, word);
    strbuf ph;
    sb_init(&ph);
    ravi_lookup lk = {word, "", NULL, 0};
    int rc = spoken_phonemes(entry ? entry->pron : word, entry ? entry->is_phonemes : 0, &ph, &e->diag);
    ravi_lexicon_entry *entries = NULL;
    if (rc == 0 && describe_entries(lex, entry, &entries, &lk.nentries))
        rc = diag_nomem(&e->diag);
    if (rc == 0) {
        lk.phonemes = ph.s ? ph.s : "";
        lk.entries = entries;
        rc = fn(ctx, &lk) ? 1 : 0;
    }
    free(entries);
    sb_free(&ph);
    return engine_leave(e, rc);
}

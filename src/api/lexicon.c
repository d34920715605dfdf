/* Lexicons for the people who keep them: checking files line by line, and looking up the entry
 * a word gets with the phonemes it produces. */
#include "engine.h"
#include "../homograph/homograph.h"
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

static size_t count_senses(const hg_list *hl)
{
    size_t n = 0;
    for (size_t i = 0; i < hl->n; i++)
        n += hl->words[i].nsenses;
    return n;
}

/* A lexicon entry for a homograph's written form is said whatever the sentence: the senses are
 * never chosen. Worth a note: it is right for a newsroom that wants one reading, a slip otherwise. */
static void note_hidden_senses(const lexicon *lex, const hg_list *hl, check_call *cc)
{
    char message[512];
    for (size_t i = 0; i < hl->n && !cc->stopped; i++) {
        const hg_homograph *h = &hl->words[i];
        const lex_entry *e = lexicon_find_span(lex, h->key, h->keylen, NULL, 0);
        if (!e)
            continue;
        const hg_sense *s = &h->senses[0];
        snprintf(message, sizeof message, "this entry for «%s» is said in every sentence: the "
                 "homograph senses of %s:%u are never chosen", h->written,
                 hg_list_file_name(hl, s->file), s->line);
        report_problem(cc, lexicon_file_name(lex, e->file), e->line, 0, message);
    }
}

/* One file's entries (the lexicon's lines) and homograph senses (the homograph list's): how many
 * it added, and its bad lines (-1: unreadable). */
static long check_file(lexicon *lex, hg_list *hl, const char *path, check_call *cc, size_t *added)
{
    size_t before = lex->n, senses_before = count_senses(hl);
    long bad = lexicon_load_file(lex, path, report_problem, cc);
    long bad_senses = bad < 0 ? 0 : hg_list_load_file(hl, path, report_problem, cc);
    *added = lex->n - before + count_senses(hl) - senses_before;
    return bad < 0 || bad_senses < 0 ? -1 : bad + bad_senses;
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
    hg_list hl;
    int no_lexicon = lexicon_init(&lex), no_list = hg_list_init(&hl);
    if (no_lexicon || no_list) {
        report_problem(&cc, NULL, 0, 1, "cannot prepare the lexicon (out of memory, or ICU unavailable)");
        lexicon_free(&lex);
        hg_list_free(&hl);
        return RAVI_E_DATA;
    }
    ravi_status st = RAVI_OK;
    const char *why;
    if (lexicon_use_espeak_phonemes(&lex, synth_data_dir(), &why) ||
        hg_list_use_espeak_phonemes(&hl, synth_data_dir(), &why)) {
        char message[512];
        snprintf(message, sizeof message, "%s: [[ ]] phoneme names cannot be checked", why);
        report_problem(&cc, NULL, 0, 1, message);
        st = RAVI_E_DATA;
    }
    lexicon_file_list list = {NULL, 0};
    if (files_to_check(config, files, nfiles, &list, &cc) && st == RAVI_OK)
        st = RAVI_E_LEXICON;
    for (size_t i = 0; i < list.n && !cc.stopped; i++) {
        size_t added;
        long bad = check_file(&lex, &hl, list.paths[i], &cc, &added);
        if (bad != 0 && st == RAVI_OK)
            st = RAVI_E_LEXICON;
        if (!cc.stopped && cc.checker->file_done &&
            cc.checker->file_done(ctx, list.paths[i], added, bad))
            cc.stopped = 1;
    }
    if (!cc.stopped)
        note_hidden_senses(&lex, &hl, &cc);
    lexicon_file_list_free(&list);
    lexicon_free(&lex);
    hg_list_free(&hl);
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

/* A homograph's senses as the public type (none: NULL, 0). */
static int describe_senses(hg_list *hl, const char *word, ravi_sense **out, size_t *n)
{
    const hg_homograph *h = hl ? hg_list_lookup(hl, word) : NULL;
    *n = h ? h->nsenses : 0;
    *out = *n ? calloc(*n, sizeof **out) : NULL;
    if (*n && !*out)
        return -1;
    for (size_t k = 0; k < *n; k++) {
        const hg_sense *s = &h->senses[k];
        (*out)[k] = (ravi_sense){s->name, s->phonemes, hg_list_file_name(hl, s->file), s->line,
                                 k == h->default_sense};
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
    ravi_lookup lk = {word, "", NULL, 0, NULL, 0};
    int rc = spoken_phonemes(entry ? entry->pron : word, entry ? entry->is_phonemes : 0, &ph, &e->diag);
    ravi_lexicon_entry *entries = NULL;
    ravi_sense *senses = NULL;
    hg_stage *homographs = pipeline_stage_state(&e->pipe, "homograph");
    if (rc == 0 && (describe_entries(lex, entry, &entries, &lk.nentries) ||
                    describe_senses(homographs ? hg_stage_list(homographs) : NULL, word, &senses,
                                    &lk.nsenses)))
        rc = diag_nomem(&e->diag);
    if (rc == 0) {
        lk.phonemes = ph.s ? ph.s : "";
        lk.entries = entries;
        lk.senses = senses;
        rc = fn(ctx, &lk) ? 1 : 0;
    }
    free(entries);
    free(senses);
    sb_free(&ph);
    return engine_leave(e, rc);
}

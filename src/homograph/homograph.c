/* The homograph stage: for each word on the homograph list (list.h) that no earlier stage gave a
 * pronunciation, chooses a sense and sets the token's phonemes to it (the ezafe stage and the
 * renderer add the ezafe as for any word given as phonemes). What settles the sense, first
 * to last: a written vowel mark («مُرد»), a rule of the list (the word before or after, a cue word
 * of the sentence), the model's scores (model.h) for the words it knows, the word's default. */
#include "homograph.h"
#include "../guard/guard.h"
#include "../stage.h"
#include "../synth/synth.h"
#include "context.h"
#include "marks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Where the model's senses of a listed word are in the list. */
typedef struct hg_link {
    long model_word;                  /* -1: the model does not know the word */
    signed char sense_of[HG_MAX_SENSES]; /* model sense k -> list sense, or -1 */
    uint64_t shapes[HG_MAX_SENSES][HG_MAX_SHAPES]; /* each list sense's shapes (features.h) */
    unsigned char nshapes[HG_MAX_SENSES];
} hg_link;

struct hg_stage {
    hg_list list;
    hg_model *model;
    const ezafe_model *tagger; /* the pipeline's (models.h) */
    hg_link *links;
    hg_context ctx;
    lex_key key;
    spacing_rules affixes; /* the affixes a homograph is read inside a word with */
    size_t *found;  /* token indices of the sentence's homographs */
    hg_affixed *which;
    size_t found_cap;
    strbuf note;
    strbuf said; /* the phonemes a chosen sense is said with */
};

static int load_list(hg_stage *st, const ravi_config *cfg, diag *d)
{
    if (hg_list_init(&st->list))
        return diag_fail(d, RAVI_E_DATA, "cannot prepare the homograph list: %s",
                         st->list.kb.folder.failure ? st->list.kb.folder.failure : "out of memory");
    const char *why;
    hg_list_use_espeak_phonemes(&st->list, synth_data_dir(), &why); /* without it: syntax checks */
    lexicon_load_report lr = {d, 0, 0};
    long bad = hg_list_load_defaults(&st->list, cfg, lexicon_report_to_diag, &lr);
    return lexicon_report_summary(&lr, bad, "the homograph senses have");
}

static int data_path(const ravi_config *cfg, const char *file, strbuf *path)
{
    sb_reset(path);
    return sb_printf(path, "%s/lexicon/%s", cfg->data_dir ? cfg->data_dir : ".", file);
}

static int load_models(hg_stage *st, const ravi_config *cfg, stage_models *models, diag *d)
{
    strbuf path;
    sb_init(&path);
    char err[512];
    int rc = 0;
    if (data_path(cfg, HG_MODEL_FILE, &path))
        rc = diag_nomem(d);
    else if (!(st->model = hg_model_load(path.s, err, sizeof err)))
        rc = diag_fail(d, RAVI_E_DATA, "cannot load the homograph model %s: %s", path.s, err);
    else if (!(st->tagger = stage_models_ezafe(models, d))) /* the features read its word classes */
        rc = -1;
    sb_free(&path);
    return rc;
}

/* The affixes' phonemes are eSpeak NG's, as the senses' are (when its table could be read). */
static int check_affix_phonemes(hg_stage *st, const ravi_config *cfg, diag *d)
{
    for (size_t i = 0; st->list.check_phonemes && i < st->affixes.naffixes; i++) {
        const spacing_affix *a = &st->affixes.affixes[i];
        const char *ph[2] = {a->after_consonant, a->after_vowel}, *bad;
        size_t badlen;
        for (int k = 0; k < 2; k++)
            if (ph[k] && phoneme_set_check(&st->list.phonemes, ph[k], &bad, &badlen))
                return diag_fail(d, RAVI_E_DATA, "%s/lexicon/spacing/rules.tsv:%u: unknown eSpeak phoneme «%.*s» in [[%s]]",
                                 cfg->data_dir ? cfg->data_dir : ".", a->line, (int)badlen, bad, ph[k]);
    }
    return 0;
}

/* Which model word and senses each listed word has. Model words and senses the list lacks are
 * left out: the list says what a homograph is. */
static int link_model(hg_stage *st)
{
    st->links = calloc(st->list.n ? st->list.n : 1, sizeof *st->links);
    if (!st->links)
        return -1;
    for (size_t i = 0; i < st->list.n; i++) {
        const hg_homograph *h = &st->list.words[i];
        hg_link *l = &st->links[i];
        l->model_word = hg_model_find_word(st->model, h->key, h->keylen);
        if (l->model_word < 0)
            continue;
        for (size_t s = 0; s < h->nsenses; s++)
            l->nshapes[s] = (unsigned char)hg_sense_shapes(h->senses[s].phonemes, h->senses[s].upos, l->shapes[s]);
        size_t n = hg_model_nsenses(st->model, (size_t)l->model_word);
        for (size_t k = 0; k < n; k++) {
            size_t len;
            const char *name = hg_model_sense_name(st->model, (size_t)l->model_word, k, &len);
            l->sense_of[k] = -1;
            for (size_t s = 0; s < h->nsenses; s++)
                if (strlen(h->senses[s].name) == len && !memcmp(h->senses[s].name, name, len))
                    l->sense_of[k] = (signed char)s;
        }
    }
    return 0;
}

void hg_stage_free(hg_stage *st)
{
    if (!st)
        return;
    hg_list_free(&st->list);
    spacing_rules_free(&st->affixes);
    hg_model_free(st->model);
    free(st->links);
    hg_context_free(&st->ctx);
    lex_key_free(&st->key);
    free(st->found);
    free(st->which);
    sb_free(&st->note);
    sb_free(&st->said);
    free(st);
}

hg_stage *hg_stage_new(const ravi_config *cfg, stage_models *models, diag *d)
{
    hg_stage *st = calloc(1, sizeof *st);
    if (!st) {
        diag_nomem(d);
        return NULL;
    }
    hg_context_init(&st->ctx);
    lex_key_init(&st->key);
    sb_init(&st->note);
    sb_init(&st->said);
    spacing_rules_init(&st->affixes);
    /* no senses (a data directory of fixtures, say): nothing to choose, no model needed */
    if (load_list(st, cfg, d) || (st->list.n && load_models(st, cfg, models, d)) ||
        (st->list.n && (spacing_rules_load_affixes(&st->affixes, cfg->data_dir ? cfg->data_dir : ".", d) ||
                        check_affix_phonemes(st, cfg, d)))) {
        hg_stage_free(st);
        return NULL;
    }
    if (st->list.n && link_model(st)) {
        diag_nomem(d);
        hg_stage_free(st);
        return NULL;
    }
    return st;
}

hg_list *hg_stage_list(hg_stage *st) { return &st->list; }

/* ---- choosing a sense --------------------------------------------------------------------------- */

static void choice_init(hg_choice *c)
{
    memset(c, 0, sizeof *c);
    for (size_t k = 0; k < HG_MAX_SENSES; k++)
        c->score[k] = NAN;
}

/* The one sense the written marks agree with. */
static int by_marks(const hg_homograph *h, const token *t, hg_choice *c)
{
    long only = -1;
    for (size_t k = 0; k < h->nsenses; k++) {
        int a = hg_marks_agree(t->text, t->len, h->senses[k].phonemes);
        if (a < 0)
            return 0; /* no mark that tells */
        if (a == 1) {
            if (only >= 0)
                return 0; /* the marks fit two senses */
            only = (long)k;
        }
    }
    if (only < 0)
        return 0;
    c->sense = (size_t)only;
    c->reason = HG_BY_MARKS;
    return 1;
}

/* A live rule of kind `kind` for homograph h among the rules of key[0..len). */
static const hg_rule *rule_for(const hg_list *l, const hg_homograph *h, const char *key, size_t len, int kind)
{
    unsigned hi = (unsigned)(h - l->words);
    for (long r = hg_list_rules_of(l, key, len); r >= 0; r = l->rules[r].next) {
        const hg_rule *rule = &l->rules[r];
        if (rule->homograph == hi && rule->kind == kind && hg_rule_is_live(l, rule))
            return rule;
    }
    return NULL;
}

static int settle_by_rule(const hg_rule *r, unsigned senses, int reason, hg_choice *c)
{
    if (!r || !(senses & (1u << r->sense)))
        return 0;
    c->sense = r->sense;
    c->reason = reason;
    c->rule = r;
    return 1;
}

/* The word just before or after (punctuation in between breaks the rule), then cue words. */
static int by_rules(const hg_list *l, const hg_affixed *a, const hg_context *x, size_t i, hg_choice *c)
{
    const hg_homograph *h = a->h;
    unsigned ok = a->senses;
    const hg_word *w = x->words;
    if (i > 0 && w[i - 1].kind == HGW_WORD &&
        settle_by_rule(rule_for(l, h, w[i - 1].key, w[i - 1].keylen, HG_RULE_AFTER), ok, HG_BY_AFTER, c))
        return 1;
    if (i + 1 < x->n && w[i + 1].kind == HGW_WORD &&
        settle_by_rule(rule_for(l, h, w[i + 1].key, w[i + 1].keylen, HG_RULE_BEFORE), ok, HG_BY_BEFORE, c))
        return 1;
    for (size_t j = 0; j < x->n; j++) {
        if (j == i || w[j].kind != HGW_WORD)
            continue;
        if (settle_by_rule(rule_for(l, h, w[j].key, w[j].keylen, HG_RULE_CUE), ok, HG_BY_CUE, c) ||
            (w[j].stem_len != w[j].keylen &&
             settle_by_rule(rule_for(l, h, w[j].key + w[j].stem_off, w[j].stem_len, HG_RULE_CUE), ok, HG_BY_CUE, c)))
            return 1;
    }
    return 0;
}

static int by_model(hg_stage *st, const hg_affixed *a, size_t i, hg_choice *c)
{
    const hg_homograph *h = a->h;
    const hg_link *link = &st->links[h - st->list.words];
    if (link->model_word < 0)
        return 0;
    hg_context_tag_near(&st->ctx, st->tagger, i);
    uint64_t feats[HG_MAX_FEATURES], shared[HG_MAX_SHARED];
    float scores[HG_MAX_SENSES];
    hg_own_affixes own = hg_affixed_own(a);
    size_t nf = hg_features(st->ctx.words, st->ctx.n, i, &own, feats);
    size_t ns = hg_shared_features(st->ctx.words, st->ctx.n, i, &own, shared);
    size_t w = (size_t)link->model_word, n = hg_model_nsenses(st->model, w);
    hg_model_score(st->model, w, feats, nf, scores);
    long best = -1;
    for (size_t k = 0; k < n; k++) {
        long s = link->sense_of[k];
        if (s < 0 || !(a->senses & (1u << s)))
            continue;
        scores[k] += hg_model_shared(st->model, shared, ns, link->shapes[s], link->nshapes[s]);
        c->score[s] = scores[k];
        /* ties go to the sense listed first */
        if (best < 0 || scores[k] > c->score[best] || (scores[k] == c->score[best] && s < best))
            best = s;
    }
    if (best < 0)
        return 0;
    c->sense = (size_t)best;
    c->reason = HG_BY_MODEL;
    return 1;
}

/* The default sense, or the first the affixes allow. */
static size_t default_sense(const hg_affixed *a)
{
    if (a->senses & (1u << a->h->default_sense))
        return a->h->default_sense;
    size_t k = 0;
    while (k + 1 < a->h->nsenses && !(a->senses & (1u << k)))
        k++;
    return k;
}

int hg_stage_choose(hg_stage *st, const sentence *s, size_t i, const hg_affixed *a, hg_choice *c)
{
    choice_init(c);
    size_t w = st->ctx.at[i]; /* the token's word in the context (never a quote) */
    /* written vowels are read on the word alone: an affix's would not line up with the sense's */
    int alone = !a->prefix && !a->suffix;
    if ((alone && by_marks(a->h, &s->tok[i], c)) || by_rules(&st->list, a, &st->ctx, w, c))
        return 0;
    int r = by_model(st, a, w, c);
    if (r)
        return r < 0 ? -1 : 0;
    c->sense = default_sense(a);
    c->reason = HG_BY_DEFAULT;
    return 0;
}

/* ---- explaining --------------------------------------------------------------------------------- */

static int describe_rule(const hg_list *l, const hg_rule *r, const char *what, strbuf *out)
{
    const hg_sense *s = &l->words[r->homograph].senses[r->sense];
    return sb_printf(out, "%s «%s» (%s:%u)", what, r->key, hg_list_file_name(l, s->file), s->line);
}

int hg_stage_describe(const hg_stage *st, const hg_affixed *a, const hg_choice *c, strbuf *out)
{
    const hg_homograph *h = a->h;
    const hg_sense *s = &h->senses[c->sense];
    int rc = sb_printf(out, "«%s»: sense %s [[%s]], ", h->written, s->name, s->phonemes);
    if (a->prefix)
        rc = rc || sb_printf(out, "after the prefix «%s» [[%s]], ", a->prefix->piece, a->prefix->after_consonant);
    if (a->suffix)
        rc = rc || sb_printf(out, "before the suffix «%s», ", a->suffix->piece);
    switch (c->reason) {
    case HG_BY_MARKS:
        return rc || sb_puts(out, "written vowel marks");
    case HG_BY_AFTER:
        return rc || describe_rule(&st->list, c->rule, "after", out);
    case HG_BY_BEFORE:
        return rc || describe_rule(&st->list, c->rule, "before", out);
    case HG_BY_CUE:
        return rc || describe_rule(&st->list, c->rule, "cue word", out);
    case HG_BY_MODEL:
        rc = rc || sb_puts(out, "model scores");
        for (size_t k = 0; k < h->nsenses; k++)
            if (!isnan(c->score[k]))
                rc = rc || sb_printf(out, " %s %.2f", h->senses[k].name, (double)c->score[k]);
        return rc;
    default:
        return rc || sb_printf(out, "the word's default (%s:%u)", hg_list_file_name(&st->list, s->file), s->line);
    }
}

/* ---- the stage ---------------------------------------------------------------------------------- */

/* A word the normalizer wrote (a number's «شش», «دوم» of «II») is said as it meant it: eSpeak NG
 * reads it so, and no model may turn it into another word. */
static int candidate(const token *t)
{
    return t->kind == TOK_WORD && !t->phonemes && !(t->flags & (TOKF_LEXICON | TOKF_GENERATED));
}

/* The sentence's homographs into st->found / st->which. Returns how many, or -1. */
static long find_homographs(hg_stage *st, const sentence *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        if (!candidate(t) || !hg_may_be_affixed(&st->list, &st->affixes, t->text, t->len))
            continue;
        lex_key_reset(&st->key);
        if (lex_key_append_text(&st->key, t->text, t->len))
            return -1;
        hg_affixed a;
        if (!hg_find_affixed(&st->list, &st->affixes, st->key.key.s ? st->key.key.s : "", st->key.key.len, &a))
            continue;
        const grow_array arrays[] = {GROW_ARRAY(st->found), GROW_ARRAY(st->which)};
        if (grow_arrays(arrays, 2, n + 1, &st->found_cap, 16))
            return -1;
        st->found[n] = i;
        st->which[n++] = a;
    }
    return (long)n;
}

/* The sense's phonemes, with the affixes' when it was read inside a word («می‌خنداند»: [[mi]] and
 * the sense's); a written ezafe («مهرِ») stays the word's ezafe, said after them by the renderer
 * as after a lexicon entry's (eSpeak reads the phonemes, not the kasra). */
static int set_phonemes(hg_stage *st, token *t, const hg_affixed *a, const char *sense_phonemes)
{
    if (hg_affixed_phonemes(a, sense_phonemes, &st->said))
        return -1;
    const char *ph = st->said.s ? st->said.s : "";
    if (ezafe_is_written_sized(t->text, t->len))
        t->flags |= TOKF_EZAFE | TOKF_EZAFE_WRITTEN;
    else {
        /* the sense eSpeak NG says anyway is left to it: said as before, in its sentence (a word
         * given as phonemes changes how eSpeak stresses the words after it) */
        sb_reset(&st->note);
        int r = synth_word_phonemes(t->text, t->len, &st->note);
        if (r < 0)
            return -1;
        if (r == 0 && st->note.s && !strcmp(st->note.s, ph))
            return 0;
    }
    return token_set_phonemes(t, ph);
}

static int apply_choice(hg_stage *st, token *t, const hg_affixed *a, const hg_choice *c, int explain)
{
    if (set_phonemes(st, t, a, a->h->senses[c->sense].phonemes))
        return -1;
    t->flags |= TOKF_HOMOGRAPH;
    if (a->h->senses[c->sense].is_verb)
        t->flags |= TOKF_VERB;
    if (!explain)
        return 0;
    sb_reset(&st->note);
    return hg_stage_describe(st, a, c, &st->note) || token_set_note(t, "homograph", st->note.s) ? -1 : 0;
}

/* Whether the senses the affixes allow are verbs: 1 all of them, 0 none, -1 some. */
static int verb_senses(const hg_affixed *a)
{
    int verbs = 0, others = 0;
    for (size_t k = 0; k < a->h->nsenses; k++)
        if (a->senses & (1u << k)) {
            verbs += a->h->senses[k].is_verb != 0;
            others += !a->h->senses[k].is_verb;
        }
    return others && verbs ? -1 : verbs > 0;
}

/* When only the text is shown (ravi normalize), a sense changes nothing but whether the word is a
 * verb (a noun phrase ends before it, ezafe.c): a word whose senses agree needs no choice, and a
 * chosen sense no phonemes, where the guard treats the word alike said either way. */
static int text_only(const sentence *s, const token *t)
{
    return s->text_only && guard_said_alike(t->text, t->len);
}

int hg_stage_run(hg_stage *st, sentence *s)
{
    long n = find_homographs(st, s);
    if (n <= 0)
        return (int)n;
    int context_read = 0;
    for (long k = 0; k < n; k++) {
        token *t = &s->tok[st->found[k]];
        const hg_affixed *a = &st->which[k];
        int shown = text_only(s, t), verb = shown ? verb_senses(a) : -1;
        if (verb >= 0) {
            if (verb)
                t->flags |= TOKF_VERB;
            continue;
        }
        if (!context_read && hg_context_read(&st->ctx, s))
            return -1;
        context_read = 1;
        hg_choice c;
        if (hg_stage_choose(st, s, st->found[k], a, &c))
            return -1;
        if (shown) {
            if (a->h->senses[c.sense].is_verb)
                t->flags |= TOKF_VERB;
        } else if (apply_choice(st, t, a, &c, s->explain)) {
            return -1;
        }
    }
    return 0;
}

static int homograph_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    *state = NULL;
    if (!cfg->homographs)
        return 0;
    return (*state = hg_stage_new(cfg, models, d)) ? 0 : -1;
}

static int homograph_run(void *state, sentence *s)
{
    return state ? hg_stage_run(state, s) : 0;
}

static void homograph_close(void *state) { hg_stage_free(state); }

const stage stage_homograph = {"homograph", homograph_open, homograph_run, homograph_close};
